#include <lethe/exact/conjugate_regression.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

RbfFeatures::RbfFeatures(int count, double lo, double hi, double width) : width_(width) {
  const char* fn = "RbfFeatures";
  check_at_least(fn, "count", count, 1);
  check_finite(fn, "lo", lo);
  check_finite(fn, "hi", hi);
  if (!(hi > lo)) fail_argument(fn, "hi", "must exceed lo");
  check_positive(fn, "width", width);
  centres_ = Eigen::VectorXd::LinSpaced(count, lo, hi);
}

Eigen::VectorXd RbfFeatures::operator()(double x) const {
  Eigen::VectorXd phi(dim());
  phi[0] = 1.0;
  const double scale = -0.5 / (width_ * width_);
  for (Eigen::Index j = 0; j < centres_.size(); ++j) {
    const double d = x - centres_[j];
    phi[j + 1] = std::exp(scale * d * d);
  }
  return phi;
}

Eigen::MatrixXd RbfFeatures::design(const Eigen::VectorXd& xs) const {
  Eigen::MatrixXd m(xs.size(), dim());
  for (Eigen::Index i = 0; i < xs.size(); ++i) m.row(i) = (*this)(xs[i]).transpose();
  return m;
}

ConjugateLinearRegression::ConjugateLinearRegression(RbfFeatures features, double prior_precision,
                                                     double noise_variance)
    : features_(std::move(features)), prior_precision_(prior_precision), noise_variance_(noise_variance) {
  check_positive("ConjugateLinearRegression", "prior_precision", prior_precision);
  check_positive("ConjugateLinearRegression", "noise_variance", noise_variance);
  precision_ = prior_precision_ * Eigen::MatrixXd::Identity(features_.dim(), features_.dim());
  shift_ = Eigen::VectorXd::Zero(features_.dim());
}

void ConjugateLinearRegression::accumulate(int row, double sign) {
  // Sufficient statistics of one observation: σ⁻² φφᵀ and σ⁻² y φ.
  const Eigen::VectorXd phi = features_(x_[row]);
  const double w = sign / noise_variance_;
  precision_.noalias() += w * phi * phi.transpose();
  shift_.noalias() += (w * y_[row]) * phi;
}

void ConjugateLinearRegression::fit(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  const char* fn = "ConjugateLinearRegression::fit";
  check_at_least(fn, "x", static_cast<long>(x.size()), 1);
  check_size(fn, "y", y.size(), x.size());
  check_finite(fn, "x", x);
  check_finite(fn, "y", y);
  x_ = x;
  y_ = y;
  rows_ = ActiveRows(static_cast<int>(x.size()));
  precision_ = prior_precision_ * Eigen::MatrixXd::Identity(features_.dim(), features_.dim());
  shift_ = Eigen::VectorXd::Zero(features_.dim());
  for (int i = 0; i < static_cast<int>(x.size()); ++i) accumulate(i, +1.0);
}

void ConjugateLinearRegression::forget(const std::vector<int>& ids) {
  // Validate everything first: a bad request must leave the model untouched.
  rows_.forget(ids, "ConjugateLinearRegression::forget", "ids");
  for (int id : ids) accumulate(id, -1.0);
  if (rows_.remaining() == 0) {
    // Nothing left: the posterior is the prior, exactly (no rounding residue).
    precision_ = prior_precision_ * Eigen::MatrixXd::Identity(features_.dim(), features_.dim());
    shift_.setZero();
  }
}

ConjugateLinearRegression ConjugateLinearRegression::retrained() const {
  ConjugateLinearRegression fresh(features_, prior_precision_, noise_variance_);
  fresh.x_ = x_;
  fresh.y_ = y_;
  fresh.rows_ = rows_;
  for (int id : rows_.active_ids()) fresh.accumulate(id, +1.0);
  return fresh;
}

Gaussian ConjugateLinearRegression::posterior() const { return Gaussian::from_natural(shift_, precision_); }

Gaussian ConjugateLinearRegression::prior() const {
  const Eigen::Index d = features_.dim();
  return Gaussian(Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d) / std::sqrt(prior_precision_));
}

Prediction ConjugateLinearRegression::predict(const Eigen::VectorXd& xs) const {
  check_finite("ConjugateLinearRegression::predict", "xs", xs);
  const Gaussian post = posterior();
  const Eigen::MatrixXd phi = features_.design(xs);
  // f(x) = φ(x)ᵀw: mean φᵀμ, variance ‖Lᵀφ‖² with Σ = LLᵀ.
  Eigen::MatrixXd projected = phi * post.chol();
  return {phi * post.mean(), projected.rowwise().norm()};
}

}  // namespace lethe
