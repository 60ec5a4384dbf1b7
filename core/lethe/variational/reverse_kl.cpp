// Reverse-KL unlearning: the paper protocol and the two fast estimators (see
// reverse_kl.hpp).
#include <lethe/variational/reverse_kl.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <lethe/base/constants.hpp>
#include <lethe/base/dense_product.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/format.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/detail/checks.hpp>
#include <lethe/variational/detail/optimisers.hpp>
#include <lethe/variational/detail/streams.hpp>
#include <lethe/variational/variational_family.hpp>

namespace lethe {

using namespace variational_detail;

namespace {

// A weighted covariance in d dimensions is trusted only with this much ESS per
// dimension: d + 1 points already span it, ten per dimension make it stable.
constexpr double kReliableEssPerDimension = 10.0;
// Rounds at β = 1 that only adapt the proposal before estimates are pooled: the
// first proposal at β = 1 was fitted to the last tempered target, and two rounds
// carry it over to the target's own moments.
constexpr int kSettleRounds = 2;
// Rounds a proposal may re-adapt at the same β before the tempering rule relaxes its
// ESS floor: enough for a Gaussian proposal to settle on a target it can match, few
// enough that one it cannot match (p̃_λ jumps at the ellipsoid) does not stall the
// tempering.
constexpr int kMaxHolds = 6;
// Bisection steps for the next β in [β, 1]: they shrink the interval to 2⁻⁵⁰ ≈ 9e-16,
// a few units in the last place of a β near 1, so more steps could not change it.
constexpr int kBisectionSteps = 50;
// Above this log ratio t, log(e^t − 1) = t + log(1 − e^{−t}) is evaluated in the
// second form, t + log1p(−e^{−t}): exact to rounding once e^{−t} < e^{−30} ≈ 1e-13,
// and free of expm1's overflow to ∞ for t > 709.
constexpr double kLargeLogRatio = 30.0;

// d + 1 points in general position span a covariance in d dimensions; an ESS below
// that cannot support one.
double covariance_support(Eigen::Index d) { return static_cast<double>(d) + 1; }

// One decimal, as the status messages print an ESS or a β (both small numbers: an ESS
// is at most the sample count).
std::string format_ess(double ess) { return format_number("%.1f", ess); }

// What every estimator reads: the model, the forgotten rows, q(θ|D) and the region E
// where the adjusted likelihood counts.
class ReverseKlProblem {
 public:
  ReverseKlProblem(const LikelihoodModel& likelihood, const std::vector<int>& forgotten_rows, const Gaussian& learned,
                   double lambda)
      : model(likelihood),
        forgotten(forgotten_rows),
        q_full(learned),
        region(learned, lambda),
        log_likelihood([&likelihood, &forgotten_rows](const Eigen::MatrixXd& thetas, const Eigen::VectorXd&) {
          return likelihood.log_likelihood(forgotten_rows, thetas, nullptr);
        }) {}

  // log(1/p̃_λ(D_e|θ_s)) = −1{θ_s ∈ E} log p(D_e|θ_s) for the columns θ_s.
  Eigen::VectorXd log_inverse_adjusted(const Eigen::MatrixXd& thetas) const {
    return -region.adjusted_log_likelihood(thetas, region.indicator(thetas), log_likelihood);
  }

