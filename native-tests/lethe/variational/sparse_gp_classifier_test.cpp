// The sparse GP classifier and its quadrature: checked against exact moments,
// Monte Carlo and finite differences.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/base/gauss_hermite.hpp>
#include <lethe/variational/sparse_gp_classifier.hpp>
#include "test_support.hpp"

using namespace lethe;
using Catch::Matchers::Contains;

TEST_CASE("Gauss-Hermite integrates normal moments exactly", "[variational][quadrature]") {
  for (int n : {4, 7, 32, 64}) {
    const GaussHermite r = gauss_hermite(n);
    auto moment = [&](int k) { return (r.weights.array() * r.nodes.array().pow(k)).sum(); };
    CHECK(moment(0) == Approx(1.0).epsilon(1e-14));
    CHECK(std::fabs(moment(1)) < 1e-14);
    CHECK(moment(2) == Approx(1.0).epsilon(1e-12));
    CHECK(moment(4) == Approx(3.0).epsilon(1e-12));
    CHECK(moment(6) == Approx(n >= 4 ? 15.0 : 0.0).epsilon(1e-11));
  }
  // A non-polynomial integrand: E[cos z] = e^{−1/2}.
  const GaussHermite r = gauss_hermite(20);
  CHECK((r.weights.array() * r.nodes.array().cos()).sum() == Approx(std::exp(-0.5)).epsilon(1e-13));
  REQUIRE_THROWS_WITH(gauss_hermite(0), Contains("gauss_hermite") && Contains("'n'"));
  REQUIRE_THROWS_AS(gauss_hermite(500), InvalidArgument);
}

TEST_CASE("SE-ARD kernel values", "[variational][sparse-gp]") {
  SeArdKernel k{Eigen::Vector2d(0.5, 2.0), 3.0};
  Eigen::MatrixXd a(2, 2), b(1, 2);
  a << 0, 0, 1, 1;
  b << 0.5, -1;
  const Eigen::MatrixXd kab = k(a, b);
  CHECK(kab(0, 0) == Approx(3.0 * std::exp(-0.5 * (1.0 + 0.25))));
  CHECK(kab(1, 0) == Approx(3.0 * std::exp(-0.5 * (1.0 + 1.0))));
  CHECK(k(a, a)(1, 1) == Approx(3.0));
}

TEST_CASE("the projection solves K_ZZ a(x) = k_Z(x)", "[variational][sparse-gp]") {
  const SparseGpClassifier model = testing::small_moons_model(30, 1);
  Eigen::MatrixXd xs(3, 2);
  xs << 0.1, 0.2, 1.5, -0.4, -1, 0.8;
  const Eigen::MatrixXd a = model.projection(xs);  // rows a(x)ᵀ
  Eigen::MatrixXd kzz = model.kernel()(model.inducing(), model.inducing());
  kzz.diagonal().array() += 1e-6 * model.kernel().variance;  // the documented jitter
  const Eigen::MatrixXd residual = kzz * a.transpose() - model.kernel()(model.inducing(), xs);
  CHECK(residual.cwiseAbs().maxCoeff() < 1e-9);
  // f(x) is then the kernel interpolant of u: at an inducing input it is close to u_i.
  CHECK((model.projection(model.inducing()) - Eigen::MatrixXd::Identity(20, 20)).cwiseAbs().maxCoeff() < 0.05);
}

TEST_CASE("classifier log-likelihood gradient matches finite differences", "[variational][sparse-gp]") {
  const SparseGpClassifier model = testing::small_moons_model(40, 2);
  Rng rng(3);
  const Eigen::MatrixXd thetas = model.prior().sample(rng, 3);
  const std::vector<int> subset = {0, 5, 5, 21, 39};
  Eigen::MatrixXd g;
  const Eigen::VectorXd ell = model.log_likelihood(subset, thetas, &g);
  REQUIRE(ell.size() == 3);
  // The gradient-only path gives the same numbers.
  CHECK((model.log_likelihood_gradients(subset, thetas) - g).cwiseAbs().maxCoeff() < 1e-15);
  const double h = 1e-6;
  for (Eigen::Index s = 0; s < 3; ++s)
    for (Eigen::Index k = 0; k < model.dim(); ++k) {
      Eigen::MatrixXd tp = thetas.col(s), tm = thetas.col(s);
      tp(k, 0) += h;
      tm(k, 0) -= h;
      const double numeric =
          (model.log_likelihood(subset, tp, nullptr)[0] - model.log_likelihood(subset, tm, nullptr)[0]) / (2 * h);
      CHECK(numeric == Approx(g(k, s)).margin(1e-6));
    }
  // The value itself, term by term.
  double direct = 0.0;
  const Eigen::MatrixXd a = model.projection(model.inputs());
  for (int i : subset) {
    const double f = a.row(i).dot(thetas.col(0));
    direct += std::log(model.labels()[i] == 1 ? sigmoid(f) : sigmoid(-f));
  }
  CHECK(ell[0] == Approx(direct).epsilon(1e-12));
}

