// Natural-gradient ELBO learning (variational/natural_gradient_learning.hpp) on a
// small moons classifier: it reaches the optimum that L-BFGS on [m; L] finds
// (learning.hpp, fast), satisfies its own fixed-point conditions there, reports an
// iteration limit, and rejects bad arguments by name.
#include <catch2/catch.hpp>

#include <vector>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/natural_gradient_learning.hpp>

#include "test_support.hpp"

TEST_CASE("natural-gradient learning: the same optimum as L-BFGS on the ELBO", "[variational][natural_gradient]") {
  const lethe::SparseGpClassifier model = lethe::testing::small_moons_model(40, 3);
  const std::vector<int> subset = lethe::all_rows(40);
  const lethe::VariationalFit natural = lethe::fit_elbo_natural(model, subset, model.prior());
  INFO(natural.status);
  REQUIRE(natural.converged);
  CHECK(natural.iterations < 100);
  lethe::VariationalOptions options;
  options.gradient_tolerance = 1e-9;
  const lethe::VariationalFit lbfgs = lethe::fit_elbo(model, subset, model.prior(), model.prior(), options);
  REQUIRE(lbfgs.converged);
  // Both report −ELBO; the natural-gradient fit is at least as good, and the same point.
  CHECK(natural.objective == Approx(lbfgs.objective).epsilon(1e-8));
  const double scale = lbfgs.q.covariance().norm();
  CHECK((natural.q.mean() - lbfgs.q.mean()).norm() < 1e-4 * (1.0 + lbfgs.q.mean().norm()));
  CHECK((natural.q.covariance() - lbfgs.q.covariance()).norm() < 1e-4 * scale);
  // The reported objective is −ELBO at the returned q.
  CHECK(natural.objective ==
        Approx(lethe::negative_elbo(model, subset, model.prior(), natural.q.mean(), natural.q.chol(), nullptr, nullptr))
            .epsilon(1e-10));
}

TEST_CASE("natural-gradient learning: the result satisfies the fixed-point equations",
          "[variational][natural_gradient]") {
  const lethe::SparseGpClassifier model = lethe::testing::small_moons_model(30, 8);
  std::vector<int> subset;
  for (int i = 0; i < 30; i += 2) subset.push_back(i);
  const lethe::VariationalFit fit = lethe::fit_elbo_natural(model, subset, model.prior());
  REQUIRE(fit.converged);
  const lethe::NaturalStatistics s = model.natural_statistics(subset, fit.q.mean(), fit.q.chol());
  const Eigen::MatrixXd k_inv = model.prior().precision();
  // Λ = K⁻¹ + Σ a aᵀ E[−ℓ″] and Σ a E[ℓ′] = K⁻¹ m.
  const Eigen::MatrixXd target = k_inv + s.curvature;
  CHECK((fit.q.precision() - target).norm() < 1e-6 * target.norm());
  const Eigen::VectorXd r = s.gradient - k_inv * fit.q.mean();
  CHECK(r.norm() < 1e-6 * (1.0 + s.gradient.norm()));
  // ... which fixes the learned q: a second run from it stops at once, where it started.
  const lethe::VariationalFit again = lethe::fit_elbo_natural(model, subset, fit.q);
  CHECK(again.converged);
  CHECK(again.iterations <= 3);
  CHECK((again.q.mean() - fit.q.mean()).norm() < 1e-7 * (1.0 + fit.q.mean().norm()));
}

TEST_CASE("natural-gradient learning: an iteration limit is reported, not thrown", "[variational][natural_gradient]") {
  const lethe::SparseGpClassifier model = lethe::testing::small_moons_model(30, 8);
  lethe::NaturalGradientOptions few;
  few.max_iterations = 1;
  const lethe::VariationalFit fit = lethe::fit_elbo_natural(model, lethe::all_rows(30), model.prior(), few);
  CHECK_FALSE(fit.converged);
  CHECK(fit.status == "iteration limit reached");
  // One step still raised the ELBO above the prior's.
  const double at_prior = lethe::negative_elbo(model, lethe::all_rows(30), model.prior(), model.prior().mean(),
                                               model.prior().chol(), nullptr, nullptr);
  CHECK(fit.objective < at_prior);
}

TEST_CASE("natural-gradient learning: bad arguments rejected by name", "[variational][natural_gradient][errors]") {
  using Catch::Contains;
  const lethe::SparseGpClassifier model = lethe::testing::small_moons_model(20, 1);
  const lethe::Gaussian& prior = model.prior();
  REQUIRE_THROWS_AS(lethe::fit_elbo_natural(model, {}, prior), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::fit_elbo_natural(model, {}, prior),
                      Contains("fit_elbo_natural: parameter 'subset' is empty"));
  REQUIRE_THROWS_WITH(lethe::fit_elbo_natural(model, {0, 20}, prior),
                      Contains("parameter 'subset' holds row id 20, outside [0, 20)"));
  const lethe::Gaussian small(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
  REQUIRE_THROWS_WITH(lethe::fit_elbo_natural(model, {0, 1}, small), Contains("parameter 'init' has size 2"));
  lethe::NaturalGradientOptions bad;
  bad.max_iterations = 0;
  REQUIRE_THROWS_WITH(lethe::fit_elbo_natural(model, {0, 1}, prior, bad), Contains("parameter 'max_iterations'"));
  bad = {};
  bad.tolerance = 0.0;
  REQUIRE_THROWS_WITH(lethe::fit_elbo_natural(model, {0, 1}, prior, bad), Contains("parameter 'tolerance'"));
}
