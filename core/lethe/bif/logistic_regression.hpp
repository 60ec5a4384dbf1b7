// Bayesian logistic regression on 2-D inputs with a bias, prior N(0, σ_p² I) on
// the weights w = (w_0 bias, w_1, w_2). Labels y ∈ {0, 1} are used as s = 2y − 1.
//
//   h(w, (x, y)) = −log σ(s wᵀx̃) = softplus(−s wᵀx̃),   x̃ = (1, x_1, x_2)
//   f(w)         = ‖w‖² / (2σ_p²) + (3/2) log 2πσ_p²
//
// The model on which retraining is exact and cheap (a strictly convex energy
// minimised by Newton's method), so the O(1/n²) error of the forgetting step can
// be measured directly.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/datasets.hpp>
#include <lethe/bif/energy.hpp>

namespace lethe {

class LogisticRegressionEnergy : public Energy {
 public:
  // x: n×2 inputs, labels in {0, 1}; prior_variance σ_p² > 0.
  LogisticRegressionEnergy(const Eigen::MatrixXd& x, const Eigen::VectorXi& labels, double prior_variance);

  Eigen::Index dim() const override { return 3; }
  int size() const override { return static_cast<int>(x_.rows()); }

  double h(const Eigen::VectorXd& w, int i) const override;
  void add_grad_h(const Eigen::VectorXd& w, int i, double scale, Eigen::VectorXd& out) const override;
  void add_hess_h(const Eigen::VectorXd& w, int i, double scale, Eigen::MatrixXd& out) const override;
  void add_hvp_h(const Eigen::VectorXd& w, int i, const Eigen::VectorXd& v, double scale,
                 Eigen::VectorXd& out) const override;

  std::unique_ptr<Energy> copy_rows(const std::vector<int>& rows) const override;
  double f(const Eigen::VectorXd& w) const override;
  Eigen::VectorXd grad_f(const Eigen::VectorXd& w) const override;
  Eigen::MatrixXd hess_f(const Eigen::VectorXd& w) const override;

  double prior_variance() const { return prior_variance_; }

 private:
  Eigen::Vector3d features(int i) const { return {1.0, x_(i, 0), x_(i, 1)}; }

  Eigen::MatrixXd x_;
  Eigen::VectorXd sign_;  // s_i = 2 y_i − 1
  double prior_variance_;
};

// Two overlapping Gaussian classes in the plane (not separable, so the
// likelihood alone has a finite maximiser too): label ~ Bernoulli(½),
// x ~ N(±(1, 0.5), I). Deterministic in the seed.
LabelledPoints make_logistic_data(int n, std::uint64_t seed);

}  // namespace lethe
