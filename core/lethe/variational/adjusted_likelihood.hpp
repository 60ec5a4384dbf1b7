// The adjusted likelihood of the erased data (method report §3.2.1):
//     p̃_λ(D_e | θ) = p(D_e | θ)  if q(θ|D) > λ · max_θ' q(θ'|D),   1 otherwise.
// For a Gaussian q(θ|D) = N(m_D, L_D L_Dᵀ) the maximum is the density at the mean,
// so the condition is the open ellipsoid
//     ‖L_D⁻¹(θ − m_D)‖² < −2 log λ
// (all of R^d for λ = 0, empty for λ = 1). log p̃_λ = 1{θ ∈ E} · log p(D_e | θ).
#pragma once

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>

namespace lethe {

class AdjustedRegion {
 public:
  // λ ∈ [0, 1] (InvalidArgument naming `lambda` otherwise).
  AdjustedRegion(const Gaussian& q_full, double lambda);

  double lambda() const { return lambda_; }
  bool everywhere() const { return lambda_ == 0.0; }
  bool empty() const { return lambda_ == 1.0; }
  // Squared radius −2 log λ of the ellipsoid in whitened coordinates (∞ for λ = 0).
  double radius_squared() const { return radius2_; }

  // 1 where the column of `thetas` (d × n) lies in the region, else 0.
  Eigen::VectorXd indicator(const Eigen::MatrixXd& thetas) const;
  // The same from whitened points z = L_D⁻¹(θ − m_D) (d × n).
  Eigen::VectorXd indicator_whitened(const Eigen::MatrixXd& z) const;

 private:
  Gaussian q_full_;
  double lambda_;
  double radius2_;
};

}  // namespace lethe
