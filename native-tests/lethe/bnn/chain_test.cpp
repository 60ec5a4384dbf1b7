// The BNN's SG-MCMC chain (bnn/chain.hpp): chunking does not change the states, the
// seed does; the kept ensemble learns the training data; the ensemble predictive is
// the average of the states' predictives; bad options, an unfinished chain and a
// diverged one are reported with typed errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/bnn/chain.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/measures.hpp>

namespace chain_test {
lethe::MlpShape small_shape() {
  lethe::MlpShape s;
  s.inputs = 2;
  s.hidden = {8};
  s.classes = 2;
  return s;
}
lethe::ChainOptions quick_options(lethe::SamplerKind kind) {
  lethe::ChainOptions o;
  o.sampler.kind = kind;
  o.sampler.batch = 16;
  o.burn_in = 300;
  o.samples = 5;
  o.thin = 20;
  return o;
}
}  // namespace chain_test

TEST_CASE("chain: any chunking gives the states of one call; another seed other states", "[bnn][chain]") {
  const lethe::Mlp mlp(chain_test::small_shape());
  const lethe::BnnEnergy energy(mlp, lethe::make_moons_data(40, 0.1, 3), 1.0);
  const std::vector<int> rows = lethe::all_rows(40);
  for (const lethe::SamplerKind kind : {lethe::SamplerKind::sgld, lethe::SamplerKind::sghmc}) {
    const lethe::ChainOptions options = chain_test::quick_options(kind);
    const Eigen::MatrixXd whole = lethe::sample_chain(energy, rows, options, 11);
    REQUIRE(whole.rows() == mlp.parameter_count());
    REQUIRE(whole.cols() == options.samples);
    lethe::ChainSampler chunked(energy, rows, options, 11);
    CHECK(chunked.total_steps() == 300 + 5 * 20);
    REQUIRE_THROWS_AS(chunked.kept(), lethe::StateError);
    int last = 0;
    while (!chunked.done()) {
      const int now = chunked.step(37);
      CHECK(now == std::min(last + 37, chunked.total_steps()));
      CHECK(chunked.steps_done() == now);
      last = now;
    }
    CHECK(chunked.step(10) == chunked.total_steps());  // never past the end
    CHECK(chunked.kept() == whole);
    // Kept states are distinct (thinned from a moving chain), and a new seed moves them.
    CHECK((whole.col(0) - whole.col(4)).norm() > 0.0);
    CHECK((lethe::sample_chain(energy, rows, options, 12) - whole).norm() > 0.0);
  }
}

TEST_CASE("chain: the ensemble predictive averages the states', and learns the moons", "[bnn][chain]") {
  const lethe::Mlp mlp(chain_test::small_shape());
  const lethe::ClassificationData data = lethe::make_moons_data(80, 0.1, 5);
  const lethe::BnnEnergy energy(mlp, data, 1.0);
  lethe::ChainOptions options = chain_test::quick_options(lethe::SamplerKind::sghmc);
  options.burn_in = 1500;
  options.samples = 10;
  const Eigen::MatrixXd thetas = lethe::sample_chain(energy, lethe::all_rows(80), options, 2);
  const Eigen::MatrixXd p = lethe::ensemble_probabilities(mlp, thetas, data.x);
  Eigen::MatrixXd mean = Eigen::MatrixXd::Zero(80, 2);
  for (Eigen::Index s = 0; s < thetas.cols(); ++s) mean += mlp.probabilities(thetas.col(s), data.x) / 10.0;
  CHECK((p - mean).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((p.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
  // The starting network is near chance; the posterior ensemble separates the moons.
  const Eigen::MatrixXd start = mlp.probabilities(mlp.initial_parameters(2), data.x);
  const double accuracy = lethe::accuracy(p, data.labels);
  INFO("accuracy " << accuracy << " from " << lethe::accuracy(start, data.labels));
  CHECK(accuracy > 0.85);
  // One column: that state's own predictive.
  CHECK((lethe::ensemble_probabilities(mlp, thetas.col(3), data.x) - mlp.probabilities(thetas.col(3), data.x))
            .cwiseAbs()
            .maxCoeff() < 1e-15);
}

TEST_CASE("chain: bad options, empty rows and a diverged chain are reported by name", "[bnn][chain][errors]") {
  using Catch::Contains;
  const lethe::Mlp mlp(chain_test::small_shape());
  const lethe::BnnEnergy energy(mlp, lethe::make_moons_data(20, 0.1, 1), 1.0);
  const lethe::ChainOptions good = chain_test::quick_options(lethe::SamplerKind::sghmc);
  REQUIRE_NOTHROW(lethe::check_chain_options(good, "bnnChain"));
  lethe::ChainOptions bad = good;
  bad.burn_in = -1;
  REQUIRE_THROWS_AS(lethe::check_chain_options(bad, "bnnChain"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("bnnChain: parameter 'burn_in'"));
  bad = good;
  bad.samples = 0;
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("parameter 'samples'"));
  bad = good;
  bad.thin = 0;
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("parameter 'thin'"));
  bad = good;
  bad.sampler.batch = 0;
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("parameter 'batch'"));
  bad = good;
  bad.sampler.step_scale = -1.0;
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("parameter 'step_scale'"));
  bad = good;
  bad.sampler.friction = 1.5;
  REQUIRE_THROWS_WITH(lethe::check_chain_options(bad, "bnnChain"), Contains("parameter 'friction'"));
  bad.sampler.kind = lethe::SamplerKind::sgld;  // SGLD has no friction
  REQUIRE_NOTHROW(lethe::check_chain_options(bad, "bnnChain"));
  bad = good;
  bad.samples = 0;
  REQUIRE_THROWS_WITH(lethe::sample_chain(energy, lethe::all_rows(20), bad, 1),
                      Contains("sample_chain: parameter 'samples'"));
  REQUIRE_THROWS_AS(lethe::sample_chain(energy, {}, good, 1), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::sample_chain(energy, {}, good, 1), Contains("sample_chain: parameter 'rows'"));
  // A step scale far too large: the prior's pull θ/σ² overshoots geometrically.
  bad = good;
  bad.sampler.kind = lethe::SamplerKind::sgld;
  bad.sampler.step_scale = 1e6;
  REQUIRE_THROWS_AS(lethe::sample_chain(energy, lethe::all_rows(20), bad, 1), lethe::NumericalError);
}
