// Reverse-KL unlearning (method report §3, Nguyen et al. 2020): from q(θ|D) and the
// forgotten rows D_e alone, minimise
//
//     KL[p̃_λ(θ|D_r) ‖ q_v],   p̃_λ(θ|D_r) ∝ q(θ|D) / p̃_λ(D_e|θ),
//
// i.e. maximise E_{θ~q(θ|D)}[w(θ) log q_v(θ)], w ∝ 1/p̃_λ(D_e|θ) self-normalised,
// over q_v = N(m, L Lᵀ) (→ q̃_v ≈ q(θ|D_r)), with the adjusted likelihood p̃_λ of
// adjusted_likelihood.hpp. For Gaussian q_v the maximiser is a weighted mean and
// covariance; which weights depends on how the self-normalisation is read, and for
// small λ the two readings give different answers (measured on the moons: README,
// "Variational unlearning on two moons").
//
// paper: Adam on −Σ_s w̄_s log q_v(θ_s) with w̄ normalised over each step's `samples`
//   fresh draws from q(θ|D), from q_full.
// fast, estimator `published`: the fixed point of that iteration in closed form. The
//   expected gradient vanishes where m = E_batch[Σ_s w̄_s θ_s] and
//   LLᵀ = E_batch[Σ_s w̄_s θ_s θ_sᵀ] − m mᵀ, the batch-wise self-normalised moments
//   averaged over batches; rkl_batches batches of `samples` draws estimate it. When a
//   few samples carry a batch's weight (small λ) each batch's covariance is singular,
//   but their average is what the published iteration converges to (and is supported
//   by the pooled ESS). This estimator is biased towards q(θ|D)'s typical set, and that
//   bias is what keeps it well-behaved as λ → 0.
// fast, estimator `adaptive`: the moments of the target p̃_λ(θ|D_r) ∝ q(θ|D)/p̃_λ(D_e|θ)
//   itself (the batch → ∞ limit), by importance sampling with an adapted proposal:
//   starting from q(θ|D), each round draws is_samples fresh θ_s from the current
//   proposal, weights them by p̃_β(θ|D_r)/q_round(θ) with the tempered target
//   p̃_β ∝ q(θ|D) p̃_λ(D_e|θ)^{−β}, raises β towards 1 as far as keeps ess_fraction of
//   the round's ESS, and moves the proposal to the estimated moments (with q(θ|D) as a
//   control variate, see reverse_kl.cpp). Once β = 1 and two more rounds have let the
//   proposal settle, final_rounds rounds are pooled, each weighted by its ESS.
// Either fast estimate is flagged unreliable (with a message) if its pooled ESS is
// below minimum_reliable_ess (adaptive: also if β never reaches 1 or a pooled round's
// ESS is below d + 1). λ = 1 returns q_full unchanged.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/base/importance_weights.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/covariance_form.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/options.hpp>

namespace lethe {

struct ReverseKlFit {
  explicit ReverseKlFit(Gaussian fitted) : q(std::move(fitted)) {}

