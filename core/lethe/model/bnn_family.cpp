#include <lethe/model/bnn_family.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/mean_field.hpp>
#include <lethe/bnn/mlp.hpp>
#include <lethe/model/class_labels.hpp>
#include <lethe/model/feature_scaling.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Stream constants: the forgetting draws and the predictive draws come from the seed,
// each from its own stream.
constexpr std::uint64_t kForgetStream = 0xb1f0f0a9e7c3d215ULL;
constexpr std::uint64_t kPredictStream = 0x5d1c7a3e9b2f4861ULL;

MlpShape shape_for(int inputs, int hidden, int classes) {
  MlpShape shape;
  shape.inputs = inputs;
  shape.hidden = {hidden};
  shape.classes = classes;
  shape.activation = Activation::tanh;
  return shape;
}

}  // namespace

const OptionSet<BnnFamilyOptions>& BnnFamily::option_set() {
  using O = BnnFamilyOptions;
  static const OptionSet<O> set(
      "bnn",
      {option<O>("hidden_width", &O::hidden_width, in_range(1, 512), "units of the MLP's one tanh hidden layer"),
       option<O>("steps", &O::steps, in_range(1, 1000000), "Adam steps of the mean-field VI training (ELBO ascent)"),
       option<O>("batch", &O::batch, in_range(1, 65536), "rows per Adam step (drawn with replacement)"),
       option<O>("learning_rate", &O::learning_rate, in_range(1e-6, 1.0), "Adam's learning rate"),
       option<O>("prior_variance", &O::prior_variance, in_range(1e-6, 1e6),
                 "σ_p²: the prior θ ~ N(0, σ_p² I) on every weight"),
       option<O>("damping", &O::damping, in_range(0, 1e9),
                 "δ of the forgetting step (Ĥ + δI)⁻¹b: larger is a shorter, safer step"),
       option<O>("seed", &O::seed, any_value(), "seed of every draw: initial weights, minibatches, Monte Carlo"),
       option<O>("draw_pairs", &O::draw_pairs, in_range(1, 1024),
                 "antithetic pairs of draws for the forgetting step's expectations"),
       option<O>("predictive_samples", &O::predictive_samples, in_range(1, 100000),
                 "posterior draws averaged by the predictive probabilities")});
  return set;
}

BnnFamily::BnnFamily(int feature_count, const BnnFamilyOptions& options) : options_(options) {
  check_at_least("BnnFamily", "feature_count", feature_count, 1);
  check_at_least("BnnFamily", "hidden_width", options.hidden_width, 1);
  check_at_least("BnnFamily", "draw_pairs", options.draw_pairs, 1);
  check_at_least("BnnFamily", "predictive_samples", options.predictive_samples, 1);
  check_positive("BnnFamily", "prior_variance", options.prior_variance);
  check_nonnegative("BnnFamily", "damping", options.damping);
  feature_count_ = feature_count;
  centre_ = VectorXd::Zero(feature_count);
  scale_ = VectorXd::Ones(feature_count);
}

OptionValues BnnFamily::options() const { return option_values(option_set(), options_); }

std::vector<std::string> BnnFamily::prediction_columns() const {
  std::vector<std::string> out;
  // Before training fixes C, the columns of two classes (the least C).
  for (int c = 0; c < std::max(classes_, 2); ++c) out.push_back("p_class" + std::to_string(c));
  return out;
}

Index BnnFamily::parameter_count() const {
  const Index h = options_.hidden_width;
  const Index outputs = classes_ == 2 ? 1 : classes_;
  return h * (feature_count_ + 1) + outputs * (h + 1);
}

MatrixXd BnnFamily::standardised(const MatrixXd& x) const { return standardise(x, centre_, scale_); }

void BnnFamily::train(const TrainingRows& rows) {
  const char* fn = "BnnFamily::train";
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
  const Mlp mlp(shape_for(feature_count_, options_.hidden_width, classes_));
  ClassificationData data;
  data.x = standardised(rows.x);
  data.labels = labels;
  data.classes = classes_;
  const BnnEnergy energy(mlp, std::move(data), options_.prior_variance);
  MeanFieldOptions vi;
  vi.steps = options_.steps;
  vi.batch = options_.batch;
  vi.learning_rate = options_.learning_rate;
  std::vector<int> all(static_cast<std::size_t>(rows.x.rows()));
  std::iota(all.begin(), all.end(), 0);
  gamma_ = train_mean_field(energy, all, vi, options_.seed);
  estimate_sum_ = 0.0;
}

