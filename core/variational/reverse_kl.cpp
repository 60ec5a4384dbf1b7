// Reverse-KL unlearning, both protocols (see variational_unlearning.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "base/adam.hpp"
#include "base/constants.hpp"
#include "base/errors.hpp"
#include "base/rng.hpp"
#include "variational/adjusted_likelihood.hpp"
#include "variational/variational_unlearning.hpp"

namespace lethe {

namespace {

constexpr std::uint64_t kReverseKlStream = 3;
// Rounds at β = 1 that only adapt the proposal before estimates are pooled.
constexpr int kSettleRounds = 2;
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t tag) {
  return seed * 0x9E3779B97F4A7C15ULL + tag * 0xD1B54A32D192ED03ULL + 1;
}

// log(1/p̃_λ(D_e|θ_s)) = −1{θ_s ∈ E} log p(D_e|θ_s) for the columns θ_s.
Eigen::VectorXd log_inverse_adjusted(const LikelihoodModel& model, const std::vector<int>& erased,
                                     const AdjustedRegion& region, const Eigen::MatrixXd& thetas) {
  if (region.empty()) return Eigen::VectorXd::Zero(thetas.cols());
  const Eigen::VectorXd ell = model.log_likelihood(erased, thetas, nullptr);
  return -ell.cwiseProduct(region.indicator(thetas));
}

// The mean and covariance of p̃(θ) ∝ q(θ|D) r(θ), log r = log_ratio ≥ 0, by importance
// sampling with a control variate. Write p̃ ∝ q(θ|D) + q(θ|D)(r − 1): the first part's
// moments are known exactly, only the correction (r − 1 ≥ 0, zero outside E) is
// estimated, with unnormalised weights u_s = e^{a_s}(r_s − 1)/S, a_s = log q(θ_s|D) −
// log q_k(θ_s). The result is the moments of the mixture {q(θ|D): 1, δ_θs: u_s}
// (normalised), whose covariance is positive definite whenever q(θ|D) keeps any
// weight; it is exact for λ = 1 (r ≡ 1) and free of the noise of re-estimating q(θ|D).
bool target_moments(const Gaussian& q_full, const Eigen::MatrixXd& thetas, const Eigen::VectorXd& a,
                    const Eigen::VectorXd& log_ratio, Eigen::VectorXd& mean, Eigen::MatrixXd& chol) {
  const Eigen::Index n = thetas.cols();
  // log u_s = a_s + log(e^{log r_s} − 1) − log S   (−∞ where r_s = 1).
  Eigen::VectorXd log_u(n);
  double top = 0.0;  // the log weight of the q(θ|D) part
  for (Eigen::Index s = 0; s < n; ++s) {
    const double t = log_ratio[s];
    log_u[s] = t > 0 ? a[s] + (t > 30 ? t + std::log1p(-std::exp(-t)) : std::log(std::expm1(t))) -
                           std::log(static_cast<double>(n))
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
  const Eigen::MatrixXd cov = w_full * (q_full.covariance() + shift * shift.transpose()) +
                              centred * u.asDiagonal() * centred.transpose();
  if (!cov.allFinite()) return false;
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
  if (llt.info() != Eigen::Success) return false;
  chol = llt.matrixL();
  return chol.diagonal().minCoeff() > 0;
}

std::string format_ess(double ess) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", ess);
  return b;
}

}  // namespace

double minimum_reliable_ess(Eigen::Index d) { return 10.0 * static_cast<double>(d); }

Eigen::VectorXd normalised_weights(const Eigen::VectorXd& log_weights) {
  const double top = log_weights.maxCoeff();
  Eigen::VectorXd w = (log_weights.array() - top).exp().matrix();
  return w / w.sum();
}

double effective_sample_size(const Eigen::VectorXd& normalised) {
  // (Σw)²/Σw² with Σw = 1.
  return 1.0 / normalised.squaredNorm();
}

