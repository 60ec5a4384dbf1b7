#include <lethe/experiments/moons_forgetting.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/base/row_selection.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/stopwatch.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/reverse_kl.hpp>

namespace lethe {

namespace {
// The tip and random presets forget this many rows.
constexpr int kScenarioForgotten = 20;
// Requests of a fixed size offered away from the default size (rm200, rm2000).
constexpr int kClassOneRequestSizes[] = {200, 2000};
// by_decreasing_x1 over both classes.
constexpr int kAnyLabel = -1;

// K of "rmK" (K ≥ 1, digits only, no leading zero), else 0.
int class_one_count(const std::string& scenario) {
  if (scenario.size() < 3 || scenario.compare(0, 2, "rm") != 0 || scenario[2] == '0' || scenario.size() > 9) return 0;
  int count = 0;
  for (std::size_t i = 2; i < scenario.size(); ++i) {
    if (scenario[i] < '0' || scenario[i] > '9') return 0;
    count = count * 10 + (scenario[i] - '0');
  }
  return count;
}

// Row ids sorted by decreasing x1 (ties by row id), of one class only unless
// only_label is kAnyLabel.
std::vector<int> by_decreasing_x1(const LabelledPoints& data, int only_label) {
  std::vector<int> ids;
  for (int i = 0; i < static_cast<int>(data.size()); ++i)
    if (only_label == kAnyLabel || data.labels[i] == only_label) ids.push_back(i);
  std::stable_sort(ids.begin(), ids.end(), [&](int lhs, int rhs) { return data.x(lhs, 0) > data.x(rhs, 0); });
  return ids;
}

SparseGpClassifier make_model(const LabelledPoints& data, const MoonsSettings& settings) {
  SeArdKernel kernel;
  kernel.lengthscales = settings.lengthscales;
  kernel.variance = settings.variance;
  return SparseGpClassifier(data.x, data.labels, settings.inducing, kernel);
}

// Where learning starts: the prior (fast) or m = 0, L = I (paper, as published).
Gaussian learning_start(const SparseGpClassifier& model, Protocol protocol) {
  if (protocol == Protocol::fast) return model.prior();
  return Gaussian(Eigen::VectorXd::Zero(model.dim()), Eigen::MatrixXd::Identity(model.dim(), model.dim()));
}

// q̃ scored against the retrained q(θ|D_r); `seconds` is the time it took to compute.
ForgetRun scored_run(const MoonsForgetting& problem, ForgetMethod method, double lambda, const Gaussian& q,
                     double seconds) {
  ForgetRun run(q);
  run.seconds = seconds;
  run.method = method;
  run.lambda = lambda;
  run.kl = problem.predictive_kl(q);
  run.param_kl = kl_divergence(q, problem.retrained_posterior());
  return run;
}

// The reverse KL's own optimum (the adaptive estimator), reported beside the
// published estimator's result.
ReverseKlTarget reverse_kl_target(const MoonsForgetting& problem, double lambda) {
  VariationalOptions adaptive = problem.settings().options;
  adaptive.rkl_estimator = ReverseKlEstimator::adaptive;
  const Stopwatch clock;
  const ReverseKlFit fit =
      forget_reverse_kl(problem.model(), problem.forgotten(), problem.full_posterior(), lambda, adaptive);
  ReverseKlTarget target(fit.q);
  target.seconds = clock.seconds();
  target.kl = problem.predictive_kl(fit.q);
  target.param_kl = kl_divergence(fit.q, problem.retrained_posterior());
  target.ess = fit.ess;
  target.reliable = fit.reliable;
  target.status = fit.status;
  return target;
}
}  // namespace

Eigen::MatrixXd default_moons_inducing() { return make_moons(kMoonsInducingCount, kMoonsNoise, kMoonsInducingSeed).x; }

Eigen::VectorXd default_moons_lengthscales() { return Eigen::Vector2d(0.64240, 0.74064); }

std::vector<double> default_moons_lambdas() { return {0.5, 0.1, 1e-3, 1e-5, 1e-9, 0.0}; }

double zero_lambda_position(const std::vector<double>& lambdas) {
  double smallest = 1.0;
  for (double lambda : lambdas)
    if (lambda > 0) smallest = std::min(smallest, lambda);
  return std::pow(10.0, std::floor(std::log10(smallest)) - kZeroLambdaDecades);
}

const std::vector<MoonsScenario>& moons_scenario_table() {
  static const std::vector<MoonsScenario> table = {
      {"tip", "Tip: the 20 points with the largest x1"}, {"random", "Random 20 (seeded)"},
      {"rm30", "Class 1: the 30 with the largest x1"},   {"rm40", "Class 1: the 40 with the largest x1"},
      {"rm50", "Class 1: the 50 with the largest x1"},
  };
  return table;
}

std::vector<std::string> moons_scenarios() {
  std::vector<std::string> names;
  for (const MoonsScenario& scenario : moons_scenario_table()) names.emplace_back(scenario.name);
  return names;
}

std::vector<int> moons_scenario_ids(const LabelledPoints& data, const std::string& scenario, std::uint64_t seed) {
  const char* fn = "moons_scenario_ids";
  const int rows = static_cast<int>(data.size());
  if (scenario == "tip" || scenario == "random") {
    const std::string forgotten = std::to_string(kScenarioForgotten);
    if (rows <= kScenarioForgotten)
      fail_argument(fn, "scenario",
                    "'" + scenario + "' forgets " + forgotten + " rows and needs more than " + forgotten +
                        " (the data has " + std::to_string(rows) + ")");
    if (scenario == "tip") {
      std::vector<int> ids = by_decreasing_x1(data, kAnyLabel);
      ids.resize(kScenarioForgotten);
      return ids;
    }
    // Partial Fisher–Yates: the first 20 of a uniformly random permutation.
    std::vector<int> ids = all_rows(rows);
    Rng rng(seed);
    for (int i = 0; i < kScenarioForgotten; ++i) {
      const int j = i + static_cast<int>(rng.below(static_cast<std::uint64_t>(rows - i)));
      std::swap(ids[static_cast<std::size_t>(i)], ids[static_cast<std::size_t>(j)]);
    }
    ids.resize(kScenarioForgotten);
    return ids;
  }
  if (scenario == "tipShare") {
    const int count = moons_tip_share(rows);
    std::vector<int> ids = by_decreasing_x1(data, kAnyLabel);
    if (rows <= count)
      fail_argument(fn, "scenario",
                    "'tipShare' forgets " + std::to_string(count) + " rows and needs more than that (the data has " +
                        std::to_string(rows) + ")");
    ids.resize(static_cast<std::size_t>(count));
    return ids;
  }
  if (const int count = class_one_count(scenario); count > 0) {
    std::vector<int> ids = by_decreasing_x1(data, 1);
    if (static_cast<int>(ids.size()) <= count)
      fail_argument(fn, "scenario",
                    "'" + scenario + "' would forget every class-1 point (the data has " + std::to_string(ids.size()) +
                        "); both classes must remain");
    ids.resize(static_cast<std::size_t>(count));
    return ids;
  }
  fail_argument(fn, "scenario",
                "must be one of tip, random, tipShare or rmK for K class-1 points (rm30, rm40, rm50, ...) (got '" +
                    scenario + "')");
}

int moons_tip_share(int n) {
  check_at_least("moons_tip_share", "n", n, 1);
  return static_cast<int>(std::floor(static_cast<double>(kScenarioForgotten) * n / kMoonsDefaultSize + 0.5));
}

std::vector<MoonsScenarioPreset> moons_scenario_presets(int n) {
  check_at_least("moons_scenario_presets", "n", n, 1);
  std::vector<MoonsScenarioPreset> out;
  for (const MoonsScenario& s : moons_scenario_table()) {
    MoonsScenarioPreset preset;
    preset.name = s.name;
    preset.label = s.label;
    preset.first = preset.name == "tip";
    out.push_back(preset);
  }
  if (n == kMoonsDefaultSize) return out;
  for (int r : kClassOneRequestSizes) {
    if (r > n / 4) continue;
    MoonsScenarioPreset preset;
    preset.name = "rm" + std::to_string(r);
    preset.label = "Class 1: the " + group_digits(r) + " with the largest x1";
    out.push_back(preset);
  }
  const int share = moons_tip_share(n);
  if (share > kScenarioForgotten) {
    MoonsScenarioPreset preset;
    preset.name = "tipShare";
    preset.label = "Tip region: the " + group_digits(share) + " points with the largest x1 (tip scaled from " +
                   std::to_string(kScenarioForgotten) + " at n = " + std::to_string(kMoonsDefaultSize) +
                   "; forgetting grows with it)";
    out.push_back(preset);
  }
  return out;
}

MoonsForgetting::MoonsForgetting(LabelledPoints data, MoonsSettings settings)
    : data_(std::move(data)),
      settings_(std::move(settings)),
      model_(make_model(data_, settings_)),
      full_(model_.prior()) {
  const Stopwatch clock;
  full_ = fit_elbo(model_, all_rows(model_.rows()), model_.prior(), learning_start(model_, settings_.options.protocol),
                   settings_.options)
              .q;
  learn_seconds_ = clock.seconds();
}

void validate_moons_forget(const LabelledPoints& data, const std::vector<int>& ids, const char* function) {
  ActiveRows rows(static_cast<int>(data.size()));
  rows.forget(ids, function, "forget", /*allow_all=*/false);
  bool has0 = false, has1 = false;
  for (int i : rows.active_ids()) (data.labels[i] == 0 ? has0 : has1) = true;
  if (!has0 || !has1)
    fail_argument(function, "forget",
                  std::string("would forget every class-") + (has0 ? "1" : "0") + " point; both classes must remain");
}

void MoonsForgetting::set_forgotten(const std::vector<int>& ids) {
  const char* fn = "MoonsForgetting::set_forgotten";
  validate_moons_forget(data_, ids, fn);
  ActiveRows rows(model_.rows());
  rows.forget(ids, fn, "forget", false);
  std::vector<int> remaining = rows.active_ids();
  const Stopwatch clock;
  // The reference: retrain on D_r, warm-started from q(θ|D).
  Gaussian retrained = fit_elbo(model_, remaining, model_.prior(), full_, settings_.options).q;
  retrain_seconds_ = clock.seconds();
  forgotten_ = rows.forgotten_ids();
  remaining_ = std::move(remaining);
  forgotten_x_ = rows_of(data_.x, forgotten_);
  remaining_x_ = rows_of(data_.x, remaining_);
  retrained_ = std::move(retrained);
  reference_forgotten_ = model_.predict(*retrained_, forgotten_x_);
  reference_remaining_ = model_.predict(*retrained_, remaining_x_);
}

const Gaussian& MoonsForgetting::retrained_posterior() const {
  if (!retrained_) throw StateError("MoonsForgetting: no forgotten set yet (call set_forgotten first)");
  return *retrained_;
}

PredictiveKls MoonsForgetting::predictive_kl(const Gaussian& q) const {
  retrained_posterior();  // StateError without a forgotten set
  PredictiveKls kls;
  kls.forgotten = averaged_predictive_kl(reference_forgotten_, model_.predict(q, forgotten_x_));
  kls.remaining = averaged_predictive_kl(reference_remaining_, model_.predict(q, remaining_x_));
  return kls;
}

PredictiveKls MoonsForgetting::full_kl() const { return predictive_kl(full_); }

double MoonsForgetting::full_param_kl() const { return kl_divergence(full_, retrained_posterior()); }

ForgetRun MoonsForgetting::forget(ForgetMethod method, double lambda) const {
  check_unit_interval("MoonsForgetting::forget", "lambda", lambda);
  retrained_posterior();  // StateError without a forgotten set
  const Stopwatch clock;
  if (method == ForgetMethod::eubo) {
    const VariationalFit fit = forget_eubo(model_, forgotten_, full_, lambda, settings_.options);
    ForgetRun run = scored_run(*this, method, lambda, fit.q, clock.seconds());
    run.ess = std::numeric_limits<double>::quiet_NaN();  // no importance weights
    run.ess_initial = std::numeric_limits<double>::quiet_NaN();
    run.reliable = true;
    run.iterations = fit.iterations;
    run.status = fit.status;
    return run;
  }
  const ReverseKlFit fit = forget_reverse_kl(model_, forgotten_, full_, lambda, settings_.options);
  ForgetRun run = scored_run(*this, method, lambda, fit.q, clock.seconds());
  run.ess = fit.ess;
  run.ess_initial = fit.ess_initial;
  run.reliable = fit.reliable;
  run.iterations = fit.rounds;
  run.status = fit.status;
  if (settings_.report_target && settings_.options.protocol == Protocol::fast &&
      settings_.options.rkl_estimator == ReverseKlEstimator::published)
    run.target = reverse_kl_target(*this, lambda);
  return run;
}

MoonsSweepPlan moons_sweep_plan(const std::vector<double>& lambdas) {
  const char* fn = "moons_sweep_plan";
  if (lambdas.empty()) fail_argument(fn, "lambdas", "is empty");
  MoonsSweepPlan plan;
  for (double lambda : lambdas) {
    check_unit_interval(fn, "lambdas", lambda);
    for (const Named<ForgetMethod>& m : EnumNames<ForgetMethod>::entries) plan.steps.push_back({m.value, lambda});
  }
  return plan;
}

MoonsSweep run_moons_sweep(const LabelledPoints& data, const std::vector<int>& forgotten,
                           const std::vector<double>& lambdas, const MoonsSettings& settings) {
  const MoonsSweepPlan plan = moons_sweep_plan(lambdas);
  const Stopwatch clock;
  MoonsSettings reporting = settings;
  reporting.report_target = plan.report_target;
  MoonsForgetting problem(data, reporting);
  problem.set_forgotten(forgotten);
  MoonsSweep sweep;
  sweep.full = problem.full_kl();
  sweep.full_param_kl = problem.full_param_kl();
  for (const MoonsSweepStep& step : plan.steps) sweep.runs.push_back(problem.forget(step.method, step.lambda));
  sweep.learn_seconds = problem.learn_seconds();
  sweep.retrain_seconds = problem.retrain_seconds();
  sweep.seconds_total = clock.seconds();
  return sweep;
}

}  // namespace lethe
