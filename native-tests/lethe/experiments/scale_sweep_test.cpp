// Issue 11, "why not retrain?": a forgetting request's cost must not grow with the
// number of rows. Checked structurally, by wrappers that record every row a request
// reads: the BIF steps with a sampled Hessian read only the request and the stated
// sample (and, for SG-MCMC, the sampler's minibatches), EUBO and reverse KL only the
// request. Also: the sampled step is close to the exact one, natural-gradient
// learning reaches the L-BFGS optimum, the O(1) row book-keeping, and bad sizes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <vector>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mcmc_forgetting.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/scale_requests.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/natural_gradient_learning.hpp>
#include <lethe/variational/reverse_kl.hpp>

using namespace lethe;

namespace {

// An energy that forwards to another and records the row of every per-row call.
class CountingEnergy : public Energy {
 public:
  // copies: copy_rows forwards to the base (the copy's reads are then not counted).
  explicit CountingEnergy(const Energy& base, bool copies = false) : base_(base), copies_(copies) {}
  std::unique_ptr<Energy> copy_rows(const std::vector<int>& rows) const override {
    return copies_ ? base_.copy_rows(rows) : nullptr;
  }
  Eigen::Index dim() const override { return base_.dim(); }
  int size() const override { return base_.size(); }
  double h(const Eigen::VectorXd& g, int i) const override {
    note(i);
    return base_.h(g, i);
  }
  void add_grad_h(const Eigen::VectorXd& g, int i, double s, Eigen::VectorXd& out) const override {
    note(i);
    base_.add_grad_h(g, i, s, out);
  }
  void add_hess_h(const Eigen::VectorXd& g, int i, double s, Eigen::MatrixXd& out) const override {
    note(i);
    base_.add_hess_h(g, i, s, out);
  }
  void add_hvp_h(const Eigen::VectorXd& g, int i, const Eigen::VectorXd& v, double s,
                 Eigen::VectorXd& out) const override {
    note(i);
    base_.add_hvp_h(g, i, v, s, out);
  }
  double f(const Eigen::VectorXd& g) const override { return base_.f(g); }
  Eigen::VectorXd grad_f(const Eigen::VectorXd& g) const override { return base_.grad_f(g); }
  Eigen::MatrixXd hess_f(const Eigen::VectorXd& g) const override { return base_.hess_f(g); }

  void reset() const {
    rows_.clear();
    calls_ = 0;
  }
  const std::set<int>& rows() const { return rows_; }
  long calls() const { return calls_; }

 private:
  void note(int i) const {
    rows_.insert(i);
    ++calls_;
  }
  const Energy& base_;
  bool copies_;
  mutable std::set<int> rows_;
  mutable long calls_ = 0;
};

// A likelihood model that forwards to the classifier and records every row id asked for.
class CountingLikelihood : public LikelihoodModel {
 public:
  explicit CountingLikelihood(const LikelihoodModel& base) : base_(base) {}
  Eigen::Index dim() const override { return base_.dim(); }
  int rows() const override { return base_.rows(); }
  Eigen::VectorXd log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                 Eigen::MatrixXd* gradients) const override {
    note(subset);
    return base_.log_likelihood(subset, thetas, gradients);
  }
  Eigen::MatrixXd log_likelihood_gradients(const std::vector<int>& subset,
                                           const Eigen::MatrixXd& thetas) const override {
    note(subset);
    return base_.log_likelihood_gradients(subset, thetas);
  }
  double expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                 Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) const override {
    note(subset);
    return base_.expected_log_likelihood(subset, m, L, grad_m, grad_L);
  }
  const std::set<int>& seen() const { return seen_; }

 private:
  void note(const std::vector<int>& subset) const { seen_.insert(subset.begin(), subset.end()); }
  const LikelihoodModel& base_;
  mutable std::set<int> seen_;
};

int outside(const std::set<int>& rows, const std::vector<int>& allowed) {
  int count = 0;
  for (int row : rows)
    if (std::find(allowed.begin(), allowed.end(), row) == allowed.end()) ++count;
  return count;
}

Eigen::VectorXd logistic_map(const Energy& energy) {
  const NewtonResult fit = minimise_newton(energy, Eigen::VectorXd::Zero(energy.dim()), all_rows(energy.size()));
  REQUIRE(fit.converged);
  return fit.gamma;
}

}  // namespace

