// Full-covariance multivariate Gaussian N(mean, L Lᵀ), held by its mean and the
// lower Cholesky factor L of its covariance.
#pragma once

#include <Eigen/Dense>

#include <lethe/base/rng.hpp>

namespace lethe {

class Gaussian {
 public:
  // Throws InvalidArgument on shape mismatch, non-finite entries, or a factor with
  // a non-positive diagonal.
  Gaussian(Eigen::VectorXd mean, Eigen::MatrixXd chol_lower);
  // Factorises a symmetric positive-definite covariance (NumericalError if it is not).
  static Gaussian from_covariance(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance);
  // From natural parameters: precision Λ and shift η = Λ μ.
  static Gaussian from_natural(const Eigen::VectorXd& shift, const Eigen::MatrixXd& precision);

  Eigen::Index dim() const { return mean_.size(); }
  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::MatrixXd& chol() const { return chol_; }
  Eigen::MatrixXd covariance() const;
  Eigen::MatrixXd precision() const;

  // log N(x; μ, Σ) = −½ (d log 2π + log|Σ| + (x−μ)ᵀ Σ⁻¹ (x−μ))
  double log_density(const Eigen::VectorXd& x) const;
  // Column-wise log densities of a d×n matrix of points.
  Eigen::VectorXd log_density_columns(const Eigen::MatrixXd& points) const;
  // The maximum of the density, at the mean: −½ (d log 2π + log|Σ|).
  double log_density_at_mode() const;
  // H = ½ (d (1 + log 2π) + log|Σ|)
  double entropy() const;
  double log_det_covariance() const;

  Eigen::VectorXd sample(Rng& rng) const;
  // d×n matrix, one sample per column: μ + L ε.
  Eigen::MatrixXd sample(Rng& rng, Eigen::Index n) const;

 private:
  Eigen::VectorXd mean_;
  Eigen::MatrixXd chol_;
};

// KL(a ‖ b) = ½ [ tr(Σb⁻¹Σa) + (μb−μa)ᵀ Σb⁻¹ (μb−μa) − d + log|Σb| − log|Σa| ]
double kl_divergence(const Gaussian& a, const Gaussian& b);

}  // namespace lethe
