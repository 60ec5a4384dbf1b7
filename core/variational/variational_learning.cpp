// ELBO learning and EUBO unlearning, both protocols (see variational_unlearning.hpp).
#include <algorithm>
#include <cmath>

#include "base/adam.hpp"
#include "base/errors.hpp"
#include "base/lbfgs.hpp"
#include "base/rng.hpp"
#include "variational/adjusted_likelihood.hpp"
#include "variational/variational_unlearning.hpp"

namespace lethe {

namespace {

// Independent streams for the different random parts of one seeded run.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t tag) {
  return seed * 0x9E3779B97F4A7C15ULL + tag * 0xD1B54A32D192ED03ULL + 1;
}
constexpr std::uint64_t kElboStream = 1, kEuboStream = 2;

void check_common(const char* fn, const LikelihoodModel& model, const std::vector<int>& subset,
                  const char* subset_name, const Gaussian& q, const char* q_name) {
  if (subset.empty()) fail_argument(fn, subset_name, "is empty");
  check_subset(model, subset, fn, subset_name);
  check_size(fn, q_name, static_cast<long>(q.dim()), static_cast<long>(model.dim()));
}

void check_options(const char* fn, const VariationalOptions& o) {
  if (o.protocol == Protocol::fast) {
    check_at_least(fn, "options.max_iterations", o.max_iterations, 1);
    check_positive(fn, "options.gradient_tolerance", o.gradient_tolerance);
    check_at_least(fn, "options.mc_samples", o.mc_samples, 1);
    check_at_least(fn, "options.mc_steps", o.mc_steps, 1);
    check_positive(fn, "options.mc_step_size", o.mc_step_size);
  } else {
    check_at_least(fn, "options.steps", o.steps, 0);
    check_at_least(fn, "options.samples", o.samples, 1);
    check_positive(fn, "options.learning_rate", o.learning_rate);
  }
}

// Monte Carlo estimate of E_q[mask(θ) log p(D_S|θ)] over θ_s = m + L ε_s, with its
// reparameterisation gradient (mask held fixed):
//   ∂/∂m = (1/S) Σ_s mask_s ∇ℓ(θ_s),   ∂/∂L = (1/S) Σ_s mask_s ∇ℓ(θ_s) ε_sᵀ.
double monte_carlo_expectation(const LikelihoodModel& model, const std::vector<int>& subset,
                               const Eigen::MatrixXd& eps, const Eigen::VectorXd& m,
                               const Eigen::MatrixXd& L, const AdjustedRegion* region,
                               Eigen::VectorXd& grad_m, Eigen::MatrixXd& grad_L) {
  const double n = static_cast<double>(eps.cols());
  const Eigen::MatrixXd thetas = (L.triangularView<Eigen::Lower>() * eps).colwise() + m;
  Eigen::MatrixXd g;
  Eigen::VectorXd ell = model.log_likelihood(subset, thetas, &g);
  if (region) {
    const Eigen::VectorXd inside = region->indicator(thetas);
    ell = ell.cwiseProduct(inside);
    g = g * inside.asDiagonal();
  }
  grad_m = g.rowwise().sum() / n;
  grad_L = (g * eps.transpose() / n).triangularView<Eigen::Lower>();
  return ell.sum() / n;
}

Eigen::VectorXd adam_parameters(const Gaussian& q) { return pack(q.mean(), q.chol()); }

}  // namespace

double negative_elbo(const LikelihoodModel& model, const std::vector<int>& subset,
                     const Gaussian& prior, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                     Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
  // −ELBO = KL[q ‖ p(θ)] − E_q[log p(D_S|θ)].
  Eigen::VectorXd km, em;
  Eigen::MatrixXd kL, eL;
  const double kl = kl_to_base(m, L, prior, &km, &kL);
  const double e = model.expected_log_likelihood(subset, m, L, &em, &eL);
  if (grad_m) *grad_m = km - em;
  if (grad_L) *grad_L = kL - Eigen::MatrixXd(eL.triangularView<Eigen::Lower>());
  return kl - e;
}

