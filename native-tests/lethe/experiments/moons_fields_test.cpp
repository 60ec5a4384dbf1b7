// The two-moons result fields (experiments/moons_fields.hpp): every field carries its
// own member; the ESS only for reverse-KL runs; the optional target as a nested object;
// a sweep's runs as a list; and the naming rules at every level.
#include <catch2/catch.hpp>

#include <lethe/base/gaussian.hpp>
#include <lethe/experiments/moons_fields.hpp>

#include "field_recorder.hpp"

namespace moons_fields_test {
lethe::Gaussian some_q() { return lethe::Gaussian(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2)); }

lethe::ForgetRun make_run(lethe::ForgetMethod method, double lambda) {
  lethe::ForgetRun run(some_q());
  run.method = method;
  run.lambda = lambda;
  run.kl.forgotten = 1.0;
  run.kl.remaining = 2.0;
  run.param_kl = 3.0;
  run.ess = 4.0;
  run.ess_initial = 5.0;
  run.reliable = true;
  run.status = "converged";
  run.iterations = 6;
  run.seconds = 7.0;
  return run;
}
}  // namespace moons_fields_test

TEST_CASE("moons fields: an EUBO run has no ESS, a reverse-KL run has both", "[experiments][moons_fields]") {
  lethe::testing::FieldRecorder eubo;
  lethe::describe(moons_fields_test::make_run(lethe::ForgetMethod::eubo, 0.5), eubo);
  lethe::testing::check_field_names(eubo);
  CHECK(eubo.at("method").text == lethe::label_of(lethe::ForgetMethod::eubo));
  CHECK(eubo.number_at("lambda") == 0.5);
  CHECK(eubo.number_at("kl_forgotten") == 1.0);
  CHECK(eubo.number_at("kl_remaining") == 2.0);
  CHECK(eubo.number_at("param_kl") == 3.0);
  CHECK_FALSE(eubo.at("ess").number.has_value());
  CHECK_FALSE(eubo.at("ess_initial").number.has_value());
  CHECK(eubo.number_at("reliable") == 1.0);
  CHECK(eubo.at("reliable").kind == "flag");
  CHECK(eubo.at("status").text == "converged");
  CHECK(eubo.number_at("iterations") == 6);
  CHECK(eubo.number_at("seconds") == 7.0);
  CHECK(eubo.at("target").nested == nullptr);  // no target asked for: absent

  lethe::ForgetRun rkl_run = moons_fields_test::make_run(lethe::ForgetMethod::reverse_kl, 0.1);
  lethe::ReverseKlTarget target(moons_fields_test::some_q());
  target.kl.forgotten = 11.0;
  target.kl.remaining = 12.0;
  target.param_kl = 13.0;
  target.ess = 14.0;
  target.reliable = false;
  target.status = "tempered";
  target.seconds = 15.0;
  rkl_run.target = target;
  lethe::testing::FieldRecorder rkl;
  lethe::describe(rkl_run, rkl);
  lethe::testing::check_field_names(rkl);
  CHECK(rkl.at("method").text == lethe::label_of(lethe::ForgetMethod::reverse_kl));
  CHECK(rkl.number_at("ess") == 4.0);
  CHECK(rkl.number_at("ess_initial") == 5.0);
  // Both kinds of run have the same keys (JavaScript objects always do).
  CHECK(rkl.names() == eubo.names());
  REQUIRE(rkl.at("target").nested != nullptr);
  const lethe::testing::FieldRecorder& t = *rkl.at("target").nested;
  CHECK(t.number_at("kl_forgotten") == 11.0);
  CHECK(t.number_at("kl_remaining") == 12.0);
  CHECK(t.number_at("param_kl") == 13.0);
  CHECK(t.number_at("ess") == 14.0);
  CHECK(t.number_at("reliable") == 0.0);
  CHECK(t.at("status").text == "tempered");
  CHECK(t.number_at("seconds") == 15.0);
}

TEST_CASE("moons fields: a sweep with its baseline, runs and setup", "[experiments][moons_fields]") {
  lethe::MoonsSweep sweep;
  sweep.full.forgotten = 0.5;
  sweep.full.remaining = 0.25;
  sweep.full_param_kl = 9.0;
  sweep.runs.push_back(moons_fields_test::make_run(lethe::ForgetMethod::eubo, 0.5));
  sweep.runs.push_back(moons_fields_test::make_run(lethe::ForgetMethod::reverse_kl, 0.5));
  sweep.learn_seconds = 1.0;
  sweep.retrain_seconds = 2.0;
  sweep.seconds_total = 3.0;
  lethe::MoonsSweepSetup setup;
  setup.protocol = lethe::Protocol::paper;
  setup.forgotten = 10;
  setup.remaining = 90;
  lethe::testing::FieldRecorder r;
  lethe::describe(sweep, setup, r);
  lethe::testing::check_field_names(r);
  REQUIRE(r.at("full").nested != nullptr);
  CHECK(r.at("full").nested->number_at("kl_forgotten") == 0.5);
  CHECK(r.at("full").nested->number_at("kl_remaining") == 0.25);
  CHECK(r.at("full").nested->number_at("param_kl") == 9.0);
  REQUIRE(r.at("runs").items.size() == 2);
  CHECK(r.at("runs").items[1].at("method").text == lethe::label_of(lethe::ForgetMethod::reverse_kl));
  CHECK(r.at("protocol").text == "paper");
  CHECK(r.number_at("n_forgotten") == 10);
  CHECK(r.number_at("n_remaining") == 90);
  CHECK(r.number_at("learn_seconds") == 1.0);
  CHECK(r.number_at("retrain_seconds") == 2.0);
  CHECK(r.number_at("seconds_total") == 3.0);
  // The baseline alone describes like the sweep's "full" object.
  lethe::testing::FieldRecorder baseline;
  lethe::describe(lethe::MoonsBaseline{sweep.full, sweep.full_param_kl}, baseline);
  CHECK(baseline.names() == r.at("full").nested->names());
}
