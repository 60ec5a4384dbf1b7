// The BNN's posteriors learn 2-D moons, and every forgetting method moves the model
// towards the one retrained on D_r (a small seeded case: 160 training points, a
// 2-16-16-1 tanh network, the tip of the moons forgotten).
#include <catch2/catch.hpp>

#include <cmath>
#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/chain.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/mean_field.hpp>
#include <lethe/bnn/measures.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

namespace {

struct Moons {
  ClassificationData train, test;
};

Moons small_moons(std::uint64_t seed) {
  const ClassificationData all = make_moons_data(200, 0.2, seed);
  const TrainTestSplit split = train_test_split(200, 0.2, seed);
  return {select_rows(all, split.train), select_rows(all, split.test)};
}

BnnOptions small_options() {
  BnnOptions o = bnn_defaults(2);
  o.hidden = {8, 8};
  o.vi.steps = 1500;
  o.chain.burn_in = 800;
  o.chain.samples = 10;
  o.chain.thin = 20;
  o.predictive_draws = 16;
  return o;
}

}  // namespace

TEST_CASE("Mean-field VI and SGLD learn two moons", "[bnn]") {
  const Moons m = small_moons(1);
  const BnnOptions o = small_options();
  MlpShape shape;
  shape.hidden = o.hidden;
  const Mlp mlp(shape);
  const BnnEnergy energy(mlp, m.train, 1.0);
  const std::vector<int> rows = all_rows(static_cast<int>(m.train.size()));
  // A linear classifier reaches ≈ 0.85 on these moons; the margin asks for better
  // than chance by a wide gap and a non-linear boundary: ≥ 0.85 on 40 test points.
  SECTION("VI") {
    const Eigen::VectorXd gamma = train_mean_field(energy, rows, o.vi, 3);
    Rng rng(4);
    const Eigen::MatrixXd thetas = mean_field_samples(gamma, rng.normal_matrix(mlp.parameter_count(), 16));
    const double acc = accuracy(ensemble_probabilities(mlp, thetas, m.test.x), m.test.labels);
    INFO("VI test accuracy " << acc);
    REQUIRE(acc >= 0.85);
  }
  SECTION("SGLD") {
    ChainOptions c = o.chain;
    c.sampler.kind = SamplerKind::sgld;
    const Eigen::MatrixXd states = sample_chain(energy, rows, c, 3);
    const double acc = accuracy(ensemble_probabilities(mlp, states, m.test.x), m.test.labels);
    INFO("SGLD test accuracy " << acc);
    REQUIRE(acc >= 0.85);
  }
}

TEST_CASE("Every BNN forgetting method ends closer to retraining than doing nothing", "[bnn]") {
  const Moons m = small_moons(1);
  const std::vector<int> forgotten = scenario_ids(m.train, "tip", 0, "test");
  // The defaults (2 × 16 units, the CLI's chain length): with 8 × 8 units the tip
  // barely moves the model, and a shorter chain is not yet at its posterior.
  BnnOptions o = bnn_defaults(2);
  o.predictive_draws = 16;
  BnnProblem problem(m.train, m.test, forgotten, o, 2);
  const BnnRun vi_nothing = problem.forget(BnnMethod::nothing, 0.0);
  const BnnMethod method = GENERATE(BnnMethod::bif_vi, BnnMethod::eubo, BnnMethod::reverse_kl, BnnMethod::bif_sghmc);
  const BnnRun nothing = family_of(method) == BnnPosterior::vi ? vi_nothing : [&] {
    BnnProblem& p = problem;
    return p.forget(BnnMethod::nothing, 0.0);
  }();
  const BnnRun run = problem.forget(method, 0.0);
  INFO(name_of(method) << " (" << run.solver_status << "): KL on D_e " << *run.measures.kl_forgotten
                       << " vs doing nothing " << *nothing.measures.kl_forgotten);
  REQUIRE(*run.measures.kl_forgotten < *nothing.measures.kl_forgotten);
}

