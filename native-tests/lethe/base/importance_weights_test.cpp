// Self-normalised importance weights and the effective sample size: they normalise,
// the ESS is n for equal weights and 1 for one dominant weight, the log-sum-exp shift
// keeps log weights of ±1e4 finite, and moderate values agree with the direct
// computation exp(ℓ_s) / Σ exp(ℓ_t); bad input is refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/base/importance_weights.hpp>
#include <lethe/base/rng.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

TEST_CASE("normalised weights sum to one and match the direct computation", "[base][importance]") {
  Rng rng(3);
  const Eigen::VectorXd log_weights = 2.0 * rng.normal_vector(50);  // moderate: exp is exact enough directly
  const Eigen::VectorXd w = normalised_weights(log_weights);
  CHECK(w.sum() == Approx(1.0).epsilon(1e-14));
  CHECK(w.minCoeff() > 0.0);
  const Eigen::VectorXd direct = log_weights.array().exp().matrix() / log_weights.array().exp().sum();
  CHECK((w - direct).cwiseAbs().maxCoeff() < 1e-15);
  // Kish's ESS against (Σ e^ℓ)² / Σ e^{2ℓ}, unnormalised.
  const double direct_ess = std::pow(log_weights.array().exp().sum(), 2) / (2.0 * log_weights.array()).exp().sum();
  CHECK(effective_sample_size(w) == Approx(direct_ess).epsilon(1e-12));
  // The ESS does not depend on the weights' scale, and importance_weights gives both.
  CHECK(effective_sample_size(log_weights.array().exp().matrix()) == Approx(direct_ess).epsilon(1e-12));
  const ImportanceWeights both = importance_weights(log_weights);
  CHECK(both.normalised == w);
  CHECK(both.ess == Approx(direct_ess).epsilon(1e-12));
  // Shifting every log weight by a constant changes nothing.
  CHECK((normalised_weights(log_weights.array() + 37.5) - w).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("the effective sample size is n for equal weights and 1 for one dominant weight", "[base][importance]") {
  for (const int n : {1, 2, 7, 1000}) {
    const ImportanceWeights equal = importance_weights(Eigen::VectorXd::Constant(n, -3.25));
    CHECK(equal.ess == Approx(static_cast<double>(n)).epsilon(1e-12));
    CHECK((equal.normalised.array() - 1.0 / n).abs().maxCoeff() < 1e-15);
  }
  // One weight e^{800} times any other: all the mass on it (the others underflow to 0), ESS 1.
  Eigen::VectorXd log_weights = Eigen::VectorXd::Zero(20);
  log_weights[13] = 800.0;
  const ImportanceWeights dominant = importance_weights(log_weights);
  CHECK(dominant.normalised[13] == 1.0);
  CHECK(dominant.ess == 1.0);
  // Between the two: k equal weights and the rest −∞ give ESS = k exactly.
  Eigen::VectorXd some = Eigen::VectorXd::Constant(10, -std::numeric_limits<double>::infinity());
  some.head(4).setConstant(2.0);
  CHECK(importance_weights(some).ess == Approx(4.0).epsilon(1e-14));
  CHECK(importance_weights(some).normalised.tail(6).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("log weights of plus or minus 1e4 stay finite", "[base][importance]") {
  // exp(±1e4) overflows or underflows in double; the shifted form never forms it.
  for (const double scale : {1e4, -1e4}) {
    const Eigen::VectorXd log_weights = Eigen::Vector4d(scale, scale - std::log(2.0), scale - std::log(4.0), scale);
    const ImportanceWeights iw = importance_weights(log_weights);
    REQUIRE(iw.normalised.allFinite());
    // e^ℓ ∝ (1, ½, ¼, 1): weights (4, 2, 1, 4)/11.
    CHECK(iw.normalised[0] == Approx(4.0 / 11).epsilon(1e-12));
    CHECK(iw.normalised[1] == Approx(2.0 / 11).epsilon(1e-12));
    CHECK(iw.normalised[2] == Approx(1.0 / 11).epsilon(1e-12));
    CHECK(iw.ess == Approx(121.0 / 37).epsilon(1e-12));
  }
  // A spread of 2e4 between the weights: the small one underflows to exactly 0, not NaN.
  const ImportanceWeights spread = importance_weights(Eigen::Vector2d(1e4, -1e4));
  CHECK(spread.normalised == Eigen::Vector2d(1.0, 0.0));
  CHECK(spread.ess == 1.0);
}

TEST_CASE("importance weights refuse input they cannot weigh", "[base][importance][errors]") {
  const double inf = std::numeric_limits<double>::infinity();
  REQUIRE_THROWS_AS(normalised_weights(Eigen::VectorXd()), InvalidArgument);
  REQUIRE_THROWS_WITH(normalised_weights(Eigen::VectorXd()),
                      Contains("normalised_weights") && Contains("'log_weights'"));
  REQUIRE_THROWS_WITH(normalised_weights(Eigen::Vector2d(0.0, std::nan(""))), Contains("NaN"));
  REQUIRE_THROWS_WITH(normalised_weights(Eigen::Vector2d(0.0, inf)), Contains("+infinity"));
  REQUIRE_THROWS_WITH(normalised_weights(Eigen::Vector2d(-inf, -inf)), Contains("-infinity everywhere"));
  REQUIRE_THROWS_WITH(effective_sample_size(Eigen::VectorXd()), Contains("'weights'") && Contains("empty"));
  REQUIRE_THROWS_WITH(effective_sample_size(Eigen::Vector3d::Zero()), Contains("no positive entry"));
}
