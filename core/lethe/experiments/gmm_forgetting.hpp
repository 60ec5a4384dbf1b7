// The forgetting experiment on the Gaussian mixture (after the mixture experiment of
// Fu et al., 2021): fit the mixture's means by SGHMC, SGLD or mean-field VI; forget removal batches by
// Bayesian inference forgetting; retrain a target from scratch on the rows that
// remain; compare per cluster. Everything runs in chunks (train k iterations,
// forget one batch) so that a user interface can show progress and cancel.
//
// What a fitted model reports is a Gaussian summary of its posterior over
// θ = (μ_0, …, μ_{K−1}):
//   - SG-MCMC: the mean and covariance of its sample set, the last `window`
//     states of the chain. Forgetting shifts the chain state; the shift is an
//     expectation over the posterior, the same for every sample, so the
//     processed sample set is the original one moved by the total shift.
//   - VI: q itself, N(m, diag s²).
// Centres are the summary means; components are matched to the data's labels
// (by distance to each label's data mean) only for reporting.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/adam.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/names.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/mcmc_forgetting.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/sg_mcmc.hpp>

namespace lethe {

struct GmmForgettingOptions {
  GmmInference inference = GmmInference::sghmc;
  int iterations = 2000;           // sampler iterations (VI: stochastic-gradient iterations)
  int batch = 64;                  // minibatch size
  double step_scale = 0.0;         // a in η_t = a t^b / n; 0 means 2 (SGHMC) or 4 (SGLD)
  double step_exponent = -0.15;    // b
  double friction = 0.4;           // SGHMC α
  int gradient_samples = 100;      // M: sampler steps per batch estimating ḡ (mcmc_forgetting.hpp)
  int hessian_samples = 2;         // M_H ≤ M of them estimating H̄
  int window = 100;                // sample-set size of an SG-MCMC fit
  int vi_draws = 8;                // fixed reparameterisation draws of the VI energy
  double vi_learning_rate = 0.05;  // Adam step of the stochastic VI phase
  std::uint64_t seed = 0;
  InfluenceOptions influence;
  // Retrain policy: once the accumulated residual Σ r_k of the requests passes this
  // budget, retraining is recommended (report().retrain_recommended_after). 0: none.
  double residual_budget = 0.0;
  // A fit whose components do not match the labels one to one (fit_health) is
  // started again from a new k-means++ seed, at most this many times.
  int fit_restarts = 3;
};

// The defaults that depend on other fields (step_scale 0 → the sampler's default),
// as GmmForgetting applies them; for callers that build a GmmFit themselves.
GmmForgettingOptions with_gmm_defaults(GmmForgettingOptions options);

// Whether a fitted mixture is one the comparison can trust: every label's rows
// mostly closest to the component matched to that label. A component that has
// collapsed onto two clusters, or two components that switched, fail it.
struct FitHealth {
  bool healthy = true;
  std::string problem;  // empty when healthy
  int restarts = 0;     // fresh starts it took (options.fit_restarts at most)
};

// The share of a label's rows that must lie closest to the component matched to it.
constexpr double kMinLabelAgreement = 0.5;
// Checks a fit's K×2 component means against the labelled rows it was fitted to;
// `order[k]` is the component matched to label k.
FitHealth fit_health(const Eigen::MatrixXd& means, const std::vector<int>& order, const Eigen::MatrixXd& x,
                     const Eigen::VectorXi& labels, const std::vector<int>& rows);

// Gaussian summary of a fitted posterior over θ (2K).
struct PosteriorSummary {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
};

// The options a GmmForgetting of K components runs with: with_gmm_defaults, every
// field checked (InvalidArgument naming it: iterations and window at least
// gmm_min_sample_set(K) for a sampler, hessian_samples ≤ gradient_samples, ...), and a
// sampler's window cut to its iterations (a sample set is at most every state).
GmmForgettingOptions resolve_gmm_options(const GmmForgettingOptions& requested, int components);

// The smallest sample set (window, and so iterations) an SG-MCMC fit of K
// components accepts: w states have a sample covariance of rank at most w − 1, so
// full rank over θ ∈ R^{2K} needs 2K + 1 of them; the requirement keeps one more.
int gmm_min_sample_set(int components);

// One model fitted to a set of rows, in chunks: `iterations` sampler (or
// stochastic VI) steps from a seeded k-means++ start; VI then finishes with
// Newton steps on the full rows, so that its state is a stationary point of the
// energy as the forgetting step assumes.
//
// Reading a result too early (summary(), chain() or vi_state() before done()),
// or the wrong kind of result (chain() of a VI fit, vi_state() of a sampler's),
// throws StateError.
class GmmFit {
 public:
  GmmFit(const GaussianMixtureEnergy& energy, const MeanFieldVI* vi, std::vector<int> rows,
         const GmmForgettingOptions& options, std::uint64_t seed);