TEST_CASE("BNN problem rejects bad requests by name", "[bnn]") {
  const Moons m = small_moons(1);
  std::vector<int> all = all_rows(static_cast<int>(m.train.size()));
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, all, small_options(), 0),
                      Contains("BnnProblem: parameter 'forgotten'"));
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {0, 0}, small_options(), 0),
                      Contains("BnnProblem: parameter 'forgotten'"));
  BnnProblem p(m.train, m.test, {0, 1}, small_options(), 0);
  REQUIRE_THROWS_AS(p.predict(m.test.x, BnnPosterior::vi, BnnProblem::Which::original), StateError);
  REQUIRE_THROWS_WITH(p.forget(BnnMethod::eubo, 1.5), Contains("parameter 'lambda' must lie in [0, 1]"));
}

TEST_CASE("Membership AUC is the Mann-Whitney statistic", "[bnn]") {
  Eigen::VectorXd members(3), others(2);
  members << 0.9, 0.5, 0.2;
  others << 0.5, 0.1;
  // pairs: (0.9>0.5,0.9>0.1), (0.5=0.5 → ½, 0.5>0.1), (0.2<0.5, 0.2>0.1): 4.5 of 6
  REQUIRE(membership_auc(members, others) == Approx(4.5 / 6.0));
  Eigen::MatrixXd ref(1, 2), p(1, 2);
  ref << 0.5, 0.5;
  p << 0.25, 0.75;
  REQUIRE(mean_categorical_kl(ref, p) == Approx(0.5 * std::log(2.0) + 0.5 * std::log(0.5 / 0.75)));
}

TEST_CASE("BNN training in chunks gives the same models as one call", "[bnn]") {
  const Moons m = small_moons(3);
  BnnOptions o = small_options();
  o.vi.steps = 200;
  o.chain.burn_in = 50;
  o.chain.samples = 3;
  o.chain.thin = 5;
  BnnProblem whole(m.train, m.test, {0, 1, 2}, o, 5), chunked(m.train, m.test, {0, 1, 2}, o, 5);
  for (BnnPosterior family : {BnnPosterior::vi, BnnPosterior::chain}) {
    whole.fit(family);
    double progress = 0.0, last = 0.0;
    while ((progress = chunked.train(family, 37)) < 1.0) {
      REQUIRE(progress > last);  // progress moves forward every chunk
      last = progress;
    }
    REQUIRE(chunked.trained(family));
    const auto which = BnnProblem::Which::retrained;
    REQUIRE((whole.predict(m.test.x, family, which) - chunked.predict(m.test.x, family, which)).cwiseAbs().maxCoeff() ==
            0.0);
  }
}

// --- The canary audit ------------------------------------------------------------

namespace {
// The UCI digits (data/digits.csv, pixels / 16) split as `lethe bnn-forget` splits them.
BnnData canary_digits(std::uint64_t seed) {
  return bnn_split(read_uci_digits(std::string(LETHE_SOURCE_DIR) + "/data/digits.csv"), seed);
}
}  // namespace

