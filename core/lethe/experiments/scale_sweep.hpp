// "Why not retrain?" measured: for each family, learn on N rows, then
// forget one request of r rows (experiments/scale_requests.hpp) and compare with
// retraining on the remaining N − r rows — wall time of both and the distance of each
// to the retrained model — at sizes from 10³ to 10⁶.
//
//   exact        conjugate regression (exact/): forget subtracts the request's
//                sufficient statistics, O(r p² + p³); retraining accumulates N − r rows,
//                O(N p²). Distance: KL[q ‖ q_retrained] (Gaussian).
//   variational  the sparse GP classifier on make_moons(N, 0.2); q(θ|D) and the
//                retrained q(θ|D_r) learned by natural-gradient steps
//                (variational/natural_gradient_learning.hpp) to the same tolerance;
//                EUBO and reverse KL (fast protocol, λ = options.lambda) read only the
//                request's rows and q(θ|D). Distance: the averaged predictive KL on the
//                request's inputs, mean_x KL[q(y|x, D_r) ‖ q̃(y|x)].
//   bif          map, vi: Bayesian logistic regression (make_logistic_data), MAP and
//                mean-field VI minimised by Newton's method, forgotten by the influence
//                step; sgld, sghmc: the four-cluster mixture (bif_mixture_preset(N)),
//                forgotten in one step per request (options.mcmc_batch). The step's
//                Hessian (and the samplers' minibatches) come from a sample of
//                options.hessian_sample_rows rows kept by the forgetter
//                (KeptRowSample, bif/sampled_hessian.hpp), so a request costs the same
//                and reads the same rows at every N. Distance: ‖γ − γ_retrained‖ (map),
//                KL[q ‖ q_retrained] (vi), and for sgld/sghmc ‖Δ − (γ_r − γ)‖, the
//                shift of the four centres against the change of the mixture's mode
//                (γ, γ_r by Newton's method on D and D_r): two chains' sampling noise
//                hides what 20 rows do to their sample means (scale_sweep.cpp).
//
// Retraining starts where a user would: variational, map and vi warm-start from the
// learned state (the cheapest honest retraining, to the same tolerance); the SG-MCMC
// chains start afresh (k-means++ on D_r, then the sampler's iterations).
//
// Times are processor seconds of this (single-threaded) process (CpuStopwatch), medians
// over `repeats`; each repeat forgets the same request from the same learned model and
// retrains from the same start, and each timed step starts with cold caches
// (clear_caches, experiments/stopwatch.hpp), as a request arriving long after the last
// does: otherwise a small model copied just before is timed in cache and a large one not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lethe/base/names.hpp>

namespace lethe {

enum class ScaleFamily { exact, variational, bif };
template <>
struct EnumNames<ScaleFamily> {
  static constexpr Named<ScaleFamily> entries[] = {{ScaleFamily::exact, "exact", "exact"},
                                                   {ScaleFamily::variational, "variational", "variational"},
                                                   {ScaleFamily::bif, "bif", "BIF"}};
};

struct ScaleOptions {
  int request = 20;  // r, rows per request
  int repeats = 3;   // timings are medians over these
  std::uint64_t seed = 0;
  double lambda = 1e-5;            // λ of EUBO and reverse KL
  int hessian_sample_rows = 2048;  // k of the BIF step's sampled Hessian (0: every row)
  int mcmc_batch = 0;              // SG-MCMC forgets a request in steps of this many rows (0: one step)
};

struct ScaleRun {
  std::string family, method;
  int n = 0, request = 0;
  double seconds_train = 0.0, seconds_retrain = 0.0, seconds_forget = 0.0;
  double speedup = 0.0;          // seconds_retrain / seconds_forget
  double quality_forget = 0.0;   // distance of the forgotten model to the retrained one
  double quality_nothing = 0.0;  // the same for doing nothing (the model learned on D)
  std::string quality_measure;
  double bytes = 0.0;  // bytes held per data point (data, model, row book-keeping)
  int batches = 1;     // forgetting steps per request (SG-MCMC: r / mcmc_batch)
};

// Whether forgetting is worth it against retraining, said plainly: "retrain instead:
// retraining is faster" (speedup < 1), "retrain instead: no closer than doing nothing"
// (quality_forget ≥ quality_nothing), "marginal: retraining costs < 3x more"
// (speedup < 3), else "forget".
std::string scale_verdict(const ScaleRun& run);

// Checks the options (InvalidArgument naming the field) and n ≥ 1 ('n').
void check_scale_options(const ScaleOptions& options, int n, const char* function);

std::vector<ScaleRun> run_scale_exact(int n, const ScaleOptions& options);
std::vector<ScaleRun> run_scale_variational(int n, const ScaleOptions& options);
std::vector<ScaleRun> run_scale_bif(int n, const ScaleOptions& options);
std::vector<ScaleRun> run_scale(ScaleFamily family, int n, const ScaleOptions& options);

// Median of a non-empty list.
double median(std::vector<double> values);

}  // namespace lethe
