#include <lethe/model/gp_family.hpp>

#include <cmath>
#include <numeric>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/class_labels.hpp>
#include <lethe/model/feature_scaling.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/reverse_kl.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Stream constants: the inducing points and the methods' Monte Carlo draws come from
// the seed, each from its own stream.
constexpr std::uint64_t kInducingStream = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kForgetStream = 0x2545f4914f6cdd1dULL;

// The settings of every variational routine here: the fast protocol (quadrature and
// L-BFGS, the reverse KL's optimum in closed form), seeded.
VariationalOptions variational_options(std::uint64_t seed) {
  VariationalOptions o;
  o.protocol = Protocol::fast;
  o.seed = seed;
  return o;
}

}  // namespace

const OptionSet<GpFamilyOptions>& GpFamily::option_set() {
  using O = GpFamilyOptions;
  static const OptionSet<O> set(
      "gp",
      {option<O>("method", &O::method, any_value(),
                 "forgetting: EUBO or reverse KL, both from q(θ|D) and the erased rows alone; the file keeps its "
                 "index (0, 1)"),
       option<O>("adjusted_lambda", &O::lambda, in_range(0, 1),
                 "λ of the adjusted likelihood p̃_λ(D_e|θ): 0 the plain likelihood, 1 forgets nothing"),
       option<O>("inducing", &O::inducing, in_range(2, 200),
                 "M inducing points, drawn from N(0, I) in standardised units from the seed"),
       option<O>("lengthscale", &O::lengthscale, in_range(1e-3, 1e3),
                 "ℓ of the squared-exponential kernel, in standardised units"),
       option<O>("kernel_variance", &O::kernel_variance, in_range(1e-6, 1e6),
                 "σ_k²: the kernel's variance, the prior variance of f(x)"),
       option<O>("seed", &O::seed, any_value(), "seed of the inducing points and of the methods' Monte Carlo draws")});
  return set;
}

GpFamily::GpFamily(int feature_count, const GpFamilyOptions& options) : options_(options) {
  const char* fn = "GpFamily";
  check_at_least(fn, "feature_count", feature_count, 1);
  check_unit_interval(fn, "adjusted_lambda", options.lambda);
  check_at_least(fn, "inducing", options.inducing, 2);
  check_positive(fn, "lengthscale", options.lengthscale);
  check_positive(fn, "kernel_variance", options.kernel_variance);
  feature_count_ = feature_count;
  centre_ = VectorXd::Zero(feature_count);
  scale_ = VectorXd::Ones(feature_count);
  // Z from the seed alone (the header says why): z_j ~ N(0, I_k), row by row.
  Rng rng(options.seed ^ kInducingStream);
  inducing_ = rng.normal_matrix(options.inducing, feature_count);
}

OptionValues GpFamily::options() const { return option_values(option_set(), options_); }

const Gaussian& GpFamily::posterior() const {
  if (!q_) fail_argument("GpFamily::posterior", "model", "is not trained");
  return *q_;
}

MatrixXd GpFamily::standardised(const MatrixXd& x) const { return standardise(x, centre_, scale_); }

SparseGpClassifier GpFamily::classifier(const MatrixXd& xs, const Eigen::VectorXi& labels) const {
  SeArdKernel kernel;
  kernel.lengthscales = VectorXd::Constant(feature_count_, options_.lengthscale);
  kernel.variance = options_.kernel_variance;
  return SparseGpClassifier(xs, labels, inducing_, kernel);
}

void GpFamily::train(const TrainingRows& rows) {
  const char* fn = "GpFamily::train";
  check_size(fn, "x", static_cast<long>(rows.x.cols()), feature_count_);
  check_size(fn, "y", static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
  check_at_least(fn, "rows", static_cast<long>(rows.x.rows()), 1);
  const Eigen::VectorXi labels = class_labels(rows.y, 2, fn);
  if (!scaling_fixed_) {
    // The first training fixes the standardisation for the model's life.
    fit_feature_scaling(rows.x, centre_, scale_);
    scaling_fixed_ = true;
  }
  const SparseGpClassifier model = classifier(standardised(rows.x), labels);
  std::vector<int> all(static_cast<std::size_t>(rows.x.rows()));
  std::iota(all.begin(), all.end(), 0);
  // From the prior, as the moons experiment's fast protocol: retraining then starts
  // where training did, and verify's reference is a function of the rows alone.
  q_ = fit_elbo(model, all, model.prior(), model.prior(), variational_options(options_.seed)).q;
  estimate_sum_ = 0.0;
}

Certificate GpFamily::forget(const TrainingRows& erased) {
  const char* fn = "GpFamily::forget";
  if (!q_) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(erased.x.cols()), feature_count_);
  check_size(fn, "y", static_cast<long>(erased.y.size()), static_cast<long>(erased.x.rows()));
  check_at_least(fn, "rows", static_cast<long>(erased.x.rows()), 1);
  // The classifier on D_e alone: its rows 0..r−1 are the erased ones.
  const SparseGpClassifier model = classifier(standardised(erased.x), class_labels(erased.y, 2, fn));
  std::vector<int> ids(static_cast<std::size_t>(erased.x.rows()));
  std::iota(ids.begin(), ids.end(), 0);
  const VariationalOptions vo = variational_options(options_.seed ^ kForgetStream);
  const Gaussian before = *q_;
  Gaussian after = options_.method == ForgetMethod::eubo ? forget_eubo(model, ids, before, options_.lambda, vo).q
                                                         : forget_reverse_kl(model, ids, before, options_.lambda, vo).q;
  // The certificate of the header: the request's move KL[q_after ‖ q_before].
  const double moved = kl_divergence(after, before);
  if (!std::isfinite(moved)) throw NumericalError("GpFamily::forget: the unlearned posterior is not finite");
  q_ = std::move(after);
  estimate_sum_ += moved;
  Certificate c;
  c.kind = "estimate";
  c.value = moved;
  c.sum = estimate_sum_;
  return c;
}