TEST_CASE("scale_verdict says plainly when forgetting is not worth it", "[scale]") {
  ScaleRun run;
  run.quality_forget = 1e-6;
  run.quality_nothing = 1e-2;
  run.speedup = 250.0;
  CHECK(scale_verdict(run) == "forget");
  run.speedup = 2.0;
  CHECK(scale_verdict(run) == "marginal: retraining costs < 3x more");
  run.speedup = 0.5;
  CHECK(scale_verdict(run) == "retrain instead: retraining is faster");
  run.speedup = 250.0;
  run.quality_forget = run.quality_nothing;  // no closer than doing nothing
  CHECK(scale_verdict(run) == "retrain instead: no closer than doing nothing");
  run.speedup = 0.5;  // slower and no closer: the speed is said first
  CHECK(scale_verdict(run) == "retrain instead: retraining is faster");
}

TEST_CASE("ActiveRows keeps a dense list of the active rows through erasures", "[scale]") {
  ActiveRows rows(50);
  rows.forget({3, 49, 0}, "test", "ids");
  rows.forget({17, 48}, "test", "ids");
  std::vector<int> dense = rows.active_unordered();
  std::sort(dense.begin(), dense.end());
  CHECK(dense == rows.active_ids());
  CHECK(static_cast<int>(rows.active_unordered().size()) == rows.remaining());
  CHECK_THROWS_WITH(rows.forget({49}, "test", "ids"), Catch::Contains("already forgotten"));
  CHECK(rows.remaining() == 45);  // a refused request changed nothing
}

TEST_CASE("influence step with a sampled Hessian reads only the request and k sampled rows", "[scale]") {
  const LabelledPoints data = make_logistic_data(5000, 3);
  const LogisticRegressionEnergy base(data.x, data.labels, 1.0);
  const CountingEnergy energy(base);
  const Eigen::VectorXd w = logistic_map(base);
  InfluenceOptions options;
  options.hessian_sample_rows = 300;
  InfluenceForgetter forgetter(energy, w, options);
  const std::vector<int> request = largest_x1_request(data, 1, 20, "test");
  energy.reset();
  forgetter.forget(request);
  // The sample (with replacement) has at most 300 distinct rows; the request's own
  // rows are read for its gradient and the certificate.
  CHECK(outside(energy.rows(), request) <= 300);
  // Per row: Hessian once, the certificate's gradient change twice; request rows a
  // gradient and the certificate's gradient.
  CHECK(energy.calls() <= 3 * 300 + 2 * 20);
  CHECK(forgetter.rows().remaining() == 5000 - 20);
}

TEST_CASE("SG-MCMC forgetting with a sampled Hessian reads the request, minibatches and k rows", "[scale]") {
  const LabelledPoints data = make_mixture(bif_mixture_preset(20000), 1);
  const GaussianMixtureEnergy base(data.x, 4);
  const CountingEnergy energy(base);
  SamplerOptions sampler;
  SgMcmc chain(sampler, state_from_means(label_means(data.x, data.labels, "test")), 5);
  for (int t = 0; t < 50; ++t) chain.step(base, all_rows(20000));
  McmcForgettingOptions options;
  options.gradient_samples = 10;
  options.hessian_samples = 2;
  options.influence.hessian_sample_rows = 500;
  McmcForgetter forgetter(energy, chain, options);
  const std::vector<int> batch = largest_x1_request(data, 0, 4, "test");
  energy.reset();
  forgetter.forget(batch);
  // M = 10 sampler steps of B = 64 rows, one sample of 500 rows, the batch.
  CHECK(outside(energy.rows(), batch) <= 10 * 64 + 500);
  CHECK(energy.calls() <= 10 * 64 + 2 * 3 * 500 + 2 * 10 * 4);
}

TEST_CASE("with the kept sample copied, a request reads no row of the model but its own", "[scale]") {
  // The forgetters copy their sample when they are made (KeptRowSample); from then
  // on a request reads the model's rows of the request only, whatever n.
  const LabelledPoints logistic = make_logistic_data(5000, 3);
  const LogisticRegressionEnergy map(logistic.x, logistic.labels, 1.0);
  const CountingEnergy counted_map(map, /*copies=*/true);
  InfluenceOptions influence;
  influence.hessian_sample_rows = 300;
  InfluenceForgetter point(counted_map, logistic_map(map), influence);
  const std::vector<int> request = largest_x1_request(logistic, 1, 20, "test");
  counted_map.reset();
  point.forget(request);
  CHECK(outside(counted_map.rows(), request) == 0);
  CHECK(counted_map.calls() <= 2 * 20);

  const LabelledPoints mixture = make_mixture(bif_mixture_preset(20000), 1);
  const GaussianMixtureEnergy gmm(mixture.x, 4);
  const CountingEnergy counted_gmm(gmm, /*copies=*/true);
  SgMcmc chain(SamplerOptions{}, state_from_means(label_means(mixture.x, mixture.labels, "test")), 5);
  for (int t = 0; t < 50; ++t) chain.step(gmm, all_rows(20000));
  McmcForgettingOptions options;
  options.gradient_samples = 10;
  options.influence.hessian_sample_rows = 500;
  McmcForgetter sampler(counted_gmm, chain, options);
  const std::vector<int> batch = largest_x1_request(mixture, 0, 4, "test");
  counted_gmm.reset();
  sampler.forget(batch);
  CHECK(outside(counted_gmm.rows(), batch) == 0);
  CHECK(sampler.rows().remaining() == 20000 - 4);
}

