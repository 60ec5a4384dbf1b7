// The two covariance forms of the Gaussian variational family q = N(m, S Sᵀ), as the
// policies that the adjusted likelihood (adjusted_likelihood.hpp) and the reverse-KL
// engine (reverse_kl.hpp) are written over once:
//
//   FullCovariance      S = L, lower triangular, held as lethe::Gaussian: the sparse
//                       GP's q(θ|D) over its inducing values;
//   DiagonalCovariance  S = diag(s), s > 0, held as DiagonalGaussian: the BNN's
//                       mean-field q(θ|D) over thousands of weights, where a d × d
//                       matrix would not fit.
//
// Each form provides, for its Scale (the matrix L, or the vector s of standard
// deviations) and points Θ = [θ_1 … θ_S] (columns):
//
//   scale(q)                       S
//   sample(q, rng, n)              θ_s = m + S ε_s, ε_s ~ N(0, I), one per column, the
//                                  normals drawn column by column from `rng`
//   whiten(S, X)                   S⁻¹ X   (z = S⁻¹(θ − m) is θ in q's standard coordinates)
//   whiten_transpose(S, X)         S⁻ᵀ X
//   log_abs_det(S)                 Σ_i log|S_ii| = ½ log|S Sᵀ|
//   zero_second_moment(d)          the zero of SecondMoment (matrix d × d / vector d)
//   add_weighted_second_moment     M += Σ_s w_s θ_s θ_sᵀ  (full) / Σ_s w_s θ_s∘θ_s (diagonal)
//   covariance(mean, M)            M − m mᵀ / M − m∘m
//   weighted_quadratic_gradient    ∂/∂S of ½ Σ_s w_s ‖z_s‖², z_s = S⁻¹(θ_s − m), at fixed
//                                  θ and m: −S⁻ᵀ Z W Zᵀ, its lower (full) or diagonal
//                                  (diagonal) part
//
// The diagonal form is the full one restricted to diagonal S: for q with a diagonal
// Cholesky factor both give the same numbers (native-tests/lethe/bnn/
// variational_forgetting_test.cpp checks it).
#pragma once

#include <Eigen/Dense>

#include <lethe/base/constants.hpp>
#include <lethe/base/dense_product.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

// A Gaussian with diagonal covariance, N(m, diag s²).
class DiagonalGaussian {
 public:
  // InvalidArgument naming 'DiagonalGaussian' and the parameter on a size mismatch,
  // non-finite entries or a standard deviation ≤ 0.
  DiagonalGaussian(Eigen::VectorXd mean, Eigen::VectorXd standard_deviations);
  // From the packed (m, log s) the BNN's mean-field fits use (bnn/mean_field.hpp).
  static DiagonalGaussian from_log_scale(const Eigen::VectorXd& mean_and_log_scale);

  Eigen::Index dim() const { return mean_.size(); }
  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::VectorXd& standard_deviations() const { return standard_deviations_; }
  // d × n, one sample per column: m + s∘ε.
  Eigen::MatrixXd sample(Rng& rng, Eigen::Index n) const;
  // The same distribution in the full form, N(m, L Lᵀ) with L = diag(s).
  Gaussian to_full() const;

 private:
  Eigen::VectorXd mean_;
  Eigen::VectorXd standard_deviations_;
};

struct FullCovariance {
  using Distribution = Gaussian;
  using Scale = Eigen::MatrixXd;         // L, lower triangular (the upper part is not read)
  using SecondMoment = Eigen::MatrixXd;  // Σ_s w_s θ_s θ_sᵀ

