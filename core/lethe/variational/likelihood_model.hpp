// The interface every variational-unlearning routine needs from a model: the
// log-likelihood of a subset of its data rows, for a batch of parameter values θ
// and with its gradient, and (for the `fast` protocol) its expectation under a
// Gaussian q(θ) = N(m, L Lᵀ) with gradients with respect to m and L.
//
// The sparse GP classifier (sparse_gp_classifier.hpp) and the conjugate Gaussian
// model (gaussian_linear_likelihood.hpp) implement it; the learning, EUBO and
// reverse-KL routines (learning.hpp, eubo.hpp, reverse_kl.hpp) only ever see this
// interface.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace lethe {

class LikelihoodModel {
 public:
  virtual ~LikelihoodModel() = default;

  // Dimension of θ.
  virtual Eigen::Index dim() const = 0;
  // Number of data rows; subsets below are lists of row ids in [0, rows()).
  virtual int rows() const = 0;

  // ℓ_s = log p(D_S | θ_s) = Σ_{i∈S} log p(y_i | θ_s) for every column θ_s of
  // `thetas` (dim × n). If `gradients` is not null it becomes dim × n, column s
  // holding ∇_θ log p(D_S | θ_s).
  virtual Eigen::VectorXd log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                         Eigen::MatrixXd* gradients) const = 0;

  // Only the gradients ∇_θ log p(D_S | θ_s) (dim × n), for iterations that need no
  // values; by default through log_likelihood.
  virtual Eigen::MatrixXd log_likelihood_gradients(const std::vector<int>& subset,
                                                   const Eigen::MatrixXd& thetas) const {
    Eigen::MatrixXd gradients;
    log_likelihood(subset, thetas, &gradients);
    return gradients;
  }

  // E_{θ~N(m, L Lᵀ)}[log p(D_S | θ)]. If the pointers are not null they receive the
  // gradient with respect to m and the full-matrix gradient with respect to L
  // (∂/∂L_ij treating every entry of L as free; callers keep the lower triangle).
  virtual double expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m,
                                         const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                         Eigen::MatrixXd* grad_L) const = 0;
};

// Checks that every id of `subset` is a row of `model` (InvalidArgument naming
// function and parameter otherwise). Repeats are allowed here: a subset is a
// multiset of likelihood terms.
void check_subset(const LikelihoodModel& model, const std::vector<int>& subset, const char* function,
                  const char* parameter);

}  // namespace lethe