  // Runs up to k more iterations; returns the iterations done so far.
  int advance(int k);
  bool done() const { return done_; }
  int iteration() const { return iteration_; }
  // The current means, K×2 in component order (chain state or VI means).
  Eigen::MatrixXd current_means() const;
  // After done(): the summary, the trained chain (SG-MCMC) or γ (VI).
  PosteriorSummary summary() const;
  const SgMcmc& chain() const;
  const Eigen::VectorXd& vi_state() const;

 private:
  // One iteration of the sampler, recorded in the ring buffer of states.
  void chain_step();
  // One iteration of stochastic VI: an Adam step on a minibatch estimate of −∇ELBO.
  void vi_step();
  void finish();
  // StateError naming `method` unless done().
  void require_done(const char* method) const;

  const GaussianMixtureEnergy& energy_;
  const MeanFieldVI* vi_;
  std::vector<int> rows_;
  GmmForgettingOptions options_;
  std::optional<SgMcmc> chain_;
  Eigen::MatrixXd samples_;  // window × 2K ring buffer of chain states
  // VI: γ, its optimiser and the minibatch stream.
  Eigen::VectorXd gamma_;
  std::optional<Adam> adam_;
  std::optional<Rng> rng_;
  int iteration_ = 0;
  bool done_ = false;
};

struct GmmReport {
  // K×2, row k = cluster with label k.
  Eigen::MatrixXd original, processed, target;
  Eigen::VectorXd processed_to_target, original_to_target;
  // √tr Cov of each cluster's mean under the original fit: the sampling spread.
  Eigen::VectorXd spread;
  double kl_processed_target = 0.0;  // ε: KL(processed ‖ target) of the summaries
  double kl_original_target = 0.0;
  int forgotten_count = 0;
  // The certificate of every request (r_k, mcmc_forgetting.hpp / influence_forgetting.hpp),
  // their running sum, and the first request (1-based) after which the sum passed
  // options.residual_budget (0: never, or no budget).
  std::vector<double> residuals;
  double accumulated_residual = 0.0;
  int retrain_recommended_after = 0;
  FitHealth original_health, target_health;
};

// The experiment's state machine: train the original (train until trained()),
// forget batches, then start_target, train_target until target_trained(), report.
// A call made before its predecessor finished throws StateError naming the method
// and what to call first.
class GmmForgetting {
 public:
  // K = max label + 1 (every label must occur); labels serve only to choose and
  // evaluate removals.
  GmmForgetting(const LabelledPoints& data, const GmmForgettingOptions& options);

  int components() const { return energy_->components(); }
  int size() const { return energy_->size(); }
  const GmmForgettingOptions& options() const { return options_; }

  // Training the original model.
  int train(int k);
  // Training ends when a fit has finished and passed fit_health (or used up its
  // restarts); a restart starts the iteration count again.
  bool trained() const { return original_->done() && (mcmc_ || influence_); }
  int train_iteration() const { return original_->iteration(); }
  // The model's current means (component order): while training the chain's
  // state, afterwards the processed model's.
  Eigen::MatrixXd means() const;
  // component_for_label()[k]: the component matched to label k (after training).
  const std::vector<int>& component_for_label() const;
  // means() in label order, row k = label k (after training): the one place that
  // reorders components for the CLI, the bindings and the page.
  Eigen::MatrixXd means_by_label() const;

  // Forgets one batch (requires trained()). Returns the shift of θ (VI: of γ).
  Eigen::VectorXd forget_batch(const std::vector<int>& ids);
  const ActiveRows& rows() const;
  // r_k of every request so far, and the first request (1-based) after which their
  // sum passed options.residual_budget (0: not yet, or no budget).
  const std::vector<double>& residuals() const;
  int retrain_recommended_after() const;
  // Σ_k r_k of the requests so far: what the retrain policy compares with its budget.
  double accumulated_residual() const;
  // Health of the original fit (after training) and of the target (once trained).
  const FitHealth& original_health() const;
  FitHealth target_health() const;

