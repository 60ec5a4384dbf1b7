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

}  // namespace lethe
