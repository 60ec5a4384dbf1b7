#include <lethe/variational/covariance_form.hpp>

#include <utility>

#include <lethe/base/errors.hpp>

namespace lethe {

DiagonalGaussian::DiagonalGaussian(Eigen::VectorXd mean, Eigen::VectorXd standard_deviations)
    : mean_(std::move(mean)), standard_deviations_(std::move(standard_deviations)) {
  const char* fn = "DiagonalGaussian";
  check_size(fn, "standard_deviations", static_cast<long>(standard_deviations_.size()),
             static_cast<long>(mean_.size()));
  check_finite(fn, "mean", mean_);
  check_finite(fn, "standard_deviations", standard_deviations_);
  if (standard_deviations_.size() > 0 && !(standard_deviations_.minCoeff() > 0.0))
    fail_argument(fn, "standard_deviations", "must be positive");
}

DiagonalGaussian DiagonalGaussian::from_log_scale(const Eigen::VectorXd& mean_and_log_scale) {
  if (mean_and_log_scale.size() % 2 != 0)
    fail_argument("DiagonalGaussian::from_log_scale", "mean_and_log_scale", "must hold (m, log s): an even length");
  const Eigen::Index d = mean_and_log_scale.size() / 2;
  return DiagonalGaussian(mean_and_log_scale.head(d), mean_and_log_scale.tail(d).array().exp().matrix());
}

Eigen::MatrixXd DiagonalGaussian::sample(Rng& rng, Eigen::Index n) const {
  check_at_least("DiagonalGaussian::sample", "n", static_cast<long>(n), 0);
  // θ = m + s∘ε, column by column as Rng::normal_matrix draws ε.
  return (rng.normal_matrix(dim(), n).array().colwise() * standard_deviations_.array()).matrix().colwise() + mean_;
}

Gaussian DiagonalGaussian::to_full() const {
  return Gaussian(mean_, standard_deviations_.asDiagonal().toDenseMatrix());
}

}  // namespace lethe
