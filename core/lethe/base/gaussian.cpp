#include <lethe/base/gaussian.hpp>

#include <cmath>
#include <optional>
#include <utility>

#include <lethe/base/constants.hpp>
#include <lethe/base/dense_product.hpp>
#include <lethe/base/errors.hpp>

namespace lethe {

Gaussian::Gaussian(Eigen::VectorXd mean, Eigen::MatrixXd chol_lower)
    : mean_(std::move(mean)), chol_(std::move(chol_lower)) {
  const char* fn = "Gaussian";
  check_size(fn, "chol_lower rows", chol_.rows(), mean_.size());
  check_size(fn, "chol_lower cols", chol_.cols(), mean_.size());
  check_finite(fn, "mean", mean_);
  check_finite(fn, "chol_lower", chol_);
  for (Eigen::Index i = 0; i < chol_.rows(); ++i)
    if (!(chol_(i, i) > 0.0))
      fail_argument(
          fn, "chol_lower",
          "must have a positive diagonal (entry " + std::to_string(i) + " is " + detail::to_text(chol_(i, i)) + ")");
  // Only the lower triangle is meaningful; clear the rest (in place) so products are exact.
  chol_.triangularView<Eigen::StrictlyUpper>().setZero();
}

Gaussian Gaussian::from_covariance(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance) {
  const char* fn = "Gaussian::from_covariance";
  check_size(fn, "covariance rows", covariance.rows(), mean.size());
  check_size(fn, "covariance cols", covariance.cols(), mean.size());
  check_finite(fn, "covariance", covariance);
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (covariance + covariance.transpose()));
  if (llt.info() != Eigen::Success) throw NumericalError(std::string(fn) + ": covariance is not positive definite");
  return Gaussian(mean, llt.matrixL());
}

Gaussian Gaussian::from_natural(const Eigen::VectorXd& shift, const Eigen::MatrixXd& precision) {
  const char* fn = "Gaussian::from_natural";
  check_size(fn, "precision rows", precision.rows(), shift.size());
  check_size(fn, "precision cols", precision.cols(), shift.size());
  check_finite(fn, "precision", precision);
  check_finite(fn, "shift", shift);
  // With J the order-reversing permutation, J Λ J = R Rᵀ (R lower), so Λ = U Uᵀ with
  // U = J R J upper, and Σ = Λ⁻¹ = U⁻ᵀ U⁻¹ where U⁻ᵀ = J R⁻ᵀ J is lower: the Cholesky
  // factor of Σ, from one factorisation and one triangular inverse (d³/3 + d³/6)
  // instead of factorising Λ, inverting it and factorising Σ. Up to kSmallDimension
  // (the conjugate and GP posteriors, one factorisation per request) by the compact
  // fixed-order factorisation, whose bits are the same natively and in WebAssembly;
  // above it by Eigen's blocked LLT, the faster one at hundreds of dimensions.
  constexpr Eigen::Index kSmallDimension = 64;
  const Eigen::MatrixXd reversed = (0.5 * (precision + precision.transpose())).reverse();
  Eigen::MatrixXd r;
  if (shift.size() <= kSmallDimension) {
    std::optional<Eigen::MatrixXd> factor = cholesky_lower(reversed);
    if (!factor) throw NumericalError(std::string(fn) + ": precision is not positive definite");
    r = std::move(*factor);
  } else {
    Eigen::LLT<Eigen::MatrixXd> llt(reversed);
    if (llt.info() != Eigen::Success) throw NumericalError(std::string(fn) + ": precision is not positive definite");
    r = llt.matrixL();
  }
  Eigen::MatrixXd chol = inverse_lower(r).transpose().reverse();  // J R⁻ᵀ J
  // μ = Σ η = L (Lᵀ η), by the fixed-order product (L's zeros add nothing).
  Eigen::VectorXd mean = multiply(chol, multiply_transposed(chol, shift));
  return Gaussian(std::move(mean), std::move(chol));
}

Eigen::MatrixXd Gaussian::covariance() const { return chol_ * chol_.transpose(); }

Eigen::MatrixXd Gaussian::precision() const {
  Eigen::MatrixXd inv_l = chol_.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(dim(), dim()));
  return inv_l.transpose() * inv_l;
}

double Gaussian::log_det_covariance() const { return 2.0 * chol_.diagonal().array().log().sum(); }

double Gaussian::log_density(const Eigen::VectorXd& x) const {
  check_size("Gaussian::log_density", "x", x.size(), dim());
  // Mahalanobis term via one triangular solve: ‖L⁻¹(x−μ)‖².
  Eigen::VectorXd z = chol_.triangularView<Eigen::Lower>().solve(x - mean_);
  return -0.5 * (static_cast<double>(dim()) * kLog2Pi + log_det_covariance() + z.squaredNorm());
}

Eigen::VectorXd Gaussian::log_density_columns(const Eigen::MatrixXd& points) const {
  check_size("Gaussian::log_density_columns", "points rows", points.rows(), dim());
  Eigen::MatrixXd z = chol_.triangularView<Eigen::Lower>().solve(points.colwise() - mean_);
  const double constant = static_cast<double>(dim()) * kLog2Pi + log_det_covariance();
  return (-0.5 * (z.colwise().squaredNorm().array() + constant)).matrix().transpose();
}

double Gaussian::log_density_at_mode() const {
  return -0.5 * (static_cast<double>(dim()) * kLog2Pi + log_det_covariance());
}

double Gaussian::entropy() const { return 0.5 * (static_cast<double>(dim()) * (1.0 + kLog2Pi) + log_det_covariance()); }

Eigen::VectorXd Gaussian::sample(Rng& rng) const { return mean_ + chol_ * rng.normal_vector(dim()); }

Eigen::MatrixXd Gaussian::sample(Rng& rng, Eigen::Index n) const {
  check_at_least("Gaussian::sample", "n", static_cast<long>(n), 0);
  return multiply(chol_, rng.normal_matrix(dim(), n)).colwise() + mean_;
}

double kl_divergence(const Gaussian& a, const Gaussian& b) {
  check_size("kl_divergence", "b dimension", b.dim(), a.dim());
  const auto lb = b.chol().triangularView<Eigen::Lower>();
  // tr(Σb⁻¹Σa) = ‖Lb⁻¹ La‖_F², (μb−μa)ᵀΣb⁻¹(μb−μa) = ‖Lb⁻¹(μb−μa)‖².
  const double trace = lb.solve(a.chol()).squaredNorm();
  const double mahalanobis = lb.solve(b.mean() - a.mean()).squaredNorm();
  return 0.5 * (trace + mahalanobis - static_cast<double>(a.dim()) + b.log_det_covariance() - a.log_det_covariance());
}

}  // namespace lethe
