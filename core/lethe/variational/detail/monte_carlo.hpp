// The reparameterised Monte Carlo expectation of a log-likelihood under
// q = N(m, L Lᵀ), shared by the paper protocol's ELBO and the EUBO.
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/base/dense_product.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/likelihood_model.hpp>

namespace lethe::variational_detail {

// Monte Carlo estimate of E_q[mask(θ) log p(D_S|θ)] over θ_s = m + L ε_s for the
// columns ε_s of `eps`, with its reparameterisation gradient (mask held fixed):
//   ∂/∂m = (1/S) Σ_s mask_s ∇ℓ(θ_s),   ∂/∂L = (1/S) Σ_s mask_s ∇ℓ(θ_s) ε_sᵀ.
// mask is the indicator of `region`, or 1 everywhere when `region` is null.
inline double monte_carlo_expectation(const LikelihoodModel& model, const std::vector<int>& subset,
                                      const Eigen::MatrixXd& eps, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                      const AdjustedRegion* region, Eigen::VectorXd& grad_m, Eigen::MatrixXd& grad_L) {
  const double sample_count = static_cast<double>(eps.cols());
  const Eigen::MatrixXd thetas = multiply(L.triangularView<Eigen::Lower>(), eps).colwise() + m;
  Eigen::MatrixXd gradients;
  Eigen::VectorXd ell = model.log_likelihood(subset, thetas, &gradients);
  if (region) {
    const Eigen::VectorXd inside = region->indicator(thetas);
    ell = ell.cwiseProduct(inside);
    gradients = gradients * inside.asDiagonal();
  }
  grad_m = gradients.rowwise().sum() / sample_count;
  grad_L = (multiply_by_transpose(gradients, eps) / sample_count).triangularView<Eigen::Lower>();
  return ell.sum() / sample_count;
}

}  // namespace lethe::variational_detail