  const LikelihoodModel& model;
  const std::vector<int>& forgotten;
  const Gaussian& q_full;
  const AdjustedRegion region;
  const ForgottenLogLikelihood log_likelihood;  // log p(D_e|θ_s), every column
};

// λ = 1: every weight is equal, so q(θ|D) is the optimum and the ESS is the sample size.
ReverseKlFit unchanged(const Gaussian& q_full, int samples) {
  ReverseKlFit fit(q_full);
  fit.ess = static_cast<double>(samples);
  fit.ess_initial = static_cast<double>(samples);
  fit.samples = samples;
  fit.rounds = 0;
  fit.reliable = true;
  fit.status = "lambda = 1: the weights are uniform, q(theta|D) is the optimum";
  return fit;
}

// ---- paper ----

// Adam on −Σ_s w̄_s log q_v(θ_s), θ_s ~ q(θ|D) fresh at every step, from q(θ|D).
ReverseKlFit reverse_kl_adam(const ReverseKlProblem& problem, const VariationalOptions& options) {
  check_paper_options("forget_reverse_kl", options);
  if (problem.region.empty()) return unchanged(problem.q_full, options.samples);
  Rng rng(stream_seed(options.seed, kReverseKlStream));
  double ess_sum = 0.0, ess_first = 0.0;
  auto gradient = [&](int t, const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd& grad_m,
                      Eigen::MatrixXd& grad_L) {
    const WeightedBatch batch = draw_weighted_batch(problem.region, problem.log_likelihood, options.samples, rng);
    if (t == 0) ess_first = batch.ess;
    ess_sum += batch.ess;
    weighted_negative_log_density(batch.thetas, batch.weights, m, L, &grad_m, &grad_L);
  };
  ReverseKlFit fit(adam_on_factor(problem.q_full, options.steps, options.learning_rate, gradient));
  fit.ess = options.steps > 0 ? ess_sum / options.steps : 0.0;
  fit.ess_initial = ess_first;
  fit.samples = options.samples;
  fit.rounds = options.steps;
  fit.reliable = true;
  fit.status = "Adam steps done; mean ESS per step " + format_ess(fit.ess);
  return fit;
}

// ---- fast, published ----

// The fixed point of the paper's iteration: m and LLᵀ = E[Σ w̄ θθᵀ] − m mᵀ from the
// averaged batch moments.
ReverseKlFit reverse_kl_published(const ReverseKlProblem& problem, const VariationalOptions& options) {
  const char* fn = "forget_reverse_kl";
  // One draw normalises to weight 1 whatever θ is: a batch needs two to weigh anything.
  check_at_least(fn, "options.samples", options.samples, 2);
  check_at_least(fn, "options.rkl_batches", options.rkl_batches, 1);
  if (problem.region.empty()) return unchanged(problem.q_full, options.samples);
  Rng rng(stream_seed(options.seed, kReverseKlStream));
  const Eigen::Index d = problem.model.dim();
  const BatchMoments<FullCovariance> averages =
      average_weighted_batches(problem.region, problem.log_likelihood, options.rkl_batches, options.samples, rng);
  const Eigen::MatrixXd cov = averages.covariance();
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
  const bool singular = llt.info() != Eigen::Success;
  ReverseKlFit fit(singular ? problem.q_full : Gaussian(averages.mean, llt.matrixL()));
  fit.ess = averages.mean_ess();
  fit.ess_initial = averages.ess_first;
  fit.samples = options.samples;
  fit.rounds = options.rkl_batches;
  fit.reliable = !singular && averages.ess_sum >= minimum_reliable_ess(d);
  const std::string per_batch = "mean ESS per batch " + format_ess(fit.ess) + " of " + std::to_string(options.samples) +
                                ", " + std::to_string(options.rkl_batches) + " batches";
  if (singular)
    fit.status = "the averaged covariance is singular (" + per_batch + "); returning q(theta|D)";
  else if (!fit.reliable)
    fit.status = "pooled ESS " + format_ess(averages.ess_sum) + " is too small for a covariance in " +
                 std::to_string(d) + " dimensions (" + per_batch + ")";
  else if (fit.ess < covariance_support(d))
    fit.status = per_batch + "; one batch alone could not support a covariance in " + std::to_string(d) +
                 " dimensions, their average (the published iteration's fixed point) does";
  else
    fit.status = per_batch;
  return fit;
}

// ---- fast, adaptive ----

// The mean and covariance of p̃(θ) ∝ q(θ|D) r(θ), log r = log_ratio ≥ 0, by importance
// sampling with a control variate. Write p̃ ∝ q(θ|D) + q(θ|D)(r − 1): the first part's
// moments are known exactly, only the correction (r − 1 ≥ 0, zero outside E) is
// estimated, with unnormalised weights u_s = e^{a_s}(r_s − 1)/S, a_s = log q(θ_s|D) −
// log q_k(θ_s). The result is the moments of the mixture {q(θ|D): 1, δ_θs: u_s}
// (normalised), whose covariance is positive definite whenever q(θ|D) keeps any
// weight; it is exact for λ = 1 (r ≡ 1) and free of the noise of re-estimating q(θ|D).
bool target_moments(const Gaussian& q_full, const Eigen::MatrixXd& thetas, const Eigen::VectorXd& a,
                    const Eigen::VectorXd& log_ratio, Eigen::VectorXd& mean, Eigen::MatrixXd& chol) {
  const Eigen::Index sample_count = thetas.cols();
  // log u_s = a_s + log(e^{log r_s} − 1) − log S   (−∞ where r_s = 1).
  Eigen::VectorXd log_u(sample_count);
  double top = 0.0;  // the log weight of the q(θ|D) part
  for (Eigen::Index s = 0; s < sample_count; ++s) {
    const double log_r = log_ratio[s];
    log_u[s] =
        log_r > 0
            ? a[s] + (log_r > kLargeLogRatio ? log_r + std::log1p(-std::exp(-log_r)) : std::log(std::expm1(log_r))) -
                  std::log(static_cast<double>(sample_count))
            : -std::numeric_limits<double>::infinity();
    top = std::max(top, log_u[s]);
  }
  const double w_full_raw = std::exp(-top);
  const Eigen::VectorXd u_raw = (log_u.array() - top).exp().matrix();
  const double total = w_full_raw + u_raw.sum();
  const double w_full = w_full_raw / total;
  const Eigen::VectorXd u = u_raw / total;
  mean = w_full * q_full.mean() + thetas * u;
  const Eigen::VectorXd shift = q_full.mean() - mean;
  const Eigen::MatrixXd centred = thetas.colwise() - mean;
  const Eigen::MatrixXd cov =
      w_full * (q_full.covariance() + shift * shift.transpose()) + centred * u.asDiagonal() * centred.transpose();
  if (!cov.allFinite()) return false;
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
  if (llt.info() != Eigen::Success) return false;
  chol = llt.matrixL();
  return chol.diagonal().minCoeff() > 0;
}

// One round of the adaptive estimator: fresh draws θ_s = m + L ε_s from the round's
// proposal q_k = N(m, L Lᵀ) and their two log-weight parts. The tempered target is
// p̃_β(θ) ∝ q(θ|D) r_β(θ), r_β = p̃_λ(D_e|θ)^{−β} = e^{β b(θ)}, b = −1_E log p(D_e|θ)
// ≥ 0; with log q_k(θ_s) = −½‖ε_s‖² − log|L| − ½ d log 2π its self-normalised
// weights are
//   log w_s = a_s + β b_s,   a_s = log q(θ_s|D) − log q_k(θ_s).
struct ImportanceRound {
  Eigen::MatrixXd thetas;
  Eigen::VectorXd a, b;
  // The ESS of the weights for the tempered target p̃_β.
  double ess(double beta) const { return importance_weights(a + beta * b).ess; }
};

ImportanceRound draw_round(const ReverseKlProblem& problem, Rng& rng, const Eigen::VectorXd& m,
                           const Eigen::MatrixXd& L, int samples) {
  const Eigen::Index d = problem.model.dim();
  const double log_norm = 0.5 * static_cast<double>(d) * kLog2Pi;
  const Eigen::MatrixXd eps = rng.normal_matrix(d, samples);
  ImportanceRound draws;
  draws.thetas = multiply(L, eps).colwise() + m;
  const Eigen::VectorXd log_proposal =
      -((0.5 * eps.colwise().squaredNorm()).transpose().array() + L.diagonal().array().log().sum() + log_norm).matrix();
  draws.a = problem.q_full.log_density_columns(draws.thetas) - log_proposal;
  draws.b = problem.log_inverse_adjusted(draws.thetas);
  return draws;
}

// Adaptive tempering of p̃_β from β = 0 towards 1: each round raises β as far as the
// ESS stays ≥ ess_fraction·S. If the proposal does not reach that ESS even at the
// current β, it is first re-adapted (β held); a target no Gaussian matches that well
// (the adjusted likelihood is discontinuous at the ellipsoid) gets the conditional
// rule after kMaxHolds holds: keep ess_fraction of the current ESS.
class Tempering {
 public:
  double beta() const { return beta_; }
  bool done() const { return beta_ >= 1.0; }
  int rounds() const { return rounds_; }