MatrixXd GpFamily::predict(const MatrixXd& x) const {
  const char* fn = "GpFamily::predict";
  if (!q_) fail_argument(fn, "model", "is not trained");
  check_size(fn, "x", static_cast<long>(x.cols()), feature_count_);
  MatrixXd out(x.rows(), 3);
  if (x.rows() == 0) return out;
  // A classifier needs rows; Z itself serves, and only its projection is used.
  const SparseGpClassifier model = classifier(inducing_, Eigen::VectorXi::Zero(inducing_.rows()));
  const MatrixXd a = model.projection(standardised(x));  // rows a(x)ᵀ
  const BernoulliPredictive p = model.predict_projected(*q_, a);
  out.col(0) = p.p1;
  out.col(1) = a * q_->mean();                     // a(x)ᵀm
  out.col(2) = (a * q_->chol()).rowwise().norm();  // ‖Lᵀa(x)‖
  return out;
}

PosteriorDistance GpFamily::distance_to(const ModelFamily& retrained) const {
  const auto* other = dynamic_cast<const GpFamily*>(&retrained);
  if (!other || !other->q_ || !q_ || other->inducing_.rows() != inducing_.rows())
    fail_argument("GpFamily::distance_to", "retrained", "must be a trained gp model with the same inducing points");
  return {"kl", kl_divergence(*q_, *other->q_), (q_->mean() - other->q_->mean()).norm()};
}

std::unique_ptr<ModelFamily> GpFamily::untrained_copy() const {
  auto copy = std::make_unique<GpFamily>(feature_count_, options_);
  // Retraining keeps the parametrisation: the standardisation (Z comes from the seed).
  copy->scaling_fixed_ = scaling_fixed_;
  copy->centre_ = centre_;
  copy->scale_ = scale_;
  return copy;
}

void GpFamily::write_state(ByteWriter& out) const {
  out.u8(q_ ? 1 : 0);
  out.vector(centre_);
  out.vector(scale_);
  out.vector(q_ ? q_->mean() : VectorXd());
  out.matrix(q_ ? q_->chol() : MatrixXd());
  out.f64(estimate_sum_);
}

void GpFamily::read_state(ByteReader& in) {
  const std::uint8_t trained = in.u8("gp trained");
  VectorXd centre = in.vector("gp centre");
  VectorXd scale = in.vector("gp scale");
  VectorXd mean = in.vector("gp posterior mean");
  MatrixXd chol = in.matrix("gp posterior factor");
  const double sum = in.f64("gp estimate sum");
  if (trained > 1) in.fail("gp trained", "must be 0 or 1 (got " + std::to_string(trained) + ")");
  if (centre.size() != feature_count_ || scale.size() != feature_count_ || !centre.allFinite() || !scale.allFinite() ||
      (scale.array() <= 0).any())
    in.fail("gp scaling", "does not match " + std::to_string(feature_count_) + " features");
  const Index m = trained ? inducing_.rows() : 0;
  if (mean.size() != m || chol.rows() != m || chol.cols() != m)
    in.fail("gp posterior",
            "has dimension " + std::to_string(mean.size()) + ", the inducing points " + std::to_string(m));
  // A Cholesky factor: finite, lower triangular, positive diagonal (as Gaussian requires).
  if (!mean.allFinite() || !chol.allFinite() || !std::isfinite(sum) ||
      (m > 0 && (chol.diagonal().array() <= 0).any()) ||
      (m > 1 && !chol.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0)))
    in.fail("gp posterior", "is not a finite Gaussian with a lower-triangular factor");
  centre_ = std::move(centre);
  scale_ = std::move(scale);
  scaling_fixed_ = trained != 0;
  if (trained)
    q_.emplace(std::move(mean), std::move(chol));
  else
    q_.reset();
  estimate_sum_ = sum;
}

}  // namespace lethe
