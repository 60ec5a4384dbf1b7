#include <catch2/catch.hpp>

#include <algorithm>

#include <lethe/base/datasets.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/page_settings.hpp>

using namespace lethe;

TEST_CASE("page settings: the mixture budget is passed by seed800's residual and not by seed400's",
          "[experiments][page]") {
  // The protocol `lethe gmm-forget` runs at its defaults, for each preset scenario.
  const LabelledPoints data = make_mixture(bif_mixture_preset(), 0);
  const double budget = page_settings().mixture_residual_budget;
  const auto accumulated = [&](const char* scenario) {
    const std::vector<int> ids = bif_scenario_ids(data, bif_scenario_per_cluster(scenario, "test", "scenario"));
    return run_gmm_protocol(data, ids, GmmRequestOptions{}.remove_batch, GmmForgettingOptions{})
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