TEST_CASE("plant_canaries appends the canaries, their copies and the held-out ones by its rule", "[bnn][canary]") {
  const Moons m = small_moons(1);
  const BnnCanaries c = plant_canaries(m.train, 5, 3, 9, "test");
  const Eigen::Index n = m.train.size();
  REQUIRE(c.train.size() == n + 5 * 3 + 5);
  REQUIRE(c.train.x.topRows(n) == m.train.x);  // the given rows and ids unchanged
  REQUIRE(c.train.labels.head(n) == m.train.labels);
  REQUIRE(c.members.size() == 15);
  REQUIRE(c.scored == std::vector<int>{int(n), int(n) + 1, int(n) + 2, int(n) + 3, int(n) + 4});
  REQUIRE(c.held_out.front() == int(n) + 15);
  REQUIRE(c.held_out.back() == int(n) + 19);
  for (std::size_t k = 0; k < c.members.size(); ++k) {
    // Copy k of canary k mod N: the same row and label as its first copy.
    const int first = c.scored[k % 5];
    REQUIRE(c.train.x.row(c.members[k]) == c.train.x.row(first));
    REQUIRE(c.train.labels[c.members[k]] == c.train.labels[first]);
  }
  for (Eigen::Index i = n; i < c.train.size(); ++i) {
    REQUIRE(c.train.labels[i] >= 0);
    REQUIRE(c.train.labels[i] < 2);
    for (Eigen::Index j = 0; j < 2; ++j) {
      REQUIRE(c.train.x(i, j) >= m.train.x.col(j).minCoeff());
      REQUIRE(c.train.x(i, j) <= m.train.x.col(j).maxCoeff());
    }
  }
  // Deterministic in the seed, different for another.
  REQUIRE(plant_canaries(m.train, 5, 3, 9, "test").train.x == c.train.x);
  REQUIRE(plant_canaries(m.train, 5, 3, 10, "test").train.x != c.train.x);
  REQUIRE_THROWS_WITH(plant_canaries(m.train, 0, 3, 9, "f"), Contains("f: parameter 'canaries'"));
  REQUIRE_THROWS_WITH(plant_canaries(m.train, 2, 0, 9, "f"), Contains("f: parameter 'canary_copies'"));
  BnnOptions o = small_options();
  o.canaries = 3;
  o.shadows = 1;
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {}, o, 0), Contains("BnnProblem: parameter 'shadows'"));
  o.canaries = 0;
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {}, o, 0), Contains("BnnProblem: parameter 'forgotten'"));
}

// The audit can see, cannot be fooled by doing nothing, and reads ≈ 0.5 on a model that
// never saw the canaries. Digits (1 438 training rows, 64-32-10 tanh, mean-field VI),
// N = 40 canaries × 4 copies, K = 4 shadows, seed 0.
TEST_CASE("The canary audit sees the original, reads chance on the retrained model and fails doing nothing",
          "[bnn][canary]") {
  const BnnData d = canary_digits(0);
  BnnOptions o = bnn_defaults(64);
  o.canaries = 40;
  BnnProblem problem(d.train, d.test, {}, o, 0);
  REQUIRE(problem.forgotten().size() == 40 * 4);  // D_e: the canaries alone
  const BnnFamilyFit& fit = problem.fit(BnnPosterior::vi);
  const BnnRun nothing = problem.forget(BnnMethod::nothing, 0.0);
  const double original = *fit.original.canary_auc, retrained = *fit.retrained.canary_auc;
  INFO("canary AUC (LiRA) original " << original << ", retrained " << retrained << "; threshold attack "
                                     << *fit.original.canary_auc_threshold << " / "
                                     << *fit.retrained.canary_auc_threshold);
  // The audit can see: the original memorised the canaries.
  REQUIRE(original >= 0.9);
  // Under the null (no model saw either group) the AUC of N vs N continuous scores has
  // mean ½ and sd √((2N + 1) / (12 N²)) = 0.065 at N = 40; the tolerance is 3 sd.
  const double null_sd = std::sqrt((2.0 * 40 + 1.0) / (12.0 * 40 * 40));
  REQUIRE(std::abs(retrained - 0.5) <= 3.0 * null_sd);
  // Doing nothing fails the audit (|AUC − AUC_retrained| ≤ 0.05 passes).
  REQUIRE(*nothing.measures.canary_auc == original);
  REQUIRE(std::abs(*nothing.measures.canary_auc - retrained) > 0.05);
  // Forgetting moves the audit towards the retrained model. At this size no VI method
  // lands within 0.05 of it (README "BNN"): the test holds them to what is true.
  for (BnnMethod method : {BnnMethod::bif_vi, BnnMethod::eubo, BnnMethod::reverse_kl}) {
    const BnnRun run = problem.forget(method, 0.0);
    INFO(name_of(method) << ": canary AUC " << *run.measures.canary_auc);
    CHECK(*run.measures.canary_auc < original);
  }
}

