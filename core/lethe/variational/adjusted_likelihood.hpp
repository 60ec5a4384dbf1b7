// The adjusted likelihood of the forgotten data (method report §3.2.1):
//
//     p̃_λ(D_e | θ) = p(D_e | θ)  if q(θ|D) > λ · max_θ' q(θ'|D),   1 otherwise.
//
// For a Gaussian q(θ|D) = N(m_D, S_D S_Dᵀ) the maximum is the density at the mean,
// q(θ|D) / max q = exp(−½ ‖z‖²) with z = S_D⁻¹(θ − m_D), so the condition is the open
// ellipsoid
//
//     E_λ = { θ : ‖S_D⁻¹(θ − m_D)‖² < r²_λ },   r²_λ = −2 log λ
//
// (all of R^d for λ = 0, r² = ∞; empty for λ = 1, r² = 0), and
//
//     log p̃_λ(D_e | θ) = 1{θ ∈ E_λ} · log p(D_e | θ).
//
// Written once over the covariance form of q(θ|D) (covariance_form.hpp):
// AdjustedRegion for the full form (the sparse GP), DiagonalAdjustedRegion for the
// diagonal one (the BNN's mean-field q, where S_D⁻¹ is a division by s_D).
//
// In d dimensions a draw of q(θ|D) has ‖z‖² ≈ d (a χ²_d variable), so E_λ holds the
// typical draws only for λ well below e^{−d/2}.
#pragma once

#include <functional>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/variational/covariance_form.hpp>

namespace lethe {

// r²_λ = −2 log λ, the squared whitened radius of E_λ: ∞ for λ = 0, 0 for λ = 1.
// InvalidArgument naming 'lambda' outside [0, 1].
double adjusted_radius_squared(double lambda);

// log p(D_e | θ_s) for the columns θ_s of `thetas`; entries whose `inside` is 0 are
// never read, so an implementation may leave them unset (e.g. skip those draws).
using ForgottenLogLikelihood =
    std::function<Eigen::VectorXd(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& inside)>;

template <class Form>
class BasicAdjustedRegion {
 public:
  using Distribution = typename Form::Distribution;

  // λ ∈ [0, 1] (InvalidArgument naming `lambda` otherwise).
  BasicAdjustedRegion(const Distribution& q_full, double lambda);

  const Distribution& q_full() const { return q_full_; }
  double lambda() const { return lambda_; }
  bool everywhere() const { return lambda_ == 0.0; }
  bool empty() const { return lambda_ == 1.0; }
  // r²_λ = −2 log λ (∞ for λ = 0).
  double radius_squared() const { return radius2_; }

  // 1{θ_s ∈ E_λ} for the columns of `thetas` (d × n).
  Eigen::VectorXd indicator(const Eigen::MatrixXd& thetas) const;
  // The same from whitened points z_s = S_D⁻¹(θ_s − m_D) (d × n): 1{‖z_s‖² < r²_λ}.
  Eigen::VectorXd indicator_whitened(const Eigen::MatrixXd& z) const;
  // log p̃_λ(D_e | θ_s) = 1{θ_s ∈ E_λ} log p(D_e | θ_s), exactly 0 outside E_λ (where
  // log_likelihood is not read), from the indicator `inside` of the columns.
  Eigen::VectorXd adjusted_log_likelihood(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& inside,
                                          const ForgottenLogLikelihood& log_likelihood) const;

 private:
  Distribution q_full_;
  double lambda_;
  double radius2_;
};

using AdjustedRegion = BasicAdjustedRegion<FullCovariance>;
using DiagonalAdjustedRegion = BasicAdjustedRegion<DiagonalCovariance>;

extern template class BasicAdjustedRegion<FullCovariance>;
extern template class BasicAdjustedRegion<DiagonalCovariance>;

}  // namespace lethe
