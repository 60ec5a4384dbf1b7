#include "bnn/chain.hpp"

#include "base/errors.hpp"

namespace lethe {

void check_chain_options(const ChainOptions& o, const char* function) {
  check_at_least(function, "burn_in", o.burn_in, 0);
  check_at_least(function, "samples", o.samples, 1);
  check_at_least(function, "thin", o.thin, 1);
  check_at_least(function, "batch", o.sampler.batch, 1);
  check_positive(function, "step_scale", o.sampler.step_scale);
  if (o.sampler.kind == SamplerKind::sghmc) check_friction(function, o.sampler.friction);
}

Eigen::MatrixXd sample_chain(const BnnEnergy& energy, const std::vector<int>& rows,
                             const ChainOptions& options, std::uint64_t seed) {
  const char* fn = "sample_chain";
  check_chain_options(options, fn);
  check_at_least(fn, "rows", static_cast<long>(rows.size()), 1);
  SgMcmc chain(options.sampler, energy.mlp().initial_parameters(seed), seed + 1);
  for (int t = 0; t < options.burn_in; ++t) chain.step(energy, rows);
  Eigen::MatrixXd kept(energy.dim(), options.samples);
  for (int s = 0; s < options.samples; ++s) {
    for (int t = 0; t < options.thin; ++t) chain.step(energy, rows);
    kept.col(s) = chain.state();
  }
  if (!kept.allFinite())
    throw NumericalError("sample_chain: the chain diverged (a non-finite state); lower the step scale");
  return kept;
}

Eigen::MatrixXd ensemble_probabilities(const Mlp& mlp, const Eigen::MatrixXd& thetas,
                                       const Eigen::MatrixXd& x) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(x.rows(), mlp.shape().classes);
  for (Eigen::Index s = 0; s < thetas.cols(); ++s)
    p += mlp.probabilities(thetas.col(s), x);
  return p / double(thetas.cols());
}

}  // namespace lethe