  // The β of the next round's target, from this round's draws (β < 1).
  double next_beta(const ImportanceRound& draws, const VariationalOptions& options) {
    ++rounds_;
    const double now = draws.ess(beta_);
    double floor_ess = options.ess_fraction * static_cast<double>(options.is_samples);
    if (now < floor_ess)
      floor_ess = ++holds_ > kMaxHolds ? options.ess_fraction * now : now;
    else
      holds_ = 0;
    if (draws.ess(1.0) >= floor_ess) return 1.0;
    // The largest β' in [β, 1] whose ESS stays at the floor.
    double low = beta_, high = 1.0;
    for (int step = 0; step < kBisectionSteps; ++step) {
      const double mid = 0.5 * (low + high);
      (draws.ess(mid) >= floor_ess ? low : high) = mid;
    }
    return low;
  }
  void advance(double beta) { beta_ = beta; }

 private:
  double beta_ = 0.0;
  int rounds_ = 0;  // rounds spent with β < 1
  int holds_ = 0;   // consecutive rounds whose proposal missed the ESS floor
};

// The estimates of the rounds at the target, each weighted by its ESS (a poorer round
// counts for less).
class PooledMoments {
 public:
  PooledMoments(Eigen::Index d, double samples)
      : smallest_(samples), mean_sum_(Eigen::VectorXd::Zero(d)), second_sum_(Eigen::MatrixXd::Zero(d, d)) {}

