// SGLD / SGHMC posterior samples for the BNN: the samplers of bif/sg_mcmc.hpp run
// on BnnEnergy from the MLP's seeded initialiser; after `burn_in` steps every
// `thin`-th state is kept, `samples` of them. The predictive distribution is the
// average of the kept states' class probabilities.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include <lethe/bif/sg_mcmc.hpp>
#include <lethe/bnn/bnn_energy.hpp>

namespace lethe {

struct ChainOptions {
  SamplerOptions sampler;  // kind, batch, step schedule a·t^b/n, friction
  int burn_in = 2000;
  int samples = 20;
  int thin = 50;
};

void check_chain_options(const ChainOptions& options, const char* function);

// The chain in chunks (progress and cancel between chunks); any chunking gives the
// same states as one call.
class ChainSampler {
 public:
  // `energy` must outlive the sampler; rows non-empty.
  ChainSampler(const BnnEnergy& energy, std::vector<int> rows, const ChainOptions& options, std::uint64_t seed);
  // Up to k more sampler steps; returns the steps taken so far (of total_steps()).
  int step(int k);
  int total_steps() const { return options_.burn_in + options_.samples * options_.thin; }
  bool done() const { return t_ >= total_steps(); }
  int steps_done() const { return t_; }
  // P × samples (StateError before done(); NumericalError if the chain diverged).
  const Eigen::MatrixXd& kept() const;

 private:
  const BnnEnergy& energy_;
  std::vector<int> rows_;
  ChainOptions options_;
  SgMcmc chain_;
  Eigen::MatrixXd kept_;
  int t_ = 0;
};

// P × samples: the kept states of a chain on `rows`, from the seed.
Eigen::MatrixXd sample_chain(const BnnEnergy& energy, const std::vector<int>& rows, const ChainOptions& options,
                             std::uint64_t seed);

// The repair run of a chain's forgotten states (influence.hpp): each column of `states`
// starts its own sampler on `rows` (seed + column; momentum 0) and moves `steps` steps;
// the columns of the result are where they end. steps = 0 returns the states.
Eigen::MatrixXd repair_chain_states(const BnnEnergy& energy, const Eigen::MatrixXd& states,
                                    const std::vector<int>& rows, const SamplerOptions& sampler, int steps,
                                    std::uint64_t seed);

// Class probabilities (n × K) averaged over the columns of `thetas`.
Eigen::MatrixXd ensemble_probabilities(const Mlp& mlp, const Eigen::MatrixXd& thetas, const Eigen::MatrixXd& x);

}  // namespace lethe
