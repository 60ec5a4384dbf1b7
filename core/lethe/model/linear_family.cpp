#include <lethe/model/linear_family.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>

namespace lethe {

const OptionSet<LinearFamilyOptions>& LinearFamily::option_set() {
  using O = LinearFamilyOptions;
  static const OptionSet<O> set("linear", {option<O>("prior_precision", &O::prior_precision, in_range(1e-12, 1e12),
                                                     "α: the prior w ~ N(0, α⁻¹ I) on the weights and the bias"),
                                           option<O>("noise_variance", &O::noise_variance, in_range(1e-12, 1e12),
                                                     "σ²: the observation noise y = wᵀx̃ + ε, ε ~ N(0, σ²)")});
  return set;
}

LinearFamily::LinearFamily(int feature_count, double prior_precision, double noise_variance)
    : prior_precision_(prior_precision), noise_variance_(noise_variance) {
  feature_count_ = feature_count;
  const int d = feature_count + 1;
  precision_ = prior_precision_ * Eigen::MatrixXd::Identity(d, d);
  shift_ = Eigen::VectorXd::Zero(d);
}

OptionValues LinearFamily::options() const {
  return option_values(option_set(), LinearFamilyOptions{prior_precision_, noise_variance_});
}

void LinearFamily::accumulate(const TrainingRows& rows, double sign) {
  const Eigen::Index n = rows.x.rows();
  Eigen::MatrixXd design(n, feature_count_ + 1);  // rows x̃_iᵀ
  design.col(0).setOnes();
  design.rightCols(feature_count_) = rows.x;
  const double scale = sign / noise_variance_;
  precision_.noalias() += scale * design.transpose() * design;
  shift_.noalias() += scale * design.transpose() * rows.y;
}

void LinearFamily::train(const TrainingRows& rows) {
  check_size("LinearFamily::train", "x", static_cast<long>(rows.x.cols()), feature_count_);
  const int d = feature_count_ + 1;
  precision_ = prior_precision_ * Eigen::MatrixXd::Identity(d, d);
  shift_ = Eigen::VectorXd::Zero(d);
  accumulate(rows, +1.0);
}

Certificate LinearFamily::forget(const TrainingRows& erased) {
  check_size("LinearFamily::forget", "x", static_cast<long>(erased.x.cols()), feature_count_);
  accumulate(erased, -1.0);
  Certificate c;
  c.kind = "exact";
  return c;
}

Eigen::MatrixXd LinearFamily::predict(const Eigen::MatrixXd& x) const {
  check_size("LinearFamily::predict", "x", static_cast<long>(x.cols()), feature_count_);
  const Eigen::LLT<Eigen::MatrixXd> llt(precision_);
  const Eigen::VectorXd mean = llt.solve(shift_);
  Eigen::MatrixXd out(x.rows(), 3);
  Eigen::VectorXd xt(feature_count_ + 1);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    xt(0) = 1.0;
    xt.tail(feature_count_) = x.row(i).transpose();
    const double variance = xt.dot(llt.solve(xt));  // x̃ᵀ Λ⁻¹ x̃
    out(i, 0) = xt.dot(mean);
    out(i, 1) = std::sqrt(variance);
    out(i, 2) = std::sqrt(variance + noise_variance_);
  }
  return out;
}

PosteriorDistance LinearFamily::distance_to(const ModelFamily& retrained) const {
  const auto* other = dynamic_cast<const LinearFamily*>(&retrained);
  if (!other) fail_argument("LinearFamily::distance_to", "retrained", "must be a linear model");
  const Gaussian a = Gaussian::from_natural(shift_, precision_);
  const Gaussian b = Gaussian::from_natural(other->shift_, other->precision_);
  return {"kl", kl_divergence(a, b), (a.mean() - b.mean()).norm()};
}

std::unique_ptr<ModelFamily> LinearFamily::untrained_copy() const {
  return std::make_unique<LinearFamily>(feature_count_, prior_precision_, noise_variance_);
}

void LinearFamily::write_state(ByteWriter& out) const {
  out.matrix(precision_);
  out.vector(shift_);
}

void LinearFamily::read_state(ByteReader& in) {
  Eigen::MatrixXd precision = in.matrix("linear precision");
  Eigen::VectorXd shift = in.vector("linear shift");
  const Eigen::Index d = feature_count_ + 1;
  if (precision.rows() != d || precision.cols() != d || shift.size() != d)
    in.fail("linear state", "has dimension " + std::to_string(shift.size()) + ", expected " + std::to_string(d));
  precision_ = std::move(precision);
  shift_ = std::move(shift);
}

}  // namespace lethe
