// The two-moons experiment of the method report (§4): a sparse GP classifier on
// make_moons data, q(θ|D) learned by the ELBO, the reference q(θ|D_r) retrained on the
// remaining rows (warm-started from q(θ|D)), and EUBO / reverse-KL unlearning at a
// chosen λ, each scored by the averaged predictive KL to the reference on the inputs
// of D_e and of D_r, and by the parameter-space KL[q̃ ‖ q(θ|D_r)].
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/datasets.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/names.hpp>
#include <lethe/variational/options.hpp>
#include <lethe/variational/sparse_gp_classifier.hpp>

namespace lethe {

// Defaults of the published protocol.
constexpr int kMoonsDefaultSize = 100;
constexpr double kMoonsNoise = 0.2;
constexpr int kMoonsInducingCount = 20;
constexpr std::uint64_t kMoonsInducingSeed = 1;
// make_moons(20, 0.2, kMoonsInducingSeed): fixed whatever the data seed.
Eigen::MatrixXd default_moons_inducing();
Eigen::VectorXd default_moons_lengthscales();  // (0.64240, 0.74064)
constexpr double kMoonsDefaultVariance = 4.7432;
// λ values of the published figure.
std::vector<double> default_moons_lambdas();  // 0.5, 0.1, 1e-3, 1e-5, 1e-9, 0

// λ = 0 cannot sit on a log axis. Every plot of KL against λ (the CLI's SVG, the
// page's chart) draws it at this power of ten: kZeroLambdaDecades decades below the
// decade of the smallest positive λ, so that the axis has a tick there, labelled "0".
constexpr double kZeroLambdaDecades = 2.0;
double zero_lambda_position(const std::vector<double>& lambdas);

// makeMoons' arguments: make_moons(n, noise, seed), the published data by default.
struct MoonsDataOptions {
  int n = kMoonsDefaultSize;
  double noise = kMoonsNoise;
  std::uint64_t seed = 0;
};

// Forgotten-set presets:
//   tip      the 20 points with the largest x1 (ties by row id)
//   random   20 distinct rows drawn with Rng(seed)
//   rmK      the K class-1 points with the largest x1 (the table has rm30/rm40/rm50;
//            any K ≥ 1 is accepted, as moons_scenario_presets offers rm200, rm2000)
//   tipShare the moons_tip_share(n) points with the largest x1: the tip's share of
//            the default size, scaled to the data's n
// A preset must leave rows of both classes: tip/random need more than 20 rows,
// tipShare more than its count and rmK more than K class-1 points (InvalidArgument
// naming `scenario` otherwise; on the default 100 points, with 50 of class 1, rm50
// is therefore refused).
struct MoonsScenario {
  const char* name;   // the --scenario token
  const char* label;  // one line for a menu
};
const std::vector<MoonsScenario>& moons_scenario_table();
std::vector<std::string> moons_scenarios();  // the names, in table order
std::vector<int> moons_scenario_ids(const LabelledPoints& data, const std::string& scenario, std::uint64_t seed);

// round(20 n / kMoonsDefaultSize): how many points tipShare forgets at n rows.
int moons_tip_share(int n);

// The presets at any data size, for menus. At kMoonsDefaultSize the table's, exactly
// the published ones; at other sizes also
//   - rm200, rm2000 while r ≤ n/4 (one user's request of a fixed size: forgetting it
//     costs the same at every n while retraining grows with n);
//   - tipShare while it holds more than the tip's 20 (the region scaled with n, whose
//     forgetting grows with n like retraining).
// `first` marks the one a page shows on arrival (tip, at every size).
struct MoonsScenarioPreset {
  std::string name;
  std::string label;
  bool first = false;
};
std::vector<MoonsScenarioPreset> moons_scenario_presets(int n);

// Checks a forgotten set against the data without learning anything: non-empty, ids in
// range, no repeats, not every row, both classes left in D_r (InvalidArgument naming
// `function` and the parameter `forget`).
void validate_moons_forget(const LabelledPoints& data, const std::vector<int>& ids, const char* function);

struct MoonsSettings {
  Eigen::MatrixXd inducing = default_moons_inducing();
  Eigen::VectorXd lengthscales = default_moons_lengthscales();
  double variance = kMoonsDefaultVariance;
  VariationalOptions options;  // protocol, seed, sizes
  // Fast reverse KL with the published estimator: also estimate the target's own
  // moments (the adaptive estimator) and report them as ForgetRun::target.
  bool report_target = false;
};

// One forgetting run: MoonsForgetting::forget(method, lambda), MoonsProblem.forget.
struct MoonsForgetRequest {
  ForgetMethod method = ForgetMethod::eubo;
  double lambda = 0.0;
};

// What a sweep takes besides the problem's settings: the rows forgotten (a scenario
// of moons_scenario_table, unless ids are given) and the λ swept.
struct MoonsSweepRequest {
  std::string scenario = "tip";
  std::vector<double> lambdas = default_moons_lambdas();
};

struct PredictiveKls {
  double forgotten = 0.0;  // mean KL over the inputs of D_e
  double remaining = 0.0;  // mean KL over the inputs of D_r
};

// The reverse KL's own optimum, the moments of p̃_λ(θ|D_r) (adaptive estimator),
// reported beside the published estimator's result when asked for.
struct ReverseKlTarget {
  // q first (a Gaussian has no empty state); the other fields are then set by name.
  explicit ReverseKlTarget(Gaussian target) : q(std::move(target)) {}

