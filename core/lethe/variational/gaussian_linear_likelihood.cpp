#include <lethe/variational/gaussian_linear_likelihood.hpp>

#include <cmath>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>

namespace lethe {

GaussianLinearLikelihood::GaussianLinearLikelihood(Eigen::MatrixXd design, Eigen::VectorXd y, double noise_variance)
    : design_(std::move(design)), y_(std::move(y)), noise_variance_(noise_variance) {
  const char* fn = "GaussianLinearLikelihood";
  check_size(fn, "y", static_cast<long>(y_.size()), static_cast<long>(design_.rows()));
  check_finite(fn, "design", design_);
  check_finite(fn, "y", y_);
  check_positive(fn, "noise_variance", noise_variance_);
}

Eigen::VectorXd GaussianLinearLikelihood::log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                                         Eigen::MatrixXd* gradients) const {
  const char* fn = "GaussianLinearLikelihood::log_likelihood";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "thetas rows", static_cast<long>(thetas.rows()), static_cast<long>(dim()));
  Eigen::VectorXd ell = Eigen::VectorXd::Constant(
      thetas.cols(), -0.5 * static_cast<double>(subset.size()) * (kLog2Pi + std::log(noise_variance_)));
  if (gradients) *gradients = Eigen::MatrixXd::Zero(dim(), thetas.cols());
  for (int i : subset) {
    // r_s = y_i − φ_iᵀθ_s;  ℓ −= r²/(2σ²);  ∇ += φ_i r_s / σ².
    const Eigen::RowVectorXd r = y_[i] - (design_.row(i) * thetas).array();
    ell -= (r.array().square() / (2.0 * noise_variance_)).matrix().transpose();
    if (gradients) gradients->noalias() += design_.row(i).transpose() * r / noise_variance_;
  }
  return ell;
}

double GaussianLinearLikelihood::expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m,
                                                         const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                                         Eigen::MatrixXd* grad_L) const {
  const char* fn = "GaussianLinearLikelihood::expected_log_likelihood";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "m", static_cast<long>(m.size()), static_cast<long>(dim()));
  double total = -0.5 * static_cast<double>(subset.size()) * (kLog2Pi + std::log(noise_variance_));
  if (grad_m) *grad_m = Eigen::VectorXd::Zero(dim());
  if (grad_L) *grad_L = Eigen::MatrixXd::Zero(dim(), dim());
  for (int i : subset) {
    const Eigen::VectorXd phi = design_.row(i).transpose();
    const double r = y_[i] - phi.dot(m);
    const Eigen::RowVectorXd b = phi.transpose() * L;  // bᵀ = φᵀL, ‖b‖² = φᵀΣφ
    total -= (r * r + b.squaredNorm()) / (2.0 * noise_variance_);
    if (grad_m) *grad_m += phi * (r / noise_variance_);
    // ∂‖Lᵀφ‖²/∂L = 2 φ φᵀ L.
    if (grad_L) grad_L->noalias() -= phi * b / noise_variance_;
  }
  return total;
}

}  // namespace lethe
