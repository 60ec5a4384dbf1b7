#include <lethe/bif/mean_field_vi.hpp>

#include <cmath>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

MeanFieldVI::MeanFieldVI(const Energy& base, double prior_variance, int draws, std::uint64_t seed)
    : base_(base), d_(base.dim()), prior_variance_(prior_variance) {
  const char* fn = "MeanFieldVI";
  check_positive(fn, "prior_variance", prior_variance);
  check_at_least(fn, "draws", draws, 2);
  if (draws % 2 != 0) fail_argument(fn, "draws", "must be even (antithetic pairs; got " + std::to_string(draws) + ")");
  // Antithetic pairs ε, −ε make the draws' mean exactly 0; rescaling each
  // coordinate to unit mean square makes E[θ] and E[(θ−m)²] exact, so the
  // expectation of any quadratic h_base is exact.
  Rng rng(seed);
  const int half = draws / 2;
  eps_.resize(d_, draws);
  eps_.leftCols(half) = rng.normal_matrix(d_, half);
  eps_.rightCols(half) = -eps_.leftCols(half);
  for (Eigen::Index coord = 0; coord < d_; ++coord) {
    const double rms = std::sqrt(eps_.row(coord).squaredNorm() / draws);
    eps_.row(coord) /= rms;
  }
  allocate_scratch();
}

MeanFieldVI::MeanFieldVI(std::shared_ptr<const Energy> base, double prior_variance, Eigen::MatrixXd draws)
    : owned_base_(std::move(base)),
      base_(*owned_base_),
      d_(base_.dim()),
      prior_variance_(prior_variance),
      eps_(std::move(draws)) {
  allocate_scratch();
}

void MeanFieldVI::allocate_scratch() {
  s_.resize(d_);
  u_.resize(d_);
  theta_.resize(d_);
  g_.resize(d_);
  hj_.resize(d_, d_);
  hu_.resize(d_, d_);
}

std::unique_ptr<Energy> MeanFieldVI::copy_rows(const std::vector<int>& rows) const {
  std::shared_ptr<const Energy> base = base_.copy_rows(rows);
  if (!base) return nullptr;
  return std::unique_ptr<Energy>(new MeanFieldVI(std::move(base), prior_variance_, eps_));
}

Eigen::VectorXd MeanFieldVI::pack(const Eigen::VectorXd& mean, const Eigen::VectorXd& std_dev) {
  const char* fn = "MeanFieldVI::pack";
  check_size(fn, "std_dev", static_cast<long>(std_dev.size()), static_cast<long>(mean.size()));
  for (Eigen::Index i = 0; i < std_dev.size(); ++i) check_positive(fn, "std_dev", std_dev[i]);
  Eigen::VectorXd gamma(2 * mean.size());
  gamma << mean, std_dev.array().log().matrix();
  return gamma;
}

Gaussian MeanFieldVI::posterior(const Eigen::VectorXd& gamma) const {
  return Gaussian(mean(gamma), std_dev(gamma).asDiagonal().toDenseMatrix());
}

// h(γ, z) = (1/M) Σ_j h_base(m + s∘ε_j, z)
double MeanFieldVI::h(const Eigen::VectorXd& gamma, int i) const {
  double total = 0.0;
  for (Eigen::Index j = 0; j < eps_.cols(); ++j) total += base_.h(draw_point(gamma, static_cast<int>(j)), i);
  return total / static_cast<double>(eps_.cols());
}

// With u_j = s∘ε_j (∂θ_j/∂ρ = diag(u_j)) and g_j = ∇h_base(θ_j):
//   ∇_m h = (1/M) Σ g_j,   ∇_ρ h = (1/M) Σ g_j ∘ u_j
void MeanFieldVI::add_grad_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::VectorXd& out) const {
  const double c = scale / static_cast<double>(eps_.cols());  // scale/M
  s_ = gamma.tail(d_).array().exp().matrix();
  for (Eigen::Index j = 0; j < eps_.cols(); ++j) {
    u_ = s_.cwiseProduct(eps_.col(j));
    theta_ = gamma.head(d_) + u_;
    g_.setZero();
    base_.add_grad_h(theta_, i, 1.0, g_);
    out.head(d_) += c * g_;
    out.tail(d_) += c * g_.cwiseProduct(u_);
  }
}

// With H_j = ∇²h_base(θ_j), U_j = diag(u_j), and ∂²θ_j/∂ρ² = diag(u_j) per coordinate:
//   ∇²_mm = (1/M) Σ H_j,  ∇²_mρ = (1/M) Σ H_j U_j,
//   ∇²_ρρ = (1/M) Σ ( U_j H_j U_j + diag(g_j ∘ u_j) )
void MeanFieldVI::add_hess_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::MatrixXd& out) const {
  const double c = scale / static_cast<double>(eps_.cols());  // scale/M
  s_ = gamma.tail(d_).array().exp().matrix();
  for (Eigen::Index j = 0; j < eps_.cols(); ++j) {
    u_ = s_.cwiseProduct(eps_.col(j));
    theta_ = gamma.head(d_) + u_;
    hj_.setZero();
    g_.setZero();
    base_.add_hess_h(theta_, i, 1.0, hj_);
    base_.add_grad_h(theta_, i, 1.0, g_);
    hu_.noalias() = hj_ * u_.asDiagonal();  // H_j U_j
    out.topLeftCorner(d_, d_) += c * hj_;
    out.topRightCorner(d_, d_) += c * hu_;
    out.bottomLeftCorner(d_, d_) += c * hu_.transpose();
    out.bottomRightCorner(d_, d_).noalias() += c * (u_.asDiagonal() * hu_);
    out.bottomRightCorner(d_, d_).diagonal() += c * g_.cwiseProduct(u_);
  }
}

double MeanFieldVI::f(const Eigen::VectorXd& gamma) const {
  const Eigen::ArrayXd m = gamma.head(d_).array(), rho = gamma.tail(d_).array();  // γ = (m, ρ)
  return 0.5 * (((2.0 * rho).exp() + m.square()) / prior_variance_ - 1.0 - 2.0 * rho + std::log(prior_variance_)).sum();
}

// ∇_m f = m/σ_p²,  ∇_ρ f = s²/σ_p² − 1
Eigen::VectorXd MeanFieldVI::grad_f(const Eigen::VectorXd& gamma) const {
  Eigen::VectorXd g(2 * d_);
  g.head(d_) = gamma.head(d_) / prior_variance_;
  g.tail(d_) = ((2.0 * gamma.tail(d_).array()).exp() / prior_variance_ - 1.0).matrix();
  return g;
}

// ∇²f = diag(1/σ_p², …, 2s²/σ_p², …)
Eigen::MatrixXd MeanFieldVI::hess_f(const Eigen::VectorXd& gamma) const {
  Eigen::VectorXd diag(2 * d_);
  diag.head(d_).setConstant(1.0 / prior_variance_);
  diag.tail(d_) = (2.0 * (2.0 * gamma.tail(d_).array()).exp() / prior_variance_).matrix();
  return diag.asDiagonal();
}

}  // namespace lethe