  Gaussian q;
  PredictiveKls kl;
  double param_kl = 0.0;
  double ess = 0.0;
  bool reliable = false;
  std::string status;
  double seconds = 0.0;
};

struct ForgetRun {
  // q first (a Gaussian has no empty state); the other fields are then set by name.
  explicit ForgetRun(Gaussian forgotten) : q(std::move(forgotten)) {}

  ForgetMethod method = ForgetMethod::eubo;
  double lambda = 0.0;
  Gaussian q;                // the forgotten q̃
  PredictiveKls kl;          // vs the retrained q(θ|D_r)
  double param_kl = 0.0;     // KL[q̃ ‖ q(θ|D_r)]
  double ess = 0.0;          // reverse KL only (NaN for EUBO)
  double ess_initial = 0.0;  // reverse KL only: plain importance sampling from q(θ|D)
  bool reliable = false;
  int iterations = 0;
  std::string status;
  double seconds = 0.0;
  std::optional<ReverseKlTarget> target;  // rKL, fast, settings.report_target
};

class MoonsForgetting {
 public:
  // Builds the classifier and learns q(θ|D) (fast: from the prior; paper: from m = 0,
  // L = I). InvalidArgument names the bad parameter (labels, inducing, kernel...);
  // SingularMatrixError names `inducing` if the inducing inputs make K_ZZ singular.
  MoonsForgetting(LabelledPoints data, MoonsSettings settings);

  // Validates the forgotten rows (non-empty, in range, no repeats, not every row, both
  // classes left in D_r; InvalidArgument naming `forget`) and retrains q(θ|D_r).
  void set_forgotten(const std::vector<int>& ids);
  bool has_forgotten() const { return retrained_.has_value(); }
  const std::vector<int>& forgotten() const { return forgotten_; }
  const std::vector<int>& remaining() const { return remaining_; }

  const SparseGpClassifier& model() const { return model_; }
  const LabelledPoints& data() const { return data_; }
  const MoonsSettings& settings() const { return settings_; }
  const Gaussian& full_posterior() const { return full_; }
  const Gaussian& retrained_posterior() const;  // StateError if set_forgotten was not called
  double learn_seconds() const { return learn_seconds_; }
  double retrain_seconds() const { return retrain_seconds_; }

  // Everything below compares with q(θ|D_r): StateError before set_forgotten.
  // The "do nothing" baseline: q̃ = q(θ|D).
  PredictiveKls full_kl() const;
  double full_param_kl() const;
  // Averaged predictive KLs of any q against the retrained posterior.
  PredictiveKls predictive_kl(const Gaussian& q) const;
  ForgetRun forget(ForgetMethod method, double lambda) const;

 private:
  LabelledPoints data_;
  MoonsSettings settings_;
  SparseGpClassifier model_;
  Gaussian full_;
  std::optional<Gaussian> retrained_;
  std::vector<int> forgotten_, remaining_;
  Eigen::MatrixXd forgotten_x_, remaining_x_;
  BernoulliPredictive reference_forgotten_, reference_remaining_;
  double learn_seconds_ = 0.0, retrain_seconds_ = 0.0;
};

struct MoonsSweep {
  PredictiveKls full;
  double full_param_kl = 0.0;
  std::vector<ForgetRun> runs;  // for each λ: EUBO, then rKL
  double learn_seconds = 0.0, retrain_seconds = 0.0, seconds_total = 0.0;
};

// How a sweep runs, for run_moons_sweep and for a caller that runs it step by step
// (the page's worker, for progress and Cancel): at each λ in the order given, EUBO
// then rKL; and the problem reports the reverse KL's own optimum beside the published
// estimator's (report_target; it applies to the fast protocol).
struct MoonsSweepStep {
  ForgetMethod method;
  double lambda;
};
struct MoonsSweepPlan {
  std::vector<MoonsSweepStep> steps;
  bool report_target = true;
};
// InvalidArgument naming `lambdas` when it is empty or an entry is outside [0, 1].
MoonsSweepPlan moons_sweep_plan(const std::vector<double>& lambdas);

// The whole experiment: learn, retrain, then the plan's runs.
MoonsSweep run_moons_sweep(const LabelledPoints& data, const std::vector<int>& forgotten,
                           const std::vector<double>& lambdas, const MoonsSettings& settings);

}  // namespace lethe