  Gaussian q;
  // Effective sample size (Σw)²/Σw² of the importance weights behind q: the mean per
  // batch (published; comparable with paper's mean per step), summed over the pooled
  // rounds (adaptive); and that of one batch of plain importance sampling from q(θ|D)
  // weighted by 1/p̃_λ(D_e|θ).
  double ess = 0.0;
  double ess_initial = 0.0;
  int samples = 0;       // samples per batch / round / Adam step
  int rounds = 0;        // batches (published) / rounds (adaptive) / Adam steps (paper)
  bool reliable = true;  // false: the ESS could not support a covariance
  std::string status;
};

// Reverse-KL unlearning of the rows `forgotten` from q_full = q(θ|D).
ReverseKlFit forget_reverse_kl(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                               double lambda, const VariationalOptions& options = {});

// The pooled ESS below which a weighted covariance in d dimensions is not trusted (10 d).
double minimum_reliable_ess(Eigen::Index d);

// The batched reverse-KL estimator, written once over the covariance form of q(θ|D)
// (covariance_form.hpp): the sparse GP's full q through forget_reverse_kl, the BNN's
// mean-field q through forget_reverse_kl (bnn/variational_forgetting.hpp).
//
// One batch draws θ_s ~ q(θ|D) (s = 1..S) and weighs each by the inverse adjusted
// likelihood, self-normalised over the batch (base/importance_weights.hpp):
//
//   log w_s = −log p̃_λ(D_e|θ_s) = −1{θ_s ∈ E_λ} log p(D_e|θ_s),   w̄_s = w_s / Σ_t w_t,
//
// since p̃_λ(θ|D_r) ∝ q(θ|D) / p̃_λ(D_e|θ) and the proposal is q(θ|D) itself. Over
// Gaussians q_v = N(m, S Sᵀ) of the same form, the maximiser of Σ_s w̄_s log q_v(θ_s)
// (weighted_negative_log_density below) is the batch's weighted moments; the expected
// update of the paper's iteration vanishes where
//
//   m = E_batch[Σ_s w̄_s θ_s],   S Sᵀ = E_batch[Σ_s w̄_s θ_s θ_sᵀ] − m mᵀ
//
// (the diagonal of the latter for the diagonal form), and B batches estimate the two
// expectations by their averages.
struct WeightedBatch {
  Eigen::MatrixXd thetas;   // d × S, the draws θ_s ~ q(θ|D)
  Eigen::VectorXd weights;  // w̄, Σ w̄ = 1
  double ess = 0.0;         // (Σ w̄)² / Σ w̄²
  long inside = 0;          // draws in E_λ
};

// One batch of `samples` draws from region.q_full(), weighed as above.
template <class Form>
WeightedBatch draw_weighted_batch(const BasicAdjustedRegion<Form>& region, const ForgottenLogLikelihood& log_likelihood,
                                  int samples, Rng& rng);

// The averages over `batches` batches of Σ_s w̄_s θ_s and of the weighted second
// moment, and what the batches' weights tell about them.
template <class Form>
struct BatchMoments {
  Eigen::VectorXd mean;                // E_batch[Σ_s w̄_s θ_s]
  typename Form::SecondMoment second;  // E_batch[Σ_s w̄_s θ_s θ_sᵀ] (full) / its diagonal
  double ess_sum = 0.0;                // Σ over batches of each batch's ESS
  double ess_first = 0.0;              // the first batch's ESS
  long inside = 0;                     // draws in E_λ, over all batches
  int batches = 0;
  int samples = 0;  // per batch

  double mean_ess() const { return ess_sum / static_cast<double>(batches); }
  double inside_fraction() const { return static_cast<double>(inside) / (static_cast<double>(batches) * samples); }
  // S Sᵀ = second − m mᵀ (full) / second − m∘m (diagonal), before any floor or factorisation.
  typename Form::SecondMoment covariance() const { return Form::covariance(mean, second); }
};

// B = `batches` batches of `samples` draws each, from `rng` in order. InvalidArgument
// naming 'samples' (< 2: one draw always normalises to weight 1) or 'batches' (< 1).
template <class Form>
BatchMoments<Form> average_weighted_batches(const BasicAdjustedRegion<Form>& region,
                                            const ForgottenLogLikelihood& log_likelihood, int batches, int samples,
                                            Rng& rng);

extern template WeightedBatch draw_weighted_batch<FullCovariance>(const AdjustedRegion&, const ForgottenLogLikelihood&,
                                                                  int, Rng&);
extern template WeightedBatch draw_weighted_batch<DiagonalCovariance>(const DiagonalAdjustedRegion&,
                                                                      const ForgottenLogLikelihood&, int, Rng&);
extern template BatchMoments<FullCovariance> average_weighted_batches<FullCovariance>(const AdjustedRegion&,
                                                                                      const ForgottenLogLikelihood&,
                                                                                      int, int, Rng&);
extern template BatchMoments<DiagonalCovariance> average_weighted_batches<DiagonalCovariance>(
    const DiagonalAdjustedRegion&, const ForgottenLogLikelihood&, int, int, Rng&);

// −Σ_s w_s log N(θ_s; m, L Lᵀ) for fixed points θ_s (columns) and weights w_s: the
// paper protocol's objective, exposed for gradient checks. Gradients are with respect
// to m and the lower triangle of L. (The full form of the template in
// covariance_form.hpp; weighted_negative_log_density<DiagonalCovariance> is the same
// for N(m, diag s²).)
double weighted_negative_log_density(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                     Eigen::MatrixXd* grad_L);

}  // namespace lethe
