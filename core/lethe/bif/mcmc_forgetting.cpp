#include <lethe/bif/mcmc_forgetting.hpp>

#include <string>

#include <lethe/base/errors.hpp>
#include <lethe/bif/detail/influence_system.hpp>
#include <lethe/bif/sampled_hessian.hpp>

namespace lethe {

void check_monte_carlo_samples(const char* function, int gradient_samples, int hessian_samples) {
  check_at_least(function, "gradient_samples", gradient_samples, 1);
  check_at_least(function, "hessian_samples", hessian_samples, 1);
  if (hessian_samples > gradient_samples)
    fail_argument(function, "hessian_samples",
                  "must not exceed gradient_samples (" + std::to_string(gradient_samples) + "; got " +
                      std::to_string(hessian_samples) + ")");
}

McmcForgetter::McmcForgetter(const Energy& energy, SgMcmc chain, McmcForgettingOptions options)
    : energy_(energy),
      chain_(std::move(chain)),
      options_(options),
      rows_(energy.size()),
      total_shift_(Eigen::VectorXd::Zero(energy.dim())) {
  const char* fn = "McmcForgetter";
  check_monte_carlo_samples(fn, options.gradient_samples, options.hessian_samples);
  check_at_least(fn, "hessian_sample_rows", options.influence.hessian_sample_rows, 0);
  energy_.check_state(chain_.state(), fn, "chain state");
  // A chain that has not stepped still sits at its start: there is no posterior
  // for the step to take expectations over.
  if (chain_.iteration() == 0)
    throw StateError(std::string(fn) +
                     ": the chain has not been trained (0 iterations); call SgMcmc::step on the "
                     "training rows first");
  if (options_.influence.hessian_sample_rows > 0)
    sample_.emplace(energy_, rows_, options_.influence.hessian_sample_rows, options_.influence.hessian_seed, fn);
}

Eigen::VectorXd McmcForgetter::forget_sampled(const std::vector<int>& batch) {
  const char* fn = "McmcForgetter::forget";
  rows_.validate(batch, fn, "batch", /*allow_all=*/false);
  // The same Monte Carlo states as the exact path, but the sampler's minibatches come
  // from the kept sample (weighted as draws from all n rows in training): its rows are
  // held together, so M steps read no row outside the sample and the batch.
  const KeptRowSample& sample = *sample_;
  SgMcmc explorer = chain_.fork();
  const int gradient_count = options_.gradient_samples;
  const int hessian_count = options_.hessian_samples;
  std::vector<Eigen::VectorXd> states;
  Eigen::VectorXd removed_gradient = Eigen::VectorXd::Zero(energy_.dim());  // ḡ
  for (int m = 0; m < gradient_count; ++m) {
    explorer.step(sample.energy(), sample.sample().ids, rows_.remaining());
    states.push_back(explorer.state());
    removed_gradient += energy_.data_gradient(explorer.state(), batch) / gradient_count;
  }
  // One row sample for every Hessian state: H̄ ≈ (1/M_H) Σ_m Ĥ(θ_m).
  const std::vector<int> none;
  const std::vector<int>& excluded = options_.influence.hessian_without_batch ? batch : none;
  detail::InfluenceSystem system(
      [&] {
        Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(energy_.dim(), energy_.dim());
        for (int m = 0; m < hessian_count; ++m)
          hessian += sampled_hessian(energy_, states[static_cast<std::size_t>(m)], sample, excluded) / hessian_count;
        return hessian;
      },
      [&](const Eigen::VectorXd& v) {
        Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
        for (int m = 0; m < hessian_count; ++m)
          out += sampled_hvp(energy_, states[static_cast<std::size_t>(m)], sample, excluded, v) / hessian_count;
        return out;
      },
      energy_.dim(), options_.influence, fn);
  const Eigen::VectorXd shift = system.solve(removed_gradient);
  // ρ as in the header, its full-data part from the sampled rows.
  Eigen::VectorXd change = Eigen::VectorXd::Zero(energy_.dim());
  for (int m = 0; m < hessian_count; ++m)
    change += sampled_gradient_change(states[static_cast<std::size_t>(m)], shift, sample) / hessian_count;
  for (const auto& theta : states)
    change -= energy_.data_gradient(theta + shift, batch) / static_cast<double>(states.size());
  const double residual = system.decrement(change);
  chain_.shift(shift);
  total_shift_ += shift;
  rows_.forget(batch, fn, "batch", false);
  sample_->forget(batch, rows_);
  residuals_.push_back(residual);
  return shift;
}

Eigen::VectorXd McmcForgetter::forget(const std::vector<int>& batch) {
  if (options_.influence.hessian_sample_rows > 0) return forget_sampled(batch);
  const char* fn = "McmcForgetter::forget";
  rows_.validate(batch, fn, "batch", /*allow_all=*/false);
  const std::vector<int> rows = rows_.active_ids();
  // The Monte Carlo states: M steps of a fork of the chain (same state, momentum
  // and iteration count, its own random stream) on S, batch included.
  SgMcmc explorer = chain_.fork();
  const int gradient_count = options_.gradient_samples;
  const int hessian_count = options_.hessian_samples;
  std::vector<Eigen::VectorXd> states;
  Eigen::VectorXd removed_gradient = Eigen::VectorXd::Zero(energy_.dim());  // ḡ
  for (int m = 0; m < gradient_count; ++m) {
    explorer.step(energy_, rows);
    states.push_back(explorer.state());
    removed_gradient += energy_.data_gradient(explorer.state(), batch) / gradient_count;
  }
  const std::vector<Eigen::VectorXd> hessian_states(states.begin(), states.begin() + hessian_count);
  const std::vector<int> h_rows = hessian_rows(rows, batch, options_.influence);
  // H̄ = (1/M_H) Σ_m ∇²F(θ_m, S), formed or applied to v.
  detail::InfluenceSystem system(
      [&] {
        Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(energy_.dim(), energy_.dim());
        for (const auto& theta : hessian_states) hessian += energy_.hessian(theta, h_rows) / hessian_count;
        return hessian;
      },
      [&](const Eigen::VectorXd& v) {
        Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
        for (const auto& theta : hessian_states) out += energy_.hvp(theta, h_rows, v) / hessian_count;
        return out;
      },
      energy_.dim(), options_.influence, fn);
  const Eigen::VectorXd shift = system.solve(removed_gradient);
  const double residual = system.decrement(gradient_change(states, hessian_count, rows, batch, shift));
  chain_.shift(shift);
  total_shift_ += shift;
  rows_.forget(batch, fn, "batch", false);
  residuals_.push_back(residual);
  return shift;
}

Eigen::VectorXd McmcForgetter::gradient_change(const std::vector<Eigen::VectorXd>& states, int hessian_count,
                                               const std::vector<int>& rows, const std::vector<int>& batch,
                                               const Eigen::VectorXd& shift) const {
  // ρ = mean_{m≤M_H}[∇F(θ_m + Δ, S) − ∇F(θ_m, S)] − mean_{m≤M} ∇h(θ_m + Δ, S′)
  Eigen::VectorXd change = Eigen::VectorXd::Zero(energy_.dim());
  for (int m = 0; m < hessian_count; ++m) {
    const Eigen::VectorXd& theta = states[static_cast<std::size_t>(m)];
    change += (energy_.gradient(theta + shift, rows) - energy_.gradient(theta, rows)) / hessian_count;
  }
  const double count = static_cast<double>(states.size());
  for (const auto& theta : states) change -= energy_.data_gradient(theta + shift, batch) / count;
  return change;
}

}  // namespace lethe
