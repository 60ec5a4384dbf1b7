// Minimising an energy F(γ, S) by damped Newton steps: the "retrain from scratch"
// of the models whose energy is smooth and small-dimensional (MAP and VI of
// logistic regression, the VI polish of the mixture). Converges quadratically
// near the minimiser, which is what the O(1/n²) measurement needs: the retrained
// state must be exact to far below the error being measured.
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/bif/energy.hpp>

namespace lethe {

struct NewtonOptions {
  // Near the minimiser a handful of steps suffice (quadratic convergence); the
  // budget leaves room for damped steps from a start far from it.
  int max_iterations = 100;
  // Stop once a full Newton step is shorter than step_tolerance·(1 + ‖γ‖).
  double step_tolerance = 1e-13;
};

struct NewtonResult {
  Eigen::VectorXd gamma;
  int iterations = 0;
  double gradient_norm = 0.0;
  bool converged = false;
};

// Newton's method with a backtracking line search on F; where ∇²F is not
// positive definite the step is regularised (H + λI, λ growing) so that it is a
// descent direction. Never throws on slow convergence: check `converged`.
NewtonResult minimise_newton(const Energy& energy, const Eigen::VectorXd& start, const std::vector<int>& rows,
                             const NewtonOptions& options = {});

}  // namespace lethe
