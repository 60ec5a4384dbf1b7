// Bayesian inference forgetting (Fu et al., 2021) for the BNN's two posteriors, with
// the Hessian only through Hessian-vector products:
//
//   VI (γ = (m, ρ), the variational energy of mean_field.hpp):
//     γ ← γ + (H + δI)⁻¹ Σ_{e∈D_e} ∇_γ E_q[h(θ, e)],        H = ∇²_γ F(γ, D_r)
//   SGLD / SGHMC (the kept states θ_1..θ_S of chain.hpp):
//     ḡ = (1/S) Σ_s Σ_{e∈D_e} ∇h(θ_s, e),  H̄ = (1/M_H) Σ_{s≤M_H} ∇²F(θ_s, D_r),
//     θ_s ← θ_s + (H̄ + δI)⁻¹ ḡ  for every s (one shift: the step moves the posterior's
//     expectation, as in bif/mcmc_forgetting.hpp; the kept states serve as the Monte
//     Carlo states instead of fresh sampler steps).
//
// Why H over D_r and why δ. The whole request goes in one step, so the step is a
// Newton step on the remaining data's energy (InfluenceOptions::hessian_without_batch
// in bif/); a network's Hessian is indefinite away from a strict minimum, so it is
// damped by δ and the conjugate gradients stop at the first direction of
// non-positive curvature (truncated CG, Steihaug), returning the iterate so far.
// The data part of H may be estimated on a subsample of D_r (rows drawn without
// replacement from the seed, scaled by |D_r|/rows): subsampled Newton–CG.
//
// Large, non-convex removals (a whole class is 10 % of the data): one step is accurate
// only to O(‖Δ‖²), so refine_vi / refine_chain follow it with re-linearised steps on
// the remaining data. The learned state x₀ is not a stationary point of F(·, D) (Adam's
// or the sampler's end; the fixed draws), so the steps descend the tilted energy
//
//   F̃(x) = F(x, D_r) − cᵀx,   c = ∇F(x₀, D) = ∇F(x₀, D_r) + b,   b = Σ_{e∈D_e} ∇h(x₀, e),
//
// for which x₀ is exactly the optimum of the tilted full-data energy, the assumption of
// the BIF step: ∇F̃(x₀) = −b, so step 1 is the BIF step above, and with g̃(x) = ∇F̃(x)
// (VI: γ over the fixed draws; chain: the kept states' mean gradient; both on the
// Hessian's subsample of D_r, so that accepting compares one function at two points
// and a check costs what a Hessian product costs, not a pass over D_r)
//
//   step k>1: p = −(H(x) + δI)⁻¹ g̃(x)   (Newton–CG from x, no longer than step 1's p).
//
// A step is accepted only if it lowers F̃; otherwise it is halved (backtracking, up to
// kHalvings times), and a step that no halving makes acceptable stops the refinement
// (on a network's indefinite energy the quadratic model's full step can overshoot at
// any δ). The per-request residual after each accepted step is r_k = ‖g̃(x_k)‖ / ‖b‖
// (1 at the original state, 0 at a stationary point of F̃); the refinement stops once
// r_k ≤ residual_budget. Measured on the digits (README "BNN"), F̃ falls while ‖g̃‖
// grows: the energy is far from quadratic on the scale of a class's removal.
//
// The repair run (repair_cap = c > 0): the same VI (Adam on the ELBO, fresh draws) or
// the same sampler, on D_r, started from the refined state, for ⌊c · T⌋ of the T steps
// that retraining takes (a chain: every kept state runs ⌊c·T / S⌋ steps of its own
// chain, so that the ensemble keeps its spread). Its residual is reported after the
// Newton steps'. A final residual above the budget is the retrain policy's case: the
// run reports the decision "retrain" (and still returns the forgotten state).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/mean_field.hpp>

