// Learning q(θ|D_S) for the sparse GP classifier on many rows: natural-gradient
// steps on the ELBO (the Bayesian learning rule, Khan & Rue 2023, in the Gaussian
// family), one pass over the data per step.
//
// For q = N(m, Λ⁻¹) the ELBO E_q[log p(D_S|θ)] − KL[q ‖ N(0, K)] is stationary when
//
//   Λ = K⁻¹ + Σ_i a_i a_iᵀ E_q[−ℓ_i″]   and   Σ_i a_i E_q[ℓ_i′] − K⁻¹ m = 0,
//
// (SparseGpClassifier::natural_statistics gives both sums). The step moves the
// natural parameters toward that fixed point with a step ρ ∈ (0, 1]:
//
//   Λ ← (1 − ρ) Λ + ρ (K⁻¹ + P),     m ← m + ρ Λ⁻¹ (g − K⁻¹ m),
//
// a Newton step on the mean with the expected curvature — which is why it needs a
// few tens of passes whatever the number of rows, where L-BFGS on [m; L] (learning.hpp,
// `fast`) needs more iterations as the posterior narrows with N (it is ill
// conditioned in the prior-whitened coordinates). ρ starts at 1 and is halved
// whenever a step lowers the ELBO (and doubled back after an accepted one).
//
// Stopping rule (the same for learning and retraining): the Newton decrement of the
// mean √(rᵀ(K⁻¹+P)⁻¹r), r = g − K⁻¹m, and the relative change ‖K⁻¹ + P − Λ‖_F/‖Λ‖_F
// both below `tolerance`.
#pragma once

#include <vector>

#include <lethe/base/gaussian.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/sparse_gp_classifier.hpp>

namespace lethe {

struct NaturalGradientOptions {
  int max_iterations = 200;
  double tolerance = 1e-8;
};

// Learns q ≈ p(θ | D_S) from `init` (usually the model's prior). InvalidArgument
// naming the parameter for a bad subset or options; the result's `converged` says
// whether the stopping rule was met (`iterations` passes over the data).
VariationalFit fit_elbo_natural(const SparseGpClassifier& model, const std::vector<int>& subset, const Gaussian& init,
                                const NaturalGradientOptions& options = {});

}  // namespace lethe
