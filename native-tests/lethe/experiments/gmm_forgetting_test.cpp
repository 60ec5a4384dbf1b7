// The Gaussian-mixture forgetting experiment: the default protocol's assertion,
// the scenarios, chunked runs, component matching and the error cases.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>

using namespace lethe;

namespace {

// What forgetting must achieve on one report: for the clusters that lost points
// (labels 0 and 2) the processed centre is ≥ 3× closer to the target than the
// original; the untouched ones move less than their sampling spread.
void check_forgetting(const GmmReport& r) {
  for (int c : {0, 2}) {
    INFO("cluster " << c << ": processed→target " << r.processed_to_target[c] << ", original→target "
                    << r.original_to_target[c]);
    CHECK(3.0 * r.processed_to_target[c] <= r.original_to_target[c]);
  }
  for (int c : {1, 3}) {
    const double moved = (r.processed.row(c) - r.original.row(c)).norm();
    INFO("cluster " << c << ": moved " << moved << ", spread " << r.spread[c]);
    CHECK(moved < r.spread[c]);
  }
  CHECK(r.kl_processed_target < r.kl_original_target);
}

}  // namespace

TEST_CASE("GMM forgetting, default protocol (SGHMC, seed400): processed approaches the target",
          "[bif][gmm][protocol]") {
  const LabelledPoints data = make_mixture(bif_mixture_preset(), 0);
  const std::vector<int> forget = bif_scenario_ids(data, 200);
  const GmmProtocolResult p = run_gmm_protocol(data, forget, 4, GmmForgettingOptions{});
  CHECK(p.report.forgotten_count == 400);
  CHECK(p.seconds_per_batch.size() == 100);
  check_forgetting(p.report);
  // The original fit found the four clusters (within 0.25 of the data means).
  const Eigen::MatrixXd truth = label_means(data.x, data.labels, "test");
  CHECK((p.report.original - truth).rowwise().norm().maxCoeff() < 0.25);
}

TEST_CASE("GMM forgetting with SGLD and with VI (smaller runs)", "[bif][gmm][protocol]") {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 800;
  const LabelledPoints data = make_mixture(spec, 1);
  const std::vector<int> forget = bif_scenario_ids(data, 80);
  SECTION("SGLD") {
    GmmForgettingOptions o;
    o.inference = GmmInference::sgld;
    o.iterations = 1000;
    check_forgetting(run_gmm_protocol(data, forget, 4, o).report);
  }
  SECTION("VI") {
    GmmForgettingOptions o;
    o.inference = GmmInference::vi;
    o.iterations = 300;
    o.vi_draws = 4;
    const GmmReport r = run_gmm_protocol(data, forget, 8, o).report;
    check_forgetting(r);
    // VI's state is an exact stationary point, so the step is close to retraining.
    CHECK(r.processed_to_target.maxCoeff() < 0.05);
  }
}

TEST_CASE("GMM forgetting: chunked training and forgetting equal one-shot runs", "[bif][gmm]") {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 300;
  const LabelledPoints data = make_mixture(spec, 2);
  GmmForgettingOptions o;
  o.iterations = 200;
  o.window = 40;
  const std::vector<int> forget = bif_scenario_ids(data, 10);
  const GmmReport one = run_gmm_protocol(data, forget, 4, o).report;

  GmmForgetting run(data, o);
  CHECK(run.train(70) == 70);
  CHECK_FALSE(run.trained());
  CHECK(run.train(1000) == 200);
  CHECK(run.trained());
  const std::vector<int>& order = run.component_for_label();
  CHECK(std::set<int>(order.begin(), order.end()).size() == 4);
  for (const auto& batch : split_batches(forget, 4)) {
    const Eigen::MatrixXd before = run.means();
    const Eigen::VectorXd shift = run.forget_batch(batch);
    // The chain state moves by exactly the shift (component order).
    CHECK((run.means() - before - means_from_state(shift)).norm() < 1e-12);
  }
  CHECK(run.rows().remaining() == 280);
  run.start_target(forget);
  CHECK_FALSE(run.target_trained());
  run.train_target(150);
  run.train_target(50);
  CHECK(run.target_trained());
  const GmmReport chunked = run.report();
  CHECK((chunked.processed - one.processed).norm() == 0.0);
  CHECK((chunked.target - one.target).norm() == 0.0);
  CHECK(chunked.kl_processed_target == one.kl_processed_target);
}

