// Mean-field Gaussian variational inference for the BNN: q(θ) = N(m, diag s²),
// s = exp(ρ), γ = (m, ρ) ∈ R^{2P}, learned by maximising the ELBO
//
//   ELBO(γ) = E_q[ Σ_{i∈S} log p(y_i | x_i, θ) ] − KL(q ‖ N(0, σ_p² I)),
//   KL = ½ Σ_d ( (s_d² + m_d²)/σ_p² − 1 − 2ρ_d + log σ_p² ),
//
// with Adam on the reparameterised minibatch estimate: θ = m + s∘ε, ε ~ N(0, I),
// the data term scaled by n/B, so that
//   ∂/∂m = (n/B) Σ_b ∇h(θ) + m/σ_p²,   ∂/∂ρ = ((n/B) Σ_b ∇h(θ))∘ε∘s + s²/σ_p² − 1
// (h = −log p). Every draw (rows and ε) comes from lethe::Rng and the seed.
//
// MeanFieldEnergy is the variational energy of Bayesian inference forgetting (as in
// bif/mean_field_vi.hpp), F(γ, S) = Σ_{i∈S} E_q[h(θ, i)] + KL(q ‖ prior), with the
// expectation over M fixed antithetic draws, so that F is a deterministic function of
// γ with exact gradients and Hessian-vector products (below, from the MLP's R-operator).
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/adam.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/bnn_energy.hpp>

namespace lethe {

struct MeanFieldOptions {
  int steps = 3000;  // Adam steps
  int batch = 64;    // rows per step (drawn with replacement)
  double learning_rate = 1e-2;
  double initial_std = 1e-2;  // s at the start (ρ = log s), m from the MLP's initialiser
};

// InvalidArgument naming `function` and the field.
void check_mean_field_options(const MeanFieldOptions& options, const char* function);

// The ELBO ascent in chunks (for a user interface: progress and cancel between
// chunks); any chunking gives the same γ as one call.
class MeanFieldTrainer {
 public:
  // `energy` must outlive the trainer; rows non-empty.
  MeanFieldTrainer(const BnnEnergy& energy, std::vector<int> rows, const MeanFieldOptions& options, std::uint64_t seed);
  // The same from a given γ = (m, ρ) (a repair run from a forgotten q; fresh Adam moments).
  MeanFieldTrainer(const BnnEnergy& energy, std::vector<int> rows, const MeanFieldOptions& options, std::uint64_t seed,
                   const Eigen::VectorXd& start);
  // Up to k more Adam steps (never past options.steps); returns the steps taken so far.
  int step(int k);
  bool done() const { return t_ >= options_.steps; }
  int steps_done() const { return t_; }
  const Eigen::VectorXd& gamma() const { return gamma_; }

 private:
  const BnnEnergy& energy_;
  std::vector<int> rows_;
  MeanFieldOptions options_;
  Eigen::VectorXd gamma_;
  Rng rng_;
  Adam adam_;
  int t_ = 0;
};

// γ = (m, ρ) learned on `rows` of the energy's data from the seed (the start m too).
Eigen::VectorXd train_mean_field(const BnnEnergy& energy, const std::vector<int>& rows, const MeanFieldOptions& options,
                                 std::uint64_t seed);

// KL(q ‖ N(0, σ_p² I)) of γ, and its gradient.
double mean_field_prior_kl(const Eigen::VectorXd& gamma, double prior_variance, Eigen::VectorXd* grad);

// P × S draws θ_s = m + s∘ε_s from fixed ε (the columns of `eps`).
Eigen::MatrixXd mean_field_samples(const Eigen::VectorXd& gamma, const Eigen::MatrixXd& eps);

class MeanFieldEnergy {
 public:
  // `base` must outlive this object; M = draws ≥ 2 and even.
  MeanFieldEnergy(const BnnEnergy& base, int draws, std::uint64_t seed);

  Eigen::Index dim() const { return 2 * base_.dim(); }
  const BnnEnergy& base() const { return base_; }

  // Σ_{i∈rows} E_q[h(θ, i)] (+ KL if with_prior); gradient into *grad (overwritten) if given.
  double value(const Eigen::VectorXd& gamma, const std::vector<int>& rows, double row_scale, bool with_prior,
               Eigen::VectorXd* grad) const;
  // ∇²_γ [row_scale Σ_{i∈rows} E_q h(θ, i) + KL] · v. With u_j = a + s∘ε_j∘b for
  // v = (a, b), H_j = Σ ∇²h(θ_j) and g_j = Σ ∇h(θ_j):
  //   (Hv)_m = (1/M) Σ_j H_j u_j
  //   (Hv)_ρ = (1/M) Σ_j [ s∘ε_j∘(H_j u_j) + g_j∘s∘ε_j∘b ]
  // plus the KL's diagonal: 1/σ_p² on m, 2s²/σ_p² on ρ.
  Eigen::VectorXd hvp(const Eigen::VectorXd& gamma, const std::vector<int>& rows, double row_scale,
                      const Eigen::VectorXd& v) const;

 private:
  const BnnEnergy& base_;
  Eigen::MatrixXd eps_;  // P × M
};

}  // namespace lethe
