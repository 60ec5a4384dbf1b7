#include <lethe/variational/variational_family.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

Eigen::Index packed_size(Eigen::Index d) { return d + d * (d + 1) / 2; }

Eigen::VectorXd pack(const Eigen::VectorXd& m, const Eigen::MatrixXd& L) {
  const Eigen::Index d = m.size();
  check_size("pack", "L rows", static_cast<long>(L.rows()), static_cast<long>(d));
  check_size("pack", "L cols", static_cast<long>(L.cols()), static_cast<long>(d));
  Eigen::VectorXd x(packed_size(d));
  x.head(d) = m;
  Eigen::Index k = d;
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = j; i < d; ++i) x[k++] = L(i, j);
  return x;
}

void unpack(const Eigen::VectorXd& x, Eigen::Index d, Eigen::VectorXd& m, Eigen::MatrixXd& L) {
  check_size("unpack", "x", static_cast<long>(x.size()), static_cast<long>(packed_size(d)));
  m = x.head(d);
  L = Eigen::MatrixXd::Zero(d, d);
  Eigen::Index k = d;
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = j; i < d; ++i) L(i, j) = x[k++];
}

Gaussian gaussian_from_factor(const Eigen::VectorXd& m, const Eigen::MatrixXd& L) {
  Eigen::MatrixXd fixed = L.triangularView<Eigen::Lower>();
  for (Eigen::Index j = 0; j < fixed.cols(); ++j) {
    if (fixed(j, j) == 0.0 || !std::isfinite(fixed(j, j)))
      throw NumericalError("gaussian_from_factor: the Cholesky factor is singular (diagonal entry " +
                           std::to_string(j) + ")");
    if (fixed(j, j) < 0) fixed.col(j) = -fixed.col(j);
  }
  return Gaussian(m, fixed);
}

double kl_to_base(const Eigen::VectorXd& m, const Eigen::MatrixXd& L, const Gaussian& base, Eigen::VectorXd* grad_m,
                  Eigen::MatrixXd* grad_L) {
  const char* fn = "kl_to_base";
  const Eigen::Index d = base.dim();
  check_size(fn, "m", static_cast<long>(m.size()), static_cast<long>(d));
  check_size(fn, "L rows", static_cast<long>(L.rows()), static_cast<long>(d));
  const auto lb = base.chol().triangularView<Eigen::Lower>();
  const Eigen::MatrixXd lower = L.triangularView<Eigen::Lower>();
  const Eigen::MatrixXd w = lb.solve(lower);            // L_b⁻¹ L: tr(Σ_b⁻¹LLᵀ) = ‖w‖²_F
  const Eigen::VectorXd r = lb.solve(m - base.mean());  // ‖r‖² = Mahalanobis term
  const double log_abs_det = lower.diagonal().cwiseAbs().array().log().sum();
  const double kl =
      0.5 * (w.squaredNorm() + r.squaredNorm() - static_cast<double>(d) + base.log_det_covariance()) - log_abs_det;
  const auto lbt = base.chol().transpose().triangularView<Eigen::Upper>();
  if (grad_m) *grad_m = lbt.solve(r);  // Σ_b⁻¹(m − m_b) = L_b⁻ᵀ r
  if (grad_L) {
    Eigen::MatrixXd gradient = lbt.solve(w);  // Σ_b⁻¹ L = L_b⁻ᵀ L_b⁻¹ L
    gradient = gradient.triangularView<Eigen::Lower>();
    gradient.diagonal() -= lower.diagonal().cwiseInverse();
    *grad_L = gradient;
  }
  return kl;
}

Objective whitened_objective(FactorObjective f, const Gaussian& base) {
  const Eigen::VectorXd mb = base.mean();
  const Eigen::MatrixXd lb = base.chol();
  return [f = std::move(f), mb, lb](const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
    const Eigen::Index d = mb.size();
    Eigen::VectorXd mu;
    Eigen::MatrixXd lw;
    unpack(x, d, mu, lw);
    const Eigen::VectorXd m = mb + lb * mu;
    const Eigen::MatrixXd L = lb * lw;  // lower × lower is lower
    Eigen::VectorXd gm;
    Eigen::MatrixXd gL;
    const double value = f(m, L, &gm, &gL);
    const Eigen::MatrixXd gL_lower = gL.triangularView<Eigen::Lower>();
    grad = pack(lb.transpose() * gm, lb.transpose() * gL_lower);  // pack keeps the lower part
    return value;
  };
}

Eigen::VectorXd whiten(const Gaussian& q, const Gaussian& base) {
  check_size("whiten", "q dimension", static_cast<long>(q.dim()), static_cast<long>(base.dim()));
  const auto lb = base.chol().triangularView<Eigen::Lower>();
  return pack(lb.solve(q.mean() - base.mean()), lb.solve(q.chol()));
}

Gaussian unwhiten(const Eigen::VectorXd& x, const Gaussian& base) {
  Eigen::VectorXd mu;
  Eigen::MatrixXd lw;
  unpack(x, base.dim(), mu, lw);
  return gaussian_from_factor(base.mean() + base.chol() * mu, base.chol() * lw);
}

}  // namespace lethe
