// The scale-sweep fields (experiments/scale_fields.hpp): every field carries its own
// member, and the names obey the naming rules.
#include <catch2/catch.hpp>

#include <lethe/experiments/scale_fields.hpp>

#include "field_recorder.hpp"

TEST_CASE("scale fields: each member in its own field", "[experiments][scale_fields]") {
  lethe::ScaleRun run;
  run.family = "bif";
  run.method = "influence";
  run.n = 1000;
  run.request = 20;
  run.seconds_train = 1.0;
  run.seconds_retrain = 2.0;
  run.seconds_forget = 3.0;
  run.speedup = 4.0;
  run.quality_forget = 5.0;
  run.quality_nothing = 6.0;
  run.quality_measure = "parameter distance";
  run.bytes = 7.0;
  lethe::testing::FieldRecorder r;
  lethe::describe(run, r);
  lethe::testing::check_field_names(r);
  CHECK(r.fields.size() == 13);
  CHECK(r.at("family").text == "bif");
  CHECK(r.at("method").text == "influence");
  CHECK(r.number_at("n") == 1000);
  CHECK(r.at("n").kind == "integer");
  CHECK(r.number_at("request") == 20);
  CHECK(r.number_at("seconds_train") == 1.0);
  CHECK(r.number_at("seconds_retrain") == 2.0);
  CHECK(r.number_at("seconds_forget") == 3.0);
  CHECK(r.number_at("speedup") == 4.0);
  CHECK(r.number_at("quality_forget") == 5.0);
  CHECK(r.number_at("quality_nothing") == 6.0);
  CHECK(r.at("quality_measure").text == "parameter distance");
  CHECK(r.number_at("bytes") == 7.0);
  // Quality 5 against 6 of nothing, 4× faster: worth it.
  CHECK(r.at("verdict").text == "forget");
}
