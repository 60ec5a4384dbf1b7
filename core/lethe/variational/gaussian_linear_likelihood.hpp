// The conjugate Gaussian model (the foundation's Bayesian linear regression) seen
// through the LikelihoodModel interface:
//     log p(y_i | θ) = −½ log(2πσ²) − (y_i − φ_iᵀθ)² / (2σ²).
// With a Gaussian prior its posterior is exactly Gaussian, so the variational
// methods can be checked against closed forms: learning recovers p(θ|D) and
// unlearning with λ = 0 must recover p(θ|D_r).
#pragma once

#include <lethe/variational/likelihood_model.hpp>

namespace lethe {

class GaussianLinearLikelihood : public LikelihoodModel {
 public:
  // design: n×d rows φ_iᵀ; y: n targets; noise_variance σ² > 0.
  GaussianLinearLikelihood(Eigen::MatrixXd design, Eigen::VectorXd y, double noise_variance);

  Eigen::Index dim() const override { return design_.cols(); }
  int rows() const override { return static_cast<int>(design_.rows()); }
  Eigen::VectorXd log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                 Eigen::MatrixXd* gradients) const override;
  // Closed form: E[(y − φᵀθ)²] = (y − φᵀm)² + ‖Lᵀφ‖².
  double expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                 Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) const override;

 private:
  Eigen::MatrixXd design_;
  Eigen::VectorXd y_;
  double noise_variance_;
};

}  // namespace lethe
