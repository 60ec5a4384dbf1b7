// The BNN result fields (experiments/bnn_fields.hpp): every field carries its own
// member (each member set to a distinct value), optional ones are absent when unset,
// and the names obey the naming rules (unique, snake_case, unique in camelCase).
#include <catch2/catch.hpp>

#include <string>

#include <lethe/experiments/bnn_fields.hpp>

#include "field_recorder.hpp"

TEST_CASE("bnn fields: the model description carries each member", "[experiments][bnn_fields]") {
  lethe::BnnModelInfo m;
  m.dataset = "moons";
  m.scenario = "class:1";
  m.features = 2;
  m.classes = 3;
  m.parameters = 4;
  m.hidden = {16.0, 8.0};
  m.activation = "tanh";
  m.train = 5;
  m.test = 6;
  m.forgotten = 7;
  m.prior_variance = 8.5;
  m.seed = 9;
  lethe::testing::FieldRecorder r;
  lethe::describe(m, r);
  lethe::testing::check_field_names(r);
  CHECK(r.fields.size() == 12);
  CHECK(r.at("dataset").text == "moons");
  CHECK(r.at("scenario").text == "class:1");
  CHECK(r.at("activation").text == "tanh");
  CHECK(r.at("hidden").values == m.hidden);
  CHECK(r.number_at("features") == 2);
  CHECK(r.number_at("classes") == 3);
  CHECK(r.number_at("parameters") == 4);
  CHECK(r.number_at("train") == 5);
  CHECK(r.number_at("test") == 6);
  CHECK(r.number_at("forgotten") == 7);
  CHECK(r.number_at("prior_variance") == 8.5);
  CHECK(r.number_at("seed") == 9);
  CHECK(r.at("seed").kind == "integer");
}

TEST_CASE("bnn fields: a run carries its method, measures and solver fields", "[experiments][bnn_fields]") {
  lethe::BnnRun run;
  run.method = lethe::BnnMethod::bif_vi;
  run.lambda = 0.25;
  run.measures.seconds = 1.5;
  run.measures.kl_forgotten = 2.0;
  run.measures.kl_remaining = 3.0;
  run.measures.accuracy_forgotten = 0.4;
  run.measures.accuracy_remaining = 0.5;
  run.measures.accuracy_test = 0.6;
  run.measures.accuracy_test_kept = 0.7;
  run.measures.mia_auc = 0.8;
  run.cg_iterations = 12.0;
  run.solver_status = "converged";
  lethe::testing::FieldRecorder r;
  lethe::describe(run, r);
  lethe::testing::check_field_names(r);
  CHECK(r.at("method").text == lethe::name_of(lethe::BnnMethod::bif_vi));
  CHECK(r.number_at("lambda") == 0.25);
  CHECK(r.number_at("seconds") == 1.5);
  CHECK(r.number_at("kl_forgotten") == 2.0);
  CHECK(r.number_at("kl_remaining") == 3.0);
  CHECK(r.number_at("accuracy_forgotten") == 0.4);
  CHECK(r.number_at("accuracy_remaining") == 0.5);
  CHECK(r.number_at("accuracy_test") == 0.6);
  CHECK(r.number_at("accuracy_test_kept") == 0.7);
  CHECK(r.number_at("mia_auc") == 0.8);
  CHECK(r.number_at("cg_iterations") == 12.0);
  CHECK(r.at("solver_status").text == "converged");
  // Unset optionals are absent fields (JSON leaves them out), not zeros.
  CHECK_FALSE(r.at("ess").number.has_value());
  // The measures alone: the retrained model has no KLs.
  lethe::testing::FieldRecorder measures;
  lethe::describe(lethe::BnnMeasures{}, measures);
  lethe::testing::check_field_names(measures);
  CHECK_FALSE(measures.at("kl_forgotten").number.has_value());
  CHECK_FALSE(measures.at("kl_remaining").number.has_value());
  // Every measure field appears in the run too (the run embeds them flat).
  for (const std::string& name : measures.names()) CHECK_NOTHROW(r.at(name));
}
