#include <lethe/experiments/scale_sweep.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mcmc_forgetting.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/exact/conjugate_regression.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/scale_requests.hpp>
#include <lethe/experiments/stopwatch.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/natural_gradient_learning.hpp>
#include <lethe/variational/predictive_kl.hpp>
#include <lethe/variational/reverse_kl.hpp>

namespace lethe {

namespace {

// The regression series and model of the exact panel (the page's defaults).
constexpr double kSeriesNoise = 0.3;
constexpr int kRbfCount = 12;
constexpr double kRbfWidth = 0.6;
constexpr double kPriorPrecision = 1.0;
constexpr double kNoiseVariance = 0.09;
// Logistic regression: prior N(0, I); the VI energy's fixed draws.
constexpr double kLogisticPriorVariance = 1.0;
constexpr int kViDraws = 8;
// Bytes of the row book-keeping per row: an id and a position (active_rows.hpp).
constexpr double kActiveRowBytes = 2.0 * sizeof(int);
constexpr double kDoubleBytes = sizeof(double);
constexpr double kIntBytes = sizeof(int);

// The remaining rows once `ids` are forgotten (sorted).
std::vector<int> remaining_rows(int n, const std::vector<int>& ids, const char* function) {
  ActiveRows rows(n);
  rows.forget(ids, function, "request", /*allow_all=*/false);
  return rows.active_ids();
}

ScaleRun make_run(const char* family, const char* method, int n, const ScaleOptions& options) {
  ScaleRun run;
  run.family = family;
  run.method = method;
  run.n = n;
  run.request = options.request;
  return run;
}

// Fills the medians and the speedup.
void finish_times(ScaleRun& run, double train, const std::vector<double>& retrain, const std::vector<double>& forget) {
  run.seconds_train = train;
  run.seconds_retrain = median(retrain);
  run.seconds_forget = median(forget);
  run.speedup = run.seconds_retrain / run.seconds_forget;
}

// Newton's method from `start`; NumericalError if it does not converge (a retrained
// reference that is not at the minimiser would make every distance meaningless).
Eigen::VectorXd newton_minimiser(const Energy& energy, const Eigen::VectorXd& start, const std::vector<int>& rows,
                                 const char* function) {
  const NewtonResult result = minimise_newton(energy, start, rows);
  if (!result.converged) throw NumericalError(std::string(function) + ": Newton's method did not converge");
  return result.gamma;
}

// Mean-field VI on logistic regression, the way it is trained and retrained: the MAP
// by Newton from 0, then VI by Newton from (w_MAP, s = 1/√n).
Eigen::VectorXd fit_logistic_vi(const LogisticRegressionEnergy& map, const MeanFieldVI& vi,
                                const std::vector<int>& rows, const char* function) {
  const Eigen::VectorXd w = newton_minimiser(map, Eigen::VectorXd::Zero(map.dim()), rows, function);
  const double s = 1.0 / std::sqrt(static_cast<double>(rows.size()));
  return newton_minimiser(vi, MeanFieldVI::pack(w, Eigen::VectorXd::Constant(map.dim(), s)), rows, function);
}

GmmFit train_mixture(const GaussianMixtureEnergy& energy, const std::vector<int>& rows,
                     const GmmForgettingOptions& options) {
  GmmFit fit(energy, nullptr, rows, options, options.seed);
  while (!fit.done()) fit.advance(options.iterations);
  return fit;
}

ScaleRun run_mixture(SamplerKind kind, int n, const ScaleOptions& options) {
  const char* fn = "run_scale_bif";
  const LabelledPoints data = make_mixture(bif_mixture_preset(n), options.seed);
  const std::vector<int> ids = largest_x1_request(data, 0, options.request, fn);
  const std::vector<int> remaining = remaining_rows(n, ids, fn);
  GmmForgettingOptions fit_options;
  fit_options.inference = kind == SamplerKind::sgld ? GmmInference::sgld : GmmInference::sghmc;
  fit_options.seed = options.seed;
  fit_options = with_gmm_defaults(fit_options);
  const Eigen::MatrixXd centres = label_means(data.x, data.labels, fn);
  CpuStopwatch clock;
  const GaussianMixtureEnergy energy(data.x, static_cast<int>(centres.rows()));
  const GmmFit original = train_mixture(energy, all_rows(n), fit_options);
  const double train = clock.seconds();
  const PosteriorSummary before = original.summary();
  McmcForgettingOptions forget_options;
  forget_options.gradient_samples = fit_options.gradient_samples;
  forget_options.hessian_samples = fit_options.hessian_samples;
  forget_options.influence.hessian_sample_rows = options.hessian_sample_rows;
  ScaleRun run = make_run("bif", sampler_name(kind), n, options);
  std::vector<double> retrain, forget;
  Eigen::VectorXd shift;  // Δ of the last repeat
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    forget_options.influence.hessian_seed = options.seed + static_cast<std::uint64_t>(repeat);
    McmcForgetter forgetter(energy, original.chain(), forget_options);
    const std::vector<std::vector<int>> batches =
        split_batches(ids, options.mcmc_batch > 0 ? options.mcmc_batch : options.request);
    clear_caches();
    clock.restart();
    for (const auto& batch : batches) forgetter.forget(batch);
    forget.push_back(clock.seconds());
    shift = forgetter.total_shift();
    clear_caches();
    clock.restart();
    const GmmFit target = train_mixture(energy, remaining, fit_options);
    retrain.push_back(clock.seconds());
    run.batches = static_cast<int>(batches.size());
  }
  // The quality, against what the removal does to the posterior mean. Two chains'
  // sample means differ by their sampling noise (≈ 0.1 here, whatever N), far more
  // than 20 rows move the centres (≈ 1e-4 at N = 10⁶), so a distance between chains
  // says nothing at this size. The mode moves as the mean does up to O(1/n)
  // (Bernstein–von Mises), and Newton's method finds both modes without noise: the
  // retrained centres are read as the chain's mean plus the change of the mode,
  // m + (γ_r − γ), and the forgotten ones are m + Δ, so
  //   quality_forget = ‖Δ − (γ_r − γ)‖,   quality_nothing = ‖γ_r − γ‖.
  const Eigen::VectorXd mode = newton_minimiser(energy, before.mean, all_rows(n), fn);
  const Eigen::VectorXd mode_change = newton_minimiser(energy, mode, remaining, fn) - mode;
  run.quality_forget = (shift - mode_change).norm();
  run.quality_nothing = mode_change.norm();
  finish_times(run, train, retrain, forget);
  run.quality_measure = "|shift - change of the mode| (centres)";
  // Held at the peak, per point: the data set (x, label), the energy's copy of x, the
  // row lists of the two fits and of D_r, the forgetter's row book-keeping.
  run.bytes = 2 * kDoubleBytes + kIntBytes + 2 * kDoubleBytes + 3 * kIntBytes + kActiveRowBytes;
  return run;
}

}  // namespace

