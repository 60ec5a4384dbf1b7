#include <lethe/experiments/gmm_retrain_policy.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/experiments/stopwatch.hpp>

namespace lethe {

namespace {

// The share of the progress bar the original's training takes when start() comes
// before it (the requests, retrains and targets share the rest).
constexpr double kPolicyTrainShare = 0.2;

// A retrain's work in requests, for the progress bar: its sampler steps against a
// request's (the forgetting step's ~100 gradient states, twice once BIF alone runs
// beside the served model, and the targets' share).
constexpr double kPolicyRequestSteps = 200.0;

// The tolerance below which the served experiment's own target run counts as the target.
constexpr double kPolicySameTarget = 1e-9;

double policy_sum(const std::vector<double>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

int policy_ceil_div(int a, int b) { return (a + b - 1) / b; }

}  // namespace

GmmRetrainPolicy::GmmRetrainPolicy(const LabelledPoints& data, const GmmForgettingOptions& options)
    : data_(data), original_(std::make_unique<GmmForgetting>(data, options)) {}

GmmRetrainPolicy::~GmmRetrainPolicy() = default;
GmmRetrainPolicy::GmmRetrainPolicy(GmmRetrainPolicy&&) noexcept = default;
GmmRetrainPolicy& GmmRetrainPolicy::operator=(GmmRetrainPolicy&&) noexcept = default;

int GmmRetrainPolicy::default_chunk() const {
  constexpr int kChunksPerFit = 80;
  constexpr int kMinChunk = 10;
  return std::max(kMinChunk, policy_ceil_div(options().iterations, kChunksPerFit));
}

void GmmRetrainPolicy::start(const std::vector<int>& forget, int request_size) {
  const char* fn = "GmmRetrainPolicy::start";
  if (started_)
    throw StateError(std::string(fn) + ": the requests were started already; make a new policy to run others");
  check_at_least(fn, "request_size", request_size, 1);
  if (forget.empty()) fail_argument(fn, "forget", "must hold at least one row id");
  ActiveRows(size()).validate(forget, fn, "forget", /*allow_all=*/false);
  // The target first: it checks that enough rows remain, before anything changes.
  original_->start_target(forget);
  forget_ = forget;
  batches_ = split_batches(forget, request_size);
  gone_.assign(static_cast<std::size_t>(size()), 0);
  const int batches = static_cast<int>(batches_.size());
  const int iterations = options().iterations;
  per_batch_ = std::max(1, policy_ceil_div(iterations, batches));
  retrain_weight_ = std::max(1.0, iterations / (kPolicyRequestSteps + 2.0 * per_batch_));
  started_ = true;
  if (trained()) {
    progress_from_ = 0.0;
    begin_forgetting();
  } else {
    progress_from_ = kPolicyTrainShare;
    progress_ = 0.0;
  }
}

void GmmRetrainPolicy::begin_forgetting() {
  phase_ = GmmPolicyPhase::forget;
  progress_low_ = progress_from_;
  progress_first_ = 0;
  progress_ = progress_from_;
}

double GmmRetrainPolicy::request_progress(int done) const {
  const int batches = static_cast<int>(batches_.size());
  return progress_low_ +
         (1.0 - progress_low_) * (static_cast<double>(done - progress_first_) / std::max(1, batches - progress_first_));
}

double GmmRetrainPolicy::progress() const {
  if (!started_) return static_cast<double>(original_->train_iteration()) / options().iterations;
  return progress_;
}

GmmPolicyStep GmmRetrainPolicy::step_base(GmmPolicyPhase phase) const {
  GmmPolicyStep step;
  step.phase = phase;
  step.requests_done = static_cast<int>(requests_.size());
  step.batches = static_cast<int>(batches_.size());
  return step;
}

GmmPolicyStep GmmRetrainPolicy::step(int k) {
  const char* fn = "GmmRetrainPolicy::step";
  check_at_least(fn, "k", k, 0);
  if (k == 0) k = default_chunk();
  if (!started_) {
    if (trained())
      throw StateError(std::string(fn) +
                       ": the original is trained and no requests are started; call start(forget, request_size) first");
    return train_step(k);
  }
  switch (phase_) {
    case GmmPolicyPhase::train:
      return train_step(k);
    case GmmPolicyPhase::forget:
      return forget_step();
    case GmmPolicyPhase::retrain:
      return retrain_step(k);
    case GmmPolicyPhase::finish:
      return finish_step(k);
    case GmmPolicyPhase::done:
      break;
  }
  throw StateError(std::string(fn) + ": the policy has finished; read result()");
}

GmmPolicyStep GmmRetrainPolicy::train_step(int k) {
  GmmPolicyStep step = step_base(GmmPolicyPhase::train);
  original_->train(k);
  step.iteration = original_->train_iteration();
  step.total = options().iterations;
  step.means = original_->means();
  const double fraction = static_cast<double>(step.iteration) / step.total;
  progress_ = started_ ? progress_from_ * fraction : fraction;
  if (started_ && trained()) begin_forgetting();
  step.progress = progress_;
  return step;
}

GmmPolicyStep GmmRetrainPolicy::forget_step() {
  const auto b = static_cast<std::size_t>(next_request_);
  const std::vector<int>& batch = batches_[b];
  const int request = next_request_ + 1;
  const int batches = static_cast<int>(batches_.size());
  const bool serving_original = served_ == nullptr;
  // BIF alone: the original forgets every request. It can fail where a retrained model
  // does not (a cluster nearly emptied leaves an energy without a strict minimum): then
  // only the comparison stops.
  Stopwatch clock;
  bool alone_ran = false;
  if (!alone_stopped_) {
    try {
      original_->forget_batch(batch);
      alone_accumulated_ = policy_sum(original_->residuals());
      alone_ran = true;
    } catch (const std::exception& error) {
      if (serving_original) throw;
      alone_stopped_ = GmmAloneStop{request, error.what()};
    }
  }
  if (serving_original) seconds_forget_ += clock.seconds();
  if (!serving_original) {
    std::vector<int> local;
    local.reserve(batch.size());
    for (int id : batch) local.push_back(served_local_[static_cast<std::size_t>(id)]);
    clock.restart();
    served_->forget_batch(local);
    seconds_forget_ += clock.seconds();
  }
  for (int id : batch) gone_[static_cast<std::size_t>(id)] = 1;
  // The targets advance alongside, so that they finish with the requests.
  clock.restart();
  if (!original_->target_trained()) original_->train_target(per_batch_);
  seconds_retrain_ += clock.seconds();
  if (served_ && !served_->target_trained()) served_->train_target(served_per_batch_);

  const GmmForgetting& model = served_ ? *served_ : *original_;
  const std::vector<double>& residuals = model.residuals();
  GmmPolicyRequest entry;
  entry.request = request;
  entry.residual = residuals.empty() ? 0.0 : residuals.back();
  entry.accumulated = policy_sum(residuals);
  if (alone_ran) entry.alone_accumulated = alone_accumulated_;
  // The served model's recommendation is numbered from its own first request.
  const int recommended = model.retrain_recommended_after();
  entry.recommended = recommended > 0 && recommended + served_first_request_ - 1 == request;
  requests_.push_back(entry);
  ++next_request_;

  GmmPolicyStep step = step_base(GmmPolicyPhase::forget);
  step.request = entry;
  step.means = model.means_by_label();
  step.target_iteration = target_iteration_of_original();
  step.total = options().iterations;
  progress_ = request_progress(request);
  if (entry.recommended && request == batches) {
    // The target is the retrain on exactly the rows left: it is swapped in at the end.
    swap_to_target_ = true;
    swap_to_target_after_ = request;
    phase_ = GmmPolicyPhase::finish;
  } else if (entry.recommended) {
    if (std::optional<GmmPolicySkip> skip = begin_retrain(request)) {
      skipped_.push_back(*skip);
      step.skipped = skip;
    } else {
      phase_ = GmmPolicyPhase::retrain;
    }
  }
  if (phase_ == GmmPolicyPhase::forget && next_request_ == batches) phase_ = GmmPolicyPhase::finish;
  step.progress = progress_;
  return step;
}

std::optional<GmmPolicySkip> GmmRetrainPolicy::begin_retrain(int request) {
  // The rows still in training as a data set of their own, and each original id's row in it.
  const int n = size();
  std::vector<int> local(static_cast<std::size_t>(n), -1);
  std::vector<int> rows;
  for (int i = 0; i < n; ++i)
    if (!gone_[static_cast<std::size_t>(i)]) {
      local[static_cast<std::size_t>(i)] = static_cast<int>(rows.size());
      rows.push_back(i);
    }
  LabelledPoints rest;
  rest.x.resize(static_cast<Eigen::Index>(rows.size()), data_.x.cols());
  rest.labels.resize(static_cast<Eigen::Index>(rows.size()));
  std::vector<char> seen(static_cast<std::size_t>(components()), 0);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const auto row = static_cast<Eigen::Index>(rows[j]);
    rest.x.row(static_cast<Eigen::Index>(j)) = data_.x.row(row);
    rest.labels[static_cast<Eigen::Index>(j)] = data_.labels[row];
    seen[static_cast<std::size_t>(data_.labels[row])] = 1;
  }
  const auto emptied = std::find(seen.begin(), seen.end(), 0);
  if (emptied != seen.end())
    return GmmPolicySkip{request, "cluster " + std::to_string(emptied - seen.begin()) +
                                      " has no rows left, so a retrain would have fewer clusters than the model"};
  next_ = std::make_unique<GmmForgetting>(rest, options());
  next_local_ = std::move(local);
  next_rows_ = static_cast<int>(rows.size());
  next_seconds_ = 0.0;
  // Its share of the progress bar: what is left, weighed by its work against the remaining requests'.
  const int remaining = static_cast<int>(batches_.size()) - request;
  retrain_start_ = request_progress(request);
  retrain_end_ = retrain_start_ + (1.0 - retrain_start_) * (retrain_weight_ / (retrain_weight_ + remaining));
  progress_low_ = retrain_end_;
  progress_first_ = request;
  return std::nullopt;
}

GmmPolicyStep GmmRetrainPolicy::retrain_step(int k) {
  GmmPolicyStep step = step_base(GmmPolicyPhase::retrain);
  Stopwatch clock;
  next_->train(k);
  next_seconds_ += clock.seconds();
  step.iteration = next_->train_iteration();
  step.total = options().iterations;
  step.rows = next_rows_;
  progress_ = retrain_start_ + (retrain_end_ - retrain_start_) * (static_cast<double>(step.iteration) / step.total);
  if (next_->trained()) {
    const int request = next_request_;
    const FitHealth health = next_->original_health();
    progress_ = retrain_end_;
    phase_ = GmmPolicyPhase::forget;
    if (!health.healthy) {
      // An unhealthy retrain is worse than the model it would replace: keep forgetting with that one.
      next_.reset();
      GmmPolicySkip skip{request, "the retrain was unhealthy (" + health.problem + ")"};
      skipped_.push_back(skip);
      step.skipped = skip;
    } else {
      // Its comparison run: the same rows as the target (every row but all of `forget`),
      // trained alongside the requests still to come so that both finish with them.
      std::vector<int> future;
      for (std::size_t b = static_cast<std::size_t>(next_request_); b < batches_.size(); ++b)
        for (int id : batches_[b]) future.push_back(next_local_[static_cast<std::size_t>(id)]);
      next_->start_target(future);
      served_ = std::move(next_);
      served_local_ = std::move(next_local_);
      served_first_request_ = request + 1;
      served_per_batch_ = policy_ceil_div(options().iterations, static_cast<int>(batches_.size()) - request);
      GmmPolicySwap swap;
      swap.after_request = request;
      swap.rows = next_rows_;
      swap.seconds = next_seconds_;
      swap.health = health;
      swaps_.push_back(swap);
      step.swap = swap;
      step.means = served_->means_by_label();
    }
  }
  step.progress = progress_;
  return step;
}

GmmPolicyStep GmmRetrainPolicy::finish_step(int k) {
  GmmPolicyStep step = step_base(GmmPolicyPhase::finish);
  Stopwatch clock;
  if (!original_->target_trained()) original_->train_target(k);
  seconds_retrain_ += clock.seconds();
  if (served_ && !served_->target_trained()) served_->train_target(k);
  step.iteration = target_iteration_of_original();
  step.total = options().iterations;
  if (original_->target_trained() && (!served_ || served_->target_trained())) {
    build_result();
    phase_ = GmmPolicyPhase::done;
    progress_ = 1.0;
  }
  step.progress = progress_;
  return step;
}

int GmmRetrainPolicy::target_iteration_of_original() const { return original_->target_iteration(); }

void GmmRetrainPolicy::build_result() {
  const GmmReport base = original_->report();
  GmmPolicyResult r;
  r.original = base.original;
  r.target = base.target;
  r.original_to_target = base.original_to_target;
  r.spread = base.spread;
  r.kl_original_target = base.kl_original_target;
  r.forgotten_count = static_cast<int>(forget_.size());
  r.batches = static_cast<int>(batches_.size());
  r.seconds_forget = seconds_forget_;
  r.seconds_retrain = seconds_retrain_;
  r.component_for_label = original_->component_for_label();
  r.residual_budget = options().residual_budget;
  r.requests = requests_;
  r.skipped = skipped_;
  for (const GmmPolicyRequest& q : requests_)
    if (q.recommended) r.recommended_after.push_back(q.request);
  r.alone_stopped = alone_stopped_;
  r.original_health = base.original_health;
  r.target_health = base.target_health;
  // What "processed" is: the model that served the last request.
  r.processed = base.processed;
  r.processed_to_target = base.processed_to_target;
  r.kl_processed_target = base.kl_processed_target;
  if (swap_to_target_) {
    r.processed = base.target;
    r.processed_to_target = Eigen::VectorXd::Zero(base.target.rows());
    r.kl_processed_target = 0.0;
    GmmPolicySwap swap;
    swap.after_request = swap_to_target_after_;
    swap.rows = static_cast<int>(std::count(gone_.begin(), gone_.end(), 0));
    swap.seconds = seconds_retrain_;
    swap.health = base.target_health;
    swap.is_target = true;
    swaps_.push_back(swap);
  } else if (served_) {
    const GmmReport own = served_->report();
    r.processed = own.processed;
    r.processed_to_target = (own.processed - base.target).rowwise().norm();
    r.kl_processed_target = own.kl_processed_target;
    r.kl_against_own_run = ((own.target - base.target).rowwise().norm().array() > kPolicySameTarget).any();
    r.served_health = GmmServedHealth{own.original_health, own.target_health};
  }
  r.swaps = swaps_;
  if (!swaps_.empty() && !alone_stopped_)
    r.alone = GmmAloneResult{base.processed, base.processed_to_target, base.kl_processed_target};
  result_ = std::move(r);
}

const GmmPolicyResult& GmmRetrainPolicy::result() const {
  if (!result_)
    throw StateError(std::string("GmmRetrainPolicy::result: the policy has not finished (phase '") + name_of(phase_) +
                     "', " + std::to_string(requests_.size()) + " of " + std::to_string(batches_.size()) +
                     " requests done); call step() until done() first");
  return *result_;
}

GmmPolicyResult run_gmm_retrain_policy(const LabelledPoints& data, const std::vector<int>& forget, int request_size,
                                       const GmmForgettingOptions& options) {
  GmmRetrainPolicy policy(data, options);
  policy.start(forget, request_size);
  while (!policy.done()) policy.step();
  return policy.result();
}

}  // namespace lethe