Certificate BnnFamily::forget(const TrainingRows& erased) {
  const char* fn = "BnnFamily::forget";
  if (classes_ == 0) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(erased.x.cols()), feature_count_);
  check_size(fn, "y", static_cast<long>(erased.y.size()), static_cast<long>(erased.x.rows()));
  const Eigen::VectorXi labels = class_labels(erased.y, classes_, fn);
  const MatrixXd x = standardised(erased.x);
  const Mlp mlp(shape_for(feature_count_, options_.hidden_width, classes_));
  const Index P = parameter_count();
  const auto m = gamma_.head(P);
  const VectorXd s = gamma_.tail(P).array().exp().matrix();

  // The draws: M antithetic ε, each coordinate rescaled to unit mean square (as
  // MeanFieldEnergy), from the seed: the same for every request.
  const int M = 2 * options_.draw_pairs;
  Rng rng(options_.seed ^ kForgetStream);
  MatrixXd eps(P, M);
  eps.leftCols(options_.draw_pairs) = rng.normal_matrix(P, options_.draw_pairs);
  eps.rightCols(options_.draw_pairs) = -eps.leftCols(options_.draw_pairs);
  for (Index d = 0; d < P; ++d) eps.row(d) /= std::sqrt(eps.row(d).squaredNorm() / M);

  // b = Σ_e ∇_γ E_q[h(θ, e)]: b_m = E[Σ_e ∇h_e], b_ρ = E[Σ_e ∇h_e ∘ s ∘ ε].
  VectorXd b_m = VectorXd::Zero(P), b_rho = VectorXd::Zero(P), g(P);
  const VectorXd weights = VectorXd::Constant(x.rows(), 1.0 / M);
  if (x.rows() > 0) {
    for (int j = 0; j < M; ++j) {
      const VectorXd se = s.cwiseProduct(eps.col(j));
      g.setZero();
      mlp.nll(m + se, x, labels, weights, &g);
      b_m += g;
      b_rho += g.cwiseProduct(se);
    }
  }

  // The step of the header: (Ĥ + δI)⁻¹ b with Ĥ = diag(π, 2),
  // π = max((1 − b_ρ)/s², 1/σ_p²) the remaining data's precision on m.
  const double prior_precision = 1.0 / options_.prior_variance;
  const double damping = options_.damping;
  const Eigen::ArrayXd precision = ((1.0 - b_rho.array()) / s.array().square()).max(prior_precision);
  const VectorXd delta_m = (b_m.array() / (precision + damping)).matrix();
  const VectorXd delta_rho = b_rho / (2.0 + damping);
  // λ = ‖δ‖ in the metric Ĥ + δI = √(bᵀ(Ĥ + δI)⁻¹b).
  const double decrement = std::sqrt(delta_m.dot(((precision + damping) * delta_m.array()).matrix()) +
                                     (2.0 + damping) * delta_rho.squaredNorm());
  if (!std::isfinite(decrement)) throw NumericalError("BnnFamily::forget: the influence step is not finite");

  gamma_.head(P) += delta_m;
  gamma_.tail(P) += delta_rho;
  estimate_sum_ += decrement;
  Certificate c;
  c.kind = "estimate";
  c.value = decrement;
  c.sum = estimate_sum_;
  return c;
}

MatrixXd BnnFamily::predict(const MatrixXd& x) const {
  const char* fn = "BnnFamily::predict";
  if (classes_ == 0) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(x.cols()), feature_count_);
  const Mlp mlp(shape_for(feature_count_, options_.hidden_width, classes_));
  const Index P = parameter_count();
  const VectorXd s = gamma_.tail(P).array().exp().matrix();
  const MatrixXd xs = standardised(x);
  Rng rng(options_.seed ^ kPredictStream);
  MatrixXd p = MatrixXd::Zero(x.rows(), classes_);
  if (x.rows() == 0) return p;
  for (int k = 0; k < options_.predictive_samples; ++k) {
    const VectorXd theta = gamma_.head(P) + s.cwiseProduct(rng.normal_vector(P));
    p += mlp.probabilities(theta, xs);
  }
  return p / options_.predictive_samples;
}

PosteriorDistance BnnFamily::distance_to(const ModelFamily& retrained) const {
  const auto* other = dynamic_cast<const BnnFamily*>(&retrained);
  if (!other || other->gamma_.size() != gamma_.size())
    fail_argument("BnnFamily::distance_to", "retrained", "must be a bnn model of the same shape");
  const Index P = parameter_count();
  // KL(N(m, diag s²) ‖ N(m′, diag s′²)) = Σ_d [ρ′_d − ρ_d + (s_d² + (m_d − m′_d)²)/(2s′_d²) − ½].
  const auto rho = gamma_.tail(P).array();
  const auto rho2 = other->gamma_.tail(P).array();
  const Eigen::ArrayXd dm = (gamma_.head(P) - other->gamma_.head(P)).array();
  const double kl = (rho2 - rho + ((2.0 * rho).exp() + dm.square()) / (2.0 * (2.0 * rho2).exp()) - 0.5).sum();
  return {"kl", kl, dm.matrix().norm()};
}

std::unique_ptr<ModelFamily> BnnFamily::untrained_copy() const {
  auto copy = std::make_unique<BnnFamily>(feature_count_, options_);
  // Retraining keeps the parametrisation: C and the standardisation.
  copy->classes_ = classes_;
  copy->centre_ = centre_;
  copy->scale_ = scale_;
  return copy;
}

void BnnFamily::write_state(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(classes_));
  out.vector(centre_);
  out.vector(scale_);
  out.vector(gamma_);
  out.f64(estimate_sum_);
}

void BnnFamily::read_state(ByteReader& in) {
  const std::uint32_t classes = in.u32("bnn classes");
  Eigen::VectorXd centre = in.vector("bnn centre");
  Eigen::VectorXd scale = in.vector("bnn scale");
  Eigen::VectorXd gamma = in.vector("bnn posterior");
  const double sum = in.f64("bnn estimate sum");
  if (classes < 2 || classes > kMaxClassLabels)
    in.fail("bnn classes",
            "must be in [2, " + std::to_string(kMaxClassLabels) + "] (got " + std::to_string(classes) + ")");
  if (centre.size() != feature_count_ || scale.size() != feature_count_ || (scale.array() <= 0).any())
    in.fail("bnn scaling", "does not match " + std::to_string(feature_count_) + " features");
  classes_ = static_cast<int>(classes);
  if (gamma.size() != 2 * parameter_count()) {
    classes_ = 0;
    in.fail("bnn posterior",
            "has " + std::to_string(gamma.size()) + " values, the network " + std::to_string(2 * parameter_count()));
  }
  if (!gamma.allFinite() || !std::isfinite(sum)) {
    classes_ = 0;
    in.fail("bnn posterior", "is not finite");
  }
  centre_ = std::move(centre);
  scale_ = std::move(scale);
  gamma_ = std::move(gamma);
  estimate_sum_ = sum;
}

}  // namespace lethe
