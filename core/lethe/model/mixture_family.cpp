#include <lethe/model/mixture_family.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/bif/energy.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/bif/sg_mcmc.hpp>
#include <lethe/model/class_labels.hpp>
#include <lethe/model/feature_scaling.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Sampler steps between two kept states: far enough apart that the cloud is not one
// state repeated, few enough that keeping 20 costs a tenth of the default burn-in.
constexpr int kThin = 10;
// The mean-field energy's reparameterisation draws: one antithetic pair. h is a sum of
// squares of single coordinates, so with each coordinate rescaled to unit mean square
// the pair makes E_q[h] exact (mean_field_vi.hpp).
constexpr int kVariationalDraws = 2;
constexpr std::uint64_t kVariationalStream = 0x6a09e667f3bcc909ULL;

// The energy of the header over rows whose component is known:
//   h(θ, i) = ‖x̃_i − μ_{y_i}‖² / (2σ²),   f(θ) = ‖θ‖² / (2σ_p²),
// θ stored component by component (μ_0, μ_1, …), as GaussianMixtureEnergy.
class KnownComponentEnergy : public Energy {
 public:
  KnownComponentEnergy(MatrixXd x, Eigen::VectorXi labels, int components, double variance, double prior_variance)
      : x_(std::move(x)),
        labels_(std::move(labels)),
        k_(x_.cols()),
        components_(components),
        variance_(variance),
        prior_variance_(prior_variance) {}

  Index dim() const override { return components_ * k_; }
  int size() const override { return static_cast<int>(x_.rows()); }

  double h(const VectorXd& theta, int i) const override {
    return (x_.row(i).transpose() - theta.segment(labels_(i) * k_, k_)).squaredNorm() / (2.0 * variance_);
  }
  // ∇h = (μ_y − x̃_i)/σ² on block y.
  void add_grad_h(const VectorXd& theta, int i, double scale, VectorXd& out) const override {
    const Index at = labels_(i) * k_;
    out.segment(at, k_) += (scale / variance_) * (theta.segment(at, k_) - x_.row(i).transpose());
  }
  // ∇²h = I/σ² on block y.
  void add_hess_h(const VectorXd&, int i, double scale, MatrixXd& out) const override {
    const Index at = labels_(i) * k_;
    out.block(at, at, k_, k_).diagonal().array() += scale / variance_;
  }
  double f(const VectorXd& theta) const override { return theta.squaredNorm() / (2.0 * prior_variance_); }
  VectorXd grad_f(const VectorXd& theta) const override { return theta / prior_variance_; }
  MatrixXd hess_f(const VectorXd& theta) const override {
    return MatrixXd::Identity(theta.size(), theta.size()) / prior_variance_;
  }

 private:
  MatrixXd x_;
  Eigen::VectorXi labels_;
  Index k_;
  int components_;
  double variance_, prior_variance_;
};

// log Σ exp(a) without overflow.
double log_sum_exp(const VectorXd& a) {
  const double top = a.maxCoeff();
  return top + std::log((a.array() - top).exp().sum());
}

}  // namespace

const OptionSet<MixtureFamilyOptions>& MixtureFamily::option_set() {
  using O = MixtureFamilyOptions;
  static const OptionSet<O> set(
      "mixture",
      {option<O>("method", &O::method, any_value(),
                 "posterior: an SGHMC or SGLD chain (a cloud of its states), or mean-field VI; the file keeps its "
                 "index (0, 1, 2)"),
       option<O>("component_variance", &O::component_variance, in_range(1e-6, 1e6),
                 "σ²: x̃ | y = c ~ N(μ_c, σ² I), in standardised units"),
       option<O>("prior_variance", &O::prior_variance, in_range(1e-6, 1e6),
                 "σ_p²: the prior μ_c ~ N(0, σ_p² I) on each component's mean"),
       option<O>("steps", &O::steps, in_range(1, 10000000), "sampler steps before states are kept (SGHMC, SGLD)"),
       option<O>("samples", &O::samples, in_range(2, 10000),
                 "chain states kept as the posterior, one every 10 steps (SGHMC, SGLD)"),
       option<O>("batch", &O::batch, in_range(1, 65536), "rows per sampler step (drawn with replacement)"),
       option<O>("seed", &O::seed, any_value(), "seed of every draw: minibatches, sampler noise, VI draws")});
  return set;
}

