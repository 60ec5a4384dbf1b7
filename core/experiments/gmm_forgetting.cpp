#include "experiments/gmm_forgetting.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "base/errors.hpp"
#include "base/gaussian.hpp"
#include "bif/newton_minimiser.hpp"

namespace lethe {

namespace {

// Fills the defaults and checks every field, naming it.
GmmForgettingOptions checked(GmmForgettingOptions o, int components) {
  const char* fn = "GmmForgetting";
  check_at_least(fn, "iterations", o.iterations, 1);
  check_at_least(fn, "batch", o.batch, 1);
  if (o.step_scale == 0.0) o.step_scale = o.inference == GmmInference::sgld ? 4.0 : 2.0;
  check_positive(fn, "step_scale", o.step_scale);
  check_finite(fn, "step_exponent", o.step_exponent);
  if (!(o.friction > 0.0 && o.friction <= 1.0))
    fail_argument(fn, "friction", "must lie in (0, 1] (got " + detail::to_text(o.friction) + ")");
  check_at_least(fn, "mc_samples", o.mc_samples, 1);
  check_positive(fn, "vi_learning_rate", o.vi_learning_rate);
  if (o.inference != GmmInference::vi) {
    // The sample set must be able to have a full-rank covariance over θ (2K).
    check_at_least(fn, "window", o.window, 2 * components + 2);
    check_at_least(fn, "iterations", o.iterations, 2 * components + 2);
    o.window = std::min(o.window, o.iterations);
  }
  return o;
}

SamplerOptions sampler_options(const GmmForgettingOptions& o) {
  SamplerOptions s;
  s.kind = o.inference == GmmInference::sgld ? SamplerKind::sgld : SamplerKind::sghmc;
  s.batch = o.batch;
  s.step_scale = o.step_scale;
  s.step_exponent = o.step_exponent;
  s.friction = o.friction;
  return s;
}

// The summary reordered so that block k is the component matched to label k.
PosteriorSummary in_label_order(const PosteriorSummary& s, const std::vector<int>& order) {
  const Eigen::Index dim = s.mean.size();
  std::vector<Eigen::Index> index;
  for (int c : order) {
    index.push_back(2 * c);
    index.push_back(2 * c + 1);
  }
  PosteriorSummary out{Eigen::VectorXd(dim), Eigen::MatrixXd(dim, dim)};
  for (Eigen::Index i = 0; i < dim; ++i) {
    out.mean[i] = s.mean[index[static_cast<std::size_t>(i)]];
    for (Eigen::Index j = 0; j < dim; ++j)
      out.covariance(i, j) = s.covariance(index[static_cast<std::size_t>(i)], index[static_cast<std::size_t>(j)]);
  }
  return out;
}

double summary_kl(const PosteriorSummary& a, const PosteriorSummary& b) {
  return kl_divergence(Gaussian::from_covariance(a.mean, a.covariance),
                       Gaussian::from_covariance(b.mean, b.covariance));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// ---------------------------------------------------------------------------
// GmmFit

GmmFit::GmmFit(const GaussianMixtureEnergy& energy, const MeanFieldVI* vi,
               std::vector<int> rows, const GmmForgettingOptions& options, std::uint64_t seed)
    : energy_(energy), vi_(vi), rows_(std::move(rows)), options_(options) {
  const int k = energy.components();
  check_at_least("GmmFit", "rows", static_cast<long>(rows_.size()), k);
  Rng init(seed);
  const Eigen::MatrixXd start = kmeans_start(energy.data(), rows_, k, init);
  if (vi_) {
    // q starts at the k-means centres with the spread of a mean of n/K points.
    const double s0 = 1.0 / std::sqrt(static_cast<double>(rows_.size()) / k + 1.0);
    gamma_ = MeanFieldVI::pack(state_from_means(start), Eigen::VectorXd::Constant(2 * k, s0));
    adam_m_ = adam_v_ = Eigen::VectorXd::Zero(gamma_.size());
    rng_.emplace(init.next_u64());
  } else {
    chain_.emplace(sampler_options(options_), state_from_means(start), init.next_u64());
    samples_.resize(options_.window, 2 * k);
  }
}

int GmmFit::advance(int k) {
  check_at_least("GmmFit::advance", "k", k, 0);
  const int n = static_cast<int>(rows_.size());
  for (int step = 0; step < k && iteration_ < options_.iterations; ++step) {
    if (chain_) {
      chain_->step(energy_, rows_);
      samples_.row(iteration_ % samples_.rows()) = chain_->state().transpose();
    } else {
      // Adam on the minibatch estimate of −∇ELBO: (n/B) Σ_batch ∇h + ∇f.
      Eigen::VectorXd g = vi_->grad_f(gamma_);
      const double scale = static_cast<double>(n) / options_.batch;
      for (int b = 0; b < options_.batch; ++b)
        vi_->add_grad_h(gamma_, rows_[static_cast<std::size_t>(rng_->below(static_cast<std::uint64_t>(n)))], scale, g);
      const double beta1 = 0.9, beta2 = 0.999;
      const double t = iteration_ + 1.0;
      adam_m_ = beta1 * adam_m_ + (1 - beta1) * g;
      adam_v_ = beta2 * adam_v_ + (1 - beta2) * g.cwiseAbs2();
      const Eigen::ArrayXd m_hat = adam_m_.array() / (1 - std::pow(beta1, t));
      const Eigen::ArrayXd v_hat = adam_v_.array() / (1 - std::pow(beta2, t));
      gamma_.array() -= options_.vi_learning_rate * m_hat / (v_hat.sqrt() + 1e-8);
    }
    ++iteration_;
  }
  if (iteration_ == options_.iterations && !done_) finish();
  return iteration_;
}

void GmmFit::finish() {
  // VI: the stochastic phase ends near the optimum; Newton steps on the full
  // rows make γ a stationary point of F (up to rounding).
  if (vi_) gamma_ = minimise_newton(*vi_, gamma_, rows_).gamma;
  done_ = true;
}

Eigen::MatrixXd GmmFit::current_means() const {
  return means_from_state(chain_ ? chain_->state() : vi_->mean(gamma_));
}

PosteriorSummary GmmFit::summary() const {
  if (vi_) {
    const Eigen::VectorXd s = vi_->std_dev(gamma_);
    return {vi_->mean(gamma_), s.cwiseAbs2().asDiagonal()};
  }
  const Eigen::Index w = std::min<Eigen::Index>(samples_.rows(), iteration_);
  const Eigen::MatrixXd used = samples_.topRows(w);
  const Eigen::VectorXd mean = used.colwise().mean().transpose();
  const Eigen::MatrixXd centred = used.rowwise() - mean.transpose();
  return {mean, centred.transpose() * centred / static_cast<double>(w - 1)};
}

// ---------------------------------------------------------------------------
// GmmForgetting

GmmForgetting::GmmForgetting(const LabelledPoints& data, const GmmForgettingOptions& options)
    : options_(checked(options, data.labels.size() ? std::max(1, data.labels.maxCoeff() + 1) : 1)),
      energy_(std::make_unique<GaussianMixtureEnergy>(
          data.x, static_cast<int>(label_means(data.x, data.labels, "GmmForgetting").rows()))),
      vi_(options_.inference == GmmInference::vi
              ? std::make_unique<MeanFieldVI>(*energy_, 1.0, options_.vi_draws,
                                              Rng(options_.seed ^ 0xB1F0B1F0ULL).next_u64())
              : nullptr),
      label_means_(label_means(data.x, data.labels, "GmmForgetting")),
      untouched_(energy_->size()),
      original_(*energy_, vi_.get(), all_rows(energy_->size()), options_, options_.seed) {}

int GmmForgetting::train(int k) {
  const int done = original_.advance(k);
  if (original_.done() && !mcmc_ && !influence_) {
    original_summary_ = original_.summary();
    original_order_ = match_components(means_from_state(original_summary_.mean), label_means_);
    McmcForgettingOptions mo;
    mo.mc_samples = options_.mc_samples;
    mo.influence = options_.influence;
    if (vi_) influence_.emplace(*vi_, original_.vi_state(), options_.influence);
    else mcmc_.emplace(*energy_, original_.chain(), mo);
  }
  return done;
}

Eigen::MatrixXd GmmForgetting::means() const {
  if (mcmc_) return means_from_state(mcmc_->chain().state());
  if (influence_) return means_from_state(vi_->mean(influence_->state()));
  return original_.current_means();
}

const std::vector<int>& GmmForgetting::component_for_label() const {
  if (!trained())
    throw InvalidArgument("GmmForgetting::component_for_label: the model is not trained yet");
  return original_order_;
}

Eigen::VectorXd GmmForgetting::forget_batch(const std::vector<int>& ids) {
  const char* fn = "GmmForgetting::forget_batch";
  if (!trained())
    fail_argument(fn, "ids", "cannot be forgotten before training has finished (" +
                                 std::to_string(original_.iteration()) + " of " +
                                 std::to_string(options_.iterations) + " iterations done)");
  return mcmc_ ? mcmc_->forget(ids) : influence_->forget(ids);
}

const ActiveRows& GmmForgetting::rows() const {
  if (mcmc_) return mcmc_->rows();
  if (influence_) return influence_->rows();
  return untouched_;
}

void GmmForgetting::start_target(const std::vector<int>& erased) {
  const char* fn = "GmmForgetting::start_target";
  ActiveRows target_rows(size());
  target_rows.erase(erased, fn, "erased", /*allow_all=*/false);
  if (target_rows.remaining() < components())
    fail_argument(fn, "erased", "leaves " + std::to_string(target_rows.remaining()) +
                                    " rows, fewer than the " + std::to_string(components()) +
                                    " components");
  target_ = std::make_unique<GmmFit>(*energy_, vi_.get(), target_rows.active_ids(), options_,
                                     options_.seed);
  target_erased_ = static_cast<int>(erased.size());
}

int GmmForgetting::train_target(int k) {
  if (!target_)
    throw InvalidArgument("GmmForgetting::train_target: call start_target(erased) first");
  return target_->advance(k);
}

Eigen::MatrixXd GmmForgetting::target_means() const {
  if (!target_)
    throw InvalidArgument("GmmForgetting::target_means: call start_target(erased) first");
  return target_->current_means();
}

PosteriorSummary GmmForgetting::processed_summary() const {
  if (mcmc_) return {original_summary_.mean + mcmc_->total_shift(), original_summary_.covariance};
  const Eigen::VectorXd s = vi_->std_dev(influence_->state());
  return {vi_->mean(influence_->state()), s.cwiseAbs2().asDiagonal()};
}

GmmReport GmmForgetting::report() const {
  const char* fn = "GmmForgetting::report";
  if (!trained()) throw InvalidArgument(std::string(fn) + ": the model is not trained yet");
  if (!target_trained())
    throw InvalidArgument(std::string(fn) + ": the target is not trained yet (start_target, train_target)");
  const PosteriorSummary target_raw = target_->summary();
  const std::vector<int> target_order =
      match_components(means_from_state(target_raw.mean), label_means_);
  const PosteriorSummary original = in_label_order(original_summary_, original_order_);
  const PosteriorSummary processed = in_label_order(processed_summary(), original_order_);
  const PosteriorSummary target = in_label_order(target_raw, target_order);

  GmmReport r;
  r.original = means_from_state(original.mean);
  r.processed = means_from_state(processed.mean);
  r.target = means_from_state(target.mean);
  r.processed_to_target = (r.processed - r.target).rowwise().norm();
  r.original_to_target = (r.original - r.target).rowwise().norm();
  r.spread.resize(components());
  for (int k = 0; k < components(); ++k)
    r.spread[k] = std::sqrt(original.covariance(2 * k, 2 * k) + original.covariance(2 * k + 1, 2 * k + 1));
  r.kl_processed_target = summary_kl(processed, target);
  r.kl_original_target = summary_kl(original, target);
  r.erased_count = rows().total() - rows().remaining();
  return r;
}

// ---------------------------------------------------------------------------
// Scenarios and the protocol

std::vector<int> bif_scenario_ids(const LabelledPoints& data, int per_cluster) {
  const char* fn = "bif_scenario_ids";
  check_at_least(fn, "per_cluster", per_cluster, 1);
  check_size(fn, "labels", static_cast<long>(data.labels.size()), static_cast<long>(data.x.rows()));
  // Rows of `label` ordered by `key` (ties by id), the first per_cluster kept.
  auto pick = [&](int label, auto key) {
    std::vector<int> ids;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i)
      if (data.labels[i] == label) ids.push_back(static_cast<int>(i));
    if (static_cast<int>(ids.size()) < per_cluster)
      fail_argument(fn, "per_cluster",
                    "asks for " + std::to_string(per_cluster) + " rows of label " +
                        std::to_string(label) + ", which has only " + std::to_string(ids.size()));
    std::stable_sort(ids.begin(), ids.end(), [&](int a, int b) { return key(a) < key(b); });
    ids.resize(static_cast<std::size_t>(per_cluster));
    return ids;
  };
  const std::vector<int> horizontal = pick(0, [&](int i) { return -data.x(i, 0); });
  const std::vector<int> vertical = pick(2, [&](int i) { return data.x(i, 1); });
  std::vector<int> ids;
  for (std::size_t j = 0; j < horizontal.size(); ++j) {
    ids.push_back(horizontal[j]);
    ids.push_back(vertical[j]);
  }
  return ids;
}

int bif_scenario_per_cluster(const std::string& name, const char* function,
                             const char* parameter) {
  if (name == "seed400") return 200;
  if (name == "seed800") return 400;
  fail_argument(function, parameter, "must be 'seed400' or 'seed800' (got '" + name + "')");
}

GmmProtocolResult run_gmm_protocol(const LabelledPoints& data, const std::vector<int>& erase,
                                   int remove_batch, const GmmForgettingOptions& options) {
  const char* fn = "run_gmm_protocol";
  check_at_least(fn, "remove_batch", remove_batch, 1);
  GmmForgetting run(data, options);
  ActiveRows(run.size()).validate(erase, fn, "erase", false);
  GmmProtocolResult result;
  auto start = std::chrono::steady_clock::now();
  run.train(run.options().iterations);
  result.seconds_train = seconds_since(start);
  for (const auto& batch : split_batches(erase, remove_batch)) {
    start = std::chrono::steady_clock::now();
    run.forget_batch(batch);
    result.seconds_per_batch.push_back(seconds_since(start));
    result.seconds_forget += result.seconds_per_batch.back();
  }
  start = std::chrono::steady_clock::now();
  run.start_target(erase);
  run.train_target(run.options().iterations);
  result.seconds_retrain = seconds_since(start);
  result.report = run.report();
  return result;
}

}  // namespace lethe
