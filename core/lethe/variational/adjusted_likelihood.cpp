#include <lethe/variational/adjusted_likelihood.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>

namespace lethe {

double adjusted_radius_squared(double lambda) {
  check_unit_interval("adjusted_radius_squared", "lambda", lambda);
  // q(θ|D)/max q = exp(−½‖z‖²) > λ  ⇔  ‖z‖² < −2 log λ; log 0 = −∞ gives r² = ∞.
  return lambda == 0.0 ? std::numeric_limits<double>::infinity() : -2.0 * std::log(lambda);
}

template <class Form>
BasicAdjustedRegion<Form>::BasicAdjustedRegion(const Distribution& q_full, double lambda)
    : q_full_(q_full), lambda_(lambda) {
  check_unit_interval("AdjustedRegion", "lambda", lambda);
  radius2_ = adjusted_radius_squared(lambda);
}

template <class Form>
Eigen::VectorXd BasicAdjustedRegion<Form>::indicator_whitened(const Eigen::MatrixXd& z) const {
  Eigen::VectorXd inside(z.cols());
  // ‖z‖² < r²_λ, strict: λ = 1 (r² = 0) is empty.
  for (Eigen::Index s = 0; s < z.cols(); ++s) inside[s] = everywhere() || z.col(s).squaredNorm() < radius2_ ? 1.0 : 0.0;
  return inside;
}

template <class Form>
Eigen::VectorXd BasicAdjustedRegion<Form>::indicator(const Eigen::MatrixXd& thetas) const {
  check_size("AdjustedRegion::indicator", "thetas rows", static_cast<long>(thetas.rows()),
             static_cast<long>(q_full_.dim()));
  if (everywhere()) return Eigen::VectorXd::Ones(thetas.cols());
  if (empty()) return Eigen::VectorXd::Zero(thetas.cols());
  // z = S_D⁻¹(θ − m_D).
  return indicator_whitened(Form::whiten(Form::scale(q_full_), thetas.colwise() - q_full_.mean()));
}

template <class Form>
Eigen::VectorXd BasicAdjustedRegion<Form>::adjusted_log_likelihood(const Eigen::MatrixXd& thetas,
                                                                   const Eigen::VectorXd& inside,
                                                                   const ForgottenLogLikelihood& log_likelihood) const {
  const Eigen::Index n = thetas.cols();
  check_size("AdjustedRegion::adjusted_log_likelihood", "inside", static_cast<long>(inside.size()),
             static_cast<long>(n));
  Eigen::VectorXd adjusted = Eigen::VectorXd::Zero(n);
  if (inside.sum() == 0.0) return adjusted;  // p̃_λ ≡ 1 on every draw: nothing to evaluate
  const Eigen::VectorXd ell = log_likelihood(thetas, inside);
  // 1{θ_s ∈ E_λ} log p(D_e|θ_s), selected rather than multiplied: an unread entry
  // outside E_λ may be anything, even NaN.
  for (Eigen::Index s = 0; s < n; ++s)
    if (inside[s] != 0.0) adjusted[s] = ell[s];
  return adjusted;
}

template class BasicAdjustedRegion<FullCovariance>;
template class BasicAdjustedRegion<DiagonalCovariance>;

}  // namespace lethe
