#include <lethe/bnn/variational_unlearning.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::VectorXd;

void check_unlearning_options(const UnlearningOptions& o, const char* function) {
  check_unit_interval(function, "lambda", o.lambda);
  check_at_least(function, "eubo_steps", o.eubo_steps, 1);
  check_at_least(function, "eubo_draws", o.eubo_draws, 1);
  check_positive(function, "learning_rate", o.learning_rate);
  check_at_least(function, "rkl_batches", o.rkl_batches, 1);
  check_at_least(function, "rkl_batch_draws", o.rkl_batch_draws, 2);
}

namespace {
// −2 log λ, the squared whitened radius of E_λ (∞ for λ = 0).
double radius_squared(double lambda) {
  return lambda == 0.0 ? std::numeric_limits<double>::infinity() : -2.0 * std::log(lambda);
}
void check_inputs(const BnnEnergy& energy, const VectorXd& gamma, const std::vector<int>& erased, const char* fn) {
  check_size(fn, "gamma", static_cast<long>(gamma.size()), static_cast<long>(2 * energy.dim()));
  check_finite(fn, "gamma", gamma);
  check_at_least(fn, "erased", static_cast<long>(erased.size()), 1);
}
}  // namespace

UnlearningResult eubo_unlearn(const BnnEnergy& energy, const VectorXd& gamma_full, const std::vector<int>& erased,
                              const UnlearningOptions& options, std::uint64_t seed) {
  const char* fn = "eubo_unlearn";
  check_unlearning_options(options, fn);
  check_inputs(energy, gamma_full, erased, fn);
  const Index P = energy.dim();
  const VectorXd m = gamma_full.head(P);
  const VectorXd s2 = (2.0 * gamma_full.tail(P).array()).exp().matrix();
  const double r2 = radius_squared(options.lambda);
  VectorXd gamma = gamma_full, grad(2 * P), g(P);
  AdamOptions adam_options;
  adam_options.learning_rate = options.learning_rate;
  Adam adam(2 * P, adam_options);
  Rng rng(seed);
  long inside = 0, total = 0;
  for (int t = 0; t < options.eubo_steps; ++t) {
    const VectorXd st = gamma.tail(P).array().exp().matrix();
    grad.setZero();
    for (int j = 0; j < options.eubo_draws; ++j) {
      const VectorXd eps = rng.normal_vector(P);
      const VectorXd theta = gamma.head(P) + st.cwiseProduct(eps);
      ++total;
      // The indicator of E_λ at θ, in q(θ|D)'s whitened coordinates.
      const double z2 = ((theta - m).array().square() / s2.array()).sum();
      if (!(z2 < r2)) continue;
      ++inside;
      // ∇ of log p(D_e|θ) = −Σ_e ∇h(θ, e), through θ = m̃ + s̃∘ε.
      g.setZero();
      energy.batch_nll(theta, erased, -1.0 / options.eubo_draws, &g);
      grad.head(P) += g;
      grad.tail(P) += g.cwiseProduct(eps).cwiseProduct(st);
    }
    // KL(q̃ ‖ q) = ½ Σ (s̃²/s² + (m̃ − m)²/s² − 1 − 2 log(s̃/s)):
    // ∂/∂m̃ = (m̃ − m)/s², ∂/∂ρ̃ = s̃²/s² − 1.
    grad.head(P) += ((gamma.head(P) - m).array() / s2.array()).matrix();
    grad.tail(P) += (st.array().square() / s2.array() - 1.0).matrix();
    adam.step(gamma, grad);
  }
  UnlearningResult result;
  result.gamma = gamma;
  result.inside = total > 0 ? double(inside) / double(total) : 0.0;
  return result;
}

UnlearningResult rkl_unlearn(const BnnEnergy& energy, const VectorXd& gamma_full, const std::vector<int>& erased,
                             const UnlearningOptions& options, std::uint64_t seed) {
  const char* fn = "rkl_unlearn";
  check_unlearning_options(options, fn);
  check_inputs(energy, gamma_full, erased, fn);
  const Index P = energy.dim();
  const VectorXd m = gamma_full.head(P);
  const VectorXd s = gamma_full.tail(P).array().exp().matrix();
  const double r2 = radius_squared(options.lambda);
  const int N = options.rkl_batch_draws;
  Rng rng(seed);
  VectorXd mean = VectorXd::Zero(P), second = VectorXd::Zero(P);
  Eigen::MatrixXd thetas(P, N);
  VectorXd logw(N);
  double ess_sum = 0.0;
  long inside = 0;
  for (int batch = 0; batch < options.rkl_batches; ++batch) {
    for (int k = 0; k < N; ++k) {
      const VectorXd eps = rng.normal_vector(P);
      thetas.col(k) = m + s.cwiseProduct(eps);
      // log w = −log p̃_λ(D_e|θ) = 1{θ ∈ E_λ} Σ_e h(θ, e)
      const bool in = eps.squaredNorm() < r2;
      inside += in ? 1 : 0;
      logw[k] = in ? energy.batch_nll(thetas.col(k), erased, 1.0, nullptr) : 0.0;
    }
    // Self-normalised within the batch: w_k = exp(log w_k − max) / Σ.
    VectorXd w = (logw.array() - logw.maxCoeff()).exp().matrix();
    w /= w.sum();
    ess_sum += 1.0 / w.squaredNorm();
    mean += thetas * w;
    second += thetas.array().square().matrix() * w;
  }
  mean /= options.rkl_batches;
  second /= options.rkl_batches;
  // Var = E[θ²] − E[θ]², kept above a floor (a batch carried by one draw has none of its own).
  const VectorXd var = (second - mean.cwiseAbs2()).cwiseMax(1e-12 * s.cwiseAbs2().maxCoeff());
  UnlearningResult result;
  result.gamma.resize(2 * P);
  result.gamma.head(P) = mean;
  result.gamma.tail(P) = (0.5 * var.array().log()).matrix();
  result.ess = ess_sum / options.rkl_batches;
  result.inside = double(inside) / double(options.rkl_batches * N);
  return result;
}

}  // namespace lethe
