// The enum name tables: every library table round-trips (value → name/label →
// value), names are unique, unknown names are rejected by name; choices_text's
// punctuation on tables of one, two and three entries.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <lethe/base/errors.hpp>
#include <lethe/base/names.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/sg_mcmc.hpp>
#include <lethe/bnn/mlp.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include <lethe/variational/options.hpp>

namespace names_test {
enum class One { only };
enum class Two { left, right };
enum class Three { a, b, c };
}  // namespace names_test

namespace lethe {
template <>
struct EnumNames<names_test::One> {
  static constexpr Named<names_test::One> entries[] = {{names_test::One::only, "only", "Only"}};
};
template <>
struct EnumNames<names_test::Two> {
  static constexpr Named<names_test::Two> entries[] = {{names_test::Two::left, "left", "L"},
                                                       {names_test::Two::right, "right", "R"}};
};
// `c` deliberately missing from the table: name_of must say so, not read past it.
template <>
struct EnumNames<names_test::Three> {
  static constexpr Named<names_test::Three> entries[] = {{names_test::Three::a, "a", "A"},
                                                         {names_test::Three::b, "b", "B"}};
};
}  // namespace lethe

namespace names_test {

// Every entry found by its name and by its label, printed back as both, parsed back;
// names unique, and no name or label of one entry is the name or label of another.
template <typename Enum>
void check_table() {
  const auto& entries = lethe::EnumNames<Enum>::entries;
  std::set<std::string> names;
  const std::vector<std::string> listed = lethe::names_of<Enum>();
  REQUIRE(listed.size() == std::size(entries));
  std::size_t k = 0;
  for (const lethe::Named<Enum>& e : entries) {
    INFO("entry " << e.name << " / " << e.label);
    CHECK(std::string(e.name).size() > 0);
    CHECK(names.insert(e.name).second);
    CHECK(listed[k++] == e.name);
    REQUIRE(lethe::find_name<Enum>(e.name).has_value());
    CHECK(*lethe::find_name<Enum>(e.name) == e.value);
    REQUIRE(lethe::find_name<Enum>(e.label).has_value());
    CHECK(*lethe::find_name<Enum>(e.label) == e.value);
    CHECK(lethe::parse_name<Enum>(e.name, "fn", "p") == e.value);
    CHECK(std::string(lethe::name_of(e.value)) == e.name);
    CHECK(std::string(lethe::label_of(e.value)) == e.label);
    for (const lethe::Named<Enum>& other : entries) {
      if (other.value == e.value) continue;
      CHECK(std::string(other.name) != e.label);
      CHECK(std::string(other.label) != e.name);
      CHECK(std::string(other.label) != e.label);
    }
  }
  CHECK_FALSE(lethe::find_name<Enum>("no-such-name").has_value());
  CHECK_FALSE(lethe::find_name<Enum>("").has_value());
  REQUIRE_THROWS_AS(lethe::parse_name<Enum>("no-such-name", "someFunction", "someOption"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::parse_name<Enum>("no-such-name", "someFunction", "someOption"),
                      Catch::Contains("someFunction: parameter 'someOption'") &&
                          Catch::Contains("(got 'no-such-name')") && Catch::Contains(lethe::choices_text<Enum>()));
}

}  // namespace names_test

TEST_CASE("names: every library enum's table round-trips and rejects unknown names", "[base][names]") {
  names_test::check_table<lethe::Protocol>();
  names_test::check_table<lethe::ReverseKlEstimator>();
  names_test::check_table<lethe::InfluenceSolver>();
  names_test::check_table<lethe::SamplerKind>();
  names_test::check_table<lethe::Activation>();
  names_test::check_table<lethe::BnnMethod>();
  names_test::check_table<lethe::ScaleFamily>();
  names_test::check_table<lethe::GmmInference>();
  names_test::check_table<lethe::ForgetMethod>();
  names_test::check_table<names_test::One>();
  names_test::check_table<names_test::Two>();
  names_test::check_table<names_test::Three>();
}

TEST_CASE("names: choices_text lists the tokens with commas and a final 'or'", "[base][names]") {
  CHECK(lethe::choices_text<names_test::One>() == "'only'");
  CHECK(lethe::choices_text<names_test::Two>() == "'left' or 'right'");
  CHECK(lethe::choices_text<names_test::Three>() == "'a' or 'b'");
  CHECK(lethe::choices_text<lethe::BnnMethod>().find(", ") != std::string::npos);
  REQUIRE_THROWS_WITH(lethe::parse_name<names_test::Two>("middle", "pick", "side"),
                      "pick: parameter 'side' must be 'left' or 'right' (got 'middle')");
  // Matching is exact: case and surrounding spaces matter.
  CHECK_FALSE(lethe::find_name<names_test::Two>("Left").has_value());
  CHECK_FALSE(lethe::find_name<names_test::Two>(" left").has_value());
  CHECK(lethe::find_name<names_test::Two>("R") == names_test::Two::right);
}

TEST_CASE("names: a value missing from its table prints as '?'", "[base][names]") {
  CHECK(std::string(lethe::name_of(names_test::Three::c)) == "?");
  CHECK(std::string(lethe::label_of(names_test::Three::c)) == "?");
  CHECK(std::string(lethe::name_of(names_test::Three::b)) == "b");
}
