// Variational Bayesian unlearning (method report §3, Nguyen et al. 2020) for any
// LikelihoodModel and the Gaussian family q(θ) = N(m, L Lᵀ):
//
//   learn    maximise the ELBO  E_q[log p(D_S|θ)] − KL[q ‖ p(θ)]          → q(θ|D)
//   EUBO     minimise            E_{q_u}[log p̃_λ(D_e|θ)] + KL[q_u ‖ q(θ|D)]  → q̃_u
//   rKL      minimise            KL[p̃_λ(θ|D_r) ‖ q_v],  p̃_λ(θ|D_r) ∝ q(θ|D)/p̃_λ(D_e|θ)
//            i.e. maximise E_{θ~q(θ|D)}[w(θ) log q_v(θ)], w ∝ 1/p̃_λ(D_e|θ)    → q̃_v
//
// with the adjusted likelihood p̃_λ of adjusted_likelihood.hpp. Two protocols:
//
//   paper  the published set-up literally: Adam (learning rate 1e-3), `samples` fresh
//          reparameterised Monte Carlo samples per step, `steps` steps; learning
//          starts wherever the caller says (the experiment uses m = 0, L = I); the
//          indicator of the adjusted likelihood carries no gradient.
//   fast   the same optima sooner. The ELBO and the λ = 0 EUBO are sums of 1-D
//          Gaussian expectations (the model's expected_log_likelihood, Gauss–Hermite
//          for the classifier) minimised by L-BFGS in coordinates whitened by the KL's
//          base. For 0 < λ < 1 the EUBO's indicator needs Monte Carlo, and the paper's
//          update (indicator held fixed) is not the gradient of any function: its
//          fixed point is the zero of a vector field that is smooth only in
//          expectation. A quasi-Newton minimiser oscillates across the ellipsoid's
//          boundary there, so the fast protocol runs the paper's own iteration with
//          three changes: one fixed set of common random numbers θ_s = m + L ε_s,
//          steps preconditioned by whitening (KL[q ‖ q(θ|D)] has Hessian ≈ I), and a
//          Polyak average of the second half of the iterates; 50 steps land where
//          30 000 Adam steps do. The reverse KL is solved in closed form (weighted
//          moment matching): by default at the published estimator's fixed point, or
//          at the target's own moments with an adaptive importance-sampling proposal,
//          see unlearn_reverse_kl.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "base/gaussian.hpp"
#include "base/names.hpp"
#include "variational/likelihood_model.hpp"
#include "variational/variational_family.hpp"

namespace lethe {

enum class Protocol { fast, paper };
template <>
struct EnumNames<Protocol> {
  static constexpr Named<Protocol> entries[] = {{Protocol::fast, "fast", "fast"},
                                                {Protocol::paper, "paper", "paper"}};
};

// The two readings of the reverse KL's Monte Carlo objective (see unlearn_reverse_kl).
enum class ReverseKlEstimator { published, adaptive };
template <>
struct EnumNames<ReverseKlEstimator> {
  static constexpr Named<ReverseKlEstimator> entries[] = {
      {ReverseKlEstimator::published, "published", "published"},
      {ReverseKlEstimator::adaptive, "adaptive", "adaptive"}};
};

struct VariationalOptions {
  Protocol protocol = Protocol::fast;
  std::uint64_t seed = 0;

  // fast: L-BFGS on the (whitened) objective.
  int max_iterations = 2000;
  double gradient_tolerance = 1e-7;
  // fast EUBO with 0 < λ < 1: common random numbers, preconditioned steps
  // γ_t = mc_step_size / (1 + t/10)^0.6, and the Polyak average of the last half.
  int mc_samples = 1000;
  int mc_steps = 50;
  double mc_step_size = 0.5;
  // fast reverse KL: which optimum (see unlearn_reverse_kl), and for `published`
  // the number of batches of `samples` draws whose self-normalised moments are averaged.
  ReverseKlEstimator rkl_estimator = ReverseKlEstimator::published;
  int rkl_batches = 40;
  // adaptive reverse KL: importance samples per round, the fraction of the ESS each
  // tempering step keeps, the limit on tempering rounds, and the rounds at the
  // target (β = 1) whose estimates are pooled.
  int is_samples = 1500;
  double ess_fraction = 0.5;
  int max_rounds = 40;
  int final_rounds = 4;