std::string scale_verdict(const ScaleRun& run) {
  if (run.speedup < 1.0) return "retrain instead: retraining is faster";
  if (run.quality_forget >= run.quality_nothing) return "retrain instead: no closer than doing nothing";
  if (run.speedup < 3.0) return "marginal: retraining costs < 3x more";
  return "forget";
}

double median(std::vector<double> values) {
  if (values.empty()) fail_argument("median", "values", "is empty");
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

void check_scale_options(const ScaleOptions& options, int n, const char* function) {
  check_at_least(function, "n", n, 1);
  check_at_least(function, "request", options.request, 1);
  check_at_least(function, "repeats", options.repeats, 1);
  check_unit_interval(function, "lambda", options.lambda);
  check_at_least(function, "hessian_sample_rows", options.hessian_sample_rows, 0);
  check_at_least(function, "mcmc_batch", options.mcmc_batch, 0);
  if (options.request >= n)
    fail_argument(function, "request",
                  "asks for " + std::to_string(options.request) + " rows of " + std::to_string(n) +
                      " (a request must leave rows to learn from)");
}

std::vector<ScaleRun> run_scale_exact(int n, const ScaleOptions& options) {
  const char* fn = "run_scale_exact";
  check_scale_options(options, n, fn);
  const Series1D series = make_regression_1d(n, kSeriesNoise, options.seed);
  const std::vector<int> ids = regression_request(series, options.request, fn);
  const RbfFeatures features(kRbfCount, -3.0, 3.0, kRbfWidth);
  CpuStopwatch clock;
  ConjugateLinearRegression model(features, kPriorPrecision, kNoiseVariance);
  model.fit(series.x, series.y);
  const double train = clock.seconds();
  const Gaussian before = model.posterior();
  ScaleRun run = make_run("exact", "forget", n, options);
  std::vector<double> retrain, forget;
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    ConjugateLinearRegression copy = model;
    clear_caches();
    clock.restart();
    copy.forget(ids);
    const Gaussian forgotten = copy.posterior();
    forget.push_back(clock.seconds());
    clear_caches();
    clock.restart();
    const Gaussian target = copy.retrained().posterior();
    retrain.push_back(clock.seconds());
    run.quality_forget = kl_divergence(forgotten, target);
    run.quality_nothing = kl_divergence(before, target);
  }
  finish_times(run, train, retrain, forget);
  run.quality_measure = "KL(q || q_retrained)";
  // Held at the peak (while retraining), per point: the series (x, y); three models'
  // copies of x and y with their row book-keeping (the learned one, the copy that
  // forgets, the retrained one); the list of remaining rows.
  run.bytes = 2 * kDoubleBytes + 3 * (2 * kDoubleBytes + kActiveRowBytes) + kIntBytes;
  return {run};
}

