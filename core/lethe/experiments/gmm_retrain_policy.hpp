// The retrain policy of the mixture experiment, as one stateful object that the
// CLI (`lethe gmm-forget --auto-retrain`), the wasm module and the demo's worker
// all drive:
//   - the requests (the forgotten ids in batches of `request_size`) are forgotten one
//     by one by Bayesian inference forgetting from the model that serves them;
//   - each request's certificate r_k (gmm_forgetting.hpp) is summed; once the sum
//     passes options.residual_budget, the same inference is retrained from scratch
//     on the rows still in training and swapped in to serve the requests that
//     follow (its own sum starts again from 0);
//   - the original model keeps forgetting every request too: "BIF alone", the
//     comparison the policy is judged by;
//   - the target (the same inference on every row but all of `forget`) is trained
//     alongside the requests, so that both finish together.
// A recommendation after the last request swaps in the target itself (it is the
// retrain on exactly the rows left). A retrain is skipped, and the served model
// keeps forgetting, when a cluster has no row left (the retrain would have fewer
// clusters than the model) or when the retrained fit is unhealthy (fit_health).
//
// Everything runs in steps (a chunk of training iterations, one request, a chunk
// of a retrain), as GmmForgetting does, so that a user interface can show progress
// and cancel between steps; the same seed gives the same results for any chunking
// of the training.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/datasets.hpp>
#include <lethe/base/names.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>

namespace lethe {

// One request, as the policy served it.
struct GmmPolicyRequest {
  int request = 0;           // 1-based
  double residual = 0.0;     // r_k of the model that served it
  double accumulated = 0.0;  // Σ r of that model since it started serving
  // Σ r of the original forgetting every request (BIF alone); absent once it stopped.
  std::optional<double> alone_accumulated;
  bool recommended = false;  // the served model's sum passed the budget at this request
};

// A retrained model swapped in after a request.
struct GmmPolicySwap {
  int after_request = 0;
  int rows = 0;          // rows it was trained on
  double seconds = 0.0;  // its training time (wall clock)
  FitHealth health;
  bool is_target = false;  // the budget was passed at the last request: the target is the retrain
};

// A recommended retrain that was not done, and why.
struct GmmPolicySkip {
  int after_request = 0;
  std::string reason;
};

// The request at which the original model could not forget on its own any more.
struct GmmAloneStop {
  int at_request = 0;
  std::string reason;
};

// The original model forgetting every request, against the target.
struct GmmAloneResult {
  Eigen::MatrixXd processed;  // K×2, label order
  Eigen::VectorXd processed_to_target;
  double kl_processed_target = 0.0;
};

// The fits of the served (retrained) model's own experiment.
struct GmmServedHealth {
  FitHealth original, target;
};

struct GmmPolicyResult {
  // K×2 in label order: the original fit, the model that served the last request
  // (after forgetting), the target.
  Eigen::MatrixXd original, processed, target;
  Eigen::VectorXd processed_to_target, original_to_target, spread;
  double kl_processed_target = 0.0;
  double kl_original_target = 0.0;
  // ε was measured against the served experiment's own run on the target's rows, and
  // that run differs from the target (the same inference with the same seed on the
  // same rows gives the same fit, so normally it does not).
  bool kl_against_own_run = false;
  int forgotten_count = 0;
  int batches = 0;
  double seconds_forget = 0.0;           // the served models' forgetting steps
  double seconds_retrain = 0.0;          // the target's training
  std::vector<int> component_for_label;  // of the original fit
  double residual_budget = 0.0;
  std::vector<GmmPolicyRequest> requests;
  std::vector<GmmPolicySwap> swaps;
  std::vector<GmmPolicySkip> skipped;
  std::vector<int> recommended_after;  // the requests after which a retrain was recommended
  // BIF alone: present when a retrain served requests and the original forgot them all.
  std::optional<GmmAloneResult> alone;
  std::optional<GmmAloneStop> alone_stopped;
  FitHealth original_health, target_health;
  std::optional<GmmServedHealth> served_health;  // present when a retrained model served the last request
};

// What the policy is doing: training the original, forgetting requests, retraining,
// finishing the targets, done.
enum class GmmPolicyPhase { train, forget, retrain, finish, done };
template <>
struct EnumNames<GmmPolicyPhase> {
  static constexpr Named<GmmPolicyPhase> entries[] = {{GmmPolicyPhase::train, "train", "train"},
                                                      {GmmPolicyPhase::forget, "forget", "forget"},
                                                      {GmmPolicyPhase::retrain, "retrain", "retrain"},
                                                      {GmmPolicyPhase::finish, "finish", "finish"},
                                                      {GmmPolicyPhase::done, "done", "done"}};
};

// What one step did.
struct GmmPolicyStep {
  GmmPolicyPhase phase = GmmPolicyPhase::train;  // the work this step did
  double progress = 0.0;     // the fraction of the run done after it (monotone but for fit restarts)
  int iteration = 0;         // train / retrain / finish: iterations of that fit so far
  int total = 0;             // ... of its `iterations`
  int requests_done = 0;     // requests forgotten so far
  int batches = 0;           // requests in all (0 before start())
  int rows = 0;              // retrain: rows it trains on
  int target_iteration = 0;  // forget: iterations of the target so far
  // train: the original's current means in component order (labels are matched only
  // once it is trained); forget: the served model's means after the request, and
  // swap: the swapped-in model's, in label order.
  Eigen::MatrixXd means;
  std::optional<GmmPolicyRequest> request;
  std::optional<GmmPolicySwap> swap;
  std::optional<GmmPolicySkip> skipped;
};

class GmmRetrainPolicy {
 public:
  // `options` for every fit (original, retrains, targets); options.residual_budget
  // is the policy's budget (0: never retrain).
  GmmRetrainPolicy(const LabelledPoints& data, const GmmForgettingOptions& options);
  ~GmmRetrainPolicy();
  GmmRetrainPolicy(GmmRetrainPolicy&&) noexcept;
  GmmRetrainPolicy& operator=(GmmRetrainPolicy&&) noexcept;

