// The linear system of the forgetting step, Δ = H⁻¹ g, shared by the point-state
// forgetter (H = ∇²F at γ) and the SG-MCMC one (H = the Monte Carlo mean of ∇²F
// over sampler states): both solve it the way InfluenceOptions::solver says.
#pragma once

#include <functional>

#include <Eigen/Dense>

#include "bif/influence_forgetting.hpp"

namespace lethe::detail {

// The conjugate-gradient iteration budget: options.cg_max_iterations, or when that
// is 0, kCgIterationsPerDimension × dim.
int cg_budget(const InfluenceOptions& options, Eigen::Index dim);

// H⁻¹ g, H given both ways: `form` builds it (direct: Cholesky), `product` applies
// it (conjugate gradients); only the one the solver needs is called. Errors as
// solve_positive_definite and conjugate_gradient, naming `function`.
Eigen::VectorXd solve_influence_system(const std::function<Eigen::MatrixXd()>& form,
                                       const HessianProduct& product, const Eigen::VectorXd& g,
                                       Eigen::Index dim, const InfluenceOptions& options,
                                       const char* function);

}  // namespace lethe::detail
