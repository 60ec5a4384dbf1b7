// EUBO unlearning under both protocols (see eubo.hpp).
#include <lethe/variational/eubo.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <lethe/base/dense_product.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/lbfgs.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/detail/checks.hpp>
#include <lethe/variational/detail/monte_carlo.hpp>
#include <lethe/variational/detail/optimisers.hpp>
#include <lethe/variational/detail/streams.hpp>
#include <lethe/variational/variational_family.hpp>

namespace lethe {

using namespace variational_detail;

namespace {

// The step sizes of the averaged iteration, γ_t = mc_step_size / (1 + t/τ)^κ. With
// κ in (½, 1) the Polyak average of the iterates converges at the optimal rate
// (Polyak & Juditsky 1992); κ = 0.6, near the slow end, keeps the 50 steps long
// enough to travel from q(θ|D) to the fixed point. τ = 10 sets the time scale: the
// step is two thirds of mc_step_size at t = 10 and half of it at t ≈ 22.
constexpr double kStepDecaySteps = 10.0;
constexpr double kStepDecayExponent = 0.6;

double averaged_iteration_step(const VariationalOptions& options, int t) {
  return options.mc_step_size / std::pow(1.0 + t / kStepDecaySteps, kStepDecayExponent);
}

// The objective U(m, L) on fixed samples `eps` (empty: quadrature).
FactorObjective eubo_on(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                        double lambda, const Eigen::MatrixXd& eps) {
  return [&model, &forgotten, &q_full, lambda, eps](const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                                    Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
    return eubo_objective(model, forgotten, q_full, lambda, eps, m, L, grad_m, grad_L);
  };
}

// The paper's fixed-indicator update field on the common random numbers `eps`. It
// returns no objective value: the steps need only the field, and without values
// log_likelihood_gradients can skip the logarithms.
//   ∂/∂m = (1/S) Σ_s 1_s ∇ℓ(θ_s) + ∂KL/∂m,  ∂/∂L = (1/S) Σ_s 1_s ∇ℓ(θ_s) ε_sᵀ + ∂KL/∂L.
FactorObjective eubo_update_field(const LikelihoodModel& model, const std::vector<int>& forgotten,
                                  const Gaussian& q_full, const AdjustedRegion& region, const Eigen::MatrixXd& eps) {
  const double sample_count = static_cast<double>(eps.cols());
  // The samples stay fixed over every step: their transpose is formed once.
  const Eigen::MatrixXd eps_t = eps.transpose();
  return [&model, &forgotten, &q_full, region, eps, eps_t, sample_count](
             const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
    const Eigen::MatrixXd thetas = multiply(L, eps).colwise() + m;
    const Eigen::MatrixXd gradients =
        model.log_likelihood_gradients(forgotten, thetas) * region.indicator(thetas).asDiagonal();
    kl_to_base(m, L, q_full, grad_m, grad_L);
    *grad_m += gradients.rowwise().sum() / sample_count;
    *grad_L += Eigen::MatrixXd((multiply(gradients, eps_t) / sample_count).triangularView<Eigen::Lower>());
    return 0.0;
  };
}

// λ = 1: nothing to forget.
VariationalFit unchanged(const Gaussian& q_full) {
  VariationalFit fit(q_full);
  fit.converged = true;
  fit.status = "lambda = 1: the adjusted likelihood is 1 everywhere, q(theta|D) is the optimum";
  return fit;
}

// paper: Adam from q(θ|D) on `samples` fresh draws per step.
VariationalFit eubo_adam(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                         double lambda, const VariationalOptions& options) {
  Rng rng(stream_seed(options.seed, kEuboStream));
  double estimate = 0.0;
  auto gradient = [&](int, const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd& grad_m,
                      Eigen::MatrixXd& grad_L) {
    const Eigen::MatrixXd eps = rng.normal_matrix(model.dim(), options.samples);
    estimate = eubo_objective(model, forgotten, q_full, lambda, eps, m, L, &grad_m, &grad_L);
  };
  Gaussian fitted = adam_on_factor(q_full, options.steps, options.learning_rate, gradient);
  return adam_fit(std::move(fitted), estimate, options.steps);
}

// fast, λ = 0: U is smooth (quadrature), so quasi-Newton from q(θ|D).
VariationalFit eubo_quadrature(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                               const VariationalOptions& options) {
  const Eigen::MatrixXd no_samples(model.dim(), 0);
  return minimise_whitened(eubo_on(model, forgotten, q_full, 0.0, no_samples), q_full, q_full, options);
}

// fast, 0 < λ < 1: the paper's fixed-indicator iteration in coordinates whitened by
// q(θ|D), x = [μ; L'], on one set of common random numbers, with the decreasing steps
// γ_t and the Polyak average of the second half of the iterates.
VariationalFit eubo_averaged_iteration(const LikelihoodModel& model, const std::vector<int>& forgotten,
                                       const Gaussian& q_full, double lambda, const VariationalOptions& options) {
  Rng rng(stream_seed(options.seed, kEuboStream));
  const Eigen::MatrixXd eps = rng.normal_matrix(model.dim(), options.mc_samples);
  const Objective objective = whitened_objective(eubo_on(model, forgotten, q_full, lambda, eps), q_full);
  const Objective field =
      whitened_objective(eubo_update_field(model, forgotten, q_full, AdjustedRegion(q_full, lambda), eps), q_full);
  Eigen::VectorXd x = whiten(q_full, q_full), direction(x.size());
  Eigen::VectorXd average = Eigen::VectorXd::Zero(x.size());
  int averaged = 0;
  // The first step's direction, computed with U itself: U at the start comes free.
  const double start_value = objective(x, direction);
  // No sample inside the region and q = q(θ|D): the field vanishes, nothing moves.
  if (direction.cwiseAbs().maxCoeff() <= options.gradient_tolerance) {
    VariationalFit fit(q_full);
    fit.objective = start_value;
    fit.converged = true;
    fit.status = "no common random number falls inside the region: q(theta|D) is the fixed point";
    return fit;
  }
  for (int t = 0; t < options.mc_steps; ++t) {
    if (t > 0) field(x, direction);
    x -= averaged_iteration_step(options, t) * direction;
    if (2 * t >= options.mc_steps) {  // the second half of the iterates
      average += x;
      ++averaged;
    }
  }
  average /= static_cast<double>(std::max(averaged, 1));
  VariationalFit fit(unwhiten(average, q_full));
  fit.objective = objective(average, direction);  // the Monte Carlo EUBO at the result
  fit.iterations = options.mc_steps;
  fit.converged = true;
  fit.status =
      "Polyak average of the last " + std::to_string(averaged) + " of " + std::to_string(options.mc_steps) + " steps";
  return fit;
}

}  // namespace

double eubo_objective(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                      double lambda, const Eigen::MatrixXd& eps, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                      Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L) {
  const char* fn = "eubo_objective";
  const AdjustedRegion region(q_full, lambda);
  // U = E_q[log p̃_λ(D_e|θ)] + KL[q ‖ q(θ|D)].
  Eigen::VectorXd kl_m, expected_m = Eigen::VectorXd::Zero(m.size());
  Eigen::MatrixXd kl_L, expected_L = Eigen::MatrixXd::Zero(m.size(), m.size());
  const double kl = kl_to_base(m, L, q_full, &kl_m, &kl_L);
  double expected = 0.0;
  if (region.empty()) {
    expected = 0.0;  // p̃ ≡ 1
  } else if (eps.cols() > 0) {
    check_size(fn, "eps rows", static_cast<long>(eps.rows()), static_cast<long>(m.size()));
    expected = monte_carlo_expectation(model, forgotten, eps, m, L, region.everywhere() ? nullptr : &region, expected_m,
                                       expected_L);
  } else {
    if (!region.everywhere())
      fail_argument(fn, "eps", "must hold samples when 0 < lambda < 1 (the indicator needs Monte Carlo)");
    expected = model.expected_log_likelihood(forgotten, m, L, &expected_m, &expected_L);
    expected_L = expected_L.triangularView<Eigen::Lower>();
  }
  if (grad_m) *grad_m = kl_m + expected_m;
  if (grad_L) *grad_L = kl_L + expected_L;
  return kl + expected;
}

VariationalFit forget_eubo(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                           double lambda, const VariationalOptions& options) {
  const char* fn = "forget_eubo";
  check_problem(fn, model, forgotten, "forgotten", q_full, "q_full");
  check_unit_interval(fn, "lambda", lambda);
  check_options(fn, options);
  if (lambda == 1.0) return unchanged(q_full);
  if (options.protocol == Protocol::paper) return eubo_adam(model, forgotten, q_full, lambda, options);
  if (lambda == 0.0) return eubo_quadrature(model, forgotten, q_full, options);
  return eubo_averaged_iteration(model, forgotten, q_full, lambda, options);
}

}  // namespace lethe