  // The target: the same inference from scratch on every row but `forgotten`.
  void start_target(const std::vector<int>& forgotten);
  int train_target(int k);
  bool target_started() const { return target_ != nullptr; }
  // The target's iterations so far (0 before start_target).
  int target_iteration() const { return target_ ? target_->iteration() : 0; }
  bool target_trained() const { return target_ && target_->done() && target_checked_; }
  Eigen::MatrixXd target_means() const;

  // Requires trained() and target_trained().
  GmmReport report() const;

 private:
  // Once the original is trained: its summary, the label matching and the forgetter.
  void start_forgetting();
  // A finished fit's health on `rows`, or a restart: returns true if `fit` was
  // replaced by a fresh one (a new seed) to be trained again.
  bool restart_if_unhealthy(std::unique_ptr<GmmFit>& fit, const std::vector<int>& rows, FitHealth& health);
  PosteriorSummary processed_summary() const;
  // StateError naming `method` unless trained() / target_trained().
  void require_trained(const char* method) const;
  void require_target_trained(const char* method) const;
  const GmmFit& started_target(const char* method) const;

  GmmForgettingOptions options_;
  std::unique_ptr<GaussianMixtureEnergy> energy_;
  std::unique_ptr<MeanFieldVI> vi_;
  Eigen::MatrixXd label_means_;
  Eigen::VectorXi labels_;
  ActiveRows untouched_;
  std::unique_ptr<GmmFit> original_;
  FitHealth original_health_;
  FitHealth target_health_;
  std::vector<int> target_rows_;
  std::vector<int> original_order_;
  PosteriorSummary original_summary_;
  std::optional<McmcForgetter> mcmc_;
  std::optional<InfluenceForgetter> influence_;
  std::unique_ptr<GmmFit> target_;
  bool target_checked_ = false;
};

// The removal scenarios of the experiment: `per_cluster` rows of label 0 (the
// horizontal cluster), largest x1 first, and of label 2 (the vertical one),
// smallest x2 first, interleaved so that each batch takes from both.
std::vector<int> bif_scenario_ids(const LabelledPoints& data, int per_cluster);

// A named scenario: the name counts the rows it forgets, half from each cluster.
struct BifScenario {
  const char* name;   // the token users type: "seed400"
  int per_cluster;    // rows forgotten from label 0 and from label 2 each
  const char* label;  // how results describe it
};
// Every named scenario, the default ("seed400") first.
const std::vector<BifScenario>& bif_scenario_table();
// The scenario called `name`, or nullptr.
const BifScenario* find_bif_scenario(const std::string& name);
// "seed400" → 200 per cluster, "seed800" → 400; InvalidArgument naming
// `function` and `parameter` otherwise.
int bif_scenario_per_cluster(const std::string& name, const char* function, const char* parameter);

// The removal presets at any data size, for menus: at the preset mixture's own size
// (bif_mixture_preset().n) the published scenarios of bif_scenario_table(); at other
// sizes those scaled to the same share of the rows, and requests of 20 and 200 rows
// (half from each elongated cluster, while that takes at most a twentieth of the rows).
struct BifScenarioPreset {
  std::string name;     // "seed400", "request20"
  int per_cluster = 0;  // what bif_scenario_ids takes
  std::string label;    // one line for a menu
  bool first = false;   // the one a page marks on arrival
};
std::vector<BifScenarioPreset> bif_scenario_presets(int n);
// 12345 → "12 345" with a thin space (U+2009): the digits of a preset's label, as the page groups them.
std::string group_digits(int value);

// Which rows a run forgets when the caller names no ids, and how they arrive: the
// scenario's rows in requests of `request_size` (the protocol's batch of four). The
// one place these defaults are written; the CLI, the bindings and the page read them
// through gmm_request_option_set() (option_sets.hpp).
struct GmmRequestOptions {
  std::string scenario = bif_scenario_table().front().name;
  int request_size = 4;  // rows per forgetting request
};

// The whole protocol in one call, with wall times.
struct GmmProtocolResult {
  GmmReport report;
  double seconds_train = 0.0, seconds_forget = 0.0, seconds_retrain = 0.0;
  std::vector<double> seconds_per_batch;
};
GmmProtocolResult run_gmm_protocol(const LabelledPoints& data, const std::vector<int>& forget, int request_size,
                                   const GmmForgettingOptions& options);

}  // namespace lethe