  static const Scale& scale(const Distribution& q) { return q.chol(); }
  static Eigen::MatrixXd sample(const Distribution& q, Rng& rng, Eigen::Index n) { return q.sample(rng, n); }
  // For as many columns as dimensions or more, L⁻¹ once (d³/3) and the vectorised
  // product (d² per column) cost less than the triangular solve's blocks.
  static Eigen::MatrixXd whiten(const Scale& L, const Eigen::MatrixXd& x) {
    if (x.cols() < L.rows()) return L.triangularView<Eigen::Lower>().solve(x);
    return multiply(inverse_lower(L), x);
  }
  static Eigen::MatrixXd whiten_transpose(const Scale& L, const Eigen::MatrixXd& x) {
    return L.transpose().triangularView<Eigen::Upper>().solve(x);
  }
  static double log_abs_det(const Scale& L) { return L.diagonal().cwiseAbs().array().log().sum(); }
  static SecondMoment zero_second_moment(Eigen::Index d) { return SecondMoment::Zero(d, d); }
  static void add_weighted_second_moment(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                         SecondMoment& moment) {
    moment += multiply_by_transpose(thetas * weights.asDiagonal(), thetas);
  }
  static SecondMoment covariance(const Eigen::VectorXd& mean, const SecondMoment& second) {
    return second - mean * mean.transpose();
  }
  // −lower(L⁻ᵀ Z W Zᵀ), W = diag(w).
  static Scale weighted_quadratic_gradient(const Scale& L, const Eigen::MatrixXd& z, const Eigen::VectorXd& weights) {
    return Scale((-whiten_transpose(L, z * weights.asDiagonal() * z.transpose())).triangularView<Eigen::Lower>());
  }
  // ∂/∂S of Σ_i log|S_ii|: diag(1/L_ii), as a Scale.
  static Scale log_abs_det_gradient(const Scale& L) {
    Scale gradient = Scale::Zero(L.rows(), L.cols());
    gradient.diagonal() = L.diagonal().cwiseInverse();
    return gradient;
  }
};

struct DiagonalCovariance {
  using Distribution = DiagonalGaussian;
  using Scale = Eigen::VectorXd;         // s
  using SecondMoment = Eigen::VectorXd;  // Σ_s w_s θ_s∘θ_s

  static const Scale& scale(const Distribution& q) { return q.standard_deviations(); }
  static Eigen::MatrixXd sample(const Distribution& q, Rng& rng, Eigen::Index n) { return q.sample(rng, n); }
  static Eigen::MatrixXd whiten(const Scale& s, const Eigen::MatrixXd& x) {
    return (x.array().colwise() / s.array()).matrix();
  }
  static Eigen::MatrixXd whiten_transpose(const Scale& s, const Eigen::MatrixXd& x) { return whiten(s, x); }
  static double log_abs_det(const Scale& s) { return s.cwiseAbs().array().log().sum(); }
  static SecondMoment zero_second_moment(Eigen::Index d) { return SecondMoment::Zero(d); }
  static void add_weighted_second_moment(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                         SecondMoment& moment) {
    moment.noalias() += thetas.array().square().matrix() * weights;
  }
  static SecondMoment covariance(const Eigen::VectorXd& mean, const SecondMoment& second) {
    return second - mean.cwiseAbs2();
  }
  // −diag(S⁻ᵀ Z W Zᵀ) = −(Σ_s w_s z_s∘z_s) / s.
  static Scale weighted_quadratic_gradient(const Scale& s, const Eigen::MatrixXd& z, const Eigen::VectorXd& weights) {
    return -((z.array().square().matrix() * weights).array() / s.array()).matrix();
  }
  static Scale log_abs_det_gradient(const Scale& s) { return s.cwiseInverse(); }
};

// The reverse-KL objective at fixed points θ_s (columns) and weights w_s,
//
//   R(m, S) = −Σ_s w_s log N(θ_s; m, S Sᵀ)
//           = Σ_s w_s (½ d log 2π + Σ_i log|S_ii|) + ½ Σ_s w_s ‖z_s‖²,   z_s = S⁻¹(θ_s − m),
//
// with its gradients
//
//   ∂R/∂m = −S⁻ᵀ Σ_s w_s z_s,   ∂R/∂S = (Σ_s w_s) diag(1/S_ii) − S⁻ᵀ Z W Zᵀ
//
// (the lower part for the full form, the diagonal for the diagonal form). Its minimiser
// over S Sᵀ is the weighted mean and covariance of the θ_s: for Σ w = 1,
// m = Σ_s w_s θ_s and S Sᵀ = Σ_s w_s θ_s θ_sᵀ − m mᵀ (its diagonal, for the diagonal form).
template <class Form>
double weighted_negative_log_density(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                     const Eigen::VectorXd& m, const typename Form::Scale& scale,
                                     Eigen::VectorXd* grad_m, typename Form::Scale* grad_scale) {
  const double d = static_cast<double>(m.size());
  const Eigen::MatrixXd z = Form::whiten(scale, thetas.colwise() - m);
  const double total_weight = weights.sum();
  const double value =
      total_weight * (0.5 * d * kLog2Pi + Form::log_abs_det(scale)) + 0.5 * (z.colwise().squaredNorm() * weights)(0);
  if (grad_m) *grad_m = -Form::whiten_transpose(scale, z * weights);
  if (grad_scale)
    *grad_scale =
        Form::weighted_quadratic_gradient(scale, z, weights) + total_weight * Form::log_abs_det_gradient(scale);
  return value;
}

}  // namespace lethe
