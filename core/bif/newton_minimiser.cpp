#include "bif/newton_minimiser.hpp"

#include <cmath>

#include "base/errors.hpp"

namespace lethe {

namespace {
// Solves (H + λI) p = g with the smallest λ ∈ {0, 1e−8‖H‖, …} that makes the
// matrix positive definite, so that −p is a descent direction.
Eigen::VectorXd regularised_newton_direction(const Eigen::MatrixXd& hess,
                                             const Eigen::VectorXd& grad) {
  const double size = std::max(1.0, hess.cwiseAbs().maxCoeff());
  Eigen::MatrixXd h = hess;
  for (double lambda = 0.0; lambda < 1e12 * size; lambda = lambda == 0.0 ? 1e-8 * size : 10.0 * lambda) {
    h = hess;
    h.diagonal().array() += lambda;
    Eigen::LLT<Eigen::MatrixXd> llt(h);
    if (llt.info() == Eigen::Success) return llt.solve(grad);
  }
  return grad / size;  // fall back to a scaled gradient step
}
}  // namespace

NewtonResult minimise_newton(const Energy& energy, const Eigen::VectorXd& start,
                             const std::vector<int>& rows, const NewtonOptions& options) {
  const char* fn = "minimise_newton";
  energy.check_state(start, fn, "start");
  check_at_least(fn, "max_iterations", options.max_iterations, 1);
  check_positive(fn, "step_tolerance", options.step_tolerance);
  NewtonResult result{start, 0, 0.0, false};
  Eigen::VectorXd& gamma = result.gamma;
  double value = energy.value(gamma, rows);
  for (int it = 0; it < options.max_iterations; ++it) {
    const Eigen::VectorXd grad = energy.gradient(gamma, rows);
    result.gradient_norm = grad.norm();
    result.iterations = it + 1;
    const Eigen::VectorXd step = regularised_newton_direction(energy.hessian(gamma, rows), grad);
    if (!step.allFinite()) break;
    // Stop after one last full step when the step is below the tolerance, or
    // when the decrease it predicts (the Newton decrement gᵀH⁻¹g, ≈ 2(F − F*))
    // is below the rounding error of F itself: from there F cannot be compared
    // reliably any more, and the full step — quadratically convergent — leaves
    // an error far below what remains of the step.
    const double decrement = grad.dot(step);
    if (step.norm() <= options.step_tolerance * (1.0 + gamma.norm()) ||
        decrement <= 64.0 * 2.2e-16 * (1.0 + std::fabs(value))) {
      gamma -= step;
      result.converged = true;
      result.gradient_norm = energy.gradient(gamma, rows).norm();
      break;
    }
    // Backtracking (Armijo): accept γ − t·p once F decreases enough.
    const double slope = decrement;
    double t = 1.0;
    Eigen::VectorXd next = gamma - step;
    double next_value = energy.value(next, rows);
    while (!(next_value <= value - 1e-4 * t * slope) && t > 1e-10) {
      t *= 0.5;
      next = gamma - t * step;
      next_value = energy.value(next, rows);
    }
    if (!(next_value <= value)) {
      // No decrease even for a tiny step: F is flat to rounding here. Accept
      // the full step if it is small, otherwise give up.
      if (step.norm() <= 1e-8 * (1.0 + gamma.norm())) {
        gamma -= step;
        result.converged = true;
      }
      break;
    }
    gamma = next;
    value = next_value;
  }
  return result;
}

}  // namespace lethe
