#include <lethe/base/lbfgs.hpp>

#include <cmath>
#include <deque>
#include <vector>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {
struct CurvaturePair {
  Eigen::VectorXd s, y;
  double rho;  // 1 / (yᵀs)
};

// Two-loop recursion: d = −H g with H the L-BFGS inverse-Hessian approximation,
// scaled initially by γ = sᵀy / yᵀy of the newest pair.
Eigen::VectorXd search_direction(const std::deque<CurvaturePair>& pairs, const Eigen::VectorXd& g) {
  Eigen::VectorXd q = g;
  std::vector<double> alpha(pairs.size());
  for (std::size_t k = pairs.size(); k-- > 0;) {
    alpha[k] = pairs[k].rho * pairs[k].s.dot(q);
    q -= alpha[k] * pairs[k].y;
  }
  if (!pairs.empty()) q *= pairs.back().s.dot(pairs.back().y) / pairs.back().y.squaredNorm();
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const double beta = pairs[k].rho * pairs[k].y.dot(q);
    q += pairs[k].s * (alpha[k] - beta);
  }
  return -q;
}
}  // namespace

LbfgsResult minimise_lbfgs(const Objective& f, Eigen::VectorXd x0, const LbfgsOptions& options) {
  const char* fn = "minimise_lbfgs";
  check_at_least(fn, "options.history", options.history, 1);
  check_at_least(fn, "options.max_iterations", options.max_iterations, 0);
  LbfgsResult r;
  r.x = std::move(x0);
  Eigen::VectorXd g(r.x.size());
  r.value = f(r.x, g);
  r.evaluations = 1;
  if (!std::isfinite(r.value) || !g.allFinite())
    throw NumericalError(std::string(fn) + ": objective is not finite at the starting point");
  std::deque<CurvaturePair> pairs;
  int stalled = 0;
  constexpr double kArmijo = 1e-4;
  Eigen::VectorXd x_new(r.x.size()), g_new(r.x.size());
  for (r.iterations = 0; r.iterations < options.max_iterations; ++r.iterations) {
    r.gradient_norm = g.cwiseAbs().maxCoeff();
    if (r.gradient_norm <= options.gradient_tolerance) {
      r.converged = true;
      r.status = "gradient tolerance reached";
      return r;
    }
    Eigen::VectorXd d = search_direction(pairs, g);
    double slope = g.dot(d);
    if (!(slope < 0)) {  // not a descent direction: restart from steepest descent
      pairs.clear();
      d = -g;
      slope = -g.squaredNorm();
    }
    // The first step (no curvature yet) is scaled to move by at most 1 in max-norm.
    double step = pairs.empty() ? std::min(1.0, 1.0 / d.cwiseAbs().maxCoeff()) : 1.0;
    double value_new = 0.0;
    bool accepted = false;
    for (int tries = 0; tries < 40; ++tries) {
      x_new = r.x + step * d;
      value_new = f(x_new, g_new);
      ++r.evaluations;
      if (std::isfinite(value_new) && g_new.allFinite() && value_new <= r.value + kArmijo * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (!pairs.empty()) {  // retry once along the steepest descent
        pairs.clear();
        continue;
      }
      r.status = "line search failed (objective is flat or not smooth at this resolution)";
      r.gradient_norm = g.cwiseAbs().maxCoeff();
      return r;
    }
    CurvaturePair p{x_new - r.x, g_new - g, 0.0};
    const double sy = p.s.dot(p.y);
    if (sy > 1e-12 * p.y.squaredNorm()) {
      p.rho = 1.0 / sy;
      pairs.push_back(std::move(p));
      if (static_cast<int>(pairs.size()) > options.history) pairs.pop_front();
    }
    const double decrease = r.value - value_new;
    const double moved = (x_new - r.x).cwiseAbs().maxCoeff();
    r.x = x_new;
    g = g_new;
    r.value = value_new;
    if (moved <= options.step_tolerance) {
      r.converged = true;
      r.status = "step tolerance reached";
      r.gradient_norm = g.cwiseAbs().maxCoeff();
      return r;
    }
    stalled = decrease <= options.value_tolerance * (1.0 + std::fabs(r.value)) ? stalled + 1 : 0;
    if (stalled >= options.stall_iterations) {
      r.converged = true;
      r.status = "value tolerance reached";
      r.gradient_norm = g.cwiseAbs().maxCoeff();
      return r;
    }
  }
  r.gradient_norm = g.cwiseAbs().maxCoeff();
  r.status = "iteration limit reached";
  return r;
}

}  // namespace lethe
