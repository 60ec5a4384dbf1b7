// Bindings for Bayesian inference forgetting: the Gaussian-mixture experiment
// (stateful, in chunks, for a Web Worker; and one-shot), its removal scenarios,
// and the O(1/n²) rate measurement. Thin: convert, call the core, convert back.
#include <emscripten/bind.h>

#include <algorithm>
#include <string>

#include <lethe/base/json.hpp>
#include <lethe/experiments/forgetting_fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/gmm_retrain_policy.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

GmmForgettingOptions gmm_options(const val& o, const char* fn) {
  GmmForgettingOptions opt;
  read_options(gmm_option_set(), o, opt, fn);
  return opt;
}

val bif_scenario_ids_js(const val& x, const val& labels, int per_cluster) {
  return guarded([&] { return to_js(bif_scenario_ids(to_labelled(x, labels, "bifScenarioIds"), per_cluster)); });
}

val bif_scenario_presets_js(int n) {
  return guarded([&] {
    val out = val::array();
    for (const BifScenarioPreset& p : bif_scenario_presets(n)) {
      val item = val::object();
      item.set("name", p.name);
      item.set("perCluster", p.per_cluster);
      item.set("label", p.label);
      item.set("first", p.first);
      out.call<void>("push", item);
    }
    return out;
  });
}

int bif_scenario_per_cluster_js(const std::string& name) {
  return guarded([&] { return bif_scenario_per_cluster(name, "bifScenarioIds", "scenario"); });
}

val gmm_forget_js(const val& x, const val& labels, const val& forget, int request_size, const val& options) {
  return guarded([&] {
    const char* fn = "gmmForget";
    return to_js_object(run_gmm_protocol(to_labelled(x, labels, fn), to_ints(forget, fn, "forget"), request_size,
                                         gmm_options(options, fn)));
  });
}

// The core's batches (influence_forgetting.hpp split_batches) as arrays of numbers.
val split_batches_js(const val& ids, int size) {
  return guarded([&] {
    val out = val::array();
    for (const std::vector<int>& batch : split_batches(to_ints(ids, "splitBatches", "ids"), size)) {
      val items = val::array();
      for (int id : batch) items.call<void>("push", id);
      out.call<void>("push", items);
    }
    return out;
  });
}

val bif_rate_js(const val& sizes, const val& options) {
  return guarded([&] {
    const char* fn = "bifRate";
    RateOptions o;
    read_options(rate_option_set(), options, o, fn);
    const std::vector<int> n =
        sizes.isUndefined() || sizes.isNull() ? default_rate_sizes() : to_ints(sizes, fn, "sizes");
    return to_js_object(measure_forgetting_rate(n, o));
  });
}

// The stateful experiment; JavaScript owns it and must call delete().
class GmmForgettingJs {
 public:
  GmmForgettingJs(const val& x, const val& labels, const val& options)
      : run_(guarded([&] {
          const char* fn = "GmmForgetting";
          return GmmForgetting(to_labelled(x, labels, fn), gmm_options(options, fn));
        })) {}

  int components() const { return run_.components(); }
  int size() const { return run_.size(); }
  int iterations() const { return run_.options().iterations; }
  int train(int k) {
    return guarded([&] { return run_.train(k); });
  }
  bool trained() const { return run_.trained(); }
  int train_iteration() const { return run_.train_iteration(); }
  val means() const {
    return guarded([&] { return to_js_rows(run_.means()); });
  }
  val component_for_label() const {
    return guarded([&] { return to_js(run_.component_for_label()); });
  }
  val means_by_label() const {
    return guarded([&] { return to_js_rows(run_.means_by_label()); });
  }
  val forget_batch(const val& ids) {
    return guarded([&] { return to_js(run_.forget_batch(to_ints(ids, "GmmForgetting::forget_batch", "ids"))); });
  }
  int remaining() const { return run_.rows().remaining(); }
  val residuals() const {
    return guarded([&] { return to_js(run_.residuals()); });
  }
  int retrain_recommended_after() const { return run_.retrain_recommended_after(); }
  double accumulated_residual() const { return run_.accumulated_residual(); }
  val original_health() const {
    return guarded([&] { return to_js_object(run_.original_health()); });
  }
  val forgotten_ids() const { return to_js(run_.rows().forgotten_ids()); }
  void start_target(const val& forgotten) {
    guarded([&] {
      run_.start_target(to_ints(forgotten, "GmmForgetting::start_target", "forgotten"));
      return 0;
    });
  }
  int train_target(int k) {
    return guarded([&] { return run_.train_target(k); });
  }
  bool target_started() const { return run_.target_started(); }
  bool target_trained() const { return run_.target_trained(); }
  val target_means() const {
    return guarded([&] { return to_js_rows(run_.target_means()); });
  }
  val report() const {
    return guarded([&] { return to_js_object(run_.report()); });
  }

 private:
  GmmForgetting run_;
};

