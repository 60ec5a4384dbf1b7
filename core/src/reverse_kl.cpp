// Reverse-KL unlearning, both protocols (see variational_unlearning.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lethe/adam.hpp"
#include "lethe/adjusted_likelihood.hpp"
#include "lethe/errors.hpp"
#include "lethe/rng.hpp"
#include "lethe/variational_unlearning.hpp"

namespace lethe {

namespace {

constexpr std::uint64_t kReverseKlStream = 3;
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

// Weighted mean and covariance of the columns: the Gaussian maximising Σ_s w_s log q(θ_s).
bool weighted_moments(const Eigen::MatrixXd& thetas, const Eigen::VectorXd& w,
                      Eigen::VectorXd& mean, Eigen::MatrixXd& chol) {
  mean = thetas * w;
  const Eigen::MatrixXd centred = thetas.colwise() - mean;
  const Eigen::MatrixXd cov = centred * w.asDiagonal() * centred.transpose();
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
  if (llt.info() != Eigen::Success || !cov.allFinite()) return false;
  chol = llt.matrixL();
  return chol.diagonal().minCoeff() > 0;
}

std::string format_ess(double ess) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", ess);
  return b;
}

}  // namespace

double minimum_reliable_ess(Eigen::Index d) { return 5.0 * static_cast<double>(d); }

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
  constexpr double kLog2Pi = 1.8378770664093454836;
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

  check_at_least(fn, "options.is_samples", o.is_samples, 2);
  check_at_least(fn, "options.max_rounds", o.max_rounds, 1);
  if (!(o.ess_fraction > 0.0 && o.ess_fraction < 1.0))
    fail_argument(fn, "options.ess_fraction", "must lie in (0, 1)");
  const double n = static_cast<double>(o.is_samples);
  if (lambda == 1.0)
    return {q_full, n, n, o.is_samples, 0, true,
            "lambda = 1: the weights are uniform, q(theta|D) is the optimum"};

  const Eigen::MatrixXd eps = rng.normal_matrix(d, o.is_samples);  // common random numbers
  const double target_ess = o.ess_fraction * n;
  Eigen::VectorXd mean = q_full.mean();
  Eigen::MatrixXd chol = q_full.chol();
  double beta = 0.0, ess = 0.0, ess_initial = 0.0;
  int round = 0;
  bool settled = false, failed = false;
  for (; round < o.max_rounds; ++round) {
    const Eigen::MatrixXd thetas = (chol * eps).colwise() + mean;
    // log weight for the tempered target p̃_β ∝ q(θ|D) p̃_λ(D_e|θ)^{−β}:
    //   a_s + β b_s,  a_s = log q(θ_s|D) − log q_round(θ_s),  b_s = −1_E log p(D_e|θ_s).
    // log q_round(θ_s) = −½‖ε_s‖² − log|L| − ½ d log 2π, since θ_s = m + L ε_s.
    const Eigen::VectorXd log_proposal =
        (-0.5 * eps.colwise().squaredNorm().array()).matrix().transpose() -
        Eigen::VectorXd::Constant(o.is_samples, chol.diagonal().array().log().sum() +
                                                    0.5 * static_cast<double>(d) * 1.8378770664093454836);
    const Eigen::VectorXd a = q_full.log_density_columns(thetas) - log_proposal;
    const Eigen::VectorXd b = log_inverse_adjusted(model, erased, region, thetas);
    auto ess_at = [&](double t) { return effective_sample_size(normalised_weights(a + t * b)); };
    if (round == 0) ess_initial = ess_at(1.0);  // the plain estimate: proposal q(θ|D)
    // Raise β as far as the ESS allows (bisection on the monotone-in-practice ESS(β)).
    double next = beta;
    if (ess_at(1.0) >= target_ess) {
      next = 1.0;
    } else if (ess_at(beta) >= target_ess) {
      double lo = beta, hi = 1.0;
      for (int k = 0; k < 50; ++k) {
        const double mid = 0.5 * (lo + hi);
        (ess_at(mid) >= target_ess ? lo : hi) = mid;
      }
      next = lo;
    }
    const Eigen::VectorXd w = normalised_weights(a + next * b);
    ess = effective_sample_size(w);
    Eigen::VectorXd new_mean;
    Eigen::MatrixXd new_chol;
    if (!weighted_moments(thetas, w, new_mean, new_chol)) {
      failed = true;
      break;
    }
    const double change = kl_divergence(Gaussian(new_mean, new_chol), Gaussian(mean, chol));
    mean = new_mean;
    chol = new_chol;
    const bool at_target = next == 1.0;
    beta = next;
    if (at_target && change < o.round_tolerance) {
      settled = true;
      ++round;
      break;
    }
  }
  ReverseKlFit fit{Gaussian(mean, chol), beta == 1.0 ? ess : 0.0, ess_initial, o.is_samples, round,
                   true, ""};
  const std::string plain = "plain importance sampling from q(theta|D) has ESS " +
                            format_ess(ess_initial) + " of " + std::to_string(o.is_samples);
  if (failed) {
    fit.reliable = false;
    fit.status = "weighted covariance is singular (ESS " + format_ess(ess) +
                 "); returning the last proposal; " + plain;
  } else if (beta < 1.0) {
    fit.reliable = false;
    fit.status = "tempering reached beta = " + format_ess(beta) + " only after " +
                 std::to_string(round) + " rounds; returning the proposal for that beta; " + plain;
  } else if (ess < minimum_reliable_ess(d)) {
    fit.reliable = false;
    fit.status = "ESS " + format_ess(ess) + " is too small for a covariance in " +
                 std::to_string(d) + " dimensions; " + plain;
  } else {
    fit.status = std::string(settled ? "adapted proposal settled" : "round limit reached") +
                 " after " + std::to_string(round) + " rounds, ESS " + format_ess(ess) + "; " + plain;
  }
  return fit;
}

}  // namespace lethe