std::vector<ScaleRun> run_scale_variational(int n, const ScaleOptions& options) {
  const char* fn = "run_scale_variational";
  check_scale_options(options, n, fn);
  LabelledPoints data = make_moons(n, kMoonsNoise, options.seed);
  const std::vector<int> ids = largest_x1_request(data, 1, options.request, fn);
  const std::vector<int> remaining = remaining_rows(n, ids, fn);
  Eigen::MatrixXd forgotten_x(static_cast<Eigen::Index>(ids.size()), 2);
  for (std::size_t k = 0; k < ids.size(); ++k) forgotten_x.row(static_cast<Eigen::Index>(k)) = data.x.row(ids[k]);
  CpuStopwatch clock;
  // The classifier takes the data over (no second copy), and caches a(x_i) per row.
  const SparseGpClassifier model(std::move(data.x), std::move(data.labels), default_moons_inducing(),
                                 SeArdKernel{default_moons_lengthscales(), kMoonsDefaultVariance});
  const VariationalFit full = fit_elbo_natural(model, all_rows(n), model.prior());
  if (!full.converged) throw NumericalError(std::string(fn) + ": learning q(θ|D): " + full.status);
  const double train = clock.seconds();
  VariationalOptions forget_options;
  forget_options.seed = options.seed;
  ScaleRun eubo = make_run("variational", "eubo", n, options);
  ScaleRun rkl = make_run("variational", "rkl", n, options);
  std::vector<double> retrain, eubo_times, rkl_times;
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    clear_caches();
    clock.restart();
    // Retraining warm-starts from q(θ|D), as the moons experiment's reference does:
    // the cheapest honest retraining, to the same tolerance.
    const VariationalFit target = fit_elbo_natural(model, remaining, full.q);
    retrain.push_back(clock.seconds());
    if (!target.converged) throw NumericalError(std::string(fn) + ": retraining: " + target.status);
    clear_caches();
    clock.restart();
    const VariationalFit by_eubo = forget_eubo(model, ids, full.q, options.lambda, forget_options);
    eubo_times.push_back(clock.seconds());
    clear_caches();
    clock.restart();
    const ReverseKlFit by_rkl = forget_reverse_kl(model, ids, full.q, options.lambda, forget_options);
    rkl_times.push_back(clock.seconds());
    const BernoulliPredictive reference = model.predict(target.q, forgotten_x);
    const double nothing = averaged_predictive_kl(reference, model.predict(full.q, forgotten_x));
    eubo.quality_forget = averaged_predictive_kl(reference, model.predict(by_eubo.q, forgotten_x));
    rkl.quality_forget = averaged_predictive_kl(reference, model.predict(by_rkl.q, forgotten_x));
    eubo.quality_nothing = rkl.quality_nothing = nothing;
  }
  finish_times(eubo, train, retrain, eubo_times);
  finish_times(rkl, train, retrain, rkl_times);
  // Held at the peak (while learning), per point: the classifier's inputs, labels,
  // label signs and cached a(x_i) (M numbers; the data set was moved into it), the
  // row lists of D and D_r.
  const double bytes =
      2 * kDoubleBytes + kIntBytes + kDoubleBytes + static_cast<double>(model.dim()) * kDoubleBytes + 2 * kIntBytes;
  for (ScaleRun* run : {&eubo, &rkl}) {
    run->quality_measure = "averaged predictive KL on D_e";
    run->bytes = bytes;
  }
  return {eubo, rkl};
}

