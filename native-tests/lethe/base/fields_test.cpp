// The field-description primitives (base/fields.hpp): FieldName's two
// spellings and present_if; and the JavaScript spelling rule the sinks apply.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>

#include <lethe/base/fields.hpp>

#include "../experiments/field_recorder.hpp"

TEST_CASE("fields: a FieldName's JSON key is its own name unless given another", "[base][fields]") {
  const lethe::FieldName plain = "kl_forgotten";
  CHECK(std::string(plain.name) == "kl_forgotten");
  CHECK(plain.json == nullptr);
  CHECK(std::string(plain.json_key()) == "kl_forgotten");
  const lethe::FieldName renamed("original", "origin");
  CHECK(std::string(renamed.name) == "original");
  CHECK(std::string(renamed.json_key()) == "origin");
}

TEST_CASE("fields: present_if gives the value or an absent field", "[base][fields]") {
  const std::optional<double> yes = lethe::present_if(true, 2.5);
  REQUIRE(yes.has_value());
  CHECK(*yes == 2.5);
  CHECK_FALSE(lethe::present_if(false, 2.5).has_value());
  // NaN is a value like any other: presence is the flag's, not the number's.
  CHECK(lethe::present_if(true, std::nan("")).has_value());
}

TEST_CASE("fields: the JavaScript spelling of a field (js_name) and the naming rules of the recorder",
          "[base][fields]") {
  CHECK(lethe::js_name("kl_forgotten") == "klForgotten");
  CHECK(lethe::js_name("seconds_per_batch") == "secondsPerBatch");
  CHECK(lethe::js_name("n") == "n");
  CHECK(lethe::js_name("map_slope_2") == "mapSlope2");
  // The recorder keeps both spellings and the order of the calls.
  lethe::testing::FieldRecorder r;
  r.number({"original", "origin"}, 1.0);
  r.integer("n", 3);
  r.number("ess", std::optional<double>());
  REQUIRE(r.fields.size() == 3);
  CHECK(r.fields[0].json == "origin");
  CHECK(r.number_at("n") == 3.0);
  CHECK_FALSE(r.at("ess").number.has_value());
  lethe::testing::check_field_names(r);
}
