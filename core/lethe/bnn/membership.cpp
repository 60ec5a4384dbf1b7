#include <lethe/bnn/membership.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <lethe/base/errors.hpp>

namespace lethe {

Eigen::VectorXd logit_confidence(const Eigen::VectorXd& p) {
  Eigen::VectorXd phi(p.size());
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 1e-15, 1.0 - 1e-15);
    phi[i] = std::log(q) - std::log1p(-q);
  }
  return phi;
}

std::vector<GaussianFit> fit_row_gaussians(const Eigen::MatrixXd& phis, double min_sd) {
  check_at_least("fit_row_gaussians", "phis", static_cast<long>(phis.cols()), 2);
  check_positive("fit_row_gaussians", "min_sd", min_sd);
  std::vector<GaussianFit> out(static_cast<std::size_t>(phis.rows()));
  const double k = double(phis.cols());
  for (Eigen::Index i = 0; i < phis.rows(); ++i) {
    const double mean = phis.row(i).mean();
    const double var = (phis.row(i).array() - mean).square().sum() / (k - 1.0);
    out[std::size_t(i)] = {mean, std::max(std::sqrt(var), min_sd)};
  }
  return out;
}

namespace {
// log N(x; μ, σ²) without the constant −½ log 2π, which cancels in the ratio.
double log_normal_kernel(double x, const GaussianFit& g) {
  const double z = (x - g.mean) / g.sd;
  return -0.5 * z * z - std::log(g.sd);
}
}  // namespace

double lira_log_likelihood_ratio(double phi, const GaussianFit& in, const GaussianFit& out) {
  return log_normal_kernel(phi, in) - log_normal_kernel(phi, out);
}

double lira_offline_score(double phi, const GaussianFit& out) { return (phi - out.mean) / out.sd; }

}  // namespace lethe
