// Limited-memory BFGS minimisation with a backtracking (Armijo) line search.
//
// Used by the `fast` protocol on the smooth quadrature objectives. The line search
// asks for sufficient decrease only, a curvature pair is kept only when sᵀy > 0, and
// a failed line search after a steepest-descent restart ends the run (reported in
// `status`, not thrown).
#pragma once

#include <functional>
#include <string>

#include <Eigen/Dense>

namespace lethe {

struct LbfgsOptions {
  int max_iterations = 1000;
  int history = 12;
  // Stop when max_i |∂f/∂x_i| ≤ gradient_tolerance.
  double gradient_tolerance = 1e-8;
  // ... or when an accepted step lowers f by less than value_tolerance·(1 + |f|)
  // on `stall_iterations` consecutive iterations.
  double value_tolerance = 1e-14;
  int stall_iterations = 4;
  // Stop when an accepted step moves no coordinate by more than this.
  double step_tolerance = 1e-12;
};

struct LbfgsResult {
  Eigen::VectorXd x;
  double value = 0.0;
  double gradient_norm = 0.0;  // max-norm at x
  int iterations = 0;
  int evaluations = 0;
  // A gradient, step or value tolerance was met; false after the iteration limit or a
  // failed line search (status says which).
  bool converged = false;
  std::string status;  // why it stopped
};

// f(x, grad) returns f(x) and writes ∇f(x) into grad (already sized). A non-finite
// value is treated as "too far" by the line search.
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& grad)>;

LbfgsResult minimise_lbfgs(const Objective& f, Eigen::VectorXd x0, const LbfgsOptions& options = {});

}  // namespace lethe