TEST_CASE("expected log-likelihood: quadrature vs Monte Carlo, gradient vs finite differences",
          "[variational][sparse-gp]") {
  const SparseGpClassifier model = testing::small_moons_model(40, 4);
  Rng rng(5);
  Eigen::VectorXd m;
  Eigen::MatrixXd L;
  testing::random_factor(rng, model.prior(), m, L);
  L *= 0.5;
  const std::vector<int> subset = {1, 2, 3, 30, 31};
  const double e = model.expected_log_likelihood(subset, m, L, nullptr, nullptr);
  // Monte Carlo with its own standard error.
  const Gaussian q = gaussian_from_factor(m, L);
  const Eigen::VectorXd draws = model.log_likelihood(subset, q.sample(rng, 20000), nullptr);
  const double mc = draws.mean();
  const double n = static_cast<double>(draws.size());
  const double se = std::sqrt((draws.array() - mc).square().sum() / (n - 1) / n);
  CHECK(std::fabs(e - mc) < 4 * se);
  FactorObjective f = [&](const Eigen::VectorXd& mm, const Eigen::MatrixXd& ll, Eigen::VectorXd* gm,
                          Eigen::MatrixXd* gL) {
    Eigen::MatrixXd full;
    const double v = model.expected_log_likelihood(subset, mm, ll, gm, gL ? &full : nullptr);
    if (gL) *gL = full.triangularView<Eigen::Lower>();
    return v;
  };
  CHECK(testing::factor_gradient_error(f, m, L) < 1e-6);
}

TEST_CASE("predictive probabilities against Monte Carlo", "[variational][sparse-gp]") {
  const SparseGpClassifier model = testing::small_moons_model(40, 6);
  Rng rng(7);
  const Gaussian q = model.prior();  // wide: the hardest case for the quadrature
  Eigen::MatrixXd xs(4, 2);
  xs << 0, 0, 1, 0.5, -1, 1, 2.5, -1;
  const BernoulliPredictive p = model.predict(q, xs);
  const Eigen::MatrixXd a = model.projection(xs);
  const Eigen::MatrixXd thetas = q.sample(rng, 40000);
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    const Eigen::RowVectorXd f = a.row(i) * thetas;
    double mc = 0.0, mc2 = 0.0;
    for (Eigen::Index s = 0; s < f.size(); ++s) {
      const double v = sigmoid(f[s]);
      mc += v;
      mc2 += v * v;
    }
    mc /= static_cast<double>(f.size());
    const double se = std::sqrt((mc2 / static_cast<double>(f.size()) - mc * mc) / static_cast<double>(f.size()));
    CHECK(std::fabs(p.p1[i] - mc) < 4 * se);
    CHECK(p.p1[i] + p.p0[i] == Approx(1.0).epsilon(1e-12));
  }
}

TEST_CASE("averaged predictive KL of Bernoullis", "[variational][sparse-gp]") {
  BernoulliPredictive a{Eigen::Vector2d(0.5, 0.9), Eigen::Vector2d(0.5, 0.1)};
  BernoulliPredictive b{Eigen::Vector2d(0.25, 0.9), Eigen::Vector2d(0.75, 0.1)};
  const Eigen::VectorXd kl = bernoulli_kl(a, b);
  CHECK(kl[0] == Approx(0.5 * std::log(2.0) + 0.5 * std::log(0.5 / 0.75)));
  CHECK(kl[1] == Approx(0.0).margin(1e-15));
  CHECK(averaged_predictive_kl(a, b) == Approx(kl.mean()));
  CHECK(averaged_predictive_kl(a, a) == 0.0);
  BernoulliPredictive empty{Eigen::VectorXd(0), Eigen::VectorXd(0)};
  REQUIRE_THROWS_WITH(averaged_predictive_kl(empty, empty), Contains("reference"));
}

TEST_CASE("classifier rejects bad input by name", "[variational][sparse-gp]") {
  const LabelledPoints d = make_moons(10, 0.2, 1);
  const Eigen::MatrixXd z = default_moons_inducing();
  SeArdKernel k{default_moons_lengthscales(), 1.0};
  Eigen::VectorXi bad = d.labels;
  bad[3] = 2;
  REQUIRE_THROWS_WITH(SparseGpClassifier(d.x, bad, z, k), Contains("'labels'") && Contains("row 3"));
  REQUIRE_THROWS_WITH(SparseGpClassifier(d.x, d.labels, z, SeArdKernel{Eigen::Vector2d(1, -1), 1.0}),
                      Contains("lengthscales"));
  REQUIRE_THROWS_WITH(SparseGpClassifier(d.x, d.labels, z, SeArdKernel{Eigen::Vector2d(1, 1), 0.0}),
                      Contains("variance"));
  REQUIRE_THROWS_WITH(SparseGpClassifier(d.x, d.labels, z, SeArdKernel{Eigen::Vector3d(1, 1, 1), 1.0}),
                      Contains("lengthscales"));
  const SparseGpClassifier model(d.x, d.labels, z, k);
  REQUIRE_THROWS_WITH(model.log_likelihood({10}, Eigen::MatrixXd::Zero(20, 1), nullptr),
                      Contains("'subset'") && Contains("10"));
}

TEST_CASE("a singular K_ZZ is reported against the inducing inputs", "[variational][sparse-gp]") {
  // The relative jitter keeps K_ZZ factorisable for any normal σ²; a subnormal σ²
  // makes the jitter underflow to zero, and two equal inducing inputs then leave
  // K_ZZ = σ² [1 1; 1 1] singular.
  const LabelledPoints d = make_moons(10, 0.2, 1);
  Eigen::MatrixXd repeated(2, 2);
  repeated << 0.5, 0.5, 0.5, 0.5;
  SeArdKernel kernel{Eigen::Vector2d(1, 1), std::numeric_limits<double>::denorm_min()};
  REQUIRE_THROWS_MATCHES(
      SparseGpClassifier(d.x, d.labels, repeated, kernel), SingularMatrixError,
      Catch::Matchers::Message("SparseGpClassifier: K_ZZ is not positive definite (repeated inducing inputs?)"));
  try {
    SparseGpClassifier(d.x, d.labels, repeated, kernel);
  } catch (const SingularMatrixError& e) {
    CHECK(e.parameter() == "inducing");
  }
  REQUIRE_THROWS_AS(SparseGpClassifier(d.x, d.labels, repeated, kernel), NumericalError);
}
