// The fields of the BNN forgetting results (see fields.hpp for the sink contract):
// what `lethe bnn-forget --json` prints — {"model": {...}, "original": M,
// "retrained": M, "runs": [{"method", "lambda", ...M}]} — and what the JavaScript
// objects hold.
#pragma once

#include <string>
#include <vector>

#include <lethe/base/fields.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>

namespace lethe {

// What was trained, for the "model" object.
struct BnnModelInfo {
  std::string dataset;
  std::string scenario;
  long features = 0, classes = 0, parameters = 0;
  std::vector<double> hidden;
  std::string activation;
  long train = 0, test = 0, forgotten = 0;
  double prior_variance = 0.0;
  long seed = 0;
};

template <class Sink>
void describe(const BnnModelInfo& m, Sink& sink) {
  sink.text("dataset", m.dataset);
  sink.text("scenario", m.scenario);
  sink.integer("features", m.features);
  sink.integer("classes", m.classes);
  sink.vector("hidden", m.hidden);
  sink.text("activation", m.activation);
  sink.integer("parameters", m.parameters);
  sink.integer("train", m.train);
  sink.integer("test", m.test);
  sink.integer("forgotten", m.forgotten);
  sink.number("prior_variance", m.prior_variance);
  sink.integer("seed", m.seed);
}

template <class Sink>
void describe(const BnnMeasures& m, Sink& sink) {
  sink.number("seconds", m.seconds);
  sink.number("kl_forgotten", m.kl_forgotten);
  sink.number("kl_remaining", m.kl_remaining);
  sink.number("accuracy_forgotten", m.accuracy_forgotten);
  sink.number("accuracy_remaining", m.accuracy_remaining);
  sink.number("accuracy_test", m.accuracy_test);
  // Test rows of the classes still in training (all of them unless a class is forgotten).
  sink.number("accuracy_test_kept", m.accuracy_test_kept);
  sink.number("mia_auc", m.mia_auc);
  // The canary audit (bnn_forgetting.hpp): offline LiRA and the confidence threshold,
  // canaries against held-out canaries; absent (null) without --canaries.
  sink.number("canary_auc", m.canary_auc);
  sink.number("canary_auc_threshold", m.canary_auc_threshold);
  // Original and retrained models: why the fit is not one (fitted the prior); else empty.
  sink.text("fit_status", m.fit_status);
}

template <class Sink>
void describe(const BnnRun& run, Sink& sink) {
  sink.text("method", name_of(run.method));
  sink.number("lambda", run.lambda);
  describe(run.measures, sink);
  sink.number("cg_iterations", run.cg_iterations);
  sink.text("solver_status", run.solver_status);
  // bif-*: the refinement (bnn/influence.hpp); null / empty for the other methods.
  sink.number("newton_steps", run.newton_steps);
  sink.number("newton_rejected", run.newton_rejected);
  sink.vector("residuals", run.residuals);
  sink.number("repair_steps", run.repair_steps);
  sink.number("repair_cost", run.repair_cost);
  sink.text("decision", run.decision);
  sink.number("ess", run.ess);
  // Whether the answer is what the method claims, and why not (or the stopping rule).
  sink.flag("reliable", run.reliable);
  sink.text("status", run.status);
}

}  // namespace lethe
