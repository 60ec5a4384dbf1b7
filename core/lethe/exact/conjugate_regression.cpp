#include <lethe/exact/conjugate_regression.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/dense_product.hpp>
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
  Eigen::RowVectorXd phi(dim());
  evaluate(x, phi);
  return phi.transpose();
}

void RbfFeatures::evaluate(double x, Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> row) const {
  row[0] = 1.0;
  const double scale = -0.5 / (width_ * width_);
  for (Eigen::Index j = 0; j < centres_.size(); ++j) {
    const double d = x - centres_[j];
    row[j + 1] = std::exp(scale * d * d);
  }
}

Eigen::MatrixXd RbfFeatures::design(const Eigen::VectorXd& xs) const {
  Eigen::MatrixXd m(xs.size(), dim());
  for (Eigen::Index i = 0; i < xs.size(); ++i) evaluate(xs[i], m.row(i));
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

void ConjugateLinearRegression::accumulate(const std::vector<int>& rows, double sign) {
  // Sufficient statistics of the observations: Λ += ±σ⁻² ΦᵀΦ and η += ±σ⁻² Φᵀy, a block
  // of rows at a time, so that each update is one small matrix product (vectorised, in
  // registers; base/dense_product.hpp) rather than a rank-one update per row: the
  // block holds [Φ y], and [Φ y]ᵀ[Φ y] holds ΦᵀΦ and, beside it, Φᵀy.
  const Eigen::Index kBlock = std::min<Eigen::Index>(64, static_cast<Eigen::Index>(rows.size()));
  const Eigen::Index d = features_.dim();
  Eigen::MatrixXd block(kBlock, d + 1);
  const double w = sign / noise_variance_;
  for (std::size_t start = 0; start < rows.size(); start += kBlock) {
    const Eigen::Index m = std::min<Eigen::Index>(kBlock, static_cast<Eigen::Index>(rows.size() - start));
    if (m < block.rows()) block.conservativeResize(m, d + 1);
    for (Eigen::Index r = 0; r < m; ++r) {
      const int row = rows[start + static_cast<std::size_t>(r)];
      features_.evaluate(x_[row], block.row(r).head(d));
      block(r, d) = y_[row];
    }
    const Eigen::MatrixXd statistics = multiply_transposed(block, block);
    precision_ += w * statistics.topLeftCorner(d, d);
    shift_ += w * statistics.col(d).head(d);
  }
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
  accumulate(rows_.active_ids(), +1.0);
}

void ConjugateLinearRegression::forget(const std::vector<int>& ids) {
  // Validate everything first: a bad request must leave the model untouched.
  rows_.forget(ids, "ConjugateLinearRegression::forget", "ids");
  accumulate(ids, -1.0);
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
  fresh.accumulate(rows_.active_ids(), +1.0);
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

ExactForgetComparison compare_exact_forgetting(ConjugateLinearRegression model, const std::vector<int>& forget,
                                               const Eigen::VectorXd& grid) {
  ExactForgetComparison out;
  out.original = model.predict(grid);
  model.forget(forget);
  out.forgotten = model.predict(grid);
  const ConjugateLinearRegression retrained = model.retrained();
  out.retrained = retrained.predict(grid);
  const auto largest = [](const auto& a, const auto& b) { return a.size() == 0 ? 0.0 : (a - b).cwiseAbs().maxCoeff(); };
  out.max_prediction_difference =
      std::max(largest(out.forgotten.mean, out.retrained.mean), largest(out.forgotten.std_dev, out.retrained.std_dev));
  const Gaussian f = model.posterior(), r = retrained.posterior();
  out.max_posterior_difference = std::max(largest(f.mean(), r.mean()), largest(f.covariance(), r.covariance()));
  return out;
}

}  // namespace lethe
