#include <catch2/catch.hpp>

#include <algorithm>

#include <lethe/base/datasets.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/page_settings.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/storage.hpp>

using namespace lethe;

TEST_CASE("page settings: the mixture budget is passed by seed800's residual and not by seed400's",
          "[experiments][page]") {
  // The protocol `lethe gmm-forget` runs at its defaults, for each preset scenario.
  const LabelledPoints data = make_mixture(bif_mixture_preset(), 0);
  const double budget = page_settings().mixture_residual_budget;
  const auto accumulated = [&](const char* scenario) {
    const std::vector<int> ids = bif_scenario_ids(data, bif_scenario_per_cluster(scenario, "test", "scenario"));
    return run_gmm_protocol(data, ids, GmmRequestOptions{}.request_size, GmmForgettingOptions{})
        .report.accumulated_residual;
  };
  const double small = accumulated("seed400"), large = accumulated("seed800");
  INFO("seed400 " << small << ", seed800 " << large << ", budget " << budget);
  CHECK(small < budget);
  CHECK(large > budget);
}

TEST_CASE("page settings: the BNN panel's method, scenarios and canaries are the core's own", "[experiments][page]") {
  const PageSettings& page = page_settings();
  const std::vector<BnnMethod> compared = bnn_compared_methods();
  CHECK(std::find(compared.begin(), compared.end(), page.bnn_method) != compared.end());
  // Every scenario is one scenario_ids takes on the panel's data (the 2-D moons), and
  // the first is what a run forgets when none is named.
  REQUIRE_FALSE(page.bnn_scenarios.empty());
  CHECK(page.bnn_scenarios.front().name == default_bnn_scenario(2));
  const ClassificationData moons = make_moons_data(250, 0.2, 0);
  for (const BnnScenarioPreset& s : page.bnn_scenarios) {
    INFO(s.name);
    CHECK_FALSE(s.label.empty());
    CHECK_FALSE(scenario_ids(moons, s.name, 0, "test").empty());
  }
  // The canaries are a count the bnn option set accepts.
  const Option<BnnOptions>* canaries = bnn_option_set().find("canaries");
  REQUIRE(canaries != nullptr);
  OptionValue v;
  v.number = page.bnn_audit_canaries;
  CHECK_FALSE(check_option(canaries->info, v).has_value());
  CHECK(page.bnn_audit_canaries > 0);
}

TEST_CASE("page settings: the moons λ is where the reverse KL's own optimum is closest to retraining",
          "[experiments][page]") {
  // The sweep `lethe moons-kl` runs at its defaults (fast protocol, the tip forgotten).
  MoonsSettings settings;
  const LabelledPoints data = make_moons(kMoonsDefaultSize, kMoonsNoise, settings.options.seed);
  const MoonsSweepRequest request;
  const MoonsSweep sweep = run_moons_sweep(data, moons_scenario_ids(data, request.scenario, settings.options.seed),
                                           request.lambdas, settings);
  double best_lambda = -1.0, best = 1e300;
  for (const ForgetRun& run : sweep.runs)
    if (run.target && run.target->kl.forgotten < best) {
      best = run.target->kl.forgotten;
      best_lambda = run.lambda;
    }
  INFO("best target KL on D_e " << best << " at λ = " << best_lambda);
  CHECK(best_lambda == page_settings().moons_lambda);
}

namespace {

struct CertifiedArrival {
  double accuracy_cost;  // the fit of the rows without b minus with it
  int removals;          // one-row requests before the first retrain (at most 2000)
};

// The certified panel on n moons: the paper's σ and ε, one-row requests in the page's
// order until the first retrain, against the same model without the perturbation.
CertifiedArrival certified_arrival(int n) {
  const LabelledPoints data = make_moons(n, MoonsDataOptions{}.noise, 0);
  RowTable rows;
  rows.x = data.x;
  rows.y = data.labels.cast<double>();
  for (int i = 0; i < n; ++i) rows.ids.push_back(i);
  const TrainingRows all{rows.x, rows.y};
  const GuoMnistSettings paper;
  MemoryVolume volume;
  TrainSpec plain;
  plain.family = "logistic";
  Model::train(volume, "plain.lethe", rows, plain);
  TrainSpec spec = plain;
  spec.options = {{"perturbation_sigma", paper.sigma}, {"certify_epsilon", paper.epsilon}};
  Model::train(volume, "m.lethe", rows, spec);
  Model model(volume, "m.lethe");
  CertifiedArrival out;
  out.accuracy_cost = Model(volume, "plain.lethe").family().score(all).value - model.family().score(all).value;
  ForgetRequest request;
  request.auto_retrain = true;
  out.removals = 0;
  for (const std::int64_t id : shuffled(rows.ids, 0)) {
    if (model.forget({id}, request, out.removals + 1).record.decision == "retrained") break;
    if (++out.removals == 2000) break;
  }
  return out;
}

}  // namespace

TEST_CASE("page settings: at the certified panel's size b costs no accuracy and many more removals fit than at 300",
          "[experiments][page]") {
  const CertifiedArrival page = certified_arrival(page_settings().certified_rows), small = certified_arrival(300);
  INFO(page_settings().certified_rows << " rows: cost " << page.accuracy_cost << ", " << page.removals
                                      << " removals; 300 rows: cost " << small.accuracy_cost << ", " << small.removals);
  CHECK(page.accuracy_cost <= 0.005);
  CHECK(small.accuracy_cost >= 0.01);
  CHECK(page.removals >= 3 * small.removals);
  CHECK(page.removals < 2000);  // a retrain does come
}