TEST_CASE("BIF scenarios: which rows, in which order", "[bif][gmm]") {
  const LabelledPoints data = make_mixture(bif_mixture_preset(), 0);
  const std::vector<int> ids = bif_scenario_ids(data, 200);
  REQUIRE(ids.size() == 400);
  CHECK(std::set<int>(ids.begin(), ids.end()).size() == 400);
  double smallest_removed_x1 = 1e9, largest_removed_x2 = -1e9;
  for (std::size_t j = 0; j < ids.size(); ++j) {
    const int label = data.labels[ids[j]];
    CHECK(label == (j % 2 == 0 ? 0 : 2));  // interleaved
    if (j >= 2) {
      // Largest x1 first in cluster 0, smallest x2 first in cluster 2.
      if (label == 0)
        CHECK(data.x(ids[j], 0) <= data.x(ids[j - 2], 0));
      else
        CHECK(data.x(ids[j], 1) >= data.x(ids[j - 2], 1));
    }
    if (label == 0)
      smallest_removed_x1 = std::min(smallest_removed_x1, data.x(ids[j], 0));
    else
      largest_removed_x2 = std::max(largest_removed_x2, data.x(ids[j], 1));
  }
  // Every kept row of cluster 0 lies left of every removed one (and likewise).
  for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
    if (std::find(ids.begin(), ids.end(), static_cast<int>(i)) != ids.end()) continue;
    if (data.labels[i] == 0) CHECK(data.x(i, 0) <= smallest_removed_x1);
    if (data.labels[i] == 2) CHECK(data.x(i, 1) >= largest_removed_x2);
  }
  CHECK(bif_scenario_per_cluster("seed400", "f", "s") == 200);
  CHECK(bif_scenario_per_cluster("seed800", "f", "s") == 400);
  REQUIRE_THROWS_WITH(bif_scenario_per_cluster("seed1", "gmm", "scenario"),
                      Catch::Contains("gmm: parameter 'scenario' must be 'seed400' or 'seed800' (got 'seed1')"));
  REQUIRE_THROWS_WITH(bif_scenario_ids(data, 5000), Catch::Contains("asks for 5000 rows of label 0, which has only"));
}

TEST_CASE("BIF scenarios: one table of names and counts", "[bif][gmm]") {
  const std::vector<BifScenario>& table = bif_scenario_table();
  REQUIRE(table.size() == 2);
  CHECK(std::string(table[0].name) == "seed400");
  CHECK(std::string(table[1].name) == "seed800");
  for (const BifScenario& scenario : table) {
    // The name counts the rows forgotten, half from each of the two clusters.
    CHECK(std::string(scenario.name) == "seed" + std::to_string(2 * scenario.per_cluster));
    CHECK(bif_scenario_per_cluster(scenario.name, "f", "s") == scenario.per_cluster);
    CHECK(find_bif_scenario(scenario.name) == &scenario);
    CHECK(std::string(scenario.label).find(std::to_string(scenario.per_cluster)) != std::string::npos);
  }
  CHECK(find_bif_scenario("seed1") == nullptr);
}

TEST_CASE("Component matching undoes label switching", "[bif][gmm]") {
  Eigen::MatrixXd reference(3, 2), centres(3, 2);
  reference << 0, 0, 5, 0, 0, 5;
  centres << 0.1, 4.9, -0.2, 0.1, 5.2, 0.3;
  CHECK(match_components(centres, reference) == std::vector<int>{1, 2, 0});
  // Greedy beyond 8 components: a shuffled copy is matched back.
  Eigen::MatrixXd many(10, 2), shuffled(10, 2);
  for (int i = 0; i < 10; ++i) many.row(i) << 3.0 * i, 0.0;
  const std::vector<int> perm = {3, 7, 0, 9, 1, 2, 8, 5, 4, 6};
  for (int i = 0; i < 10; ++i) shuffled.row(perm[static_cast<std::size_t>(i)]) = many.row(i);
  CHECK(match_components(shuffled, many) == perm);
}

