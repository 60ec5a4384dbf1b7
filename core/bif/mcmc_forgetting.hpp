// Bayesian inference forgetting for SG-MCMC (Fu et al., 2021, §5): the chain's
// state θ plays the role of γ, and the gradient term and the Hessian of the
// forgetting step are expectations over the posterior, estimated by Monte Carlo
// over sampler steps:
//
//   ḡ = (1/M) Σ_m Σ_{z∈S′} ∇h(θ_m, z),   H̄ = (1/M) Σ_m ∇²F(θ_m, S),   θ ← θ + H̄⁻¹ ḡ,
//
// where θ_1..θ_M are M sampler steps on the current training set S (the batch S′
// still in it) started from the chain's state and momentum. The steps run on a
// copy of the chain with its own random stream, so the chain itself moves only by
// the shift: what changes the model is the forgetting step and nothing else (the
// published code instead advances the chain itself through those M steps, which
// also mixes it towards the posterior of the data still in training).
#pragma once

#include <vector>

#include <Eigen/Dense>

#include "base/active_rows.hpp"
#include "bif/energy.hpp"
#include "bif/influence_forgetting.hpp"
#include "bif/sg_mcmc.hpp"

namespace lethe {

struct McmcForgettingOptions {
  int mc_samples = 5;  // M
  InfluenceOptions influence;
};

class McmcForgetter {
 public:
  // `energy` must outlive the forgetter; `chain` is the trained chain on all rows
  // (StateError if it has taken no step yet).
  McmcForgetter(const Energy& energy, SgMcmc chain, McmcForgettingOptions options = {});

  // Forgets one batch (same id errors as InfluenceForgetter::forget; a Hessian
  // estimate that is not positive definite throws NumericalError and changes
  // nothing). Returns the shift applied to the chain state.
  Eigen::VectorXd forget(const std::vector<int>& batch);

  const SgMcmc& chain() const { return chain_; }
  const ActiveRows& rows() const { return rows_; }
  // Σ of the shifts applied so far.
  const Eigen::VectorXd& total_shift() const { return total_shift_; }

 private:
  const Energy& energy_;
  SgMcmc chain_;
  McmcForgettingOptions options_;
  ActiveRows rows_;
  Eigen::VectorXd total_shift_;
};

}  // namespace lethe
