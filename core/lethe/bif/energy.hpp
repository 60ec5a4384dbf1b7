// The energy of a Bayesian inference procedure, in the form used by Bayesian
// inference forgetting (Fu et al., 2021):
//
//   F(γ, S) = Σ_{z∈S} h(γ, z) + f(γ),
//
// whose minimiser γ_S is the learned state (MAP parameters, variational
// parameters, or an MCMC chain's state). h carries the influence of one datum,
// f that of the prior. A model owns its data z_0..z_{n−1}; the training set S is
// given as a list of row ids, so forgetting and retraining never copy the data.
#pragma once

#include <memory>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

class Energy {
 public:
  virtual ~Energy() = default;

  // Dimension of γ and number of data rows the model holds.
  virtual Eigen::Index dim() const = 0;
  virtual int size() const = 0;

  // Per-datum term h(γ, z_i) and its derivatives, accumulated: out += scale·∇h,
  // out += scale·∇²h, out += scale·∇²h·v. Accumulating lets a sum over the data
  // run without a temporary per row.
  virtual double h(const Eigen::VectorXd& gamma, int i) const = 0;
  virtual void add_grad_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::VectorXd& out) const = 0;
  virtual void add_hess_h(const Eigen::VectorXd& gamma, int i, double scale, Eigen::MatrixXd& out) const = 0;
  // Default: forms ∇²h. Models with a cheaper product override it.
  virtual void add_hvp_h(const Eigen::VectorXd& gamma, int i, const Eigen::VectorXd& v, double scale,
                         Eigen::VectorXd& out) const;

  // Prior term f(γ) and its derivatives.
  virtual double f(const Eigen::VectorXd& gamma) const = 0;
  virtual Eigen::VectorXd grad_f(const Eigen::VectorXd& gamma) const = 0;
  virtual Eigen::MatrixXd hess_f(const Eigen::VectorXd& gamma) const = 0;

  // Sums over a set of rows (ids, each in [0, size())).
  //   F(γ, S), ∇F(γ, S), ∇²F(γ, S), ∇²F(γ, S)·v
  double value(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const;
  Eigen::VectorXd gradient(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const;
  Eigen::MatrixXd hessian(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const;
  Eigen::VectorXd hvp(const Eigen::VectorXd& gamma, const std::vector<int>& rows, const Eigen::VectorXd& v) const;
  // Σ_{z∈rows} ∇h(γ, z) — the data part only, no prior (the forgetting step's
  // right-hand side).
  Eigen::VectorXd data_gradient(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const;

  // An energy over copies of the given rows (row j of the copy is row rows[j] of this
  // one; an id may repeat) with the same prior, or nullptr if the model makes none.
  // A sample of rows kept across requests (sampled_hessian.hpp) is copied once, so
  // that every sum over it reads k contiguous rows instead of k scattered ones: what
  // keeps a request's cost flat once the data outgrow the processor's caches.
  virtual std::unique_ptr<Energy> copy_rows(const std::vector<int>& rows) const;

  // Throws InvalidArgument naming `function`/`parameter` unless γ has dim()
  // finite entries.
  void check_state(const Eigen::VectorXd& gamma, const char* function, const char* parameter) const;
};

}  // namespace lethe