namespace lethe {

struct BnnInfluenceOptions {
  double damping = 1.0;  // δ
  int cg_iterations = 50;
  double cg_tolerance = 1e-4;  // on ‖r‖ / ‖b‖
  int hessian_rows = 256;      // rows of D_r in the Hessian estimate (0: all of D_r)
  int hessian_states = 2;      // M_H, chain states in H̄ (SG-MCMC only)
  // The data part of H̄ for SG-MCMC as the Gauss–Newton matrix (positive semi-definite)
  // rather than the exact Hessian (indefinite at a chain's states).
  bool gauss_newton = false;
  int newton_steps = 1;          // K: Newton–CG steps at most (the first is the BIF step)
  double residual_budget = 0.5;  // stop once r_k ≤ this; above it at the end: "retrain"
  double repair_cap = 0.0;       // c: the repair run's steps as a fraction of retraining's (0: none)
};

void check_influence_options(const BnnInfluenceOptions& options, const char* function);

struct CgResult {
  Eigen::VectorXd x;
  int iterations = 0;
  double relative_residual = 0.0;
  bool negative_curvature = false;  // stopped at a direction with pᵀHp ≤ 0
};

// Truncated conjugate gradients for H x = b (H symmetric, given by products).
CgResult truncated_cg(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& hessian, const Eigen::VectorXd& b,
                      int max_iterations, double tolerance);

// The rows of the Hessian estimate: all of `rows`, or `count` of them drawn from the seed.
std::vector<int> hessian_subsample(const std::vector<int>& rows, int count, std::uint64_t seed);

struct InfluenceStep {
  Eigen::VectorXd shift;
  CgResult solve;
};

// The VI step; γ_new = γ + shift.
InfluenceStep bif_vi_step(const MeanFieldEnergy& energy, const Eigen::VectorXd& gamma,
                          const std::vector<int>& remaining, const std::vector<int>& forgotten,
                          const BnnInfluenceOptions& options, std::uint64_t seed);
// The SG-MCMC step; every kept state moves by shift.
InfluenceStep bif_chain_step(const BnnEnergy& energy, const Eigen::MatrixXd& states, const std::vector<int>& remaining,
                             const std::vector<int>& forgotten, const BnnInfluenceOptions& options, std::uint64_t seed);

// What the refinement did (see the top of this file).
struct InfluenceRefinement {
  Eigen::VectorXd shift;           // VI: γ − γ₀ after the Newton steps; chain: every state's shift
  CgResult solve;                  // the last solve
  int cg_iterations = 0;           // summed over every solve
  int accepted = 0, rejected = 0;  // Newton steps accepted; trial points rejected
  std::vector<double> fractions;   // of each accepted step: 1, ½, ¼, … of the CG step
  std::vector<double> residuals;   // r_k after each accepted step
  std::vector<double> energies;    // F̃ after each accepted step (F̃(x₀) = F(x₀, D_r))
  double energy = 0.0;             // F̃ at the end
  Eigen::VectorXd tilt;            // c = ∇F(x₀, D)
  double request_norm = 0.0;       // ‖b‖, the residual's unit
};

// r = ‖g − c‖ / ‖b‖ for g = ∇F(·, D_r) at a state the repair moved (the refinement's tilt).
double refinement_residual(const InfluenceRefinement& r, const Eigen::VectorXd& gradient);

// Backtracking halvings of a Newton step before it counts as rejected.
inline constexpr int kHalvings = 4;

// F(x, D_r) of the shifted state, its gradient into *grad if given.
using RemainingEnergy = std::function<double(const Eigen::VectorXd&, Eigen::VectorXd*)>;
// H(x)·v without δ.
using HessianAt = std::function<Eigen::VectorXd(const Eigen::VectorXd&, const Eigen::VectorXd&)>;

// The Newton loop itself on a shift x (from 0); `first` is the first step's b.
InfluenceRefinement refine_newton(const RemainingEnergy& energy, const HessianAt& hessian, const Eigen::VectorXd& first,
                                  const BnnInfluenceOptions& options);

// The refined VI step from γ (no repair); newton_steps = 1 is bif_vi_step, accepted or halved.
InfluenceRefinement refine_vi(const MeanFieldEnergy& energy, const Eigen::VectorXd& gamma,
                              const std::vector<int>& remaining, const std::vector<int>& forgotten,
                              const BnnInfluenceOptions& options, std::uint64_t seed);
// The refined SG-MCMC step from the kept states (no repair); every state moves by shift.
InfluenceRefinement refine_chain(const BnnEnergy& energy, const Eigen::MatrixXd& states,
                                 const std::vector<int>& remaining, const std::vector<int>& forgotten,
                                 const BnnInfluenceOptions& options, std::uint64_t seed);

// The energies the refinement descends (and whose gradient norm is the residual), both
// on the Hessian's subsample of D_r (scaled to |D_r|; all of D_r for hessian_rows 0): VI,
// F(γ, D_r) over the energy's fixed draws; a chain, the states' mean of F(θ_s, D_r).
double vi_remaining_energy(const MeanFieldEnergy& energy, const Eigen::VectorXd& gamma,
                           const std::vector<int>& remaining, const BnnInfluenceOptions& options, std::uint64_t seed,
                           Eigen::VectorXd* grad);
double chain_remaining_energy(const BnnEnergy& energy, const Eigen::MatrixXd& states, const std::vector<int>& remaining,
                              const BnnInfluenceOptions& options, std::uint64_t seed, Eigen::VectorXd* grad);

// The repair run's length: ⌊c · T⌋ steps of the T that retraining takes.
int repair_steps(double repair_cap, long retrain_steps);

}  // namespace lethe
