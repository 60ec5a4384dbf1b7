// Bayesian inference forgetting for SG-MCMC (Fu et al., 2021, §5): the chain's
// state θ plays the role of γ, and the gradient term and the Hessian of the
// forgetting step are expectations over the posterior, estimated by Monte Carlo
// over sampler steps:
//
//   ḡ = (1/M) Σ_{m≤M} Σ_{z∈S′} ∇h(θ_m, z),   H̄ = (1/M_H) Σ_{m≤M_H} ∇²F(θ_m, S),
//   θ ← θ + H̄⁻¹ ḡ,
//
// where θ_1..θ_M are M sampler steps on the current training set S (the batch S′
// still in it) started from the chain's state and momentum. The steps run on a
// copy of the chain with its own random stream, so the chain itself moves only by
// the shift: what changes the model is the forgetting step and nothing else (the
// published code instead advances the chain itself through those steps, which
// also mixes it towards the posterior of the data still in training).
//
// Why M and M_H differ. The chain is frozen between requests, so every request's
// expectations are estimated near the same state. With few steps (the published
// M = M_H = 5) the steps stay close to it, and ḡ carries the same error, in the
// same direction, request after request: removing 400 of a cluster's 471 points in
// batches of 4 adds 100 such errors, and the processed centre can end further from
// the retrained one than the original was. ḡ needs only the batch's rows and one
// minibatch step per state, so many steps cost little (M = 100 by default; README
// "BIF on large removals" has the measurements over 20 draws); the Hessian needs
// every row and varies slowly, and a couple of states estimate it as well as five
// do (M_H = 2).
//
// The certificate, as for point estimates (influence_forgetting.hpp), from the same
// Monte Carlo states:
//
//   ρ = (1/M_H) Σ_{m≤M_H} [∇F(θ_m + Δ, S) − ∇F(θ_m, S)] − (1/M) Σ_{m≤M} ∇h(θ_m + Δ, S′),
//   r = √(ρᵀ H̄⁻¹ ρ),
//
// an estimate of E[∇F(θ + Δ, S − S′)] − E[∇F(θ, S)]: what the request changed in the
// expected gradient (0 at the posterior), with the full-data part from the Hessian
// states and the batch part from all M (so that the difference between the two
// estimates of ḡ is not mistaken for a residual). 0 for a quadratic F with H̄ taken
// without the batch.
#pragma once

#include <optional>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/active_rows.hpp>
#include <lethe/bif/energy.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/sampled_hessian.hpp>
#include <lethe/bif/sg_mcmc.hpp>

namespace lethe {

struct McmcForgettingOptions {
  int gradient_samples = 100;  // M: sampler steps whose states estimate ḡ
  int hessian_samples = 2;     // M_H ≤ M: the first M_H of them estimate H̄
  InfluenceOptions influence;
};

// M ≥ 1 and 1 ≤ M_H ≤ M (the Hessian states are the first of the gradient states);
// InvalidArgument naming `function` and the parameter otherwise.
void check_monte_carlo_samples(const char* function, int gradient_samples, int hessian_samples);

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
  // r of every request so far, in order (see the header comment).
  const std::vector<double>& residuals() const { return residuals_; }

 private:
  // ρ of the header comment, from the request's Monte Carlo states.
  Eigen::VectorXd gradient_change(const std::vector<Eigen::VectorXd>& states, int hessian_count,
                                  const std::vector<int>& rows, const std::vector<int>& batch,
                                  const Eigen::VectorXd& shift) const;

  // forget() with H̄, ρ and the sampler's minibatches drawn from
  // options.influence.hessian_sample_rows rows of the rows in training, kept across
  // requests (KeptRowSample): O(M·B + M_H·k + M·|batch|) per request, B the sampler's
  // minibatch, and no row read outside the sample and the batch, whatever the number
  // of rows.
  Eigen::VectorXd forget_sampled(const std::vector<int>& batch);

  const Energy& energy_;
  SgMcmc chain_;
  McmcForgettingOptions options_;
  ActiveRows rows_;
  Eigen::VectorXd total_shift_;
  std::vector<double> residuals_;
  std::optional<KeptRowSample> sample_;  // the sampled path's rows, kept across requests
};

}  // namespace lethe