double eubo_objective(const LikelihoodModel& model, const std::vector<int>& erased,
                      const Gaussian& q_full, double lambda, const Eigen::MatrixXd& eps,
                      const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                      Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
  const char* fn = "eubo_objective";
  const AdjustedRegion region(q_full, lambda);
  // U = E_q[log p̃_λ(D_e|θ)] + KL[q ‖ q(θ|D)].
  Eigen::VectorXd km, em = Eigen::VectorXd::Zero(m.size());
  Eigen::MatrixXd kL, eL = Eigen::MatrixXd::Zero(m.size(), m.size());
  const double kl = kl_to_base(m, L, q_full, &km, &kL);
  double e = 0.0;
  if (region.empty()) {
    e = 0.0;  // p̃ ≡ 1
  } else if (eps.cols() > 0) {
    check_size(fn, "eps rows", static_cast<long>(eps.rows()), static_cast<long>(m.size()));
    e = monte_carlo_expectation(model, erased, eps, m, L, region.everywhere() ? nullptr : &region,
                                em, eL);
  } else {
    if (!region.everywhere())
      fail_argument(fn, "eps", "must hold samples when 0 < lambda < 1 (the indicator needs Monte Carlo)");
    e = model.expected_log_likelihood(erased, m, L, &em, &eL);
    eL = eL.triangularView<Eigen::Lower>();
  }
  if (grad_m) *grad_m = km + em;
  if (grad_L) *grad_L = kL + eL;
  return kl + e;
}

VariationalFit fit_elbo(const LikelihoodModel& model, const std::vector<int>& subset,
                        const Gaussian& prior, const Gaussian& init,
                        const VariationalOptions& options) {
  const char* fn = "fit_elbo";
  check_common(fn, model, subset, "subset", prior, "prior");
  check_size(fn, "init", static_cast<long>(init.dim()), static_cast<long>(model.dim()));
  check_options(fn, options);
  if (options.protocol == Protocol::fast) {
    FactorObjective f = [&](const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                            Eigen::VectorXd* gm, Eigen::MatrixXd* gL) {
      return negative_elbo(model, subset, prior, m, L, gm, gL);
    };
    LbfgsOptions lo;
    lo.max_iterations = options.max_iterations;
    lo.gradient_tolerance = options.gradient_tolerance;
    const LbfgsResult r = minimise_lbfgs(whitened_objective(f, prior), whiten(init, prior), lo);
    return {unwhiten(r.x, prior), r.value, r.iterations, r.converged, r.status};
  }
  // paper: Adam on the reparameterised Monte Carlo −ELBO, KL in closed form.
  Rng rng(stream_seed(options.seed, kElboStream));
  const Eigen::Index d = model.dim();
  Eigen::VectorXd x = adam_parameters(init), m, gm, km;
  Eigen::MatrixXd L, gL, kL;
  Adam adam(x.size(), {options.learning_rate});
  double value = 0.0;
  for (int t = 0; t < options.steps; ++t) {
    unpack(x, d, m, L);
    const Eigen::MatrixXd eps = rng.normal_matrix(d, options.samples);
    const double e = monte_carlo_expectation(model, subset, eps, m, L, nullptr, gm, gL);
    value = kl_to_base(m, L, prior, &km, &kL) - e;
    adam.step(x, pack(km - gm, kL - gL));
  }
  unpack(x, d, m, L);
  return {gaussian_from_factor(m, L), value, options.steps, true, "Adam steps done"};
}

