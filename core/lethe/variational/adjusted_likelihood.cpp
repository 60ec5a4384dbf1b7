#include <lethe/variational/adjusted_likelihood.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>

namespace lethe {

AdjustedRegion::AdjustedRegion(const Gaussian& q_full, double lambda) : q_full_(q_full), lambda_(lambda) {
  check_unit_interval("AdjustedRegion", "lambda", lambda);
  radius2_ = lambda == 0.0 ? std::numeric_limits<double>::infinity() : -2.0 * std::log(lambda);
}

Eigen::VectorXd AdjustedRegion::indicator_whitened(const Eigen::MatrixXd& z) const {
  Eigen::VectorXd inside(z.cols());
  // q(θ|D)/max q = exp(−½‖z‖²) > λ  ⇔  ‖z‖² < −2 log λ (strict: λ = 1 is empty).
  for (Eigen::Index s = 0; s < z.cols(); ++s) inside[s] = everywhere() || z.col(s).squaredNorm() < radius2_ ? 1.0 : 0.0;
  return inside;
}

Eigen::VectorXd AdjustedRegion::indicator(const Eigen::MatrixXd& thetas) const {
  check_size("AdjustedRegion::indicator", "thetas rows", static_cast<long>(thetas.rows()),
             static_cast<long>(q_full_.dim()));
  if (everywhere()) return Eigen::VectorXd::Ones(thetas.cols());
  if (empty()) return Eigen::VectorXd::Zero(thetas.cols());
  return indicator_whitened(q_full_.chol().triangularView<Eigen::Lower>().solve(thetas.colwise() - q_full_.mean()));
}

}  // namespace lethe
