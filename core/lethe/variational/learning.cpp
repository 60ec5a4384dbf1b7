// ELBO learning under both protocols (see learning.hpp).
#include <lethe/variational/learning.hpp>

#include <utility>

#include <lethe/base/rng.hpp>
#include <lethe/variational/detail/checks.hpp>
#include <lethe/variational/detail/monte_carlo.hpp>
#include <lethe/variational/detail/optimisers.hpp>
#include <lethe/variational/detail/streams.hpp>
#include <lethe/variational/variational_family.hpp>

namespace lethe {

using namespace variational_detail;

namespace {

// paper: Adam on the reparameterised Monte Carlo −ELBO, the KL in closed form, with
// `samples` fresh draws ε per step.
VariationalFit fit_elbo_adam(const LikelihoodModel& model, const std::vector<int>& subset, const Gaussian& prior,
                             const Gaussian& init, const VariationalOptions& options) {
  Rng rng(stream_seed(options.seed, kElboStream));
  double estimate = 0.0;
  auto gradient = [&](int, const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd& grad_m,
                      Eigen::MatrixXd& grad_L) {
    const Eigen::MatrixXd eps = rng.normal_matrix(model.dim(), options.samples);
    Eigen::VectorXd expected_m, kl_m;
    Eigen::MatrixXd expected_L, kl_L;
    const double expected = monte_carlo_expectation(model, subset, eps, m, L, nullptr, expected_m, expected_L);
    estimate = kl_to_base(m, L, prior, &kl_m, &kl_L) - expected;
    grad_m = kl_m - expected_m;
    grad_L = kl_L - expected_L;
  };
  Gaussian learned = adam_on_factor(init, options.steps, options.learning_rate, gradient);
  return adam_fit(std::move(learned), estimate, options.steps);
}

}  // namespace

double negative_elbo(const LikelihoodModel& model, const std::vector<int>& subset, const Gaussian& prior,
                     const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                     Eigen::MatrixXd* grad_L) {
  // −ELBO = KL[q ‖ p(θ)] − E_q[log p(D_S|θ)].
  Eigen::VectorXd kl_m, expected_m;
  Eigen::MatrixXd kl_L, expected_L;
  const double kl = kl_to_base(m, L, prior, &kl_m, &kl_L);
  const double expected = model.expected_log_likelihood(subset, m, L, &expected_m, &expected_L);
  if (grad_m) *grad_m = kl_m - expected_m;
  if (grad_L) *grad_L = kl_L - Eigen::MatrixXd(expected_L.triangularView<Eigen::Lower>());
  return kl - expected;
}

VariationalFit fit_elbo(const LikelihoodModel& model, const std::vector<int>& subset, const Gaussian& prior,
                        const Gaussian& init, const VariationalOptions& options) {
  const char* fn = "fit_elbo";
  check_problem(fn, model, subset, "subset", prior, "prior");
  check_size(fn, "init", static_cast<long>(init.dim()), static_cast<long>(model.dim()));
  check_options(fn, options);
  if (options.protocol == Protocol::paper) return fit_elbo_adam(model, subset, prior, init, options);
  FactorObjective objective = [&](const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                  Eigen::MatrixXd* grad_L) {
    return negative_elbo(model, subset, prior, m, L, grad_m, grad_L);
  };
  return minimise_whitened(objective, prior, init, options);
}

}  // namespace lethe
