#include <lethe/experiments/gmm_forgetting.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/experiments/stopwatch.hpp>

namespace lethe {

namespace {

// Step scales a (η_t = a t^b / n) when the options leave it 0: the values the
// experiment's default runs are pinned to. SGLD has no momentum to carry it from
// one step to the next, so it takes the larger step.
constexpr double kSghmcDefaultStepScale = 2.0;
constexpr double kSgldDefaultStepScale = 4.0;

// XORed into the seed for the VI energy's fixed draws, so that they come from a
// stream of their own rather than replaying the k-means start's (seeded by the
// seed itself). Any fixed pattern would do; this one is pinned by published runs.
constexpr std::uint64_t kViDrawSeedSalt = 0xB1F0B1F0ULL;

// σ_p² of the KL in the VI energy: the mixture model's own prior N(0, I) on each
// mean (bif/gaussian_mixture_model.hpp), so that VI and the samplers target the
// same posterior.
constexpr double kMeanPriorVariance = 1.0;

// The clusters the scenarios forget from, in the bif mixture preset: label 0 is
// elongated horizontally (trimmed from its right end, largest x1 first), label 2
// vertically (trimmed from its bottom, smallest x2 first). Trimming an end moves
// the cluster's mean, so forgetting has something to show.
constexpr int kHorizontalLabel = 0;
constexpr int kVerticalLabel = 2;

}  // namespace

GmmForgettingOptions resolve_gmm_options(const GmmForgettingOptions& requested, int components) {
  const char* fn = "GmmForgetting";
  GmmForgettingOptions options = with_gmm_defaults(requested);
  check_at_least(fn, "iterations", options.iterations, 1);
  check_at_least(fn, "batch", options.batch, 1);
  check_positive(fn, "step_scale", options.step_scale);
  check_finite(fn, "step_exponent", options.step_exponent);
  check_friction(fn, options.friction);
  check_monte_carlo_samples(fn, options.gradient_samples, options.hessian_samples);
  check_nonnegative(fn, "residual_budget", options.residual_budget);
  check_at_least(fn, "fit_restarts", options.fit_restarts, 0);
  check_positive(fn, "vi_learning_rate", options.vi_learning_rate);
  if (options.inference != GmmInference::vi) {
    check_at_least(fn, "window", options.window, gmm_min_sample_set(components));
    check_at_least(fn, "iterations", options.iterations, gmm_min_sample_set(components));
    options.window = std::min(options.window, options.iterations);
  }
  return options;
}

namespace {

SamplerOptions sampler_options(const GmmForgettingOptions& options) {
  SamplerOptions sampler;
  sampler.kind = options.inference == GmmInference::sgld ? SamplerKind::sgld : SamplerKind::sghmc;
  sampler.batch = options.batch;
  sampler.step_scale = options.step_scale;
  sampler.step_exponent = options.step_exponent;
  sampler.friction = options.friction;
  return sampler;
}

// The stochastic VI phase's optimiser: the standard β₁, β₂ and ε (AdamOptions'
// defaults), with the bias corrections rounded as the pinned runs were computed.
AdamOptions vi_adam_options(const GmmForgettingOptions& options) {
  AdamOptions adam;
  adam.learning_rate = options.vi_learning_rate;
  adam.bias_correction = AdamBiasCorrection::power_quotient;
  return adam;
}

// The summary reordered so that block k is the component matched to label k.
PosteriorSummary in_label_order(const PosteriorSummary& summary, const std::vector<int>& order) {
  const Eigen::Index dim = summary.mean.size();
  std::vector<Eigen::Index> index;
  for (int component : order) {
    index.push_back(2 * component);
    index.push_back(2 * component + 1);
  }
  PosteriorSummary out{Eigen::VectorXd(dim), Eigen::MatrixXd(dim, dim)};
  for (Eigen::Index row = 0; row < dim; ++row) {
    const Eigen::Index from_row = index[static_cast<std::size_t>(row)];
    out.mean[row] = summary.mean[from_row];
    for (Eigen::Index col = 0; col < dim; ++col)
      out.covariance(row, col) = summary.covariance(from_row, index[static_cast<std::size_t>(col)]);
  }
  return out;
}

// KL(p ‖ q) between the Gaussians the summaries describe.
double summary_kl(const PosteriorSummary& p, const PosteriorSummary& q) {
  return kl_divergence(Gaussian::from_covariance(p.mean, p.covariance),
                       Gaussian::from_covariance(q.mean, q.covariance));
}

// √tr Cov(μ_k) per cluster: the 2×2 diagonal block of each mean's covariance.
Eigen::VectorXd cluster_spread(const PosteriorSummary& summary) {
  const Eigen::MatrixXd& cov = summary.covariance;
  const Eigen::Index clusters = summary.mean.size() / 2;
  Eigen::VectorXd spread(clusters);
  for (Eigen::Index k = 0; k < clusters; ++k) spread[k] = std::sqrt(cov(2 * k, 2 * k) + cov(2 * k + 1, 2 * k + 1));
  return spread;
}

// The report's comparisons of three summaries that are already in label order.
GmmReport compare_fits(const PosteriorSummary& original, const PosteriorSummary& processed,
                       const PosteriorSummary& target, int forgotten_count) {
  GmmReport report;
  report.original = means_from_state(original.mean);
  report.processed = means_from_state(processed.mean);
  report.target = means_from_state(target.mean);
  report.processed_to_target = (report.processed - report.target).rowwise().norm();
  report.original_to_target = (report.original - report.target).rowwise().norm();
  report.spread = cluster_spread(original);
  report.kl_processed_target = summary_kl(processed, target);
  report.kl_original_target = summary_kl(original, target);
  report.forgotten_count = forgotten_count;
  return report;
}

std::string progress_text(int done, int total) {
  return std::to_string(done) + " of " + std::to_string(total) + " iterations done";
}

}  // namespace

int gmm_min_sample_set(int components) { return 2 * components + 2; }

// ---------------------------------------------------------------------------
// GmmFit

GmmFit::GmmFit(const GaussianMixtureEnergy& energy, const MeanFieldVI* vi, std::vector<int> rows,
               const GmmForgettingOptions& options, std::uint64_t seed)
    : energy_(energy), vi_(vi), rows_(std::move(rows)), options_(options) {
  const int components = energy.components();
  check_at_least("GmmFit", "rows", static_cast<long>(rows_.size()), components);
  Rng init(seed);
  const Eigen::MatrixXd start = kmeans_start(energy.data(), rows_, components, init);
  if (vi_) {
    // q starts at the k-means centres with the spread of a mean of n/K points
    // under the N(0, 1) prior: s₀ = 1/√(n/K + 1).
    const double s0 = 1.0 / std::sqrt(static_cast<double>(rows_.size()) / components + 1.0);
    gamma_ = MeanFieldVI::pack(state_from_means(start), Eigen::VectorXd::Constant(2 * components, s0));
    adam_.emplace(gamma_.size(), vi_adam_options(options_));
    rng_.emplace(init.next_u64());
  } else {
    chain_.emplace(sampler_options(options_), state_from_means(start), init.next_u64());
    samples_.resize(options_.window, 2 * components);
  }
}

int GmmFit::advance(int k) {
  check_at_least("GmmFit::advance", "k", k, 0);
  for (int step = 0; step < k && iteration_ < options_.iterations; ++step) {
    if (chain_)
      chain_step();
    else
      vi_step();
    ++iteration_;
  }
  if (iteration_ == options_.iterations && !done_) finish();
  return iteration_;
}

void GmmFit::chain_step() {
  chain_->step(energy_, rows_);
  samples_.row(iteration_ % samples_.rows()) = chain_->state().transpose();
}

void GmmFit::vi_step() {
  // g = (n/B) Σ_{z∈batch} ∇h(γ, z) + ∇f(γ): the minibatch estimate of −∇ELBO.
  const int n = static_cast<int>(rows_.size());
  Eigen::VectorXd g = vi_->grad_f(gamma_);
  const double scale = static_cast<double>(n) / options_.batch;
  for (int draw = 0; draw < options_.batch; ++draw) {
    const auto pick = static_cast<std::size_t>(rng_->below(static_cast<std::uint64_t>(n)));
    vi_->add_grad_h(gamma_, rows_[pick], scale, g);
  }
  adam_->step(gamma_, g);
}

void GmmFit::finish() {
  // VI: the stochastic phase ends near the optimum; Newton steps on the full
  // rows make γ a stationary point of F (up to rounding).
  if (vi_) gamma_ = minimise_newton(*vi_, gamma_, rows_).gamma;
  done_ = true;
}

void GmmFit::require_done(const char* method) const {
  if (!done_)
    throw StateError(std::string(method) + ": the fit has not finished (" +
                     progress_text(iteration_, options_.iterations) + "); call GmmFit::advance(k) until done() first");
}

Eigen::MatrixXd GmmFit::current_means() const { return means_from_state(chain_ ? chain_->state() : vi_->mean(gamma_)); }

PosteriorSummary GmmFit::summary() const {
  require_done("GmmFit::summary");
  if (vi_) {
    const Eigen::VectorXd s = vi_->std_dev(gamma_);
    return {vi_->mean(gamma_), s.cwiseAbs2().asDiagonal()};
  }
  // The sample set: the last w states, w = min(window, iterations).
  const Eigen::Index w = std::min<Eigen::Index>(samples_.rows(), iteration_);
  const Eigen::MatrixXd used = samples_.topRows(w);
  const Eigen::VectorXd mean = used.colwise().mean().transpose();
  const Eigen::MatrixXd centred = used.rowwise() - mean.transpose();
  return {mean, centred.transpose() * centred / static_cast<double>(w - 1)};
}

const SgMcmc& GmmFit::chain() const {
  const char* method = "GmmFit::chain";
  if (!chain_)
    throw StateError(std::string(method) + ": this fit is variational and has no chain; call vi_state() instead");
  require_done(method);
  return *chain_;
}

const Eigen::VectorXd& GmmFit::vi_state() const {
  const char* method = "GmmFit::vi_state";
  if (!vi_)
    throw StateError(std::string(method) +
                     ": this fit is a sampler's and has no variational state; call chain() instead");
  require_done(method);
  return gamma_;
}

// ---------------------------------------------------------------------------
// GmmForgetting

GmmForgetting::GmmForgetting(const LabelledPoints& data, const GmmForgettingOptions& options)
    : options_(resolve_gmm_options(options, data.labels.size() ? std::max(1, data.labels.maxCoeff() + 1) : 1)),
      energy_(std::make_unique<GaussianMixtureEnergy>(
          data.x, static_cast<int>(label_means(data.x, data.labels, "GmmForgetting").rows()))),
      vi_(options_.inference == GmmInference::vi
              ? std::make_unique<MeanFieldVI>(*energy_, kMeanPriorVariance, options_.vi_draws,
                                              Rng(options_.seed ^ kViDrawSeedSalt).next_u64())
              : nullptr),
      label_means_(label_means(data.x, data.labels, "GmmForgetting")),
      labels_(data.labels),
      untouched_(energy_->size()),
      original_(std::make_unique<GmmFit>(*energy_, vi_.get(), all_rows(energy_->size()), options_, options_.seed)) {}

int GmmForgetting::train(int k) {
  if (trained()) return original_->iteration();
  const int done = original_->advance(k);
  if (original_->done() && !restart_if_unhealthy(original_, all_rows(size()), original_health_)) start_forgetting();
  return done;
}

bool GmmForgetting::restart_if_unhealthy(std::unique_ptr<GmmFit>& fit, const std::vector<int>& rows,
                                         FitHealth& health) {
  const Eigen::MatrixXd means = means_from_state(fit->summary().mean);
  const int restarts = health.restarts;
  health = fit_health(means, match_components(means, label_means_), energy_->data(), labels_, rows);
  health.restarts = restarts;
  if (health.healthy || restarts >= options_.fit_restarts) return false;
  // A new k-means++ start: the seed moved by a fixed odd constant per restart.
  constexpr std::uint64_t kRestartSeedStep = 0x9E3779B97F4A7C15ULL;
  ++health.restarts;
  const std::uint64_t seed = options_.seed + static_cast<std::uint64_t>(health.restarts) * kRestartSeedStep;
  fit = std::make_unique<GmmFit>(*energy_, vi_.get(), rows, options_, seed);
  return true;
}

void GmmForgetting::start_forgetting() {
  original_summary_ = original_->summary();
  original_order_ = match_components(means_from_state(original_summary_.mean), label_means_);
  McmcForgettingOptions forgetting;
  forgetting.gradient_samples = options_.gradient_samples;
  forgetting.hessian_samples = options_.hessian_samples;
  forgetting.influence = options_.influence;
  if (vi_)
    influence_.emplace(*vi_, original_->vi_state(), options_.influence);
  else
    mcmc_.emplace(*energy_, original_->chain(), forgetting);
}

const std::vector<double>& GmmForgetting::residuals() const {
  static const std::vector<double> none;
  if (mcmc_) return mcmc_->residuals();
  if (influence_) return influence_->residuals();
  return none;
}

double GmmForgetting::accumulated_residual() const {
  double sum = 0.0;
  for (double r : residuals()) sum += r;
  return sum;
}

int GmmForgetting::retrain_recommended_after() const {
  if (!(options_.residual_budget > 0.0)) return 0;
  double sum = 0.0;
  const std::vector<double>& r = residuals();
  for (std::size_t k = 0; k < r.size(); ++k) {
    sum += r[k];
    if (sum > options_.residual_budget) return static_cast<int>(k) + 1;
  }
  return 0;
}

const FitHealth& GmmForgetting::original_health() const {
  require_trained("GmmForgetting::original_health");
  return original_health_;
}

FitHealth GmmForgetting::target_health() const {
  require_target_trained("GmmForgetting::target_health");
  return target_health_;
}

void GmmForgetting::require_trained(const char* method) const {
  if (!trained())
    throw StateError(std::string(method) + ": the model is not trained yet (" +
                     progress_text(original_->iteration(), options_.iterations) +
                     "); call train(k) until trained() first");
}

void GmmForgetting::require_target_trained(const char* method) const {
  if (!target_)
    throw StateError(std::string(method) +
                     ": the target is not trained yet (not started); call start_target(forgotten), "
                     "then train_target(k) until target_trained() first");
  if (!target_->done())
    throw StateError(std::string(method) + ": the target is not trained yet (" +
                     progress_text(target_->iteration(), options_.iterations) +
                     "); call train_target(k) until target_trained() first");
}

const GmmFit& GmmForgetting::started_target(const char* method) const {
  if (!target_)
    throw StateError(std::string(method) + ": the target is not started; call start_target(forgotten) first");
  return *target_;
}

Eigen::MatrixXd GmmForgetting::means() const {
  if (mcmc_) return means_from_state(mcmc_->chain().state());
  if (influence_) return means_from_state(vi_->mean(influence_->state()));
  return original_->current_means();
}

const std::vector<int>& GmmForgetting::component_for_label() const {
  require_trained("GmmForgetting::component_for_label");
  return original_order_;
}

Eigen::MatrixXd GmmForgetting::means_by_label() const {
  const std::vector<int>& order = component_for_label();
  const Eigen::MatrixXd current = means();
  Eigen::MatrixXd out(current.rows(), current.cols());
  for (std::size_t label = 0; label < order.size(); ++label)
    out.row(static_cast<Eigen::Index>(label)) = current.row(order[label]);
  return out;
}

Eigen::VectorXd GmmForgetting::forget_batch(const std::vector<int>& ids) {
  // A state error whose message still names the parameter 'ids': callers match on it.
  if (!trained())
    throw StateError(
        "GmmForgetting::forget_batch: parameter 'ids' cannot be forgotten before "
        "training has finished (" +
        progress_text(original_->iteration(), options_.iterations) + "); call train(k) until trained() first");
  return mcmc_ ? mcmc_->forget(ids) : influence_->forget(ids);
}

const ActiveRows& GmmForgetting::rows() const {
  if (mcmc_) return mcmc_->rows();
  if (influence_) return influence_->rows();
  return untouched_;
}

void GmmForgetting::start_target(const std::vector<int>& forgotten) {
  const char* fn = "GmmForgetting::start_target";
  ActiveRows target_rows(size());
  target_rows.forget(forgotten, fn, "forgotten", /*allow_all=*/false);
  if (target_rows.remaining() < components())
    fail_argument(fn, "forgotten",
                  "leaves " + std::to_string(target_rows.remaining()) + " rows, fewer than the " +
                      std::to_string(components()) + " components");
  target_rows_ = target_rows.active_ids();
  target_ = std::make_unique<GmmFit>(*energy_, vi_.get(), target_rows_, options_, options_.seed);
  target_health_ = FitHealth();
  target_checked_ = false;
}

int GmmForgetting::train_target(int k) {
  started_target("GmmForgetting::train_target");
  if (target_trained()) return target_->iteration();
  const int done = target_->advance(k);
  if (target_->done() && !restart_if_unhealthy(target_, target_rows_, target_health_)) target_checked_ = true;
  return done;
}

Eigen::MatrixXd GmmForgetting::target_means() const {
  return started_target("GmmForgetting::target_means").current_means();
}

PosteriorSummary GmmForgetting::processed_summary() const {
  if (mcmc_) return {original_summary_.mean + mcmc_->total_shift(), original_summary_.covariance};
  const Eigen::VectorXd s = vi_->std_dev(influence_->state());
  return {vi_->mean(influence_->state()), s.cwiseAbs2().asDiagonal()};
}

GmmReport GmmForgetting::report() const {
  const char* method = "GmmForgetting::report";
  require_trained(method);
  require_target_trained(method);
  const PosteriorSummary target_raw = target_->summary();
  const std::vector<int> target_order = match_components(means_from_state(target_raw.mean), label_means_);
  GmmReport report = compare_fits(in_label_order(original_summary_, original_order_),
                                  in_label_order(processed_summary(), original_order_),
                                  in_label_order(target_raw, target_order), rows().total() - rows().remaining());
  report.residuals = residuals();
  report.accumulated_residual = accumulated_residual();
  report.retrain_recommended_after = retrain_recommended_after();
  report.original_health = original_health_;
  report.target_health = target_health_;
  return report;
}

GmmForgettingOptions with_gmm_defaults(GmmForgettingOptions options) {
  if (options.step_scale == 0.0)
    options.step_scale = options.inference == GmmInference::sgld ? kSgldDefaultStepScale : kSghmcDefaultStepScale;
  return options;
}

FitHealth fit_health(const Eigen::MatrixXd& means, const std::vector<int>& order, const Eigen::MatrixXd& x,
                     const Eigen::VectorXi& labels, const std::vector<int>& rows) {
  const int components = static_cast<int>(means.rows());
  std::vector<int> total(static_cast<std::size_t>(components), 0);
  std::vector<int> agreeing(static_cast<std::size_t>(components), 0);
  for (int row : rows) {
    Eigen::Index nearest = 0;
    (means.rowwise() - x.row(row)).rowwise().squaredNorm().minCoeff(&nearest);
    const auto label = static_cast<std::size_t>(labels[row]);
    ++total[label];
    if (nearest == order[label]) ++agreeing[label];
  }
  FitHealth health;
  for (int label = 0; label < components; ++label) {
    const auto k = static_cast<std::size_t>(label);
    if (total[k] == 0) continue;
    const double share = static_cast<double>(agreeing[k]) / total[k];
    if (share >= kMinLabelAgreement) continue;
    health.healthy = false;
    char text[200];
    std::snprintf(text, sizeof text,
                  "only %.0f%% of label %d's rows lie closest to its component (%d): a component "
                  "collapsed onto two clusters, or two switched",
                  100.0 * share, label, order[k]);
    health.problem = text;
    return health;
  }
  return health;
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
    for (Eigen::Index row = 0; row < data.x.rows(); ++row)
      if (data.labels[row] == label) ids.push_back(static_cast<int>(row));
    if (static_cast<int>(ids.size()) < per_cluster)
      fail_argument(fn, "per_cluster",
                    "asks for " + std::to_string(per_cluster) + " rows of label " + std::to_string(label) +
                        ", which has only " + std::to_string(ids.size()));
    std::stable_sort(ids.begin(), ids.end(), [&](int lhs, int rhs) { return key(lhs) < key(rhs); });
    ids.resize(static_cast<std::size_t>(per_cluster));
    return ids;
  };
  const std::vector<int> horizontal = pick(kHorizontalLabel, [&](int row) { return -data.x(row, 0); });
  const std::vector<int> vertical = pick(kVerticalLabel, [&](int row) { return data.x(row, 1); });
  std::vector<int> ids;
  for (std::size_t pair = 0; pair < horizontal.size(); ++pair) {
    ids.push_back(horizontal[pair]);
    ids.push_back(vertical[pair]);
  }
  return ids;
}

