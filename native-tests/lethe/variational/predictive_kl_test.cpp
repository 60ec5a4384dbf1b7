// The Bernoulli predictive KL (variational/predictive_kl.hpp): the closed form,
// Gibbs' inequality and Pinsker's bound KL ≥ 2(p − q)², the 0 log 0 and p log(p/0)
// conventions, the average, and shape errors by name.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/predictive_kl.hpp>

namespace predictive_kl_test {
lethe::BernoulliPredictive from_p1(const Eigen::VectorXd& p1) { return {p1, (1.0 - p1.array()).matrix()}; }
}  // namespace predictive_kl_test

TEST_CASE("predictive_kl: Bernoulli KL against the closed form, Gibbs and Pinsker", "[variational][predictive_kl]") {
  lethe::Rng rng(31);
  Eigen::VectorXd a(200), b(200);
  for (int i = 0; i < 200; ++i) {
    a[i] = 0.001 + 0.998 * rng.uniform();
    b[i] = 0.001 + 0.998 * rng.uniform();
  }
  const lethe::BernoulliPredictive p = predictive_kl_test::from_p1(a), q = predictive_kl_test::from_p1(b);
  const Eigen::VectorXd kl = lethe::bernoulli_kl(p, q);
  REQUIRE(kl.size() == 200);
  for (int i = 0; i < 200; ++i) {
    const double exact = a[i] * std::log(a[i] / b[i]) + (1 - a[i]) * std::log((1 - a[i]) / (1 - b[i]));
    CHECK(kl[i] == Approx(exact).epsilon(1e-12).margin(1e-15));
    CHECK(kl[i] >= 2.0 * (a[i] - b[i]) * (a[i] - b[i]) - 1e-15);  // Pinsker
  }
  CHECK(lethe::bernoulli_kl(p, p).cwiseAbs().maxCoeff() == 0.0);
  CHECK(lethe::averaged_predictive_kl(p, q) == Approx(kl.mean()).epsilon(1e-15));
  // Asymmetric in general.
  CHECK(lethe::averaged_predictive_kl(q, p) != Approx(lethe::averaged_predictive_kl(p, q)).epsilon(1e-6));
}

TEST_CASE("predictive_kl: p0 is used as given, not as 1 − p1 (no cancellation near 1)",
          "[variational][predictive_kl]") {
  // p(y=0) = 1e-20 is invisible in 1 − p1 but carried by p0.
  lethe::BernoulliPredictive p{Eigen::VectorXd::Constant(1, 1.0), Eigen::VectorXd::Constant(1, 1e-20)};
  lethe::BernoulliPredictive q{Eigen::VectorXd::Constant(1, 1.0), Eigen::VectorXd::Constant(1, 1e-22)};
  // KL = 1·log(1/1) + 1e-20·log(1e-20/1e-22) = 1e-20·log 100.
  CHECK(lethe::bernoulli_kl(p, q)[0] == Approx(1e-20 * std::log(100.0)).epsilon(1e-12));
}

TEST_CASE("predictive_kl: zero-mass conventions", "[variational][predictive_kl]") {
  Eigen::VectorXd p1(3), q1(3);
  p1 << 0.0, 1.0, 0.3;
  q1 << 0.4, 0.25, 0.0;
  const Eigen::VectorXd kl = lethe::bernoulli_kl(predictive_kl_test::from_p1(p1), predictive_kl_test::from_p1(q1));
  CHECK(kl[0] == Approx(std::log(1.0 / 0.6)).epsilon(1e-14));  // 0 log 0 = 0
  CHECK(kl[1] == Approx(std::log(4.0)).epsilon(1e-14));
  CHECK(kl[2] == std::numeric_limits<double>::infinity());  // q puts no mass where p does
}

TEST_CASE("predictive_kl: mismatched shapes and an empty reference are rejected by name",
          "[variational][predictive_kl][errors]") {
  using Catch::Contains;
  const lethe::BernoulliPredictive three = predictive_kl_test::from_p1(Eigen::VectorXd::Constant(3, 0.5));
  const lethe::BernoulliPredictive two = predictive_kl_test::from_p1(Eigen::VectorXd::Constant(2, 0.5));
  REQUIRE_THROWS_AS(lethe::bernoulli_kl(three, two), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::bernoulli_kl(three, two),
                      Contains("bernoulli_kl: parameter 'q.p1' has size 2, expected 3"));
  lethe::BernoulliPredictive ragged = three;
  ragged.p0 = Eigen::VectorXd::Constant(4, 0.5);
  REQUIRE_THROWS_WITH(lethe::bernoulli_kl(ragged, three), Contains("parameter 'p.p0'"));
  REQUIRE_THROWS_WITH(lethe::bernoulli_kl(three, ragged), Contains("parameter 'q.p0'"));
  const lethe::BernoulliPredictive empty{Eigen::VectorXd(0), Eigen::VectorXd(0)};
  REQUIRE_THROWS_AS(lethe::averaged_predictive_kl(empty, empty), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::averaged_predictive_kl(empty, empty),
                      Contains("averaged_predictive_kl: parameter 'reference' is empty"));
}
