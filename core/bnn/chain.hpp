// SGLD / SGHMC posterior samples for the BNN: the samplers of bif/sg_mcmc.hpp run
// on BnnEnergy from the MLP's seeded initialiser; after `burn_in` steps every
// `thin`-th state is kept, `samples` of them. The predictive distribution is the
// average of the kept states' class probabilities.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "bif/sg_mcmc.hpp"
#include "bnn/bnn_energy.hpp"

namespace lethe {

struct ChainOptions {
  SamplerOptions sampler;  // kind, batch, step schedule a·t^b/n, friction
  int burn_in = 2000;
  int samples = 20;
  int thin = 50;
};

void check_chain_options(const ChainOptions& options, const char* function);

// P × samples: the kept states of a chain on `rows`, from the seed.
Eigen::MatrixXd sample_chain(const BnnEnergy& energy, const std::vector<int>& rows,
                             const ChainOptions& options, std::uint64_t seed);

// Class probabilities (n × K) averaged over the columns of `thetas`.
Eigen::MatrixXd ensemble_probabilities(const Mlp& mlp, const Eigen::MatrixXd& thetas,
                                       const Eigen::MatrixXd& x);

}  // namespace lethe
