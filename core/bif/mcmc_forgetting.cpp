#include "bif/mcmc_forgetting.hpp"

#include <string>

#include "base/errors.hpp"
#include "bif/detail/influence_system.hpp"

namespace lethe {

McmcForgetter::McmcForgetter(const Energy& energy, SgMcmc chain, McmcForgettingOptions options)
    : energy_(energy), chain_(std::move(chain)), options_(options), rows_(energy.size()),
      total_shift_(Eigen::VectorXd::Zero(energy.dim())) {
  const char* fn = "McmcForgetter";
  check_at_least(fn, "mc_samples", options.mc_samples, 1);
  energy_.check_state(chain_.state(), fn, "chain state");
  // A chain that has not stepped still sits at its start: there is no posterior
  // for the step to take expectations over.
  if (chain_.iteration() == 0)
    throw StateError(std::string(fn) +
                     ": the chain has not been trained (0 iterations); call SgMcmc::step on the "
                     "training rows first");
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
  // H̄ = (1/M) Σ_m ∇²F(θ_m, S), formed or applied to v.
  const Eigen::VectorXd shift = detail::solve_influence_system(
      [&] {
        Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(energy_.dim(), energy_.dim());
        for (const auto& theta : samples) hessian += energy_.hessian(theta, h_rows) / m_count;
        return hessian;
      },
      [&](const Eigen::VectorXd& v) {
        Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
        for (const auto& theta : samples) out += energy_.hvp(theta, h_rows, v) / m_count;
        return out;
      },
      g, energy_.dim(), options_.influence, fn);
  chain_.shift(shift);
  total_shift_ += shift;
  rows_.erase(batch, fn, "batch", false);
  return shift;
}

}  // namespace lethe
