#include "experiments/moons_unlearning.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "base/active_rows.hpp"
#include "base/errors.hpp"
#include "base/rng.hpp"

namespace lethe {

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Row ids sorted by decreasing x1 (ties by row id), optionally of one class only.
std::vector<int> by_decreasing_x1(const LabelledPoints& data, int only_label) {
  std::vector<int> ids;
  for (int i = 0; i < static_cast<int>(data.size()); ++i)
    if (only_label < 0 || data.labels[i] == only_label) ids.push_back(i);
  std::stable_sort(ids.begin(), ids.end(),
                   [&](int a, int b) { return data.x(a, 0) > data.x(b, 0); });
  return ids;
}

Eigen::MatrixXd rows_of(const Eigen::MatrixXd& x, const std::vector<int>& ids) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(ids.size()), x.cols());
  for (std::size_t k = 0; k < ids.size(); ++k) out.row(static_cast<Eigen::Index>(k)) = x.row(ids[k]);
  return out;
}

SparseGpClassifier make_model(const LabelledPoints& data, const MoonsSettings& s) {
  return SparseGpClassifier(data.x, data.labels, s.inducing, SeArdKernel{s.lengthscales, s.variance});
}

// Where learning starts: the prior (fast) or m = 0, L = I (paper, as published).
Gaussian learning_start(const SparseGpClassifier& model, Protocol protocol) {
  if (protocol == Protocol::fast) return model.prior();
  return Gaussian(Eigen::VectorXd::Zero(model.dim()), Eigen::MatrixXd::Identity(model.dim(), model.dim()));
}
}  // namespace

Eigen::MatrixXd default_moons_inducing() {
  return make_moons(kMoonsInducingCount, kMoonsNoise, kMoonsInducingSeed).x;
}

Eigen::VectorXd default_moons_lengthscales() { return Eigen::Vector2d(0.64240, 0.74064); }

std::vector<double> default_moons_lambdas() { return {0.5, 0.1, 1e-3, 1e-5, 1e-9, 0.0}; }

double zero_lambda_position(const std::vector<double>& lambdas) {
  double smallest = 1.0;
  for (double l : lambdas)
    if (l > 0) smallest = std::min(smallest, l);
  return std::pow(10.0, std::floor(std::log10(smallest)) - kZeroLambdaDecades);
}

const std::vector<MoonsScenario>& moons_scenario_table() {
  static const std::vector<MoonsScenario> table = {
      {"tip", "Tip: the 20 points with the largest x1"},
      {"random", "Random 20 (seeded)"},
      {"rm30", "Class 1: the 30 with the largest x1"},
      {"rm40", "Class 1: the 40 with the largest x1"},
      {"rm50", "Class 1: the 50 with the largest x1"},
  };
  return table;
}

std::vector<std::string> moons_scenarios() {
  std::vector<std::string> names;
  for (const MoonsScenario& s : moons_scenario_table()) names.emplace_back(s.name);
  return names;
}

std::vector<int> moons_scenario_ids(const LabelledPoints& data, const std::string& scenario,
                                    std::uint64_t seed) {
  const char* fn = "moons_scenario_ids";
  const int n = static_cast<int>(data.size());
  constexpr int kErased = 20;
  if (scenario == "tip" || scenario == "random") {
    if (n <= kErased)
      fail_argument(fn, "scenario", "'" + scenario + "' erases 20 rows and needs more than 20 (the data has " +
                                        std::to_string(n) + ")");
    if (scenario == "tip") {
      std::vector<int> ids = by_decreasing_x1(data, -1);
      ids.resize(kErased);
      return ids;
    }
    // Partial Fisher–Yates: the first 20 of a uniformly random permutation.
    std::vector<int> ids = all_rows(n);
    Rng rng(seed);
    for (int i = 0; i < kErased; ++i) {
      const int j = i + static_cast<int>(rng.below(static_cast<std::uint64_t>(n - i)));
      std::swap(ids[static_cast<std::size_t>(i)], ids[static_cast<std::size_t>(j)]);
    }
    ids.resize(kErased);
    return ids;
  }
  for (int count : {30, 40, 50}) {
    if (scenario != "rm" + std::to_string(count)) continue;
    std::vector<int> ids = by_decreasing_x1(data, 1);
    if (static_cast<int>(ids.size()) <= count)
      fail_argument(fn, "scenario", "'" + scenario + "' would erase every class-1 point (the data has " +
                                        std::to_string(ids.size()) + "); both classes must remain");
    ids.resize(static_cast<std::size_t>(count));
    return ids;
  }
  fail_argument(fn, "scenario", "must be one of tip, random, rm30, rm40, rm50 (got '" + scenario + "')");
}

MoonsUnlearning::MoonsUnlearning(LabelledPoints data, MoonsSettings settings)
    : data_(std::move(data)),
      settings_(std::move(settings)),
      model_(make_model(data_, settings_)),
      full_(model_.prior()) {
  const auto start = std::chrono::steady_clock::now();
  full_ = fit_elbo(model_, all_rows(model_.rows()), model_.prior(),
                   learning_start(model_, settings_.options.protocol), settings_.options)
              .q;
  learn_seconds_ = seconds_since(start);
}