TEST_CASE("GMM forgetting: bad requests are rejected by name", "[bif][gmm][errors]") {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 200;
  const LabelledPoints data = make_mixture(spec, 2);
  GmmForgettingOptions o;
  o.iterations = 50;
  o.window = 20;
  GmmForgetting run(data, o);
  REQUIRE_THROWS_WITH(
      run.forget_batch({1}),
      Catch::Contains(
          "GmmForgetting::forget_batch: parameter 'ids' cannot be forgotten before training has finished (0 of 50"));
  REQUIRE_THROWS_WITH(run.report(), Catch::Contains("GmmForgetting::report: the model is not trained yet"));
  REQUIRE_THROWS_WITH(run.train_target(5), Catch::Contains("call start_target(forgotten) first"));
  run.train(50);
  REQUIRE_THROWS_WITH(run.report(), Catch::Contains("the target is not trained yet"));
  REQUIRE_THROWS_WITH(run.forget_batch({1, 1}), Catch::Contains("holds row id 1 twice"));
  REQUIRE_THROWS_WITH(run.forget_batch({-1}), Catch::Contains("holds row id -1, outside [0, 200)"));
  run.forget_batch({1});
  REQUIRE_THROWS_WITH(run.forget_batch({1}), Catch::Contains("holds row id 1, which is already forgotten"));
  REQUIRE_THROWS_WITH(run.start_target({}), Catch::Contains("start_target: parameter 'forgotten' is empty"));
  REQUIRE_THROWS_WITH(run.start_target({200}), Catch::Contains("parameter 'forgotten' holds row id 200"));

  GmmForgettingOptions bad = o;
  bad.iterations = 0;
  REQUIRE_THROWS_WITH(GmmForgetting(data, bad),
                      Catch::Contains("GmmForgetting: parameter 'iterations' must be at least 1"));
  bad = o;
  bad.window = 5;
  REQUIRE_THROWS_WITH(GmmForgetting(data, bad), Catch::Contains("parameter 'window' must be at least 10"));
  bad = o;
  bad.friction = 0.0;
  REQUIRE_THROWS_WITH(GmmForgetting(data, bad), Catch::Contains("parameter 'friction' must lie in (0, 1]"));
  LabelledPoints gap = data;
  for (Eigen::Index i = 0; i < gap.labels.size(); ++i)
    if (gap.labels[i] == 1) gap.labels[i] = 3;
  REQUIRE_THROWS_WITH(GmmForgetting(gap, o), Catch::Contains("label 1 has no points"));
  REQUIRE_THROWS_WITH(parse_name<GmmInference>("mcmc", "gmm-forget", "sampler"),
                      Catch::Contains("gmm-forget: parameter 'sampler' must be 'sghmc', 'sgld' or 'vi' (got 'mcmc')"));
  REQUIRE_THROWS_WITH(run_gmm_protocol(data, {3, 4}, 0, o),
                      Catch::Contains("parameter 'request_size' must be at least 1"));
}

TEST_CASE("GMM forgetting: calls out of order throw StateError saying what to call first", "[bif][gmm][errors]") {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 200;
  const LabelledPoints data = make_mixture(spec, 2);
  GmmForgettingOptions o;
  o.iterations = 50;
  o.window = 20;
  GmmForgetting run(data, o);
  const std::string untrained =
      "the model is not trained yet (0 of 50 iterations done); "
      "call train(k) until trained() first";
  REQUIRE_THROWS_AS(run.forget_batch({1}), StateError);
  REQUIRE_THROWS_WITH(run.forget_batch({1}),
                      Catch::Contains("GmmForgetting::forget_batch:") &&
                          Catch::Contains("(0 of 50 iterations done); call train(k) until trained() first"));
  REQUIRE_THROWS_AS(run.component_for_label(), StateError);
  REQUIRE_THROWS_WITH(run.component_for_label(), "GmmForgetting::component_for_label: " + untrained);
  REQUIRE_THROWS_AS(run.report(), StateError);
  REQUIRE_THROWS_WITH(run.report(), "GmmForgetting::report: " + untrained);
  REQUIRE_THROWS_AS(run.train_target(5), StateError);
  REQUIRE_THROWS_WITH(run.train_target(5),
                      "GmmForgetting::train_target: the target is not started; call "
                      "start_target(forgotten) first");
  REQUIRE_THROWS_AS(run.target_means(), StateError);
  REQUIRE_THROWS_WITH(run.target_means(),
                      "GmmForgetting::target_means: the target is not started; call "
                      "start_target(forgotten) first");
  // The message follows training's progress.
  run.train(10);
  REQUIRE_THROWS_WITH(run.component_for_label(), Catch::Contains("(10 of 50 iterations done)"));
  run.train(40);
  REQUIRE(run.trained());
  REQUIRE_THROWS_AS(run.report(), StateError);
  REQUIRE_THROWS_WITH(run.report(),
                      "GmmForgetting::report: the target is not trained yet (not started); call "
                      "start_target(forgotten), then train_target(k) until target_trained() first");
  run.forget_batch({1});
  run.start_target({1});
  run.train_target(5);
  REQUIRE_THROWS_AS(run.report(), StateError);
  REQUIRE_THROWS_WITH(run.report(),
                      "GmmForgetting::report: the target is not trained yet (5 of 50 iterations "
                      "done); call train_target(k) until target_trained() first");
  CHECK_NOTHROW(run.target_means());
  run.train_target(45);
  CHECK(run.report().forgotten_count == 1);
  // A state error is a logic error, not an argument error: code catching
  // InvalidArgument for bad ids does not swallow it.
  GmmForgetting fresh(data, o);
  CHECK_THROWS_AS(fresh.forget_batch({1}), std::logic_error);
  bool was_argument_error = false;
  try {
    fresh.forget_batch({1});
  } catch (const InvalidArgument&) {
    was_argument_error = true;
  } catch (const StateError&) {
  }
  CHECK_FALSE(was_argument_error);
}

