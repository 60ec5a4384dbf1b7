// The linear system of the forgetting step, Δ = H⁻¹ g, shared by the point-state
// forgetter (H = ∇²F at γ) and the SG-MCMC one (H = the Monte Carlo mean of ∇²F
// over sampler states): both solve it the way InfluenceOptions::solver says.
#pragma once

#include <functional>
#include <optional>

#include <Eigen/Dense>

#include <lethe/bif/influence_forgetting.hpp>

namespace lethe::detail {

// The conjugate-gradient iteration budget: options.cg_max_iterations, or when that
// is 0, kCgIterationsPerDimension × dim.
int cg_budget(const InfluenceOptions& options, Eigen::Index dim);

// H⁻¹ g, H given both ways: `form` builds it (direct: Cholesky), `product` applies
// it (conjugate gradients); only the one the solver needs is called. Errors as
// solve_positive_definite and conjugate_gradient, naming `function`.
Eigen::VectorXd solve_influence_system(const std::function<Eigen::MatrixXd()>& form, const HessianProduct& product,
                                       const Eigen::VectorXd& g, Eigen::Index dim, const InfluenceOptions& options,
                                       const char* function);

// The same system for several right-hand sides: the step, then the residual's
// decrement, both in the metric of the step's H. The direct solver forms and
// factorises H once, on the first solve.
class InfluenceSystem {
 public:
  InfluenceSystem(std::function<Eigen::MatrixXd()> form, HessianProduct product, Eigen::Index dim,
                  const InfluenceOptions& options, const char* function);
  Eigen::VectorXd solve(const Eigen::VectorXd& b);
  // √(bᵀ H⁻¹ b): the size of a gradient b in the inverse-Hessian norm (the Newton
  // decrement when b is the gradient of the energy being minimised).
  double decrement(const Eigen::VectorXd& b);

 private:
  std::function<Eigen::MatrixXd()> form_;
  HessianProduct product_;
  Eigen::Index dim_;
  InfluenceOptions options_;
  const char* function_;
  std::optional<Eigen::LLT<Eigen::MatrixXd>> factor_;
};

}  // namespace lethe::detail
