#include <lethe/bif/newton_minimiser.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {

// Regularisation of an indefinite Hessian, relative to its largest entry ‖H‖:
// the first shift λ is kFirstShift·‖H‖ (small enough not to bend a nearly
// positive-definite H's step), each retry multiplies it by kShiftGrowth, and past
// kMaxShift·‖H‖ the step would be a tiny gradient step anyway.
constexpr double kFirstShift = 1e-8;
constexpr double kShiftGrowth = 10.0;
constexpr double kMaxShift = 1e12;

// The rounding error of F: 64 machine epsilons (F is a sum over up to thousands of
// rows, each term rounded) relative to 1 + |F|. A predicted decrease below it
// cannot be told apart from no decrease.
constexpr double kValueRounding = 64.0 * 2.2e-16;

// Armijo's sufficient-decrease constant, the usual small one: accept almost any
// decrease the direction predicts.
constexpr double kArmijo = 1e-4;
// Each backtrack halves the step length t; below kMinStepLength the search gives up.
constexpr double kBacktrack = 0.5;
constexpr double kMinStepLength = 1e-10;
// When no step decreases F (flat to rounding), a full step this short relative to
// 1 + ‖γ‖ is taken as converged rather than as a failure.
constexpr double kFlatStepTolerance = 1e-8;

// Solves (H + λI) p = g with the smallest λ ∈ {0, kFirstShift‖H‖, …} that makes
// the matrix positive definite, so that −p is a descent direction.
Eigen::VectorXd regularised_newton_direction(const Eigen::MatrixXd& hess, const Eigen::VectorXd& grad) {
  const double size = std::max(1.0, hess.cwiseAbs().maxCoeff());
  Eigen::MatrixXd shifted = hess;
  for (double lambda = 0.0; lambda < kMaxShift * size;
       lambda = lambda == 0.0 ? kFirstShift * size : kShiftGrowth * lambda) {
    shifted = hess;
    shifted.diagonal().array() += lambda;
    Eigen::LLT<Eigen::MatrixXd> llt(shifted);
    if (llt.info() == Eigen::Success) return llt.solve(grad);
  }
  return grad / size;  // fall back to a scaled gradient step
}

// Whether the full step p ends the iteration: when it is below the tolerance, or
// when the decrease it predicts (the Newton decrement gᵀH⁻¹g, ≈ 2(F − F*)) is
// below the rounding error of F itself. From there F cannot be compared reliably
// any more, and the full step — quadratically convergent — leaves an error far
// below what remains of the step.
bool is_last_step(const Eigen::VectorXd& step, const Eigen::VectorXd& gamma, double decrement, double value,
                  const NewtonOptions& options) {
  return step.norm() <= options.step_tolerance * (1.0 + gamma.norm()) ||
         decrement <= kValueRounding * (1.0 + std::fabs(value));
}

struct LineSearchPoint {
  Eigen::VectorXd gamma;
  double value;
};

// Backtracking (Armijo): the first γ − t·p, t = 1, ½, ¼, …, with
// F(γ − t·p) ≤ F(γ) − kArmijo·t·slope, or the last one tried.
LineSearchPoint backtrack(const Energy& energy, const std::vector<int>& rows, const Eigen::VectorXd& gamma,
                          double value, const Eigen::VectorXd& step, double slope) {
  double t = 1.0;
  LineSearchPoint next{gamma - step, 0.0};
  next.value = energy.value(next.gamma, rows);
  while (!(next.value <= value - kArmijo * t * slope) && t > kMinStepLength) {
    t *= kBacktrack;
    next.gamma = gamma - t * step;
    next.value = energy.value(next.gamma, rows);
  }
  return next;
}

}  // namespace

NewtonResult minimise_newton(const Energy& energy, const Eigen::VectorXd& start, const std::vector<int>& rows,
                             const NewtonOptions& options) {
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
    const double decrement = grad.dot(step);
    if (is_last_step(step, gamma, decrement, value, options)) {
      gamma -= step;
      result.converged = true;
      result.gradient_norm = energy.gradient(gamma, rows).norm();
      break;
    }
    const LineSearchPoint next = backtrack(energy, rows, gamma, value, step, decrement);
    if (!(next.value <= value)) {
      // No decrease even for a tiny step: F is flat to rounding here. Accept
      // the full step if it is small, otherwise give up.
      if (step.norm() <= kFlatStepTolerance * (1.0 + gamma.norm())) {
        gamma -= step;
        result.converged = true;
      }
      break;
    }
    gamma = next.gamma;
    value = next.value;
  }
  return result;
}

}  // namespace lethe
