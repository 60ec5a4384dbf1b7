// The Bayesian neural network's energy in the form of bif/energy.hpp:
//
//   F(θ, S) = Σ_{i∈S} h(θ, i) + f(θ),   h(θ, i) = −log p(y_i | x_i, θ)  (the MLP),
//   f(θ) = ‖θ‖² / (2σ_p²)   (prior N(0, σ_p² I), up to a constant),
//
// so that the SG-MCMC samplers of bif/sg_mcmc.hpp run on it unchanged. The sums
// over row sets (batch_*) run as matrix products over the gathered rows; the
// per-row Energy members are the same code on one row. Hessian-vector products are
// exact (the MLP's R-operator); a dense Hessian is formed only on request
// (add_hess_h, column by column from products: for tests and small models).
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/bif/energy.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/mlp.hpp>

namespace lethe {

class BnnEnergy : public Energy {
 public:
  // Checks the data against the shape (feature count, labels in [0, K), two
  // classes present) and σ_p² > 0; InvalidArgument naming 'BnnEnergy' and the parameter.
  BnnEnergy(const Mlp& mlp, ClassificationData data, double prior_variance);

  Eigen::Index dim() const override { return mlp_.parameter_count(); }
  int size() const override { return static_cast<int>(data_.size()); }
  const Mlp& mlp() const { return mlp_; }
  const ClassificationData& data() const { return data_; }
  double prior_variance() const { return prior_variance_; }

  double h(const Eigen::VectorXd& theta, int i) const override;
  void add_grad_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::VectorXd& out) const override;
  void add_hess_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::MatrixXd& out) const override;
  void add_hvp_h(const Eigen::VectorXd& theta, int i, const Eigen::VectorXd& v, double scale,
                 Eigen::VectorXd& out) const override;

  double f(const Eigen::VectorXd& theta) const override;
  Eigen::VectorXd grad_f(const Eigen::VectorXd& theta) const override;
  Eigen::MatrixXd hess_f(const Eigen::VectorXd& theta) const override;

  // Σ_{i∈rows} scale·h(θ, i) and out += Σ scale·∇h (data only, no prior).
  double batch_nll(const Eigen::VectorXd& theta, const std::vector<int>& rows, double scale,
                   Eigen::VectorXd* grad) const;
  // out += Σ_{i∈rows} scale·∇²h(θ, i) v (data only); the Gauss–Newton product instead
  // if gauss_newton (Mlp::add_hvp).
  void batch_hvp(const Eigen::VectorXd& theta, const std::vector<int>& rows, double scale, const Eigen::VectorXd& v,
                 Eigen::VectorXd& out, bool gauss_newton = false) const;

 private:
  void gather(const std::vector<int>& rows, Eigen::MatrixXd& x, Eigen::VectorXi& y) const;

  const Mlp& mlp_;
  ClassificationData data_;
  double prior_variance_;
};

}  // namespace lethe