MixtureFamily::MixtureFamily(int feature_count, const MixtureFamilyOptions& options) : options_(options) {
  const char* fn = "MixtureFamily";
  check_at_least(fn, "feature_count", feature_count, 1);
  check_positive(fn, "component_variance", options.component_variance);
  check_positive(fn, "prior_variance", options.prior_variance);
  check_at_least(fn, "steps", options.steps, 1);
  check_at_least(fn, "samples", options.samples, 2);
  check_at_least(fn, "batch", options.batch, 1);
  feature_count_ = feature_count;
  centre_ = VectorXd::Zero(feature_count);
  scale_ = VectorXd::Ones(feature_count);
}

OptionValues MixtureFamily::options() const { return option_values(option_set(), options_); }

std::vector<std::string> MixtureFamily::prediction_columns() const {
  std::vector<std::string> out;
  for (int c = 0; c < std::max(classes_, 2); ++c) out.push_back("p_class" + std::to_string(c));
  return out;
}

MatrixXd MixtureFamily::standardised(const MatrixXd& x) const { return standardise(x, centre_, scale_); }

void MixtureFamily::train(const TrainingRows& rows) {
  const char* fn = "MixtureFamily::train";
  check_size(fn, "x", static_cast<long>(rows.x.cols()), feature_count_);
  check_size(fn, "y", static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
  check_at_least(fn, "rows", static_cast<long>(rows.x.rows()), 1);
  const Eigen::VectorXi labels = class_labels(rows.y, classes_, fn);
  if (classes_ == 0) {
    // The first training fixes C and the standardisation for the model's life.
    const int classes = labels.maxCoeff() + 1;
    if (classes < 2) fail_argument(fn, "y", "must hold at least two classes (labels 0..C−1, C ≥ 2)");
    classes_ = classes;
    fit_feature_scaling(rows.x, centre_, scale_);
  }
  counts_ = VectorXd::Zero(classes_);
  for (Index i = 0; i < labels.size(); ++i) counts_(labels(i)) += 1.0;
  const KnownComponentEnergy energy(standardised(rows.x), labels, classes_, options_.component_variance,
                                    options_.prior_variance);
  const Index d = energy.dim();
  std::vector<int> all(static_cast<std::size_t>(rows.x.rows()));
  std::iota(all.begin(), all.end(), 0);
  if (variational()) {
    const MeanFieldVI vi(energy, options_.prior_variance, kVariationalDraws, options_.seed ^ kVariationalStream);
    // From the prior's mean with unit spread (ρ = 0); F is convex in (m, ρ) here.
    const NewtonResult fit = minimise_newton(vi, VectorXd::Zero(2 * d), all);
    if (!fit.gamma.allFinite()) throw NumericalError("MixtureFamily::train: the VI fit is not finite");
    states_.resize(2, d);
    states_.row(0) = fit.gamma.head(d).transpose();
    states_.row(1) = fit.gamma.tail(d).transpose();
  } else {
    SamplerOptions sampler;
    sampler.kind = options_.method == GmmInference::sghmc ? SamplerKind::sghmc : SamplerKind::sgld;
    sampler.batch = options_.batch;
    // From θ = 0, the prior's mean: no row's value is ever a state.
    SgMcmc chain(sampler, VectorXd::Zero(d), options_.seed);
    for (int t = 0; t < options_.steps; ++t) chain.step(energy, all);
    states_.resize(options_.samples, d);
    for (int s = 0; s < options_.samples; ++s) {
      for (int t = 0; t < kThin; ++t) chain.step(energy, all);
      states_.row(s) = chain.state().transpose();
    }
    if (!states_.allFinite()) throw NumericalError("MixtureFamily::train: the chain diverged");
  }
  estimate_sum_ = 0.0;
}

Certificate MixtureFamily::forget(const TrainingRows& erased) {
  const char* fn = "MixtureFamily::forget";
  if (classes_ == 0) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(erased.x.cols()), feature_count_);
  check_size(fn, "y", static_cast<long>(erased.y.size()), static_cast<long>(erased.x.rows()));
  const Eigen::VectorXi labels = class_labels(erased.y, classes_, fn);
  const MatrixXd x = standardised(erased.x);
  const Index k = feature_count_;
  const double var = options_.component_variance;
  VectorXd removed = VectorXd::Zero(classes_);  // r_c
  for (Index i = 0; i < labels.size(); ++i) removed(labels(i)) += 1.0;
  for (int c = 0; c < classes_; ++c)
    if (removed(c) > counts_(c))
      fail_argument(fn, "y", "removes more rows of class " + std::to_string(c) + " than training held");
  // P_c = n_c/σ² + 1/σ_p²: H's value on block c (n_c counts the batch: the paper's H).
  const Eigen::ArrayXd precision = counts_.array() / var + 1.0 / options_.prior_variance;

  // ḡ on the means: Σ_e (μ̄_{y_e} − x̃_e)/σ² at the states' mean μ̄ (∇h is linear in θ,
  // so the average over the states is the gradient at their mean).
  const VectorXd mean =
      variational() ? VectorXd(states_.row(0).transpose()) : VectorXd(states_.colwise().mean().transpose());
  VectorXd g = VectorXd::Zero(mean.size());
  for (Index i = 0; i < x.rows(); ++i) {
    const Index at = labels(i) * k;
    g.segment(at, k) += (mean.segment(at, k) - x.row(i).transpose()) / var;
  }
  VectorXd delta_m(mean.size()), residual_m(mean.size());
  double decrement_squared = 0.0;
  for (int c = 0; c < classes_; ++c) {
    delta_m.segment(c * k, k) = g.segment(c * k, k) / precision(c);
    // ρ_k on the means: −H_e Δ (see the header), H_e = r_c/σ² on block c.
    residual_m.segment(c * k, k) = -(removed(c) / var) * delta_m.segment(c * k, k);
    decrement_squared += residual_m.segment(c * k, k).squaredNorm() / precision(c);
  }
  if (variational()) {
    // ρ-block: b_ρ = r_c s²/σ², H_ρ = 2s²P_c, so Δρ = r_c/(2σ²P_c); the residual there is
    // P_c(s′² − s²) − r_c s′²/σ² (the change of ∇_ρF(·, S) minus the batch's term at s′).
    for (int c = 0; c < classes_; ++c) {
      const double step = removed(c) / (2.0 * var * precision(c));
      for (Index j = c * k; j < (c + 1) * k; ++j) {
        const double s2 = std::exp(2.0 * states_(1, j));
        const double s2_new = std::exp(2.0 * (states_(1, j) + step));
        const double residual = precision(c) * (s2_new - s2) - removed(c) * s2_new / var;
        decrement_squared += residual * residual / (2.0 * s2 * precision(c));
      }
    }
  }
  const double decrement = std::sqrt(decrement_squared);
  if (!std::isfinite(decrement) || !delta_m.allFinite())
    throw NumericalError("MixtureFamily::forget: the influence step is not finite");

  if (variational()) {
    states_.row(0) += delta_m.transpose();
    for (int c = 0; c < classes_; ++c)
      states_.row(1).segment(c * k, k).array() += removed(c) / (2.0 * var * precision(c));
  } else {
    states_.rowwise() += delta_m.transpose();
  }
  counts_ -= removed;
  estimate_sum_ += decrement;
  Certificate cert;
  cert.kind = "estimate";
  cert.value = decrement;
  cert.sum = estimate_sum_;
  return cert;
}

