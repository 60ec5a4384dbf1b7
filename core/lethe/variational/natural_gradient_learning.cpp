#include <lethe/variational/natural_gradient_learning.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {

// Below this step the ELBO is no longer improving by rounding-level amounts: stop.
constexpr double kSmallestStep = 1e-6;

// q = N(m, Λ⁻¹) as a Gaussian (mean, Cholesky factor of the covariance).
Gaussian from_mean_precision(const Eigen::VectorXd& m, const Eigen::MatrixXd& precision) {
  return Gaussian::from_natural(precision * m, precision);
}

struct Point {
  Eigen::VectorXd m;
  Eigen::MatrixXd precision;
  NaturalStatistics stats;
  double elbo = 0.0;
};

Point evaluate(const SparseGpClassifier& model, const std::vector<int>& subset, const Eigen::VectorXd& m,
               const Eigen::MatrixXd& precision) {
  const Gaussian q = from_mean_precision(m, precision);
  Point p{m, precision, model.natural_statistics(subset, m, q.chol()), 0.0};
  p.elbo = p.stats.value - kl_divergence(q, model.prior());
  return p;
}

}  // namespace

VariationalFit fit_elbo_natural(const SparseGpClassifier& model, const std::vector<int>& subset, const Gaussian& init,
                                const NaturalGradientOptions& options) {
  const char* fn = "fit_elbo_natural";
  if (subset.empty()) fail_argument(fn, "subset", "is empty: nothing to learn from");
  check_subset(model, subset, fn, "subset");
  check_size(fn, "init", static_cast<long>(init.dim()), static_cast<long>(model.dim()));
  check_at_least(fn, "max_iterations", options.max_iterations, 1);
  check_positive(fn, "tolerance", options.tolerance);
  const Eigen::MatrixXd prior_precision = model.prior().precision();  // K⁻¹
  Point at = evaluate(model, subset, init.mean(), init.precision());
  double rho = 1.0;
  int passes = 1;
  std::string status = "iteration limit reached";
  bool converged = false;
  for (int it = 0; it < options.max_iterations; ++it) {
    const Eigen::MatrixXd target = prior_precision + at.stats.curvature;   // K⁻¹ + P
    const Eigen::VectorXd r = at.stats.gradient - prior_precision * at.m;  // ∇_m ELBO
    const Eigen::LLT<Eigen::MatrixXd> target_llt(target);
    const double decrement = std::sqrt(std::max(0.0, r.dot(target_llt.solve(r))));
    const double change = (target - at.precision).norm() / at.precision.norm();
    if (decrement < options.tolerance && change < options.tolerance) {
      converged = true;
      status = "converged";
      break;
    }
    const Eigen::MatrixXd precision = (1.0 - rho) * at.precision + rho * target;
    const Eigen::VectorXd m = at.m + rho * precision.llt().solve(r);
    Point next = evaluate(model, subset, m, precision);
    ++passes;
    // Accept unless the ELBO fell by more than rounding.
    if (next.elbo >= at.elbo - 1e-12 * (1.0 + std::fabs(at.elbo))) {
      at = std::move(next);
      rho = std::min(1.0, 2.0 * rho);
    } else if ((rho *= 0.5) < kSmallestStep) {
      status = "step too small: the ELBO no longer increases";
      break;
    }
  }
  VariationalFit fit(from_mean_precision(at.m, at.precision));
  fit.objective = -at.elbo;
  fit.iterations = passes;
  fit.converged = converged;
  fit.status = status;
  return fit;
}

}  // namespace lethe