TEST_CASE("The repair run brings the forgotten model closer to retraining, within its cost cap", "[bnn][refine]") {
  const Moons m = small_moons(1);
  const std::vector<int> forgotten = scenario_ids(m.train, "tip", 0, "test");
  BnnOptions o = small_options();
  BnnProblem one_step(m.train, m.test, forgotten, o, 2);
  const BnnRun step = one_step.forget(BnnMethod::bif_vi, 0.0);
  const BnnRun chain_step = one_step.forget(BnnMethod::bif_sghmc, 0.0);
  o.influence.repair_cap = 0.2;
  BnnProblem repaired(m.train, m.test, forgotten, o, 2);
  const BnnRun run = repaired.forget(BnnMethod::bif_vi, 0.0);
  // The same original and retrained models (same seed and training options).
  REQUIRE(repaired.fit(BnnPosterior::vi).retrained.accuracy_test ==
          one_step.fit(BnnPosterior::vi).retrained.accuracy_test);
  const double before = *step.measures.kl_forgotten + *step.measures.kl_remaining;
  const double after = *run.measures.kl_forgotten + *run.measures.kl_remaining;
  INFO("KL to retrained (D_e + D_r): one step " << before << ", with the repair " << after);
  CHECK(after < before);
  // The cap: ⌊0.2 · 1500⌋ Adam steps, reported as the fraction spent.
  CHECK(*run.repair_steps == 300);
  CHECK(*run.repair_cost <= 0.2);
  CHECK(*run.repair_cost == Approx(0.2));
  CHECK(run.residuals.size() == std::size_t(*run.newton_steps) + 1);
  CHECK((run.decision == "forget" || run.decision == "retrain"));
  CHECK(*step.repair_steps == 0);
  CHECK(step.residuals.size() == std::size_t(*step.newton_steps));
  // A chain: S states × ⌊c·T / S⌋ steps, never more than c·T.
  const BnnRun chain = repaired.forget(BnnMethod::bif_sghmc, 0.0);
  const double total = o.chain.burn_in + double(o.chain.samples) * o.chain.thin;
  CHECK(*chain.repair_steps <= 0.2 * total);
  CHECK(*chain.repair_steps > 0);
  CHECK(std::fmod(*chain.repair_steps, double(o.chain.samples)) == 0.0);
  CHECK(*chain.repair_cost == Approx(*chain.repair_steps / total));
  const double chain_before = *chain_step.measures.kl_forgotten + *chain_step.measures.kl_remaining;
  const double chain_after = *chain.measures.kl_forgotten + *chain.measures.kl_remaining;
  INFO("chain KL to retrained: one step " << chain_before << ", with the repair " << chain_after);
  CHECK(std::isfinite(chain_after));
}

TEST_CASE("BNN problem rejects bad refinement options by name", "[bnn][refine][errors]") {
  const Moons m = small_moons(1);
  BnnOptions o = small_options();
  o.influence.repair_cap = 2.0;
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {0, 1}, o, 0), Contains("BnnProblem: parameter 'repair_cap'"));
  o = small_options();
  o.influence.newton_steps = 0;
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {0, 1}, o, 0), Contains("BnnProblem: parameter 'newton_steps'"));
  o = small_options();
  o.influence.residual_budget = -1.0;
  REQUIRE_THROWS_WITH(BnnProblem(m.train, m.test, {0, 1}, o, 0), Contains("BnnProblem: parameter 'residual_budget'"));
}

