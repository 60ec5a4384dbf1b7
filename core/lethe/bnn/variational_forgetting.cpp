#include <lethe/bnn/variational_forgetting.hpp>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/covariance_form.hpp>
#include <lethe/variational/reverse_kl.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::VectorXd;

void check_variational_forget_options(const VariationalForgetOptions& o, const char* function) {
  check_unit_interval(function, "lambda", o.lambda);
  check_at_least(function, "eubo_steps", o.eubo_steps, 1);
  check_at_least(function, "eubo_draws", o.eubo_draws, 1);
  check_positive(function, "learning_rate", o.learning_rate);
  check_at_least(function, "rkl_batches", o.rkl_batches, 1);
  check_at_least(function, "rkl_batch_draws", o.rkl_batch_draws, 2);
}

namespace {
void check_inputs(const BnnEnergy& energy, const VectorXd& gamma, const std::vector<int>& forgotten, const char* fn) {
  check_size(fn, "gamma", static_cast<long>(gamma.size()), static_cast<long>(2 * energy.dim()));
  check_finite(fn, "gamma", gamma);
  check_at_least(fn, "forgotten", static_cast<long>(forgotten.size()), 1);
}
}  // namespace

VariationalForgetResult forget_eubo(const BnnEnergy& energy, const VectorXd& gamma_full,
                                    const std::vector<int>& forgotten, const VariationalForgetOptions& options,
                                    std::uint64_t seed) {
  const char* fn = "forget_eubo";
  check_variational_forget_options(options, fn);
  check_inputs(energy, gamma_full, forgotten, fn);
  const Index P = energy.dim();
  const VectorXd m = gamma_full.head(P);
  // s² as the loop forms s̃² (e^ρ squared), so that ∂KL/∂ρ̃ is exactly 0 at q̃ = q: with no
  // draw inside E_λ the gradient is 0 and Adam, which rescales any gradient, leaves q.
  const VectorXd s2 = gamma_full.tail(P).array().exp().square().matrix();
  // E_λ in q(θ|D)'s whitened coordinates, z = (θ − m)/s.
  const DiagonalAdjustedRegion region(DiagonalGaussian::from_log_scale(gamma_full), options.lambda);
  VectorXd gamma = gamma_full, grad(2 * P), g(P);
  AdamOptions adam_options;
  adam_options.learning_rate = options.learning_rate;
  Adam adam(2 * P, adam_options);
  Rng rng(seed);
  long inside = 0, total = 0;
  for (int t = 0; t < options.eubo_steps; ++t) {
    // q̃ = N(m̃, diag s̃²), γ = (m̃, ρ̃), s̃ = e^ρ̃.
    const VectorXd st = gamma.tail(P).array().exp().matrix();
    grad.setZero();
    for (int j = 0; j < options.eubo_draws; ++j) {
      // θ = m̃ + s̃∘ε: the reparameterised draw.
      const VectorXd eps = rng.normal_vector(P);
      const VectorXd theta = gamma.head(P) + st.cwiseProduct(eps);
      ++total;
      // log p̃_λ(D_e|θ) = 1{θ ∈ E_λ} log p(D_e|θ), the indicator held fixed.
      if (region.indicator(theta)[0] == 0.0) continue;
      ++inside;
      // ∇_θ log p(D_e|θ) = −Σ_e ∇h(θ, e), averaged over the draws and carried to γ by
      // ∂θ/∂m̃ = I, ∂θ/∂ρ̃ = diag(ε∘s̃).
      g.setZero();
      energy.batch_nll(theta, forgotten, -1.0 / options.eubo_draws, &g);
      grad.head(P) += g;
      grad.tail(P) += g.cwiseProduct(eps).cwiseProduct(st);
    }
    // KL(q̃ ‖ q) = ½ Σ (s̃²/s² + (m̃ − m)²/s² − 1 − 2 log(s̃/s)):
    // ∂/∂m̃ = (m̃ − m)/s², ∂/∂ρ̃ = s̃²/s² − 1.
    grad.head(P) += ((gamma.head(P) - m).array() / s2.array()).matrix();
    grad.tail(P) += (st.array().square() / s2.array() - 1.0).matrix();
    adam.step(gamma, grad);
  }
  VariationalForgetResult result;
  result.gamma = gamma;
  result.inside = total > 0 ? double(inside) / double(total) : 0.0;
  return result;
}

VariationalForgetResult forget_reverse_kl(const BnnEnergy& energy, const VectorXd& gamma_full,
                                          const std::vector<int>& forgotten, const VariationalForgetOptions& options,
                                          std::uint64_t seed) {
  const char* fn = "forget_reverse_kl";
  check_variational_forget_options(options, fn);
  check_inputs(energy, gamma_full, forgotten, fn);
  const Index P = energy.dim();
  const DiagonalGaussian q_full = DiagonalGaussian::from_log_scale(gamma_full);
  const DiagonalAdjustedRegion region(q_full, options.lambda);
  // log p(D_e|θ) = −Σ_e h(θ, e), evaluated only for the draws inside E_λ.
  const ForgottenLogLikelihood log_likelihood = [&energy, &forgotten](const Eigen::MatrixXd& thetas,
                                                                      const VectorXd& inside) {
    VectorXd ell = VectorXd::Zero(thetas.cols());
    for (Index k = 0; k < thetas.cols(); ++k)
      if (inside[k] != 0.0) ell[k] = -energy.batch_nll(thetas.col(k), forgotten, 1.0, nullptr);
    return ell;
  };
  // The batched engine (variational/reverse_kl.hpp): m̃ = E_batch[Σ w̄ θ] and
  // s̃² = E_batch[Σ w̄ θ∘θ] − m̃∘m̃, w̄ ∝ 1/p̃_λ(D_e|θ) within each batch.
  Rng rng(seed);
  const BatchMoments<DiagonalCovariance> moments =
      average_weighted_batches(region, log_likelihood, options.rkl_batches, options.rkl_batch_draws, rng);
  // s̃² kept above a floor: a batch carried by one draw has no spread of its own.
  const VectorXd& s = q_full.standard_deviations();
  const VectorXd variance = moments.covariance().cwiseMax(1e-12 * s.cwiseAbs2().maxCoeff());
  VariationalForgetResult result;
  result.ess = moments.mean_ess();
  result.inside = moments.inside_fraction();
  if (result.inside == 0.0) {
    // No draw inside E_λ: p̃_λ(D_e|θ) = 1 on every draw, the target is q(θ|D) itself,
    // returned as it is rather than re-estimated from its own draws.
    result.gamma = gamma_full;
    return result;
  }
  result.gamma.resize(2 * P);
  result.gamma.head(P) = moments.mean;
  result.gamma.tail(P) = (0.5 * variance.array().log()).matrix();
  return result;
}

}  // namespace lethe
