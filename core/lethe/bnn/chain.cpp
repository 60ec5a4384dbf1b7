#include <lethe/bnn/chain.hpp>

#include <utility>

#include <lethe/base/errors.hpp>

namespace lethe {

void check_chain_options(const ChainOptions& o, const char* function) {
  check_at_least(function, "burn_in", o.burn_in, 0);
  check_at_least(function, "samples", o.samples, 1);
  check_at_least(function, "thin", o.thin, 1);
  check_at_least(function, "batch", o.sampler.batch, 1);
  check_positive(function, "step_scale", o.sampler.step_scale);
  if (o.sampler.kind == SamplerKind::sghmc) check_friction(function, o.sampler.friction);
}

namespace {
// Checked before the SgMcmc member is built from them.
const ChainOptions& checked(const ChainOptions& o, const std::vector<int>& rows) {
  check_chain_options(o, "sample_chain");
  check_at_least("sample_chain", "rows", static_cast<long>(rows.size()), 1);
  return o;
}
}  // namespace

ChainSampler::ChainSampler(const BnnEnergy& energy, std::vector<int> rows, const ChainOptions& options,
                           std::uint64_t seed)
    : energy_(energy),
      rows_(std::move(rows)),
      options_(checked(options, rows_)),
      chain_(options.sampler, energy.mlp().initial_parameters(seed), seed + 1),
      kept_(energy.dim(), options.samples) {}

int ChainSampler::step(int k) {
  for (int i = 0; i < k && !done(); ++i) {
    chain_.step(energy_, rows_);
    ++t_;
    // After burn-in, every thin-th state is kept.
    const int after = t_ - options_.burn_in;
    if (after > 0 && after % options_.thin == 0) kept_.col(after / options_.thin - 1) = chain_.state();
  }
  return t_;
}

const Eigen::MatrixXd& ChainSampler::kept() const {
  if (!done()) throw StateError("ChainSampler::kept: the chain has not finished");
  if (!kept_.allFinite())
    throw NumericalError("sample_chain: the chain diverged (a non-finite state); lower the step scale");
  return kept_;
}

Eigen::MatrixXd sample_chain(const BnnEnergy& energy, const std::vector<int>& rows, const ChainOptions& options,
                             std::uint64_t seed) {
  ChainSampler sampler(energy, rows, options, seed);
  sampler.step(sampler.total_steps());
  return sampler.kept();
}

Eigen::MatrixXd repair_chain_states(const BnnEnergy& energy, const Eigen::MatrixXd& states,
                                    const std::vector<int>& rows, const SamplerOptions& sampler, int steps,
                                    std::uint64_t seed) {
  const char* fn = "repair_chain_states";
  check_at_least(fn, "steps", steps, 0);
  check_size(fn, "states", static_cast<long>(states.rows()), static_cast<long>(energy.dim()));
  if (steps > 0) check_at_least(fn, "rows", static_cast<long>(rows.size()), 1);
  Eigen::MatrixXd out = states;
  for (Eigen::Index s = 0; s < states.cols() && steps > 0; ++s) {
    SgMcmc chain(sampler, states.col(s), seed + std::uint64_t(s));
    for (int t = 0; t < steps; ++t) chain.step(energy, rows);
    out.col(s) = chain.state();
  }
  if (!out.allFinite()) throw NumericalError("repair_chain_states: a chain diverged (a non-finite state)");
  return out;
}

Eigen::MatrixXd ensemble_probabilities(const Mlp& mlp, const Eigen::MatrixXd& thetas, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(x.rows(), mlp.shape().classes);
  for (Eigen::Index s = 0; s < thetas.cols(); ++s) p += mlp.probabilities(thetas.col(s), x);
  return p / double(thetas.cols());
}

}  // namespace lethe