VariationalFit unlearn_eubo(const LikelihoodModel& model, const std::vector<int>& erased,
                            const Gaussian& q_full, double lambda,
                            const VariationalOptions& options) {
  const char* fn = "unlearn_eubo";
  check_common(fn, model, erased, "erased", q_full, "q_full");
  check_unit_interval(fn, "lambda", lambda);
  check_options(fn, options);
  if (lambda == 1.0)
    return {q_full, 0.0, 0, true, "lambda = 1: the adjusted likelihood is 1 everywhere, q(theta|D) is the optimum"};
  Rng rng(stream_seed(options.seed, kEuboStream));
  const Eigen::Index d = model.dim();
  if (options.protocol == Protocol::fast) {
    // λ = 0: quadrature. 0 < λ < 1: one fixed set of common random numbers.
    const Eigen::MatrixXd eps =
        lambda == 0.0 ? Eigen::MatrixXd(d, 0) : rng.normal_matrix(d, options.mc_samples);
    FactorObjective f = [&](const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                            Eigen::VectorXd* gm, Eigen::MatrixXd* gL) {
      return eubo_objective(model, erased, q_full, lambda, eps, m, L, gm, gL);
    };
    const Objective whitened = whitened_objective(f, q_full);
    const Eigen::VectorXd x0 = whiten(q_full, q_full);
    if (lambda == 0.0) {  // smooth: quasi-Newton
      LbfgsOptions lo;
      lo.max_iterations = options.max_iterations;
      lo.gradient_tolerance = options.gradient_tolerance;
      const LbfgsResult r = minimise_lbfgs(whitened, x0, lo);
      return {unwhiten(r.x, q_full), r.value, r.iterations, r.converged, r.status};
    }
    // 0 < λ < 1: the paper's fixed-indicator iteration, preconditioned by whitening,
    // on common random numbers, with decreasing steps and a Polyak average. The steps
    // need only the gradient (no log-likelihood values): the field
    //   ∂/∂m = (1/S) Σ_s 1_s ∇ℓ(θ_s) + ∂KL/∂m,  ∂/∂L = (1/S) Σ_s 1_s ∇ℓ(θ_s) ε_sᵀ + ∂KL/∂L.
    const AdjustedRegion region(q_full, lambda);
    const double n = static_cast<double>(eps.cols());
    FactorObjective field = [&](const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                Eigen::VectorXd* gm, Eigen::MatrixXd* gL) {
      const Eigen::MatrixXd thetas = (L * eps).colwise() + m;
      const Eigen::MatrixXd g = model.log_likelihood_gradients(erased, thetas) *
                                region.indicator(thetas).asDiagonal();
      kl_to_base(m, L, q_full, gm, gL);
      *gm += g.rowwise().sum() / n;
      *gL += Eigen::MatrixXd((g * eps.transpose() / n).triangularView<Eigen::Lower>());
      return 0.0;
    };
    const Objective step_field = whitened_objective(field, q_full);
    Eigen::VectorXd x = x0, g(x0.size()), average = Eigen::VectorXd::Zero(x0.size());
    int averaged = 0;
    double value = 0.0;
    for (int t = 0; t < options.mc_steps; ++t) {
      if (t == 0) value = whitened(x, g);
      else step_field(x, g);
      // No sample inside the region and q = q(θ|D): the field vanishes, nothing moves.
      if (t == 0 && g.cwiseAbs().maxCoeff() <= options.gradient_tolerance)
        return {q_full, value, 0, true, "no common random number falls inside the region: q(theta|D) is the fixed point"};
      x -= options.mc_step_size / std::pow(1.0 + t / 10.0, 0.6) * g;
      if (2 * t >= options.mc_steps) {
        average += x;
        ++averaged;
      }
    }
    average /= static_cast<double>(std::max(averaged, 1));
    value = whitened(average, g);  // the Monte Carlo EUBO at the result
    return {unwhiten(average, q_full), value, options.mc_steps, true,
            "Polyak average of the last " + std::to_string(averaged) + " of " +
                std::to_string(options.mc_steps) + " steps"};
  }
  Eigen::VectorXd x = adam_parameters(q_full), m, gm;
  Eigen::MatrixXd L, gL;
  Adam adam(x.size(), {options.learning_rate});
  double value = 0.0;
  for (int t = 0; t < options.steps; ++t) {
    unpack(x, d, m, L);
    const Eigen::MatrixXd eps = rng.normal_matrix(d, options.samples);
    value = eubo_objective(model, erased, q_full, lambda, eps, m, L, &gm, &gL);
    adam.step(x, pack(gm, gL));
  }
  unpack(x, d, m, L);
  return {gaussian_from_factor(m, L), value, options.steps, true, "Adam steps done"};
}

}  // namespace lethe
