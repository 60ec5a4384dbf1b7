#include "bif/mcmc_forgetting.hpp"

#include "base/errors.hpp"

namespace lethe {

McmcForgetter::McmcForgetter(const Energy& energy, SgMcmc chain, McmcForgettingOptions options)
    : energy_(energy), chain_(std::move(chain)), options_(options), rows_(energy.size()),
      total_shift_(Eigen::VectorXd::Zero(energy.dim())) {
  check_at_least("McmcForgetter", "mc_samples", options.mc_samples, 1);
  energy_.check_state(chain_.state(), "McmcForgetter", "chain state");
}

Eigen::VectorXd McmcForgetter::forget(const std::vector<int>& batch) {
  const char* fn = "McmcForgetter::forget";
  rows_.validate(batch, fn, "batch", /*allow_all=*/false);
  const std::vector<int> rows = rows_.active_ids();
  // The Monte Carlo samples: M steps of a fork of the chain (same state,
  // momentum and iteration count, its own random stream) on S, batch included.
  SgMcmc explorer = chain_.fork();
  const int m_count = options_.mc_samples;
  std::vector<Eigen::VectorXd> samples;
  Eigen::VectorXd g = Eigen::VectorXd::Zero(energy_.dim());
  for (int m = 0; m < m_count; ++m) {
    explorer.step(energy_, rows);
    samples.push_back(explorer.state());
    g += energy_.data_gradient(explorer.state(), batch) / m_count;
  }
  const std::vector<int> h_rows = hessian_rows(rows, batch, options_.influence);
  Eigen::VectorXd shift;
  if (options_.influence.solver == InfluenceSolver::direct) {
    // H̄ = (1/M) Σ_m ∇²F(θ_m, S)
    Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(energy_.dim(), energy_.dim());
    for (const auto& theta : samples) hessian += energy_.hessian(theta, h_rows) / m_count;
    shift = solve_positive_definite(hessian, g, fn);
  } else {
    const InfluenceOptions& o = options_.influence;
    const int budget = o.cg_max_iterations > 0 ? o.cg_max_iterations
                                               : static_cast<int>(10 * energy_.dim());
    shift = conjugate_gradient(
        [&](const Eigen::VectorXd& v) {
          Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
          for (const auto& theta : samples) out += energy_.hvp(theta, h_rows, v) / m_count;
          return out;
        },
        g, budget, o.cg_tolerance, fn);
  }
  chain_.shift(shift);
  total_shift_ += shift;
  rows_.erase(batch, fn, "batch", false);
  return shift;
}

}  // namespace lethe