  // paper: Adam (`samples` is also the published reverse KL's batch in fast).
  int steps = 30000;
  int samples = 1000;
  double learning_rate = 1e-3;
};

struct VariationalFit {
  Gaussian q;
  double objective = 0.0;  // final objective value (fast) / last Monte Carlo estimate (paper)
  int iterations = 0;      // L-BFGS iterations (fast) or Adam steps (paper)
  bool converged = false;
  std::string status;
};

struct ReverseKlFit {
  Gaussian q;
  // Effective sample size (Σw)²/Σw² of the importance weights behind q: the mean per
  // batch (published; comparable with paper's mean per step), summed over the pooled
  // rounds (adaptive); and that of one batch of plain importance sampling from q(θ|D)
  // weighted by 1/p̃_λ(D_e|θ).
  double ess = 0.0;
  double ess_initial = 0.0;
  int samples = 0;         // samples per batch / round / Adam step
  int rounds = 0;          // batches (published) / rounds (adaptive) / Adam steps (paper)
  bool reliable = true;    // false: the ESS could not support a covariance
  std::string status;
};

// The pooled ESS below which a weighted covariance in d dimensions is not trusted (10 d).
double minimum_reliable_ess(Eigen::Index d);

// Learns q ≈ p(θ | D_S) ∝ p(θ) p(D_S | θ), starting from `init`.
VariationalFit fit_elbo(const LikelihoodModel& model, const std::vector<int>& subset,
                        const Gaussian& prior, const Gaussian& init,
                        const VariationalOptions& options = {});

// EUBO unlearning of the rows `erased` from q_full = q(θ|D), starting from q_full.
// λ = 1 returns q_full unchanged (the adjusted likelihood is 1 everywhere).
VariationalFit unlearn_eubo(const LikelihoodModel& model, const std::vector<int>& erased,
                            const Gaussian& q_full, double lambda,
                            const VariationalOptions& options = {});

// Reverse-KL unlearning: maximise E_{θ~q(θ|D)}[w(θ) log q_v(θ)], w ∝ 1/p̃_λ(D_e|θ)
// self-normalised. For Gaussian q_v the maximiser is a weighted mean and covariance;
// which weights depends on how the self-normalisation is read, and for small λ the two
// readings give different answers (measured on the moons: docs/variational.md).
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
ReverseKlFit unlearn_reverse_kl(const LikelihoodModel& model, const std::vector<int>& erased,
                                const Gaussian& q_full, double lambda,
                                const VariationalOptions& options = {});

// The objectives, exposed for gradient checks. Gradients are with respect to m and
// the lower triangle of L.
// −ELBO by the model's expected log-likelihood (quadrature):
double negative_elbo(const LikelihoodModel& model, const std::vector<int>& subset,
                     const Gaussian& prior, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                     Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L);
// EUBO: Monte Carlo over θ_s = m + L ε_s for the columns of `eps` (the indicator
// held fixed in the gradient); with `eps` empty, quadrature (requires λ = 0 or 1).
double eubo_objective(const LikelihoodModel& model, const std::vector<int>& erased,
                      const Gaussian& q_full, double lambda, const Eigen::MatrixXd& eps,
                      const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                      Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L);
// −Σ_s w_s log N(θ_s; m, L Lᵀ) for fixed points θ_s (columns) and weights w_s.
double weighted_negative_log_density(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                     Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L);

// Self-normalised weights from log weights (max-shifted), and their ESS.
Eigen::VectorXd normalised_weights(const Eigen::VectorXd& log_weights);
double effective_sample_size(const Eigen::VectorXd& normalised);

}  // namespace lethe