  void add(double ess, const Eigen::VectorXd& mean, const Eigen::MatrixXd& chol) {
    ess_ += ess;
    smallest_ = std::min(smallest_, ess);
    mean_sum_ += ess * mean;
    second_sum_ += ess * (chol * chol.transpose() + mean * mean.transpose());
    ++rounds_;
  }
  int rounds() const { return rounds_; }
  double ess() const { return ess_; }
  double smallest_ess() const { return smallest_; }
  Gaussian gaussian() const {
    Eigen::VectorXd mean = mean_sum_;
    Eigen::MatrixXd second = second_sum_;
    mean /= ess_;
    second /= ess_;
    return Gaussian::from_covariance(mean, second - mean * mean.transpose());
  }

 private:
  double ess_ = 0.0, smallest_;
  int rounds_ = 0;
  Eigen::VectorXd mean_sum_;
  Eigen::MatrixXd second_sum_;
};

void check_adaptive_options(const char* fn, const VariationalOptions& options) {
  // As for a batch: one draw per round would always have weight 1.
  check_at_least(fn, "options.is_samples", options.is_samples, 2);
  check_at_least(fn, "options.max_rounds", options.max_rounds, 1);
  check_at_least(fn, "options.final_rounds", options.final_rounds, 1);
  if (!(options.ess_fraction > 0.0 && options.ess_fraction < 1.0))
    fail_argument(fn, "options.ess_fraction", "must lie in (0, 1)");
}

// The adaptive estimator between rounds: the current proposal N(mean, chol cholᵀ),
// the tempering, the pooled estimates, and what the result reports.
struct AdaptiveRun {
  AdaptiveRun(const Gaussian& q_full, double samples)
      : mean(q_full.mean()), chol(q_full.chol()), pool(q_full.dim(), samples) {}

