// The likelihood-ratio membership attack (bnn/membership.hpp) against hand-computed
// values, and the AUC it is summarised by (bnn/measures.hpp membership_auc) against a
// brute-force count over all pairs.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/measures.hpp>
#include <lethe/bnn/membership.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

TEST_CASE("LiRA: the log likelihood ratio of two Gaussians and the offline z, by hand", "[bnn][membership]") {
  // in = N(2, 1), out = N(0, 0.5²), φ = 1:
  //   log N(1; 2, 1)   = −½ (1 − 2)²        − log 1   − ½ log 2π = −0.5            − c
  //   log N(1; 0, .25) = −½ ((1 − 0)/0.5)²  − log 0.5 − ½ log 2π = −2 + log 2      − c
  //   Λ = −0.5 + 2 − log 2 = 1.5 − log 2 ≈ 0.806853
  const GaussianFit in{2.0, 1.0}, out{0.0, 0.5};
  REQUIRE(lira_log_likelihood_ratio(1.0, in, out) == Approx(1.5 - std::log(2.0)).epsilon(1e-12));
  // φ = 2 (the in-mode): Λ = 0 − (−½·16 + log 2) = 8 − log 2; φ = 0 (the out-mode):
  // Λ = −½·4 − log 2 = −2 − log 2.
  REQUIRE(lira_log_likelihood_ratio(2.0, in, out) == Approx(8.0 - std::log(2.0)).epsilon(1e-12));
  REQUIRE(lira_log_likelihood_ratio(0.0, in, out) == Approx(-2.0 - std::log(2.0)).epsilon(1e-12));
  // Offline: z = (1 − 0) / 0.5 = 2.
  REQUIRE(lira_offline_score(1.0, out) == Approx(2.0));
  REQUIRE(lira_offline_score(-0.5, GaussianFit{1.0, 3.0}) == Approx(-0.5));
}

TEST_CASE("LiRA: φ = log(p / (1 − p)) and the per-row shadow Gaussians", "[bnn][membership]") {
  Eigen::VectorXd p(3);
  p << 0.75, 0.5, 1.0;
  const Eigen::VectorXd phi = logit_confidence(p);
  REQUIRE(phi[0] == Approx(std::log(3.0)));
  REQUIRE(phi[1] == Approx(0.0).margin(1e-15));
  REQUIRE(std::isfinite(phi[2]));  // clamped at 1 − 1e-15: large, finite
  REQUIRE(phi[2] > 30.0);
  Eigen::MatrixXd phis(2, 3);
  phis << 1.0, 2.0, 3.0,  // mean 2, sd 1 (divisor K − 1)
      5.0, 5.0, 5.0;      // no spread: the floor
  const std::vector<GaussianFit> g = fit_row_gaussians(phis, 0.01);
  REQUIRE(g[0].mean == Approx(2.0));
  REQUIRE(g[0].sd == Approx(1.0));
  REQUIRE(g[1].mean == Approx(5.0));
  REQUIRE(g[1].sd == 0.01);
  REQUIRE_THROWS_WITH(fit_row_gaussians(Eigen::MatrixXd::Ones(2, 1)), Contains("parameter 'phis'"));
  REQUIRE_THROWS_WITH(fit_row_gaussians(phis, 0.0), Contains("parameter 'min_sd'"));
}

TEST_CASE("The membership AUC equals a brute-force count over all pairs, ties counting one half", "[bnn][membership]") {
  Rng rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    const Eigen::Index n = 7 + trial, m = 5 + 2 * trial;
    Eigen::VectorXd a(n), b(m);
    // Values on a coarse grid so that ties occur.
    for (Eigen::Index i = 0; i < n; ++i) a[i] = std::floor(rng.uniform() * 6.0);
    for (Eigen::Index j = 0; j < m; ++j) b[j] = std::floor(rng.uniform() * 6.0) - 0.5 * trial;
    double wins = 0.0;
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < m; ++j) wins += a[i] > b[j] ? 1.0 : a[i] == b[j] ? 0.5 : 0.0;
    INFO("trial " << trial);
    REQUIRE(membership_auc(a, b) == Approx(wins / double(n * m)).epsilon(1e-14));
  }
}
