// Variational Bayesian learning (method report §3, Nguyen et al. 2020) for any
// LikelihoodModel and the Gaussian family q(θ) = N(m, L Lᵀ): maximise the ELBO
//
//     E_q[log p(D_S|θ)] − KL[q ‖ p(θ)]   → q(θ|D_S).
//
// paper  Adam on the reparameterised Monte Carlo ELBO (the KL in closed form), from
//        the caller's start.
// fast   the ELBO is a sum of 1-D Gaussian expectations (the model's
//        expected_log_likelihood, Gauss–Hermite for the classifier) plus a closed-form
//        KL, minimised by L-BFGS in coordinates whitened by the prior.
// The unlearning routines (eubo.hpp, reverse_kl.hpp) start from the q(θ|D) it learns.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/options.hpp>

namespace lethe {

struct VariationalFit {
  explicit VariationalFit(Gaussian fitted) : q(std::move(fitted)) {}

  Gaussian q;
  double objective = 0.0;  // final objective value (fast) / last Monte Carlo estimate (paper)
  int iterations = 0;      // L-BFGS iterations (fast) or Adam steps (paper)
  bool converged = false;
  std::string status;
};

// Learns q ≈ p(θ | D_S) ∝ p(θ) p(D_S | θ), starting from `init`.
VariationalFit fit_elbo(const LikelihoodModel& model, const std::vector<int>& subset, const Gaussian& prior,
                        const Gaussian& init, const VariationalOptions& options = {});

// −ELBO = KL[q ‖ p(θ)] − E_q[log p(D_S|θ)] by the model's expected log-likelihood
// (quadrature), exposed for gradient checks. Gradients are with respect to m and the
// lower triangle of L.
double negative_elbo(const LikelihoodModel& model, const std::vector<int>& subset, const Gaussian& prior,
                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                     Eigen::MatrixXd* grad_L);

}  // namespace lethe