std::vector<ScaleRun> run_scale_bif(int n, const ScaleOptions& options) {
  const char* fn = "run_scale_bif";
  check_scale_options(options, n, fn);
  const LabelledPoints data = make_logistic_data(n, options.seed);
  const std::vector<int> ids = largest_x1_request(data, 1, options.request, fn);
  const std::vector<int> remaining = remaining_rows(n, ids, fn);
  CpuStopwatch clock;
  const LogisticRegressionEnergy map(data.x, data.labels, kLogisticPriorVariance);
  const Eigen::VectorXd w = newton_minimiser(map, Eigen::VectorXd::Zero(map.dim()), all_rows(n), fn);
  const double map_train = clock.seconds();
  clock.restart();
  const MeanFieldVI vi(map, kLogisticPriorVariance, kViDraws, options.seed + 1);
  const Eigen::VectorXd gamma = fit_logistic_vi(map, vi, all_rows(n), fn);
  const double vi_train = clock.seconds();
  ScaleRun map_run = make_run("bif", "map", n, options);
  ScaleRun vi_run = make_run("bif", "vi", n, options);
  std::vector<double> map_retrain, map_forget, vi_retrain, vi_forget;
  InfluenceOptions influence;
  influence.hessian_sample_rows = options.hessian_sample_rows;
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    influence.hessian_seed = options.seed + static_cast<std::uint64_t>(repeat);
    InfluenceForgetter map_forgetter(map, w, influence);
    clear_caches();
    clock.restart();
    map_forgetter.forget(ids);
    map_forget.push_back(clock.seconds());
    clear_caches();
    clock.restart();
    // Retraining warm-starts from the learned state (Newton converges in a few steps).
    const Eigen::VectorXd w_target = newton_minimiser(map, w, remaining, fn);
    map_retrain.push_back(clock.seconds());
    map_run.quality_forget = (map_forgetter.state() - w_target).norm();
    map_run.quality_nothing = (w - w_target).norm();

    InfluenceForgetter vi_forgetter(vi, gamma, influence);
    clear_caches();
    clock.restart();
    vi_forgetter.forget(ids);
    vi_forget.push_back(clock.seconds());
    clear_caches();
    clock.restart();
    const Eigen::VectorXd gamma_target = newton_minimiser(vi, gamma, remaining, fn);
    vi_retrain.push_back(clock.seconds());
    const Gaussian target = vi.posterior(gamma_target);
    vi_run.quality_forget = kl_divergence(vi.posterior(vi_forgetter.state()), target);
    vi_run.quality_nothing = kl_divergence(vi.posterior(gamma), target);
  }
  finish_times(map_run, map_train, map_retrain, map_forget);
  finish_times(vi_run, map_train + vi_train, vi_retrain, vi_forget);
  map_run.quality_measure = "|gamma - gamma_retrained|";
  vi_run.quality_measure = "KL(q || q_retrained)";
  // Held at the peak, per point: the data set (x, label), the energy's copy (x, sign),
  // the row lists of D and D_r, the two forgetters' row book-keeping.
  map_run.bytes = vi_run.bytes = 2 * kDoubleBytes + kIntBytes + 3 * kDoubleBytes + 2 * kIntBytes + 2 * kActiveRowBytes;
  std::vector<ScaleRun> runs = {map_run, vi_run};
  runs.push_back(run_mixture(SamplerKind::sgld, n, options));
  runs.push_back(run_mixture(SamplerKind::sghmc, n, options));
  return runs;
}

std::vector<ScaleRun> run_scale(ScaleFamily family, int n, const ScaleOptions& options) {
  switch (family) {
    case ScaleFamily::exact:
      return run_scale_exact(n, options);
    case ScaleFamily::variational:
      return run_scale_variational(n, options);
    case ScaleFamily::bif:
      break;
  }
  return run_scale_bif(n, options);
}

}  // namespace lethe
