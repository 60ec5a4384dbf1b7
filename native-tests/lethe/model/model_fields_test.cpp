// The lifecycle's result fields (model/model_fields.hpp) as the CLI prints them:
// the certificate's keys by kind, the checked residual within its bound, and the
// membership audit in verify's report.
#include <string>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/model_fields.hpp>
#include <lethe/model/storage.hpp>

#include <lethe/base/json.hpp>
#include "support.hpp"

using namespace lethe;
using lethe::json_object;

namespace {

const std::string kFieldsFile = "m.lethe";

void train_fields_model(MemoryVolume& volume, const std::string& family, const RowTable& rows) {
  TrainSpec spec;
  spec.family = family;
  spec.now = 1700000000;
  spec.uid = 7;
  Model::train(volume, kFieldsFile, rows, spec);
}

bool json_has_key(const std::string& json, const std::string& key) {
  return json.find("\"" + key + "\":") != std::string::npos;
}

}  // namespace

TEST_CASE("model fields: a proof certificate carries its bound and the residual measured", "[model][fields]") {
  MemoryVolume volume;
  train_fields_model(volume, "logistic", test::make_rows(300, 3, true, 2));
  Model model(volume, kFieldsFile);
  const ForgetOutcome checked = model.forget({100, 103, 106}, "r1", false, 1700000100);
  const Certificate& c = checked.record.certificate;
  CHECK(c.kind == "proof");
  CHECK(c.actual >= 0);
  CHECK(c.actual <= c.sum);
  const std::string json = json_object(checked);
  for (const char* key : {"request_id", "ids", "certificate", "kind", "value", "bound", "actual", "sum", "budget",
                          "distance_bound", "decision", "already_applied", "rows_left", "seconds"})
    CHECK(json_has_key(json, key));
  CHECK_FALSE(json_has_key(json, "epsilon"));  // not certified

  // Without the check only the request's rows are read, and `actual` is absent.
  const ForgetOutcome unchecked = model.forget({109}, "r2", false, 1700000200, false);
  CHECK(unchecked.record.certificate.actual == -1.0);
  CHECK_FALSE(json_has_key(json_object(unchecked), "actual"));
}

TEST_CASE("model fields: an exact certificate has no bound; status lists every request", "[model][fields]") {
  MemoryVolume volume;
  train_fields_model(volume, "linear", test::make_rows(50, 2, false, 3));
  Model model(volume, kFieldsFile);
  const ForgetOutcome out = model.forget({103}, "a", false, 1700000100);
  CHECK(out.record.certificate.kind == "exact");
  const std::string json = json_object(out);
  CHECK_FALSE(json_has_key(json, "bound"));
  CHECK_FALSE(json_has_key(json, "actual"));
  const std::string status = json_object(model.status(false));
  CHECK(status.find("\"ids\":[103]") != std::string::npos);
  CHECK(status.find("\"budget_left\":null") != std::string::npos);  // infinite: no budget
  CHECK(status.find("\"options\":{\"prior_precision\":") != std::string::npos);
  for (const char* key : {"format_version", "family", "features", "target", "rows", "forgotten", "requests", "checksum",
                          "generation", "file_bytes", "created"})
    CHECK(json_has_key(status, key));
  // A retrain logs the family's own kind of certificate.
  CHECK(json_object(model.retrain("again", 1700000300)).find("\"kind\":\"exact\"") != std::string::npos);
}

TEST_CASE("model fields: verify audits forgotten rows, and refuses rows still held", "[model][fields][audit]") {
  const RowTable rows = test::make_rows(200, 3, true, 4);
  MemoryVolume volume;
  train_fields_model(volume, "logistic", rows);
  Model model(volume, kFieldsFile);
  model.forget({100, 103, 106, 109, 112}, "r1", false, 1700000100);
  RowTable audited;
  audited.x = rows.x.topRows(5);
  audited.y = rows.y.head(5);
  audited.ids = {100, 103, 106, 109, 112};
  const VerifyReport v = model.verify(&audited);
  REQUIRE(v.audit.has_value());
  CHECK(v.audit->audited == 5);
  CHECK(v.audit->members == 195);
  CHECK(v.audit->passes);
  const std::string json = json_object(v);
  CHECK(json.find("\"audit\":{\"attack\":\"loss\"") != std::string::npos);
  CHECK_FALSE(json_has_key(json_object(model.verify()), "audit"));

  const std::vector<unsigned char> before = model.bytes();
  RowTable held = audited;
  held.ids[2] = 115;  // still in training
  CHECK_THROWS_WITH(model.verify(&held), Catch::Contains("audited") && Catch::Contains("still in training"));
  held.ids[2] = 101;  // never held
  CHECK_THROWS_WITH(model.verify(&held), Catch::Contains("never held"));
  CHECK(model.bytes() == before);
}
