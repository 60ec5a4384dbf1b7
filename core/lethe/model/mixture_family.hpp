// A Gaussian mixture on the user's k features whose components are the classes: row i
// belongs to component y_i ∈ 0..C−1 (the labels found at the first training, C ≥ 2,
// fixed for life), in standardised features x̃ = (x − c) ⊘ s (c, s fixed by the first
// training, as the other families):
//
//   x̃ | y = c, θ ~ N(μ_c, σ² I_k),   μ_c ~ N(0, σ_p² I_k),   θ = (μ_0, …, μ_{C−1}) ∈ R^{Ck}
//   h(θ, (x̃, y)) = ‖x̃ − μ_y‖² / (2σ²),   f(θ) = ‖θ‖² / (2σ_p²)
//
// the mixture of the BIF experiments (bif/gaussian_mixture_model.hpp) in k dimensions
// with the component of each row known. Its posterior is learned, by option `method`, as
//   0  SGHMC   (bif/sg_mcmc.hpp): `steps` steps from θ = 0, then `samples` states kept,
//              one every kThin steps: the posterior is that cloud of states
//   1  SGLD    the same with Langevin steps
//   2  VI      mean-field q = N(m, diag s²), γ = (m, ρ = log s), minimising
//              −ELBO (bif/mean_field_vi.hpp) by Newton's method (bif/newton_minimiser.hpp)
// The class weights are π_c ∝ n_c + 1 (a Dirichlet(1) posterior mean) from the class
// counts n_c, which with c and s are the only aggregates of the rows the state holds.
//
// Forgetting D_e is the BIF influence step (influence_forgetting.hpp, mcmc_forgetting.hpp),
//   γ ← γ + Δ,   Δ = H⁻¹ ḡ,   ḡ = Σ_{e∈D_e} ∇h(γ, e),   H = ∇²F(γ, S),
// with H over the rows still in training, the batch included (the paper's H). The
// remaining rows are never read: F is quadratic in the means, so H is known exactly from
// the counts, H_c = (n_c/σ² + 1/σ_p²) I_k on block c; for VI its ρ-block is, on block c,
// 2 s² (n_c/σ² + 1/σ_p²) (the Hessian of Σ_i E_q[h_i] + KL(q ‖ prior) in ρ). For the
// samplers γ is each kept state and ḡ its average over them, as McmcForgetter averages
// over its Monte Carlo states, and every state moves by the one shift Δ (the cloud keeps
// its spread).
//
// Certificate (kind "estimate"): the residual of influence_forgetting.hpp,
//   ρ_k = ∇F(γ + Δ, S − D_e) − ∇F(γ, S),   r_k = √(ρ_kᵀ H⁻¹ ρ_k),
// the gradient the step leaves on the remaining data's energy, in H's metric (the Newton
// decrement at the new state, if γ was at the optimum). It is computed without the rows:
// ∇F(γ + Δ, S) − ∇F(γ, S) is HΔ on the means (F is quadratic there) and n-free on ρ, and
// the batch's own term is ḡ's at γ + Δ. Here it is ‖H_e Δ‖ in H⁻¹'s metric on the means,
// H_e = D_e's part of H: O(r²/n), zero for a Hessian taken without the batch. It is an
// estimate because the samplers' states only estimate the posterior, the stopped chain
// is not at stationarity, and r_k measures the step on the energy, not the distance to
// a retrained chain. The running sum Σ r_k since training is what the lifecycle's
// retrain budget is compared to.
//
// Predictions: p(y = c | x) ∝ π_c N(x̃; μ_c, σ² I), averaged over the kept states
// (samplers), or with μ_c integrated out, N(x̃; m_c, diag(σ² + s_c²)) (VI).
#pragma once

#include <cstdint>

#include <lethe/bif/gaussian_mixture_model.hpp>  // GmmInference
#include <lethe/model/family.hpp>

namespace lethe {

struct MixtureFamilyOptions {
  GmmInference method = GmmInference::sghmc;
  double component_variance = 1.0;
  double prior_variance = 1.0;
  int steps = 2000;
  int samples = 20;
  int batch = 64;
  std::uint64_t seed = 1;
};

class MixtureFamily : public ModelFamily {
 public:
  MixtureFamily(int feature_count, const MixtureFamilyOptions& options);
  static const OptionSet<MixtureFamilyOptions>& option_set();

  std::string name() const override { return "mixture"; }
  OptionValues options() const override;
  std::string target_kind() const override { return "classification"; }

  void train(const TrainingRows& rows) override;
  Certificate forget(const TrainingRows& erased) override;
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const override;
  // p_class0 … p_class{C−1} (before training: p_class0, p_class1).
  std::vector<std::string> prediction_columns() const override;
  // KL(q ‖ q_retrained) of the diagonal Gaussians: VI's q, or for the samplers the
  // Gaussian with each state cloud's mean and per-coordinate variance; and the distance
  // of the means.
  PosteriorDistance distance_to(const ModelFamily& retrained) const override;
  std::unique_ptr<ModelFamily> untrained_copy() const override;

  void write_state(ByteWriter& out) const override;
  void read_state(ByteReader& in) override;

  int classes() const { return classes_; }
  // Samplers: the kept states, one per row (S × Ck); VI: two rows, m and ρ.
  const Eigen::MatrixXd& states() const { return states_; }
  const Eigen::VectorXd& counts() const { return counts_; }
  double estimate_sum() const { return estimate_sum_; }

 private:
  Eigen::MatrixXd standardised(const Eigen::MatrixXd& x) const;
  bool variational() const { return options_.method == GmmInference::vi; }
  // The mean and per-coordinate variance of the posterior over θ.
  void moments(Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

  MixtureFamilyOptions options_;
  int classes_ = 0;                 // C, 0 before the first training
  Eigen::VectorXd centre_, scale_;  // the standardisation, fixed by the first training
  Eigen::VectorXd counts_;          // n_c of the rows in training
  Eigen::MatrixXd states_;          // see states(); empty before training
  double estimate_sum_ = 0.0;       // Σ r_k since the last training
};

}  // namespace lethe
