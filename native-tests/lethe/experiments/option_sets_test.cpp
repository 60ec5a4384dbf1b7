// Every experiment's option set (experiments/option_sets.hpp): its defaults are the
// options struct's, its names are distinct, and its ranges match the core's checks.
#include <lethe/experiments/option_sets.hpp>

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace {

const lethe::OptionInfo& info(const std::vector<lethe::OptionInfo>& infos, const std::string& name) {
  for (const lethe::OptionInfo& i : infos)
    if (i.name == name) return i;
  FAIL("no option " << name);
  throw;
}

}  // namespace

TEST_CASE("the option sets' defaults are the structs' defaults", "[option_sets]") {
  const lethe::GmmForgettingOptions gmm;
  const auto g = lethe::gmm_option_set().infos();
  CHECK(info(g, "iterations").default_value.number == gmm.iterations);
  CHECK(info(g, "batch").default_value.number == gmm.batch);
  CHECK(info(g, "residual_budget").default_value.number == gmm.residual_budget);
  CHECK(info(g, "sampler").default_text == "sghmc");
  const lethe::ScaleOptions scale;
  const auto s = lethe::scale_option_set().infos();
  CHECK(info(s, "request").default_value.number == scale.request);
  CHECK(info(s, "hessian_rows").default_value.number == scale.hessian_sample_rows);
  const auto b = lethe::bnn_option_set().infos();
  CHECK(info(b, "hidden").default_text == "16,16");
  CHECK(info(b, "vi_steps").default_value.number == lethe::bnn_defaults(2).vi.steps);
  const auto m = lethe::moons_option_set().infos();
  CHECK(info(m, "variance").default_value.number == lethe::kMoonsDefaultVariance);
  CHECK(info(m, "protocol").choices == std::vector<std::string>{"fast", "paper"});
  CHECK(info(lethe::rate_option_set().infos(), "seed").default_text == "7");
  // The generators, the exact model, the BNN data set and the mixture's requests.
  const lethe::MoonsDataOptions moons_data;
  const auto md = lethe::moons_data_option_set().infos();
  CHECK(info(md, "n").default_value.number == lethe::kMoonsDefaultSize);
  CHECK(info(md, "noise").default_value.number == lethe::kMoonsNoise);
  CHECK(info(md, "seed").default_value.number == moons_data.seed);
  CHECK(info(lethe::mixture_data_option_set().infos(), "n").default_value.number == lethe::bif_mixture_preset().n);
  const lethe::RegressionDataOptions regression;
  CHECK(info(lethe::regression_data_option_set().infos(), "noise").default_value.number == regression.noise);
  const lethe::ExactRegressionOptions exact;
  const auto e = lethe::exact_regression_option_set().infos();
  CHECK(info(e, "features").default_value.number == exact.features);
  CHECK(info(e, "noise_variance").default_value.number == exact.noise_variance);
  CHECK(info(lethe::bnn_dataset_option_set().infos(), "dataset").default_text == "moons");
  const lethe::GmmRequestOptions requests;
  const auto q = lethe::gmm_request_option_set().infos();
  CHECK(info(q, "request_size").default_value.number == requests.request_size);
  CHECK(info(q, "scenario").default_text == lethe::bif_scenario_table().front().name);
  CHECK(info(q, "scenario").placeholder == "seed400|seed800");
}

TEST_CASE("every set has distinct names and a usage line per option", "[option_sets]") {
  for (const auto& [name, infos] : lethe::option_set_infos()) {
    std::set<std::string> names;
    const std::string usage = lethe::option_usage(infos);
    for (const lethe::OptionInfo& i : infos) {
      CHECK(names.insert(i.name).second);
      CHECK(usage.find("--" + lethe::cli_name(i.name)) != std::string::npos);
      CHECK_FALSE(i.doc.empty());
    }
    CHECK_FALSE(names.empty());
  }
}

TEST_CASE("a set reads values into its struct and refuses values out of range", "[option_sets]") {
  lethe::GmmForgettingOptions o;
  lethe::OptionValue v;
  v.number = 0;
  CHECK_THROWS_WITH(lethe::gmm_option_set().apply(o, "iterations", v),
                    "option 'iterations' must be an integer in [1, 2147483647] (got 0)");
  v.flag = true;
  lethe::gmm_option_set().apply(o, "hessian_without_batch", v);
  CHECK(o.influence.hessian_without_batch);
  lethe::ScaleOptions scale;
  v.number = 1e8;
  CHECK_THROWS_WITH(lethe::scale_option_set().apply(scale, "repeats", v),
                    "option 'repeats' must be an integer in [1, 10000000] (got 100000000)");
  lethe::GmmRequestOptions requests;
  v.number = 0;
  CHECK_THROWS_WITH(lethe::gmm_request_option_set().apply(requests, "request_size", v),
                    "option 'request_size' must be an integer in [1, 2147483647] (got 0)");
  CHECK(requests.request_size == lethe::GmmRequestOptions{}.request_size);  // unchanged by a refused value
  lethe::MoonsDataOptions moons_data;
  v.number = 1;
  CHECK_THROWS_WITH(lethe::moons_data_option_set().apply(moons_data, "n", v),
                    "option 'n' must be an integer in [2, 2147483647] (got 1)");
  lethe::ExactRegressionOptions exact;
  v.number = 0;
  CHECK_THROWS_WITH(lethe::exact_regression_option_set().apply(exact, "width", v),
                    "option 'width' must be a number greater than 0 (got 0)");
}
