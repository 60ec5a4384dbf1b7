// The fields of one scale-sweep measurement (see fields.hpp for the sink contract):
// one element of `lethe scale --json`'s "runs", in the README's shape (the
// SG-MCMC batch count is not among them: it is request / 4, ScaleOptions::mcmc_batch).
#pragma once

#include <lethe/base/fields.hpp>
#include <lethe/experiments/scale_sweep.hpp>

namespace lethe {

template <class Sink>
void describe(const ScaleRun& run, Sink& sink) {
  sink.text("family", run.family);
  sink.text("method", run.method);
  sink.integer("n", run.n);
  sink.integer("request", run.request);
  sink.number("seconds_train", run.seconds_train);
  sink.number("seconds_retrain", run.seconds_retrain);
  sink.number("seconds_forget", run.seconds_forget);
  sink.number("speedup", run.speedup);
  sink.number("quality_forget", run.quality_forget);
  sink.number("quality_nothing", run.quality_nothing);
  sink.text("quality_measure", run.quality_measure);
  sink.number("bytes", run.bytes);
  sink.text("verdict", scale_verdict(run));
}

}  // namespace lethe
