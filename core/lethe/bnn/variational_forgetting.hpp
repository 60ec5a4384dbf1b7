// Variational Bayesian unlearning (Nguyen et al., 2020) for the BNN's mean-field
// Gaussian q(θ|D) = N(m, diag s²), from q(θ|D) and D_e only, with the adjusted
// likelihood of variational/adjusted_likelihood.hpp in its diagonal form
// (DiagonalAdjustedRegion):
//
//   log p̃_λ(D_e|θ) = 1{θ ∈ E_λ} · log p(D_e|θ),  E_λ = { Σ_d ((θ_d − m_d)/s_d)² < −2 log λ }
//
// (all of R^P for λ = 0; in P dimensions a draw of q has Σ z² ≈ P, so only
// λ < e^{−P/2} lets typical draws count — for thousands of parameters that is below
// the smallest double, and only λ = 0 forgets anything: for λ > 0 no draw is inside,
// EUBO and rKL keep q(θ|D), rKL's ESS = the batch size; BnnRun::status says so.)
//
//   EUBO: q̃ = argmin E_q̃[log p̃_λ(D_e|θ)] + KL(q̃ ‖ q(θ|D)), by Adam on reparameterised
//         draws θ = m̃ + s̃∘ε from the seed, started at q̃ = q(θ|D), the indicator
//         carrying no gradient (as published);
//   rKL:  q̃ = argmin KL(p̃_λ(θ|D_r) ‖ q̃), p̃_λ(θ|D_r) ∝ q(θ|D) / p̃_λ(D_e|θ); over
//         diagonal Gaussians its minimiser matches the mean and the per-coordinate
//         variance, estimated by self-normalised importance sampling from q(θ|D),
//         w ∝ 1/p̃_λ(D_e|θ), within each batch of draws, the batches' moments averaged:
//         the batched engine of variational/reverse_kl.hpp (average_weighted_batches),
//         the one the sparse GP's published estimator runs in the full form.
// Both use all randomness of `seed` in a fixed order: the same seed, the same result.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include <lethe/bnn/bnn_energy.hpp>

namespace lethe {

struct VariationalForgetOptions {
  double lambda = 0.0;
  int eubo_steps = 200;
  int eubo_draws = 4;  // reparameterised draws per Adam step
  double learning_rate = 1e-2;
  int rkl_batches = 8;
  int rkl_batch_draws = 128;
};

void check_variational_forget_options(const VariationalForgetOptions& options, const char* function);

struct VariationalForgetResult {
  Eigen::VectorXd gamma;  // (m̃, log s̃)
  double ess = 0.0;       // rKL: mean effective sample size per batch, in [1, rkl_batch_draws] (0 for EUBO)
  double inside = 0.0;    // fraction of draws inside E_λ (1 for λ = 0)
};

// γ_full = (m, log s) of q(θ|D), 2P entries; `forgotten` the rows of D_e (non-empty).
// InvalidArgument naming the function and the parameter otherwise.
VariationalForgetResult forget_eubo(const BnnEnergy& energy, const Eigen::VectorXd& gamma_full,
                                    const std::vector<int>& forgotten, const VariationalForgetOptions& options,
                                    std::uint64_t seed);
VariationalForgetResult forget_reverse_kl(const BnnEnergy& energy, const Eigen::VectorXd& gamma_full,
                                          const std::vector<int>& forgotten, const VariationalForgetOptions& options,
                                          std::uint64_t seed);

}  // namespace lethe