double weighted_negative_log_density(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& weights,
                                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                     Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
  // log N(θ; m, LLᵀ) = −½ d log 2π − Σ_i log|L_ii| − ½‖z‖², z = L⁻¹(θ − m);
  //   ∂/∂m = L⁻ᵀ z,   ∂/∂L = L⁻ᵀ z zᵀ − diag(1/L_ii)   (lower part).
  const Eigen::Index d = m.size();
  const Eigen::MatrixXd lower = L.triangularView<Eigen::Lower>();
  const auto l = lower.triangularView<Eigen::Lower>();
  const Eigen::MatrixXd z = l.solve(thetas.colwise() - m);
  const double total_w = weights.sum();
  const double log_abs_det = lower.diagonal().cwiseAbs().array().log().sum();
  const double value =
      total_w * (0.5 * static_cast<double>(d) * kLog2Pi + log_abs_det) +
      0.5 * (z.colwise().squaredNorm() * weights)(0);
  const auto lt = lower.transpose().triangularView<Eigen::Upper>();
  if (grad_m) *grad_m = -lt.solve(z * weights);
  if (grad_L) {
    Eigen::MatrixXd g = -lt.solve(z * weights.asDiagonal() * z.transpose());
    g = g.triangularView<Eigen::Lower>();
    g.diagonal() += total_w * lower.diagonal().cwiseInverse();
    *grad_L = g;
  }
  return value;
}