MatrixXd MixtureFamily::predict(const MatrixXd& x) const {
  const char* fn = "MixtureFamily::predict";
  if (classes_ == 0) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(x.cols()), feature_count_);
  const Index k = feature_count_;
  const double var = options_.component_variance;
  const MatrixXd xs = standardised(x);
  // log π_c, π_c ∝ n_c + 1.
  const VectorXd log_weight = ((counts_.array() + 1.0) / (counts_.sum() + classes_)).log().matrix();
  MatrixXd p = MatrixXd::Zero(x.rows(), classes_);
  VectorXd a(classes_);
  for (Index i = 0; i < xs.rows(); ++i) {
    if (variational()) {
      // μ_c integrated out: x̃ | c ~ N(m_c, diag(σ² + s_c²)).
      for (int c = 0; c < classes_; ++c) {
        const Eigen::ArrayXd spread = (2.0 * states_.row(1).segment(c * k, k).array()).exp() + var;
        const Eigen::ArrayXd diff = xs.row(i).array() - states_.row(0).segment(c * k, k).array();
        a(c) = log_weight(c) - 0.5 * (diff.square() / spread + spread.log()).sum();
      }
      p.row(i) = (a.array() - log_sum_exp(a)).exp().matrix().transpose();
      continue;
    }
    for (Index s = 0; s < states_.rows(); ++s) {
      for (int c = 0; c < classes_; ++c)
        a(c) = log_weight(c) - (xs.row(i) - states_.row(s).segment(c * k, k)).squaredNorm() / (2.0 * var);
      p.row(i) += (a.array() - log_sum_exp(a)).exp().matrix().transpose();
    }
    p.row(i) /= static_cast<double>(states_.rows());
  }
  return p;
}

