// The optimisers behind the two protocols, on the Gaussian family q = N(m, L Lᵀ):
// L-BFGS in whitened coordinates (fast) and Adam on the packed [m; L] (paper).
#pragma once

#include <string>
#include <utility>

#include <Eigen/Dense>

#include <lethe/base/adam.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/lbfgs.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/options.hpp>
#include <lethe/variational/variational_family.hpp>

namespace lethe::variational_detail {

// fast: minimises `objective` by L-BFGS in the coordinates whitened by `base`
// (variational_family.hpp), from `start`, with the options' iteration limit and
// gradient tolerance.
inline VariationalFit minimise_whitened(const FactorObjective& objective, const Gaussian& base, const Gaussian& start,
                                        const VariationalOptions& options) {
  LbfgsOptions lbfgs;
  lbfgs.max_iterations = options.max_iterations;
  lbfgs.gradient_tolerance = options.gradient_tolerance;
  const LbfgsResult result = minimise_lbfgs(whitened_objective(objective, base), whiten(start, base), lbfgs);
  VariationalFit fit(unwhiten(result.x, base));
  fit.objective = result.value;
  fit.iterations = result.iterations;
  fit.converged = result.converged;
  fit.status = result.status;
  return fit;
}

// paper: `steps` Adam steps on the packed [m; L], from `start`. Before each step,
// gradient(t, m, L, grad_m, grad_L) writes the Monte Carlo gradient at the current
// (m, L); the result is q after the last step.
template <typename Gradient>
Gaussian adam_on_factor(const Gaussian& start, int steps, double learning_rate, Gradient&& gradient) {
  const Eigen::Index d = start.dim();
  Eigen::VectorXd x = pack(start.mean(), start.chol()), m, grad_m;
  Eigen::MatrixXd L, grad_L;
  AdamOptions adam_options;
  adam_options.learning_rate = learning_rate;
  Adam adam(x.size(), adam_options);
  for (int t = 0; t < steps; ++t) {
    unpack(x, d, m, L);
    gradient(t, m, L, grad_m, grad_L);
    adam.step(x, pack(grad_m, grad_L));
  }
  unpack(x, d, m, L);
  return gaussian_from_factor(m, L);
}

// The result of a paper-protocol run: Adam has no convergence test, so every run
// that took its steps counts as done; `last_estimate` is the Monte Carlo objective
// at the last step.
inline VariationalFit adam_fit(Gaussian q, double last_estimate, int steps) {
  VariationalFit fit(std::move(q));
  fit.objective = last_estimate;
  fit.iterations = steps;
  fit.converged = true;
  fit.status = "Adam steps done";
  return fit;
}

}  // namespace lethe::variational_detail