ReverseKlFit unlearn_reverse_kl(const LikelihoodModel& model, const std::vector<int>& erased,
                                const Gaussian& q_full, double lambda,
                                const VariationalOptions& o) {
  const char* fn = "unlearn_reverse_kl";
  if (erased.empty()) fail_argument(fn, "erased", "is empty");
  check_subset(model, erased, fn, "erased");
  check_size(fn, "q_full", static_cast<long>(q_full.dim()), static_cast<long>(model.dim()));
  check_unit_interval(fn, "lambda", lambda);
  const AdjustedRegion region(q_full, lambda);
  const Eigen::Index d = model.dim();
  Rng rng(stream_seed(o.seed, kReverseKlStream));

  if (o.protocol == Protocol::paper) {
    check_at_least(fn, "options.steps", o.steps, 0);
    check_at_least(fn, "options.samples", o.samples, 1);
    check_positive(fn, "options.learning_rate", o.learning_rate);
    if (lambda == 1.0)
      return {q_full, static_cast<double>(o.samples), static_cast<double>(o.samples), o.samples, 0,
              true, "lambda = 1: the weights are uniform, q(theta|D) is the optimum"};
    // Adam on −Σ_s w̄_s log q_v(θ_s), θ_s ~ q(θ|D) fresh, w̄ ∝ 1/p̃_λ(D_e|θ_s).
    Eigen::VectorXd x = pack(q_full.mean(), q_full.chol()), m, gm;
    Eigen::MatrixXd L, gL;
    Adam adam(x.size(), {o.learning_rate});
    double ess_sum = 0.0, ess_first = 0.0;
    for (int t = 0; t < o.steps; ++t) {
      unpack(x, d, m, L);
      const Eigen::MatrixXd thetas = q_full.sample(rng, o.samples);
      const Eigen::VectorXd w = normalised_weights(log_inverse_adjusted(model, erased, region, thetas));
      const double ess = effective_sample_size(w);
      if (t == 0) ess_first = ess;
      ess_sum += ess;
      weighted_negative_log_density(thetas, w, m, L, &gm, &gL);
      adam.step(x, pack(gm, gL));
    }
    unpack(x, d, m, L);
    const double mean_ess = o.steps > 0 ? ess_sum / o.steps : 0.0;
    return {gaussian_from_factor(m, L), mean_ess, ess_first, o.samples, o.steps, true,
            "Adam steps done; mean ESS per step " + format_ess(mean_ess)};
  }

  if (o.rkl_estimator == ReverseKlEstimator::published) {
    check_at_least(fn, "options.samples", o.samples, 2);
    check_at_least(fn, "options.rkl_batches", o.rkl_batches, 1);
    const double batch = static_cast<double>(o.samples);
    if (lambda == 1.0)
      return {q_full, batch, batch, o.samples, 0, true,
              "lambda = 1: the weights are uniform, q(theta|D) is the optimum"};
    // Average the batch-wise self-normalised moments: Σ_s w̄_s θ_s and Σ_s w̄_s θ_s θ_sᵀ.
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
    Eigen::MatrixXd second = Eigen::MatrixXd::Zero(d, d);
    double ess_sum = 0.0, ess_first = 0.0;
    for (int k = 0; k < o.rkl_batches; ++k) {
      const Eigen::MatrixXd thetas = q_full.sample(rng, o.samples);
      const Eigen::VectorXd w = normalised_weights(log_inverse_adjusted(model, erased, region, thetas));
      const double ess = effective_sample_size(w);
      if (k == 0) ess_first = ess;
      ess_sum += ess;
      mean.noalias() += thetas * w;
      second.noalias() += thetas * w.asDiagonal() * thetas.transpose();
    }
    const double batches = static_cast<double>(o.rkl_batches);
    mean /= batches;
    second /= batches;
    const Eigen::MatrixXd cov = second - mean * mean.transpose();
    Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
    const double mean_ess = ess_sum / batches;
    const std::string per_batch = "mean ESS per batch " + format_ess(mean_ess) + " of " +
                                  std::to_string(o.samples) + ", " + std::to_string(o.rkl_batches) +
                                  " batches";
    if (llt.info() != Eigen::Success)
      return {q_full, mean_ess, ess_first, o.samples, o.rkl_batches, false,
              "the averaged covariance is singular (" + per_batch + "); returning q(theta|D)"};
    ReverseKlFit fit{Gaussian(mean, llt.matrixL()), mean_ess, ess_first, o.samples, o.rkl_batches,
                     ess_sum >= minimum_reliable_ess(d), per_batch};
    if (!fit.reliable)
      fit.status = "pooled ESS " + format_ess(ess_sum) + " is too small for a covariance in " +
                   std::to_string(d) + " dimensions (" + per_batch + ")";
    else if (mean_ess < static_cast<double>(d) + 1)
      fit.status += "; one batch alone could not support a covariance in " + std::to_string(d) +
                    " dimensions, their average (the published iteration's fixed point) does";
    return fit;
  }

  check_at_least(fn, "options.is_samples", o.is_samples, 2);
  check_at_least(fn, "options.max_rounds", o.max_rounds, 1);
  check_at_least(fn, "options.final_rounds", o.final_rounds, 1);
  if (!(o.ess_fraction > 0.0 && o.ess_fraction < 1.0))
    fail_argument(fn, "options.ess_fraction", "must lie in (0, 1)");
  const double n = static_cast<double>(o.is_samples);
  if (lambda == 1.0)
    return {q_full, n, n, o.is_samples, 0, true,
            "lambda = 1: the weights are uniform, q(theta|D) is the optimum"};

  const double log_norm = 0.5 * static_cast<double>(d) * kLog2Pi;
  Eigen::VectorXd mean = q_full.mean();
  Eigen::MatrixXd chol = q_full.chol();
  double beta = 0.0, ess_initial = 0.0, ess_pooled = 0.0, ess_smallest = n;
  int round = 0, tempering_rounds = 0, pooled = 0, holds = 0, at_target = 0;
  Eigen::VectorXd pooled_mean = Eigen::VectorXd::Zero(d);
  Eigen::MatrixXd pooled_second = Eigen::MatrixXd::Zero(d, d);
  bool failed = false;
  while (pooled < o.final_rounds) {
    if (beta < 1.0 && tempering_rounds >= o.max_rounds) break;
    ++round;
    const Eigen::MatrixXd eps = rng.normal_matrix(d, o.is_samples);
    const Eigen::MatrixXd thetas = (chol * eps).colwise() + mean;
    // Tempered target p̃_β(θ) ∝ q(θ|D) r_β(θ), r_β = p̃_λ(D_e|θ)^{−β} = e^{β b(θ)},
    // b = −1_E log p(D_e|θ) ≥ 0. With the round's proposal q_k (θ_s = m + L ε_s, so
    // log q_k(θ_s) = −½‖ε_s‖² − log|L| − ½ d log 2π) the self-normalised weights are
    //   log w_s = a_s + β b_s,   a_s = log q(θ_s|D) − log q_k(θ_s).
    const Eigen::VectorXd log_proposal =
        -((0.5 * eps.colwise().squaredNorm()).transpose().array() +
          chol.diagonal().array().log().sum() + log_norm).matrix();
    const Eigen::VectorXd a = q_full.log_density_columns(thetas) - log_proposal;
    const Eigen::VectorXd b = log_inverse_adjusted(model, erased, region, thetas);
    auto ess_at = [&](double t) { return effective_sample_size(normalised_weights(a + t * b)); };
    if (round == 1) ess_initial = ess_at(1.0);  // the plain estimate: proposal q(θ|D)
    double next = 1.0;
    if (beta < 1.0) {
      // Raise β as far as the ESS stays ≥ ess_fraction·S (adaptive tempering). If the
      // proposal does not reach that ESS even at the current β, first re-adapt it
      // (hold β); a target no Gaussian matches that well (the adjusted likelihood is
      // discontinuous at the ellipsoid) gets the conditional rule after six holds:
      // keep ess_fraction of the current ESS.
      ++tempering_rounds;
      const double now = ess_at(beta);
      double floor_ess = o.ess_fraction * n;
      if (now < floor_ess) floor_ess = ++holds > 6 ? o.ess_fraction * now : now;
      else holds = 0;
      if (ess_at(1.0) < floor_ess) {
        double lo = beta, hi = 1.0;
        for (int k = 0; k < 50; ++k) {
          const double mid = 0.5 * (lo + hi);
          (ess_at(mid) >= floor_ess ? lo : hi) = mid;
        }
        next = lo;
      }
    }
    Eigen::VectorXd new_mean;
    Eigen::MatrixXd new_chol;
    if (!target_moments(q_full, thetas, a, next * b, new_mean, new_chol)) {
      failed = true;
      break;
    }
    if (beta == 1.0 && ++at_target > kSettleRounds) {
      // At the target, after the proposal has settled: pool this round's estimate,
      // weighted by its ESS (a poorer round counts for less).
      const double ess = ess_at(1.0);
      ess_pooled += ess;
      ess_smallest = std::min(ess_smallest, ess);
      pooled_mean += ess * new_mean;
      pooled_second += ess * (new_chol * new_chol.transpose() + new_mean * new_mean.transpose());
      ++pooled;
    }
    mean = new_mean;
    chol = new_chol;
    beta = next;
  }
  const std::string plain = "plain importance sampling from q(theta|D) has ESS " +
                            format_ess(ess_initial) + " of " + std::to_string(o.is_samples);
  if (failed || pooled == 0) {
    ReverseKlFit fit{Gaussian(mean, chol), 0.0, ess_initial, o.is_samples, round, false, ""};
    fit.status = failed ? "the weighted covariance is singular; returning the last proposal; " + plain
                        : "tempering reached only beta = " + format_ess(beta) + " in " +
                              std::to_string(tempering_rounds) +
                              " rounds; returning the proposal for that beta; " + plain;
    return fit;
  }
  pooled_mean /= ess_pooled;
  pooled_second /= ess_pooled;
  const Gaussian q = Gaussian::from_covariance(
      pooled_mean, pooled_second - pooled_mean * pooled_mean.transpose());
  ReverseKlFit fit{q, ess_pooled, ess_initial, o.is_samples, round, true, ""};
  if (ess_pooled < minimum_reliable_ess(d) || ess_smallest < static_cast<double>(d) + 1) {
    fit.reliable = false;
    fit.status = "ESS " + format_ess(ess_pooled) + " over " + std::to_string(pooled) +
                 " pooled rounds (smallest " + format_ess(ess_smallest) +
                 ") is too small for a covariance in " + std::to_string(d) + " dimensions; " + plain;
  } else {
    fit.status = std::to_string(tempering_rounds) + " tempering rounds, " + std::to_string(pooled) +
                 " pooled rounds with total ESS " + format_ess(ess_pooled) + "; " + plain;
  }
  return fit;
}

}  // namespace lethe
