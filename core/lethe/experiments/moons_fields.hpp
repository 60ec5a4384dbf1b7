// The fields of the two-moons results (see fields.hpp for the sink contract): what
// `lethe moons-kl --json` prints and what MoonsProblem.forget() and baseline()
// return in JavaScript.
#pragma once

#include <lethe/base/fields.hpp>
#include <lethe/experiments/moons_forgetting.hpp>

namespace lethe {

// The "do nothing" baseline q̃ = q(θ|D), scored like a forgotten q̃.
struct MoonsBaseline {
  PredictiveKls kl;
  double param_kl = 0.0;
};

// What a sweep was run on, reported beside its results.
struct MoonsSweepSetup {
  Protocol protocol = Protocol::fast;
  long forgotten = 0;
  long remaining = 0;
};

template <class Sink>
void describe(const PredictiveKls& kl, Sink& sink) {
  sink.number("kl_forgotten", kl.forgotten);
  sink.number("kl_remaining", kl.remaining);
}

template <class Sink>
void describe(const MoonsBaseline& baseline, Sink& sink) {
  describe(baseline.kl, sink);
  sink.number("param_kl", baseline.param_kl);
}

template <class Sink>
void describe(const ReverseKlTarget& target, Sink& sink) {
  describe(target.kl, sink);
  sink.number("param_kl", target.param_kl);
  sink.number("ess", target.ess);
  sink.flag("reliable", target.reliable);
  sink.text("status", target.status);
  sink.number("seconds", target.seconds);
}

template <class Sink>
void describe(const ForgetRun& run, Sink& sink) {
  // The ESS belongs to importance sampling: EUBO runs have none.
  const bool sampled = run.method == ForgetMethod::reverse_kl;
  sink.text("method", label_of(run.method));
  sink.number("lambda", run.lambda);
  describe(run.kl, sink);
  sink.number("param_kl", run.param_kl);
  sink.number("ess", present_if(sampled, run.ess));
  sink.number("ess_initial", present_if(sampled, run.ess_initial));
  sink.flag("reliable", run.reliable);
  sink.text("status", run.status);
  sink.object("target", run.target);
  sink.integer("iterations", run.iterations);
  sink.number("seconds", run.seconds);
}

template <class Sink>
void describe(const MoonsSweep& sweep, const MoonsSweepSetup& setup, Sink& sink) {
  sink.object("full", MoonsBaseline{sweep.full, sweep.full_param_kl});
  sink.list("runs", sweep.runs);
  sink.text("protocol", name_of(setup.protocol));
  sink.integer("n_forgotten", setup.forgotten);
  sink.integer("n_remaining", setup.remaining);
  sink.number("learn_seconds", sweep.learn_seconds);
  sink.number("retrain_seconds", sweep.retrain_seconds);
  sink.number("seconds_total", sweep.seconds_total);
}

}  // namespace lethe
