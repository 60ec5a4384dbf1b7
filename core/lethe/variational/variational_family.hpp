// The variational family q(θ) = N(m, L Lᵀ), L lower triangular, as the optimisers
// see it: a flat vector [m; L_ij (i ≥ j, column by column)], the closed-form KL to
// a Gaussian base with its gradients, and the whitening map used by the `fast`
// protocol,
//     m = m_b + L_b μ,   L = L_b L',
// under which KL[q ‖ N(m_b, L_b L_bᵀ)] = KL[N(μ, L'L'ᵀ) ‖ N(0, I)]: the base (prior
// or q(θ|D)) becomes the standard normal and the optimiser sees a well-conditioned
// problem.
#pragma once

#include <functional>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/base/lbfgs.hpp>

namespace lethe {

// Number of free parameters d + d(d+1)/2.
Eigen::Index packed_size(Eigen::Index d);
Eigen::VectorXd pack(const Eigen::VectorXd& m, const Eigen::MatrixXd& L);  // reads L's lower triangle
void unpack(const Eigen::VectorXd& x, Eigen::Index d, Eigen::VectorXd& m, Eigen::MatrixXd& L);

// L and L·diag(±1) give the same covariance: flips the columns whose diagonal entry
// is negative and returns the Gaussian (NumericalError for a zero diagonal).
Gaussian gaussian_from_factor(const Eigen::VectorXd& m, const Eigen::MatrixXd& L);

// KL[N(m, L Lᵀ) ‖ base] = ½[tr(Σ_b⁻¹LLᵀ) + (m−m_b)ᵀΣ_b⁻¹(m−m_b) − d + log|Σ_b|] − Σ_i log|L_ii|
// with ∂/∂m = Σ_b⁻¹(m − m_b) and ∂/∂L = lower(Σ_b⁻¹ L) − diag(1/L_ii).
double kl_to_base(const Eigen::VectorXd& m, const Eigen::MatrixXd& L, const Gaussian& base, Eigen::VectorXd* grad_m,
                  Eigen::MatrixXd* grad_L);

// An objective of q = N(m, L Lᵀ): value, and the gradients in m and (lower) L.
using FactorObjective = std::function<double(const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                             Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L)>;

// The same objective as a function of the packed whitened parameters [μ; L'] with
// respect to `base`. Chain rule: ∂/∂μ = L_bᵀ ∂/∂m, ∂/∂L' = lower(L_bᵀ ∂/∂L).
Objective whitened_objective(FactorObjective f, const Gaussian& base);
// Packed whitened parameters of q, and back.
Eigen::VectorXd whiten(const Gaussian& q, const Gaussian& base);
Gaussian unwhiten(const Eigen::VectorXd& x, const Gaussian& base);

}  // namespace lethe