void MixtureFamily::moments(VectorXd& mean, VectorXd& variance) const {
  if (variational()) {
    mean = states_.row(0).transpose();
    variance = (2.0 * states_.row(1).array()).exp().matrix().transpose();
    return;
  }
  mean = states_.colwise().mean().transpose();
  // The cloud's per-coordinate variance; floored so that a degenerate cloud gives a
  // large, finite KL rather than a division by zero.
  variance =
      ((states_.rowwise() - mean.transpose()).array().square().colwise().mean().transpose()).max(1e-300).matrix();
}

PosteriorDistance MixtureFamily::distance_to(const ModelFamily& retrained) const {
  const auto* other = dynamic_cast<const MixtureFamily*>(&retrained);
  if (!other || other->classes_ != classes_ || classes_ == 0 || other->states_.cols() != states_.cols() ||
      other->options_.method != options_.method)
    fail_argument("MixtureFamily::distance_to", "retrained", "must be a trained mixture model of the same shape");
  VectorXd ma, va, mb, vb;
  moments(ma, va);
  other->moments(mb, vb);
  // KL(N(a, diag va) ‖ N(b, diag vb)) = ½ Σ [va/vb + (a − b)²/vb − 1 + log(vb/va)].
  const Eigen::ArrayXd dm = (ma - mb).array();
  const double kl =
      0.5 * (va.array() / vb.array() + dm.square() / vb.array() - 1.0 + (vb.array() / va.array()).log()).sum();
  return {"kl", kl, dm.matrix().norm()};
}

std::unique_ptr<ModelFamily> MixtureFamily::untrained_copy() const {
  auto copy = std::make_unique<MixtureFamily>(feature_count_, options_);
  // Retraining keeps the parametrisation: C and the standardisation.
  copy->classes_ = classes_;
  copy->centre_ = centre_;
  copy->scale_ = scale_;
  return copy;
}

void MixtureFamily::write_state(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(classes_));
  out.vector(centre_);
  out.vector(scale_);
  out.vector(counts_);
  out.matrix(states_);
  out.f64(estimate_sum_);
}

void MixtureFamily::read_state(ByteReader& in) {
  const std::uint32_t classes = in.u32("mixture classes");
  VectorXd centre = in.vector("mixture centre");
  VectorXd scale = in.vector("mixture scale");
  VectorXd counts = in.vector("mixture counts");
  MatrixXd states = in.matrix("mixture posterior");
  const double sum = in.f64("mixture estimate sum");
  if (classes < 2 || classes > kMaxClassLabels)
    in.fail("mixture classes",
            "must be in [2, " + std::to_string(kMaxClassLabels) + "] (got " + std::to_string(classes) + ")");
  if (centre.size() != feature_count_ || scale.size() != feature_count_ || !centre.allFinite() || !scale.allFinite() ||
      (scale.array() <= 0).any())
    in.fail("mixture scaling", "does not match " + std::to_string(feature_count_) + " features");
  if (counts.size() != static_cast<Index>(classes) || !counts.allFinite() || (counts.array() < 0).any())
    in.fail("mixture counts", "must be " + std::to_string(classes) + " non-negative counts");
  const Index rows = variational() ? 2 : options_.samples;
  const Index cols = static_cast<Index>(classes) * feature_count_;
  if (states.rows() != rows || states.cols() != cols)
    in.fail("mixture posterior", "is " + std::to_string(states.rows()) + "×" + std::to_string(states.cols()) +
                                     ", the options say " + std::to_string(rows) + "×" + std::to_string(cols));
  if (!states.allFinite() || !std::isfinite(sum)) in.fail("mixture posterior", "is not finite");
  classes_ = static_cast<int>(classes);
  centre_ = std::move(centre);
  scale_ = std::move(scale);
  counts_ = std::move(counts);
  states_ = std::move(states);
  estimate_sum_ = sum;
}

}  // namespace lethe