  Eigen::VectorXd mean;
  Eigen::MatrixXd chol;
  Tempering tempering;
  PooledMoments pool;
  double ess_initial = 0.0;  // the first round's: plain importance sampling from q(θ|D)
  int rounds = 0;
  int at_target = 0;    // rounds drawn at β = 1
  bool failed = false;  // a weighted covariance was singular
};

// One round: draw from the proposal, choose the next β, move the proposal to the
// estimated moments of p̃_β, and pool the estimate once the proposal has settled at
// the target. False (run unchanged but for the count) if the estimated covariance is
// singular.
bool adaptive_round(const ReverseKlProblem& problem, Rng& rng, const VariationalOptions& options, AdaptiveRun& run) {
  const ImportanceRound draws = draw_round(problem, rng, run.mean, run.chol, options.is_samples);
  if (++run.rounds == 1) run.ess_initial = draws.ess(1.0);  // the proposal is still q(θ|D)
  const double next = run.tempering.done() ? 1.0 : run.tempering.next_beta(draws, options);
  Eigen::VectorXd new_mean;
  Eigen::MatrixXd new_chol;
  if (!target_moments(problem.q_full, draws.thetas, draws.a, next * draws.b, new_mean, new_chol)) return false;
  if (run.tempering.done() && ++run.at_target > kSettleRounds) run.pool.add(draws.ess(1.0), new_mean, new_chol);
  run.mean = new_mean;
  run.chol = new_chol;
  run.tempering.advance(next);
  return true;
}

// The pooled estimate, or the last proposal if tempering failed or stopped short.
ReverseKlFit adaptive_fit(const AdaptiveRun& run, Eigen::Index d, const VariationalOptions& options) {
  const PooledMoments& pool = run.pool;
  const bool pooled = !run.failed && pool.rounds() > 0;
  ReverseKlFit fit(pooled ? pool.gaussian() : Gaussian(run.mean, run.chol));
  fit.ess = pooled ? pool.ess() : 0.0;
  fit.ess_initial = run.ess_initial;
  fit.samples = options.is_samples;
  fit.rounds = run.rounds;
  fit.reliable = pooled && !(pool.ess() < minimum_reliable_ess(d) || pool.smallest_ess() < covariance_support(d));
  const std::string plain = "plain importance sampling from q(theta|D) has ESS " + format_ess(run.ess_initial) +
                            " of " + std::to_string(options.is_samples);
  if (run.failed)
    fit.status = "the weighted covariance is singular; returning the last proposal; " + plain;
  else if (!pooled)
    fit.status = "tempering reached only beta = " + format_ess(run.tempering.beta()) + " in " +
                 std::to_string(run.tempering.rounds()) + " rounds; returning the proposal for that beta; " + plain;
  else if (!fit.reliable)
    fit.status = "ESS " + format_ess(pool.ess()) + " over " + std::to_string(pool.rounds()) +
                 " pooled rounds (smallest " + format_ess(pool.smallest_ess()) + ") is too small for a covariance in " +
                 std::to_string(d) + " dimensions; " + plain;
  else
    fit.status = std::to_string(run.tempering.rounds()) + " tempering rounds, " + std::to_string(pool.rounds()) +
                 " pooled rounds with total ESS " + format_ess(pool.ess()) + "; " + plain;
  return fit;
}

// The moments of p̃_λ(θ|D_r) itself: tempered adaptive importance sampling from
// q(θ|D), then final_rounds rounds at β = 1 pooled.
ReverseKlFit reverse_kl_adaptive(const ReverseKlProblem& problem, const VariationalOptions& options) {
  check_adaptive_options("forget_reverse_kl", options);
  if (problem.region.empty()) return unchanged(problem.q_full, options.is_samples);
  Rng rng(stream_seed(options.seed, kReverseKlStream));
  AdaptiveRun run(problem.q_full, static_cast<double>(options.is_samples));
  while (run.pool.rounds() < options.final_rounds) {
    if (!run.tempering.done() && run.tempering.rounds() >= options.max_rounds) break;
    if (!adaptive_round(problem, rng, options, run)) {
      run.failed = true;
      break;
    }
  }
  return adaptive_fit(run, problem.model.dim(), options);
}

}  // namespace

double minimum_reliable_ess(Eigen::Index d) { return kReliableEssPerDimension * static_cast<double>(d); }

template <class Form>
WeightedBatch draw_weighted_batch(const BasicAdjustedRegion<Form>& region, const ForgottenLogLikelihood& log_likelihood,
                                  int samples, Rng& rng) {
  WeightedBatch batch;
  batch.thetas = Form::sample(region.q_full(), rng, samples);
  const Eigen::VectorXd inside = region.indicator(batch.thetas);
  batch.inside = static_cast<long>(inside.sum());
  // log w_s = −log p̃_λ(D_e|θ_s) = −1{θ_s ∈ E_λ} log p(D_e|θ_s); w̄ = w / Σ w.
  const ImportanceWeights weights =
      importance_weights(-region.adjusted_log_likelihood(batch.thetas, inside, log_likelihood));
  batch.weights = weights.normalised;
  batch.ess = weights.ess;
  return batch;
}

template <class Form>
BatchMoments<Form> average_weighted_batches(const BasicAdjustedRegion<Form>& region,
                                            const ForgottenLogLikelihood& log_likelihood, int batches, int samples,
                                            Rng& rng) {
  const char* fn = "average_weighted_batches";
  check_at_least(fn, "samples", samples, 2);
  check_at_least(fn, "batches", batches, 1);
  const Eigen::Index d = region.q_full().dim();
  BatchMoments<Form> moments;
  moments.mean = Eigen::VectorXd::Zero(d);
  moments.second = Form::zero_second_moment(d);
  moments.batches = batches;
  moments.samples = samples;
  for (int k = 0; k < batches; ++k) {
    const WeightedBatch batch = draw_weighted_batch(region, log_likelihood, samples, rng);
    if (k == 0) moments.ess_first = batch.ess;
    moments.ess_sum += batch.ess;
    moments.inside += batch.inside;
    // Σ_s w̄_s θ_s and Σ_s w̄_s θ_s θ_sᵀ (or its diagonal) of this batch.
    moments.mean.noalias() += batch.thetas * batch.weights;
    Form::add_weighted_second_moment(batch.thetas, batch.weights, moments.second);
  }
  // E_batch[·]: the average over the B batches.
  moments.mean /= static_cast<double>(batches);
  moments.second /= static_cast<double>(batches);
  return moments;
}

template WeightedBatch draw_weighted_batch<FullCovariance>(const AdjustedRegion&, const ForgottenLogLikelihood&, int,
                                                           Rng&);
template WeightedBatch draw_weighted_batch<DiagonalCovariance>(const DiagonalAdjustedRegion&,
                                                               const ForgottenLogLikelihood&, int, Rng&);
template BatchMoments<FullCovariance> average_weighted_batches<FullCovariance>(const AdjustedRegion&,
                                                                               const ForgottenLogLikelihood&, int, int,
                                                                               Rng&);
template BatchMoments<DiagonalCovariance> average_weighted_batches<DiagonalCovariance>(const DiagonalAdjustedRegion&,
                                                                                       const ForgottenLogLikelihood&,
                                                                                       int, int, Rng&);

double weighted_negative_log_density(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                     Eigen::MatrixXd* grad_L) {
  return weighted_negative_log_density<FullCovariance>(thetas, weights, m, L, grad_m, grad_L);
}

ReverseKlFit forget_reverse_kl(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                               double lambda, const VariationalOptions& options) {
  const char* fn = "forget_reverse_kl";
  check_problem(fn, model, forgotten, "forgotten", q_full, "q_full");
  check_unit_interval(fn, "lambda", lambda);
  const ReverseKlProblem problem(model, forgotten, q_full, lambda);
  if (options.protocol == Protocol::paper) return reverse_kl_adam(problem, options);
  if (options.rkl_estimator == ReverseKlEstimator::published) return reverse_kl_published(problem, options);
  return reverse_kl_adaptive(problem, options);
}

}  // namespace lethe
