// Self-normalised importance weights and their effective sample size, shared by every
// importance sampler of the library (the variational family's reverse KL, the BNN's
// variational unlearning).
//
// Draws θ_s (s = 1..S) from a proposal q with log weights ℓ_s = log p̃(θ_s) − log q(θ_s),
// p̃ an unnormalised target, give the self-normalised weights
//
//     w̄_s = exp(ℓ_s) / Σ_t exp(ℓ_t) = exp(ℓ_s − ℓ_max) / Σ_t exp(ℓ_t − ℓ_max),   ℓ_max = max_t ℓ_t,
//
// the second form being the log-sum-exp shift: the largest term is exp(0) = 1, so no
// term overflows and the sum is at least 1 whatever the scale of ℓ (log weights of
// ±1e4 are as safe as ±1). Kish's effective sample size
//
//     ESS = (Σ_s w_s)² / Σ_s w_s²   ∈ [1, S]
//
// is S for equal weights and tends to 1 as one weight dominates; it does not depend
// on the weights' scale, so it reads normalised or unnormalised weights alike.
#pragma once

#include <Eigen/Dense>

namespace lethe {

// w̄ from log weights ℓ (entries more than ~708 below ℓ_max, −∞ among them, get
// weight 0: their exp underflows). InvalidArgument naming
// 'log_weights' if ℓ is empty, holds NaN or +∞, or is −∞ everywhere.
Eigen::VectorXd normalised_weights(const Eigen::VectorXd& log_weights);

// (Σw)²/Σw² of non-negative weights w. InvalidArgument naming 'weights' if w is
// empty or has no positive entry.
double effective_sample_size(const Eigen::VectorXd& weights);

// Both at once: the weights a self-normalised estimator averages with, and their ESS,
// 1 / Σ w̄² (Σ w̄ = 1). Same InvalidArgument as normalised_weights.
struct ImportanceWeights {
  Eigen::VectorXd normalised;  // w̄, Σ w̄ = 1
  double ess = 0.0;
};
ImportanceWeights importance_weights(const Eigen::VectorXd& log_weights);

}  // namespace lethe