TEST_CASE("Mean-field VI learns the default spirals and says so when it fits the prior", "[bnn][status]") {
  BnnOptions o = bnn_defaults(2);
  o.predictive_draws = 16;
  SECTION("2000 points (the default): a fit, no status") {
    REQUIRE(bnn_generated_rows("spirals") == 2000);
    const BnnData d = bnn_generated_data("spirals", 0, "test");
    REQUIRE(d.train.size() == 1600);
    BnnProblem problem(d.train, d.test, scenario_ids(d.train, "tip", 0, "test"), o, 0);
    const BnnFamilyFit& fit = problem.fit(BnnPosterior::vi);
    INFO("VI test accuracy " << fit.original.accuracy_test << ": " << fit.original.fit_status);
    REQUIRE(fit.original.accuracy_test >= 0.9);
    REQUIRE(fit.original.fit_status.empty());
    REQUIRE(fit.retrained.fit_status.empty());
  }
  SECTION("300 points: the ELBO keeps q at the prior, and the fit says so") {
    const BnnData d = bnn_generated_data("spirals", 0, "test", 300);
    REQUIRE(d.train.size() == 240);
    BnnProblem problem(d.train, d.test, scenario_ids(d.train, "tip", 0, "test"), o, 0);
    const BnnFamilyFit& fit = problem.fit(BnnPosterior::vi);
    INFO("VI test accuracy " << fit.original.accuracy_test);
    REQUIRE(fit.original.accuracy_test < 0.6);
    REQUIRE_THAT(fit.original.fit_status, Contains("mean-field VI fitted the prior") && Contains("240 training rows"));
    REQUIRE_THAT(fit.retrained.fit_status, Contains("216 training rows"));
  }
  SECTION("rows below 10 are refused by name") {
    REQUIRE_THROWS_WITH(bnn_generated_data("spirals", 0, "bnnDataset", 9),
                        Contains("bnnDataset: parameter 'rows' must be 0") && Contains("(got 9)"));
    REQUIRE_THROWS_WITH(bnn_generated_data("circles", 0, "bnnDataset"), Contains("parameter 'dataset'"));
  }
}

TEST_CASE("EUBO and reverse KL say when their answer is not what they claim", "[bnn][status]") {
  const Moons m = small_moons(1);
  BnnProblem problem(m.train, m.test, scenario_ids(m.train, "tip", 0, "test"), small_options(), 2);
  SECTION("rkl at lambda = 0: a batch rests on a few draws, so unreliable, naming the ESS") {
    const BnnRun run = problem.forget(BnnMethod::reverse_kl, 0.0);
    REQUIRE(run.ess.has_value());
    INFO("ESS " << *run.ess << ": " << run.status);
    REQUIRE(*run.ess < kBnnReliableEss);
    REQUIRE_FALSE(run.reliable);
    REQUIRE_THAT(run.status, Contains("ESS ") && Contains("of 128 draws per batch") && Contains("bif-vi"));
  }
  SECTION("eubo at lambda = 0: reliable, its stopping rule stated") {
    const BnnRun run = problem.forget(BnnMethod::eubo, 0.0);
    REQUIRE(run.reliable);
    REQUIRE_THAT(run.status, Contains("stopping rule: 20 Adam steps"));
  }
  SECTION("lambda > 0 in 105 dimensions: no draw inside, q unchanged, both unreliable") {
    const BnnRun nothing = problem.forget(BnnMethod::nothing, 0.0);
    for (BnnMethod method : {BnnMethod::eubo, BnnMethod::reverse_kl}) {
      const BnnRun run = problem.forget(method, 0.5);
      INFO(name_of(method) << ": " << run.status);
      REQUIRE_FALSE(run.reliable);
      REQUIRE_THAT(run.status,
                   Contains("no draw of q(theta|D) is inside E_lambda") && Contains("nothing is forgotten"));
      REQUIRE(*run.measures.kl_forgotten == Approx(*nothing.measures.kl_forgotten).epsilon(1e-9));
    }
  }
  SECTION("bif-vi makes no claim it cannot keep: no status") {
    const BnnRun run = problem.forget(BnnMethod::bif_vi, 0.0);
    REQUIRE(run.reliable);
    REQUIRE(run.status.empty());
  }
}
