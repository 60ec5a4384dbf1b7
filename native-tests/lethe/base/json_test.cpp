// The JSON writer (lethe/base/json.hpp) and the field descriptions it
// writes: strings escaped, absent fields left out, JSON-only key spellings used.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include <lethe/base/json.hpp>
#include <lethe/experiments/forgetting_fields.hpp>
#include <lethe/experiments/moons_fields.hpp>

using lethe::json_number;
using lethe::json_object;
using lethe::json_string;

namespace {
lethe::ForgetRun run_of(lethe::ForgetMethod method) {
  const lethe::Gaussian q(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1));
  lethe::ForgetRun run(q);
  run.method = method;
  run.lambda = 0.5;
  run.kl.forgotten = 0.25;
  run.kl.remaining = 0.125;
  run.param_kl = 1.5;
  run.ess = 7.0;
  run.ess_initial = 3.0;
  run.reliable = true;
  run.iterations = 4;
  run.status = "ok";
  run.seconds = 0.0;
  return run;
}

bool has_key(const std::string& json, const std::string& key) {
  return json.find("\"" + key + "\":") != std::string::npos;
}
}  // namespace

TEST_CASE("json_string escapes quotes, backslashes and control characters", "[json]") {
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(json_string("C:\\data") == "\"C:\\\\data\"");
  CHECK(json_string("line\nnext\ttab") == "\"line\\u000anext\\u0009tab\"");
  CHECK(json_string(std::string("nul\0end", 7)) == "\"nul\\u0000end\"");
  CHECK(json_string("\x1f") == "\"\\u001f\"");
  CHECK(json_string("λ → 0") == "\"λ → 0\"");  // UTF-8 passes through
}

TEST_CASE("json_number keeps 17 digits and writes non-finite numbers as null", "[json]") {
  CHECK(json_number(0.1) == "0.10000000000000001");
  CHECK(json_number(1000) == "1000");
  CHECK(json_number(std::nan("")) == "null");
  CHECK(json_number(std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("JsonObject leaves absent fields out: an EUBO run has no ESS", "[json]") {
  const std::string eubo = json_object(run_of(lethe::ForgetMethod::eubo));
  CHECK(eubo ==
        "{\"method\":\"EUBO\",\"lambda\":0.5,\"kl_forgotten\":0.25,\"kl_remaining\":0.125,"
        "\"param_kl\":1.5,\"reliable\":true,\"status\":\"ok\",\"iterations\":4,\"seconds\":0}");
  const std::string rkl = json_object(run_of(lethe::ForgetMethod::reverse_kl));
  CHECK(has_key(rkl, "ess"));
  CHECK(has_key(rkl, "ess_initial"));
  CHECK_FALSE(has_key(rkl, "target"));  // not asked for
}

TEST_CASE("JsonObject uses a field's JSON spelling and nests matrix rows", "[json]") {
  lethe::GmmReport report;
  report.original = Eigen::MatrixXd::Ones(2, 2);
  report.processed = report.target = Eigen::MatrixXd::Zero(2, 2);
  report.processed_to_target = report.original_to_target = report.spread = Eigen::VectorXd::Zero(2);
  const std::string json = json_object(report);
  CHECK(json.rfind("{\"origin\":[[1,1],[1,1]],\"processed\":[[0,0],[0,0]]", 0) == 0);
  CHECK(has_key(json, "distance_processed_target"));
  CHECK_FALSE(has_key(json, "original"));
}