const std::vector<BifScenario>& bif_scenario_table() {
  static const std::vector<BifScenario> table = {
      {"seed400", 200, "400 rows: 200 of cluster 0, 200 of cluster 2"},
      {"seed800", 400, "800 rows: 400 of cluster 0, 400 of cluster 2"},
  };
  return table;
}

const BifScenario* find_bif_scenario(const std::string& name) {
  for (const BifScenario& scenario : bif_scenario_table())
    if (name == scenario.name) return &scenario;
  return nullptr;
}

int bif_scenario_per_cluster(const std::string& name, const char* function, const char* parameter) {
  if (const BifScenario* scenario = find_bif_scenario(name)) return scenario->per_cluster;
  // "'seed400' or 'seed800'", in the style of names.hpp's choices_text.
  const std::vector<BifScenario>& table = bif_scenario_table();
  std::string choices;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (i > 0) choices += i + 1 == table.size() ? " or " : ", ";
    choices += std::string("'") + table[i].name + "'";
  }
  fail_argument(function, parameter, "must be " + choices + " (got '" + name + "')");
}

std::string group_digits(int value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\xE2\x80\x89";
    out += digits[i];
  }
  return out;
}

namespace {

// One request's rows offered beyond the published presets at other sizes.
constexpr int kBifRequestSizes[] = {20, 200};
// A request is offered while its rows per cluster are at most this share of the data.
constexpr int kBifRequestShareDivisor = 20;

}  // namespace

