#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/family.hpp>

using namespace lethe;

TEST_CASE("make_family takes the described options and refuses the rest by name", "[model][family]") {
  for (const std::string& name : family_names()) {
    const auto family = make_family(name, 3, {});
    CHECK(family->name() == name);
    // Defaults come from the one description.
    const OptionValues values = family->options();
    const auto& described = family_options(name);
    REQUIRE(values.size() == described.size());
    for (std::size_t i = 0; i < described.size(); ++i) {
      CHECK(values[i].first == described[i].name);
      CHECK(values[i].second == described[i].default_value);
    }
  }
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"prior_varience", 1.0}}),
                    Catch::Contains("'prior_varience'") && Catch::Contains("prior_variance"));
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"prior_variance", -1.0}}), Catch::Contains("'prior_variance'"));
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"max_iterations", 2.5}}), Catch::Contains("integer"));
  CHECK_THROWS_WITH(make_family("tree", 3, {}), Catch::Contains("'family'"));
  CHECK_THROWS_AS(make_family("linear", 0, {}), InvalidArgument);
}

TEST_CASE("option names in each layer's spelling", "[model][family]") {
  CHECK(camel_case("residual_budget") == "residualBudget");
  CHECK(kebab_case("residual_budget") == "residual-budget");
  CHECK(camel_case("x") == "x");
}
