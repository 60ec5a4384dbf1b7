// Sparse Gaussian-process binary classifier with fixed inducing inputs Z (M of them).
//
//   kernel      k(x, x') = σ² exp(−½ Σ_d (x_d − x'_d)² / ℓ_d²)      (SE-ARD, fixed)
//   parameters  θ = u = f(Z) ∈ R^M, prior p(θ) = N(0, K_ZZ)
//   latent      f(x) = a(x)ᵀ θ,  a(x) = K_ZZ⁻¹ k_Z(x)  (projected mean; the
//               conditional variance of f given u is not used in the likelihood)
//   likelihood  p(y = 1 | x, θ) = σ(f(x)), σ the logistic sigmoid; labels are 0/1.
//
// Under a Gaussian q(θ) = N(m, L Lᵀ), f(x) ~ N(a(x)ᵀm, ‖Lᵀa(x)‖²): every expectation
// the methods need is one-dimensional, done by Gauss–Hermite quadrature.
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/base/gauss_hermite.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/predictive_kl.hpp>

namespace lethe {

struct SeArdKernel {
  Eigen::VectorXd lengthscales;  // ℓ_d > 0, one per input dimension
  double variance = 1.0;         // σ² > 0

  // k(X1_i, X2_j) for rows of X1 (n1×d) and X2 (n2×d).
  Eigen::MatrixXd operator()(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2) const;
};

// The data sums a natural-gradient step of the ELBO needs under q = N(m, L Lᵀ),
// with ℓ_i(f) = log σ(s_i f) and f_i ~ N(a_iᵀm, ‖Lᵀa_i‖²):
//   value      Σ_i E_q[ℓ_i]
//   gradient   Σ_i a_i E_q[ℓ_i′]              (= ∇_m Σ_i E_q[ℓ_i])
//   curvature  Σ_i a_i a_iᵀ E_q[−ℓ_i″]         (= −2 ∇_Σ Σ_i E_q[ℓ_i], by Price's theorem)
// with ℓ″(f) = −σ(f)σ(−f) whatever the label.
struct NaturalStatistics {
  double value = 0.0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd curvature;
};

class SparseGpClassifier : public LikelihoodModel {
 public:
  // x: n×d inputs, labels: n values in {0, 1}, inducing: M×d, kernel.lengthscales: d;
  // quadrature_nodes: Gauss–Hermite nodes per likelihood expectation. Throws
  // InvalidArgument (naming the parameter) on any inconsistency, and
  // SingularMatrixError (parameter "inducing") if K_ZZ cannot be factorised.
  SparseGpClassifier(Eigen::MatrixXd x, Eigen::VectorXi labels, Eigen::MatrixXd inducing, SeArdKernel kernel,
                     int quadrature_nodes = 32);

  Eigen::Index dim() const override { return inducing_.rows(); }
  int rows() const override { return static_cast<int>(x_.rows()); }

  Eigen::VectorXd log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                 Eigen::MatrixXd* gradients) const override;
  // One exponential per term, no logarithm: the fast EUBO iteration's hot loop.
  Eigen::MatrixXd log_likelihood_gradients(const std::vector<int>& subset,
                                           const Eigen::MatrixXd& thetas) const override;
  double expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                 Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) const override;

  // The sums above over `subset`, by the likelihood's quadrature rule, in blocks of
  // rows so that memory stays O(block·M) whatever the subset's size.
  NaturalStatistics natural_statistics(const std::vector<int>& subset, const Eigen::VectorXd& m,
                                       const Eigen::MatrixXd& L) const;

  // p(θ) = N(0, K_ZZ + jitter I).
  const Gaussian& prior() const { return prior_; }
  // Rows a(x)ᵀ = k_xZ K_ZZ⁻¹ for the rows of xs (n×d → n×M).
  Eigen::MatrixXd projection(const Eigen::MatrixXd& xs) const;
  // Predictive p(y | x, q) = ∫ σ(±f) N(f; a(x)ᵀm, ‖Lᵀa(x)‖²) df for the rows of xs.
  BernoulliPredictive predict(const Gaussian& q, const Eigen::MatrixXd& xs) const;
  // The same for precomputed projections (rows a(x)ᵀ), e.g. a fixed display grid.
  BernoulliPredictive predict_projected(const Gaussian& q, const Eigen::MatrixXd& projected) const;

  const Eigen::MatrixXd& inputs() const { return x_; }
  const Eigen::VectorXi& labels() const { return labels_; }
  const Eigen::MatrixXd& inducing() const { return inducing_; }
  const SeArdKernel& kernel() const { return kernel_; }

 private:
  Eigen::MatrixXd x_;
  Eigen::VectorXi labels_;
  Eigen::MatrixXd inducing_;
  SeArdKernel kernel_;
  Eigen::LLT<Eigen::MatrixXd> kzz_;  // K_ZZ + jitter I, factorised
  Eigen::MatrixXd a_;                // n×M, row i = a(x_i)ᵀ
  Eigen::VectorXd sign_;             // s_i = 2 y_i − 1
  Gaussian prior_;
  GaussHermite rule_;             // for the likelihood expectations
  GaussHermite predictive_rule_;  // finer, for the predictive
};

}  // namespace lethe