  int components() const { return original_->components(); }
  int size() const { return original_->size(); }
  const GmmForgettingOptions& options() const { return original_->options(); }
  // The training chunk step(0) uses: max(10, ⌈iterations / 80⌉).
  int default_chunk() const;

  // Starts the requests: `forget` (row ids, in removal order) forgotten in batches of
  // `request_size`. Once only; the original may be trained already or not.
  void start(const std::vector<int>& forget, int request_size);
  bool started() const { return started_; }

  // One step of work: a chunk of k iterations of training, retraining or of the
  // targets' training (k = 0: default_chunk()), or one request. Before start() it
  // only trains the original (StateError once that is trained); afterwards it runs
  // the policy to the end (StateError once done()).
  GmmPolicyStep step(int k = 0);
  GmmPolicyPhase phase() const { return phase_; }
  bool trained() const { return original_->trained(); }
  bool done() const { return phase_ == GmmPolicyPhase::done; }
  // The fraction of the run done (before start(): of the original's training).
  double progress() const;

  // The original model (BIF alone): its means, health, component_for_label, report.
  const GmmForgetting& original() const { return *original_; }
  // Requests forgotten so far, and the retrains swapped in / skipped so far.
  const std::vector<GmmPolicyRequest>& requests() const { return requests_; }
  const std::vector<GmmPolicySwap>& swaps() const { return swaps_; }
  const std::vector<GmmPolicySkip>& skipped() const { return skipped_; }
  // The batches of the requests (after start()).
  const std::vector<std::vector<int>>& batches() const { return batches_; }

  // Requires done().
  const GmmPolicyResult& result() const;

 private:
  GmmPolicyStep train_step(int k);
  GmmPolicyStep forget_step();
  GmmPolicyStep retrain_step(int k);
  GmmPolicyStep finish_step(int k);
  // After the original is trained: its target, and the first request next.
  void begin_forgetting();
  // The retrain after request `request` (1-based), or a skip when a cluster is empty.
  std::optional<GmmPolicySkip> begin_retrain(int request);
  void build_result();
  GmmPolicyStep step_base(GmmPolicyPhase phase) const;
  // The progress of the requests after `done` of them; retrain_span: a retrain starting now.
  double request_progress(int done) const;
  int target_iteration_of_original() const;

  LabelledPoints data_;
  std::unique_ptr<GmmForgetting> original_;
  // The model serving the requests when it is not the original; the next one while retraining.
  std::unique_ptr<GmmForgetting> served_, next_;
  std::vector<int> served_local_, next_local_;  // original id → row of its data (−1: not in it)
  int served_first_request_ = 1;
  int served_per_batch_ = 0;
  int next_rows_ = 0;
  double next_seconds_ = 0.0;
  std::vector<int> forget_;
  std::vector<std::vector<int>> batches_;
  std::vector<char> gone_;
  int per_batch_ = 1;  // target iterations per request, so that it finishes with them
  bool started_ = false;
  GmmPolicyPhase phase_ = GmmPolicyPhase::train;
  int next_request_ = 0;  // index of the next batch
  bool swap_to_target_ = false;
  int swap_to_target_after_ = 0;
  // Progress of the requests, monotone although the number of retrains is not known in
  // advance: a retrain that starts gets the share of what is left that its work has
  // next to the remaining requests', and those share the rest.
  double progress_ = 0.0;
  double progress_from_ = 0.0;  // where the requests start (after training, if it was part of the run)
  double progress_low_ = 0.0;
  int progress_first_ = 0;
  double retrain_start_ = 0.0, retrain_end_ = 0.0;
  double retrain_weight_ = 1.0;
  double seconds_forget_ = 0.0, seconds_retrain_ = 0.0;
  std::vector<GmmPolicyRequest> requests_;
  std::vector<GmmPolicySwap> swaps_;
  std::vector<GmmPolicySkip> skipped_;
  std::optional<GmmAloneStop> alone_stopped_;
  double alone_accumulated_ = 0.0;
  std::optional<GmmPolicyResult> result_;
};

// The whole policy in one call (training included), as `lethe gmm-forget --auto-retrain` runs it.
GmmPolicyResult run_gmm_retrain_policy(const LabelledPoints& data, const std::vector<int>& forget, int request_size,
                                       const GmmForgettingOptions& options);

}  // namespace lethe