TEST_CASE("GmmFit and McmcForgetter: results read too early throw StateError", "[bif][gmm][errors]") {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 200;
  const LabelledPoints data = make_mixture(spec, 3);
  const GaussianMixtureEnergy energy(data.x, 4);
  GmmForgettingOptions o;  // GmmFit takes its options as GmmForgetting has filled them
  o.iterations = 30;
  o.window = 20;
  o.step_scale = 2.0;
  GmmFit sampler(energy, nullptr, all_rows(200), o, 0);
  REQUIRE_THROWS_AS(sampler.summary(), StateError);
  REQUIRE_THROWS_WITH(sampler.summary(),
                      "GmmFit::summary: the fit has not finished (0 of 30 iterations done); call "
                      "GmmFit::advance(k) until done() first");
  REQUIRE_THROWS_WITH(sampler.chain(), Catch::StartsWith("GmmFit::chain: the fit has not finished"));
  REQUIRE_THROWS_AS(sampler.vi_state(), StateError);
  REQUIRE_THROWS_WITH(sampler.vi_state(),
                      "GmmFit::vi_state: this fit is a sampler's and has no variational state; "
                      "call chain() instead");
  sampler.advance(30);
  CHECK_NOTHROW(sampler.summary());
  CHECK(sampler.chain().iteration() == 30);

  o.inference = GmmInference::vi;
  const MeanFieldVI vi(energy, 1.0, 4, 1);
  GmmFit variational(energy, &vi, all_rows(200), o, 0);
  REQUIRE_THROWS_AS(variational.chain(), StateError);
  REQUIRE_THROWS_WITH(variational.chain(),
                      "GmmFit::chain: this fit is variational and has no chain; call vi_state() "
                      "instead");
  REQUIRE_THROWS_WITH(variational.vi_state(), Catch::StartsWith("GmmFit::vi_state: the fit has not finished (0 of 30"));

  // A forgetter needs a chain that has sampled: at iteration 0 it sits at its start.
  const SgMcmc untrained(SamplerOptions{}, Eigen::VectorXd::Zero(8), 0);
  REQUIRE_THROWS_AS(McmcForgetter(energy, untrained), StateError);
  REQUIRE_THROWS_WITH(McmcForgetter(energy, untrained),
                      "McmcForgetter: the chain has not been trained (0 iterations); call "
                      "SgMcmc::step on the training rows first");
  CHECK_NOTHROW(McmcForgetter(energy, sampler.chain()));
}

TEST_CASE("Adam: the power_quotient rounding is the mixture VI phase's formula, bit for bit", "[bif][gmm][adam]") {
  // The update the mixture experiment's VI phase was written with, operation by
  // operation: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) with βᵗ from std::pow.
  const double beta1 = 0.9, beta2 = 0.999, rate = 0.05;
  Rng rng(11);
  const Eigen::VectorXd target = rng.normal_vector(6);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(6), reference = x;
  Eigen::VectorXd m = Eigen::VectorXd::Zero(6), v = m;
  AdamOptions options;
  options.learning_rate = rate;
  options.bias_correction = AdamBiasCorrection::power_quotient;
  Adam adam(6, options);
  for (int step = 1; step <= 200; ++step) {
    const Eigen::VectorXd g = 2.0 * (x - target) + 0.1 * rng.normal_vector(6);
    adam.step(x, g);
    const double t = step;
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g.cwiseAbs2();
    const Eigen::ArrayXd m_hat = m.array() / (1 - std::pow(beta1, t));
    const Eigen::ArrayXd v_hat = v.array() / (1 - std::pow(beta2, t));
    reference.array() -= rate * m_hat / (v_hat.sqrt() + 1e-8);
    REQUIRE(x == reference);
  }
  CHECK(adam.steps() == 200);
  CHECK((x - target).norm() < 0.5);
}
