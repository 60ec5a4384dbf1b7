// Mean-field Gaussian variational inference as an energy: q(θ) = N(m, diag(s²)),
// s = exp(ρ), γ = (m, ρ) ∈ R^{2d}, and F(γ, S) = −ELBO:
//
//   h(γ, z) = E_q[ h_base(θ, z) ]                  (expected negative log-likelihood)
//   f(γ)    = KL( q ‖ N(0, σ_p² I) )
//           = ½ Σ_d ( (s_d² + m_d²)/σ_p² − 1 − 2ρ_d + log σ_p² )
//
// The expectation uses M fixed reparameterisation draws θ_j = m + s∘ε_j (common
// random numbers), drawn once from the seed: M/2 standard normal vectors and
// their negatives, each coordinate rescaled to unit mean square. The energy is
// then a deterministic smooth function of γ — exact for any h_base quadratic in
// θ — so its minimiser, its derivatives and retraining are all well defined, as
// the forgetting step needs. The base model's own prior term f is not used: the
// prior enters through the KL, with variance σ_p².
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/bif/energy.hpp>

namespace lethe {

class MeanFieldVI : public Energy {
 public:
  // `base` must outlive this object. draws M ≥ 2 and even.
  MeanFieldVI(const Energy& base, double prior_variance, int draws, std::uint64_t seed);

  Eigen::Index dim() const override { return 2 * d_; }
  int size() const override { return base_.size(); }
  Eigen::Index parameter_dim() const { return d_; }

  double h(const Eigen::VectorXd& gamma, int i) const override;
  void add_grad_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::VectorXd& out) const override;
  void add_hess_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::MatrixXd& out) const override;

  std::unique_ptr<Energy> copy_rows(const std::vector<int>& rows) const override;
  double f(const Eigen::VectorXd& gamma) const override;
  Eigen::VectorXd grad_f(const Eigen::VectorXd& gamma) const override;
  Eigen::MatrixXd hess_f(const Eigen::VectorXd& gamma) const override;

  // γ = (m, log s) from a mean and standard deviations, and back.
  static Eigen::VectorXd pack(const Eigen::VectorXd& mean, const Eigen::VectorXd& std_dev);
  Eigen::VectorXd mean(const Eigen::VectorXd& gamma) const { return gamma.head(d_); }
  Eigen::VectorXd std_dev(const Eigen::VectorXd& gamma) const { return gamma.tail(d_).array().exp().matrix(); }
  // q as a Gaussian (diagonal covariance).
  Gaussian posterior(const Eigen::VectorXd& gamma) const;
  const Eigen::MatrixXd& draws() const { return eps_; }  // d×M

 private:
  // The row copy: the same draws and prior over a copy of the base's rows, which it owns.
  MeanFieldVI(std::shared_ptr<const Energy> base, double prior_variance, Eigen::MatrixXd draws);
  void allocate_scratch();

  Eigen::VectorXd draw_point(const Eigen::VectorXd& gamma, int j) const {
    return gamma.head(d_) + gamma.tail(d_).array().exp().matrix().cwiseProduct(eps_.col(j));
  }

  // The base energy; a row copy (copy_rows) owns the copy of the base's rows it reads.
  std::shared_ptr<const Energy> owned_base_;
  const Energy& base_;
  Eigen::Index d_;
  double prior_variance_;
  Eigen::MatrixXd eps_;  // d×M, fixed draws
  // Scratch space reused by the per-row calls (one energy is not for concurrent use).
  mutable Eigen::VectorXd s_, u_, theta_, g_;
  mutable Eigen::MatrixXd hj_, hu_;
};

}  // namespace lethe