TEST_CASE("the sampled-Hessian step is within 5% of the exact step, and equal when k >= n", "[scale]") {
  const LabelledPoints data = make_logistic_data(20000, 4);
  const LogisticRegressionEnergy energy(data.x, data.labels, 1.0);
  const Eigen::VectorXd w = logistic_map(energy);
  const std::vector<int> request = largest_x1_request(data, 1, 20, "test");
  InfluenceForgetter exact(energy, w);
  const Eigen::VectorXd exact_shift = exact.forget(request);
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    InfluenceOptions options;
    options.hessian_sample_rows = 2048;
    options.hessian_seed = seed;
    InfluenceForgetter sampled(energy, w, options);
    const Eigen::VectorXd shift = sampled.forget(request);
    CHECK((shift - exact_shift).norm() <= 0.05 * exact_shift.norm());
  }
  InfluenceOptions all;
  all.hessian_sample_rows = 20000;  // ≥ n: every row once
  InfluenceForgetter whole(energy, w, all);
  CHECK((whole.forget(request) - exact_shift).norm() <= 1e-12 * exact_shift.norm());
}

TEST_CASE("EUBO and reverse KL unlearning read no row outside D_e", "[scale]") {
  const LabelledPoints data = make_moons(2000, kMoonsNoise, 2);
  const SparseGpClassifier model(data.x, data.labels, default_moons_inducing(),
                                 SeArdKernel{default_moons_lengthscales(), kMoonsDefaultVariance});
  const VariationalFit full = fit_elbo_natural(model, all_rows(2000), model.prior());
  REQUIRE(full.converged);
  const std::vector<int> request = largest_x1_request(data, 1, 20, "test");
  VariationalOptions options;
  options.mc_samples = 200;
  options.samples = 200;
  options.rkl_batches = 4;
  for (double lambda : {0.0, 1e-5}) {
    const CountingLikelihood counting(model);
    forget_eubo(counting, request, full.q, lambda, options);
    forget_reverse_kl(counting, request, full.q, lambda, options);
    CHECK(!counting.seen().empty());
    CHECK(outside(counting.seen(), request) == 0);
  }
}

TEST_CASE("natural_statistics: value and gradient as the expected log-likelihood, curvature its Jacobian", "[scale]") {
  const LabelledPoints data = make_moons(150, kMoonsNoise, 6);
  const SparseGpClassifier model(data.x, data.labels, default_moons_inducing(),
                                 SeArdKernel{default_moons_lengthscales(), kMoonsDefaultVariance});
  std::vector<int> rows = all_rows(150);
  rows.push_back(7);  // a repeated id and an unordered tail take the gathered path
  rows.push_back(3);
  Rng rng(11);
  const Eigen::VectorXd m = rng.normal_vector(model.dim());
  const Eigen::MatrixXd L = 0.3 * model.prior().chol();
  const NaturalStatistics stats = model.natural_statistics(rows, m, L);
  Eigen::VectorXd grad_m;
  const double value = model.expected_log_likelihood(rows, m, L, &grad_m, nullptr);
  CHECK(std::fabs(stats.value - value) <= 1e-10 * std::fabs(value));
  CHECK((stats.gradient - grad_m).norm() <= 1e-10 * grad_m.norm());
  // ∂/∂m Σ a E[ℓ′] = Σ a aᵀ E[ℓ″] = −curvature: central differences of the gradient.
  const double h = 1e-5;
  Eigen::MatrixXd jacobian(model.dim(), model.dim());
  for (Eigen::Index j = 0; j < model.dim(); ++j) {
    Eigen::VectorXd up = m, down = m;
    up[j] += h;
    down[j] -= h;
    jacobian.col(j) =
        (model.natural_statistics(rows, up, L).gradient - model.natural_statistics(rows, down, L).gradient) / (2 * h);
  }
  CHECK((jacobian + stats.curvature).norm() <= 1e-6 * stats.curvature.norm());
}

TEST_CASE("natural-gradient learning reaches the L-BFGS optimum of the ELBO", "[scale]") {
  const LabelledPoints data = make_moons(300, kMoonsNoise, 5);
  const SparseGpClassifier model(data.x, data.labels, default_moons_inducing(),
                                 SeArdKernel{default_moons_lengthscales(), kMoonsDefaultVariance});
  const std::vector<int> rows = all_rows(300);
  const VariationalFit natural = fit_elbo_natural(model, rows, model.prior());
  const VariationalFit lbfgs = fit_elbo(model, rows, model.prior(), model.prior());
  REQUIRE(natural.converged);
  REQUIRE(lbfgs.converged);
  CHECK(kl_divergence(natural.q, lbfgs.q) < 1e-6);
  CHECK(natural.objective <= lbfgs.objective + 1e-7);
  CHECK(natural.iterations < 50);
}