void validate_moons_erase(const LabelledPoints& data, const std::vector<int>& ids,
                          const char* function) {
  ActiveRows rows(static_cast<int>(data.size()));
  rows.erase(ids, function, "erase", /*allow_all=*/false);
  bool has0 = false, has1 = false;
  for (int i : rows.active_ids()) (data.labels[i] == 0 ? has0 : has1) = true;
  if (!has0 || !has1)
    fail_argument(function, "erase", std::string("would erase every class-") + (has0 ? "1" : "0") +
                                         " point; both classes must remain");
}

void MoonsUnlearning::set_erased(const std::vector<int>& ids) {
  const char* fn = "MoonsUnlearning::set_erased";
  validate_moons_erase(data_, ids, fn);
  ActiveRows rows(model_.rows());
  rows.erase(ids, fn, "erase", false);
  std::vector<int> remaining = rows.active_ids();
  const auto start = std::chrono::steady_clock::now();
  // The reference: retrain on D_r, warm-started from q(θ|D).
  Gaussian retrained = fit_elbo(model_, remaining, model_.prior(), full_, settings_.options).q;
  retrain_seconds_ = seconds_since(start);
  erased_ = rows.erased_ids();
  remaining_ = std::move(remaining);
  erased_x_ = rows_of(data_.x, erased_);
  remaining_x_ = rows_of(data_.x, remaining_);
  retrained_ = std::move(retrained);
  reference_erased_ = model_.predict(*retrained_, erased_x_);
  reference_remaining_ = model_.predict(*retrained_, remaining_x_);
}

const Gaussian& MoonsUnlearning::retrained_posterior() const {
  if (!retrained_)
    throw InvalidArgument("MoonsUnlearning: no erased set yet (call set_erased first)");
  return *retrained_;
}

PredictiveKls MoonsUnlearning::predictive_kl(const Gaussian& q) const {
  retrained_posterior();  // throws without an erased set
  return {averaged_predictive_kl(reference_erased_, model_.predict(q, erased_x_)),
          averaged_predictive_kl(reference_remaining_, model_.predict(q, remaining_x_))};
}

PredictiveKls MoonsUnlearning::full_kl() const { return predictive_kl(full_); }

double MoonsUnlearning::full_param_kl() const { return kl_divergence(full_, retrained_posterior()); }

UnlearnRun MoonsUnlearning::unlearn(UnlearnMethod method, double lambda) const {
  const char* fn = "MoonsUnlearning::unlearn";
  check_unit_interval(fn, "lambda", lambda);
  const Gaussian& reference = retrained_posterior();
  const auto start = std::chrono::steady_clock::now();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (method == UnlearnMethod::eubo) {
    VariationalFit fit = unlearn_eubo(model_, erased_, full_, lambda, settings_.options);
    const double seconds = seconds_since(start);
    return {method, lambda, fit.q, predictive_kl(fit.q), kl_divergence(fit.q, reference), nan, nan,
            true, fit.iterations, fit.status, seconds, std::nullopt};
  }
  ReverseKlFit fit = unlearn_reverse_kl(model_, erased_, full_, lambda, settings_.options);
  const double seconds = seconds_since(start);
  UnlearnRun run{method, lambda, fit.q, predictive_kl(fit.q), kl_divergence(fit.q, reference), fit.ess,
                 fit.ess_initial, fit.reliable, fit.rounds, fit.status, seconds, std::nullopt};
  if (settings_.report_target && settings_.options.protocol == Protocol::fast &&
      settings_.options.rkl_estimator == ReverseKlEstimator::published) {
    VariationalOptions adaptive = settings_.options;
    adaptive.rkl_estimator = ReverseKlEstimator::adaptive;
    const auto t0 = std::chrono::steady_clock::now();
    ReverseKlFit t = unlearn_reverse_kl(model_, erased_, full_, lambda, adaptive);
    const double ts = seconds_since(t0);
    run.target = ReverseKlTarget{t.q, predictive_kl(t.q), kl_divergence(t.q, reference), t.ess,
                                 t.reliable, t.status, ts};
  }
  return run;
}

MoonsSweep run_moons_sweep(const LabelledPoints& data, const std::vector<int>& erased,
                           const std::vector<double>& lambdas, const MoonsSettings& settings) {
  const char* fn = "run_moons_sweep";
  if (lambdas.empty()) fail_argument(fn, "lambdas", "is empty");
  for (double l : lambdas) check_unit_interval(fn, "lambdas", l);
  const auto start = std::chrono::steady_clock::now();
  MoonsUnlearning problem(data, settings);
  problem.set_erased(erased);
  MoonsSweep sweep;
  sweep.full = problem.full_kl();
  sweep.full_param_kl = problem.full_param_kl();
  for (double l : lambdas)
    for (UnlearnMethod method : {UnlearnMethod::eubo, UnlearnMethod::reverse_kl})
      sweep.runs.push_back(problem.unlearn(method, l));
  sweep.learn_seconds = problem.learn_seconds();
  sweep.retrain_seconds = problem.retrain_seconds();
  sweep.seconds_total = seconds_since(start);
  return sweep;
}

}  // namespace lethe