std::vector<BifScenarioPreset> bif_scenario_presets(int n) {
  check_at_least("bif_scenario_presets", "n", n, 1);
  const int default_n = bif_mixture_preset().n;
  const bool scaled = n != default_n;
  std::vector<BifScenarioPreset> out;
  for (const BifScenario& published : bif_scenario_table()) {
    BifScenarioPreset preset;
    preset.name = published.name;
    preset.per_cluster =
        scaled ? std::max(
                     1, static_cast<int>(std::floor(static_cast<double>(published.per_cluster) * n / default_n + 0.5)))
               : published.per_cluster;
    preset.label = group_digits(2 * preset.per_cluster) + ": " + group_digits(preset.per_cluster) +
                   " from each elongated cluster" +
                   (scaled ? " (scaled from " + group_digits(2 * published.per_cluster) +
                                 " at n = " + group_digits(default_n) + ")"
                           : "");
    out.push_back(preset);
  }
  if (scaled)
    for (int r : kBifRequestSizes) {
      if (r / 2 * kBifRequestShareDivisor > n) continue;
      BifScenarioPreset preset;
      preset.name = "request" + std::to_string(r);
      preset.per_cluster = r / 2;
      preset.label = group_digits(r) + ": one request, " + group_digits(r / 2) + " from each elongated cluster";
      out.push_back(preset);
    }
  // At the default size the published default; elsewhere one request of 20 rows, if offered.
  auto first = out.begin();
  if (scaled)
    for (auto it = out.begin(); it != out.end(); ++it)
      if (it->name == "request20") first = it;
  first->first = true;
  return out;
}

GmmProtocolResult run_gmm_protocol(const LabelledPoints& data, const std::vector<int>& forget, int request_size,
                                   const GmmForgettingOptions& options) {
  const char* fn = "run_gmm_protocol";
  check_at_least(fn, "request_size", request_size, 1);
  GmmForgetting run(data, options);
  ActiveRows(run.size()).validate(forget, fn, "forget", false);
  GmmProtocolResult result;
  Stopwatch clock;
  while (!run.trained()) run.train(run.options().iterations);
  result.seconds_train = clock.seconds();
  for (const auto& batch : split_batches(forget, request_size)) {
    clock.restart();
    run.forget_batch(batch);
    result.seconds_per_batch.push_back(clock.seconds());
    result.seconds_forget += result.seconds_per_batch.back();
  }
  clock.restart();
  run.start_target(forget);
  while (!run.target_trained()) run.train_target(run.options().iterations);
  result.seconds_retrain = clock.seconds();
  result.report = run.report();
  return result;
}

}  // namespace lethe