TEST_CASE("scale sweep: bad sizes and requests are refused by name", "[scale]") {
  CHECK_THROWS_WITH(bif_mixture_preset(0), "bif_mixture_preset: parameter 'n' must be at least 1 (got 0)");
  CHECK_THROWS_WITH(make_moons(0, 0.2, 0), "make_moons: parameter 'n' must be at least 2 (got 0)");
  CHECK_THROWS_WITH(make_regression_1d(-5, 0.3, 0), Catch::Contains("parameter 'n' must be at least 1"));
  const LabelledPoints moons = make_moons(100, 0.2, 0);
  CHECK_THROWS_WITH(largest_x1_request(moons, 1, 0, "f"), "f: parameter 'request' must be at least 1 (got 0)");
  CHECK_THROWS_WITH(largest_x1_request(moons, 1, 50, "f"),
                    "f: parameter 'request' asks for 50 rows of label 1, which has 50 (a request must "
                    "leave rows of every label)");
  const Series1D series = make_regression_1d(30, 0.3, 0);
  CHECK_THROWS_WITH(regression_request(series, 30, "f"), Catch::Contains("asks for 30 rows of 30"));
  ScaleOptions options;
  options.request = 2000;
  CHECK_THROWS_WITH(run_scale_exact(1000, options),
                    "run_scale_exact: parameter 'request' asks for 2000 rows of 1000 (a request must "
                    "leave rows to learn from)");
  options.request = 20;
  CHECK_THROWS_WITH(run_scale_bif(0, options), "run_scale_bif: parameter 'n' must be at least 1 (got 0)");
  options.repeats = 0;
  CHECK_THROWS_WITH(run_scale_variational(1000, options), Catch::Contains("'repeats' must be at least 1"));
}

TEST_CASE("sampled-Hessian forgetters: bad sizes and requests are refused, state unchanged", "[scale]") {
  const LabelledPoints data = make_logistic_data(50, 8);
  const LogisticRegressionEnergy energy(data.x, data.labels, 1.0);
  const Eigen::VectorXd w = logistic_map(energy);
  InfluenceOptions negative;
  negative.hessian_sample_rows = -1;
  CHECK_THROWS_WITH(InfluenceForgetter(energy, w, negative),
                    "InfluenceForgetter: parameter 'hessian_sample_rows' must be at least 0 (got -1)");
  InfluenceOptions sampled;
  sampled.hessian_sample_rows = 10;
  InfluenceForgetter forgetter(energy, w, sampled);
  CHECK_THROWS_WITH(forgetter.forget(all_rows(50)),
                    "InfluenceForgetter::forget: parameter 'batch' would forget every remaining row");
  CHECK_THROWS_WITH(forgetter.forget({3, 3}), Catch::Contains("holds row id 3 twice"));
  CHECK(forgetter.rows().remaining() == 50);
  CHECK(forgetter.state() == w);
  SgMcmc chain(SamplerOptions{}, Eigen::VectorXd::Zero(energy.dim()), 1);
  chain.step(energy, all_rows(50));
  McmcForgettingOptions mcmc;
  mcmc.influence.hessian_sample_rows = -2;
  CHECK_THROWS_WITH(McmcForgetter(energy, chain, mcmc),
                    "McmcForgetter: parameter 'hessian_sample_rows' must be at least 0 (got -2)");
}

TEST_CASE("scale sweep: a request of 20 at N = 1000, forgetting closer than doing nothing", "[scale]") {
  ScaleOptions options;
  options.repeats = 1;
  const ScaleRun exact = run_scale_exact(1000, options).front();
  CHECK(exact.quality_forget < 1e-9);
  CHECK(exact.quality_nothing > 1e-3);
  for (const ScaleRun& run : run_scale_bif(1000, options)) {
    INFO(run.method);
    CHECK(run.seconds_forget > 0);
    // Point estimates: the step's O(1/n²) error is far below the removal's O(r/n).
    // SG-MCMC (one step for the request): its shift against the change of the mode.
    CHECK(run.quality_forget < run.quality_nothing / 3);
    if (run.method == "sgld" || run.method == "sghmc") CHECK(run.batches == 1);
  }
  for (const ScaleRun& run : run_scale_variational(1000, options)) {
    INFO(run.method);
    CHECK(run.quality_forget < run.quality_nothing / 3);
  }
}