// The retrain policy (gmm_retrain_policy.hpp), stepped by a Web Worker; JavaScript owns it
// and must call delete().
class GmmRetrainPolicyJs {
 public:
  GmmRetrainPolicyJs(const val& x, const val& labels, const val& options)
      : policy_(guarded([&] {
          const char* fn = "GmmRetrainPolicy";
          return GmmRetrainPolicy(to_labelled(x, labels, fn), gmm_options(options, fn));
        })) {}

  int components() const { return policy_.components(); }
  int size() const { return policy_.size(); }
  int iterations() const { return policy_.options().iterations; }
  int default_chunk() const { return policy_.default_chunk(); }
  void start(const val& forget, int request_size) {
    guarded([&] {
      policy_.start(to_ints(forget, "GmmRetrainPolicy::start", "forget"), request_size);
      return 0;
    });
  }
  val step(int k) {
    return guarded([&] { return to_js_object(policy_.step(k)); });
  }
  bool started() const { return policy_.started(); }
  bool trained() const { return policy_.trained(); }
  bool done() const { return policy_.done(); }
  std::string phase() const { return name_of(policy_.phase()); }
  double progress() const { return policy_.progress(); }
  val means() const {
    return guarded([&] { return to_js_rows(policy_.original().means()); });
  }
  val means_by_label() const {
    return guarded([&] { return to_js_rows(policy_.original().means_by_label()); });
  }
  val component_for_label() const {
    return guarded([&] { return to_js(policy_.original().component_for_label()); });
  }
  val original_health() const {
    return guarded([&] { return to_js_object(policy_.original().original_health()); });
  }
  val result() const {
    return guarded([&] { return to_js_object(policy_.result()); });
  }
  // The result as JSON text: the core's writer, the fields `lethe gmm-forget
  // --auto-retrain --json` prints before the run's set-up (sampler, n, iterations).
  std::string result_json() const {
    return guarded([&] { return json_object(policy_.result()); });
  }

 private:
  GmmRetrainPolicy policy_;
};

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_bif) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("bifScenarioIds", &bif_scenario_ids_js);
  function("bifScenarioPerCluster", &bif_scenario_per_cluster_js);
  function("bifScenarioPresets", &bif_scenario_presets_js);
  function("gmmForget", &gmm_forget_js);
  function("bifRate", &bif_rate_js);
  function("splitBatches", &split_batches_js);
  class_<GmmForgettingJs>("GmmForgetting")
      .constructor<const val&, const val&, const val&>()
      .function("components", &GmmForgettingJs::components)
      .function("size", &GmmForgettingJs::size)
      .function("iterations", &GmmForgettingJs::iterations)
      .function("train", &GmmForgettingJs::train)
      .function("trained", &GmmForgettingJs::trained)
      .function("trainIteration", &GmmForgettingJs::train_iteration)
      .function("means", &GmmForgettingJs::means)
      .function("componentForLabel", &GmmForgettingJs::component_for_label)
      .function("meansByLabel", &GmmForgettingJs::means_by_label)
      .function("forgetBatch", &GmmForgettingJs::forget_batch)
      .function("remaining", &GmmForgettingJs::remaining)
      .function("residuals", &GmmForgettingJs::residuals)
      .function("retrainRecommendedAfter", &GmmForgettingJs::retrain_recommended_after)
      .function("accumulatedResidual", &GmmForgettingJs::accumulated_residual)
      .function("originalHealth", &GmmForgettingJs::original_health)
      .function("forgottenIds", &GmmForgettingJs::forgotten_ids)
      .function("startTarget", &GmmForgettingJs::start_target)
      .function("trainTarget", &GmmForgettingJs::train_target)
      .function("targetStarted", &GmmForgettingJs::target_started)
      .function("targetTrained", &GmmForgettingJs::target_trained)
      .function("targetMeans", &GmmForgettingJs::target_means)
      .function("report", &GmmForgettingJs::report);
  class_<GmmRetrainPolicyJs>("GmmRetrainPolicy")
      .constructor<const val&, const val&, const val&>()
      .function("components", &GmmRetrainPolicyJs::components)
      .function("size", &GmmRetrainPolicyJs::size)
      .function("iterations", &GmmRetrainPolicyJs::iterations)
      .function("defaultChunk", &GmmRetrainPolicyJs::default_chunk)
      .function("start", &GmmRetrainPolicyJs::start)
      .function("step", &GmmRetrainPolicyJs::step)
      .function("started", &GmmRetrainPolicyJs::started)
      .function("trained", &GmmRetrainPolicyJs::trained)
      .function("done", &GmmRetrainPolicyJs::done)
      .function("phase", &GmmRetrainPolicyJs::phase)
      .function("progress", &GmmRetrainPolicyJs::progress)
      .function("means", &GmmRetrainPolicyJs::means)
      .function("meansByLabel", &GmmRetrainPolicyJs::means_by_label)
      .function("componentForLabel", &GmmRetrainPolicyJs::component_for_label)
      .function("originalHealth", &GmmRetrainPolicyJs::original_health)
      .function("result", &GmmRetrainPolicyJs::result)
      .function("resultJson", &GmmRetrainPolicyJs::result_json);
}
