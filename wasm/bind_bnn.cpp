// Bindings for the Bayesian-neural-network experiment (experiments/bnn_forgetting.hpp):
// the generated data sets with their split, the forget scenarios, and the problem as a
// stateful object trained in chunks (for a Web Worker with progress and cancel).
// Thin: convert, call the core, convert back.
#include <emscripten/bind.h>

#include <memory>
#include <string>

#include <lethe/experiments/bnn_fields.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

// { x: row-major n×features, labels, features } → ClassificationData; classes is the
// largest label + 1 unless given (the test set takes the training set's).
ClassificationData to_classification(const val& data, const char* function, const char* parameter, int classes = 0) {
  if (data.isUndefined() || data.isNull() || data.typeOf().as<std::string>() != "object")
    fail_argument(function, parameter, "must be an object { x, labels, features }");
  const int features = option_int(data, "features", 0, function);
  check_at_least(function, "features", features, 1);
  ClassificationData d;
  d.x = to_matrix(data["x"], features, function, "x");
  const std::vector<int> labels = to_ints(data["labels"], function, "labels");
  check_size(function, "labels", static_cast<long>(labels.size()), static_cast<long>(d.x.rows()));
  d.labels = Eigen::Map<const Eigen::VectorXi>(labels.data(), static_cast<Eigen::Index>(labels.size()));
  for (int y : labels)
    if (y < 0) fail_argument(function, "labels", "must be non-negative (got " + std::to_string(y) + ")");
  d.classes = classes > 0 ? classes : (labels.empty() ? 0 : d.labels.maxCoeff() + 1);
  return d;
}

val classification_to_js(const ClassificationData& d) {
  val out = val::object();
  out.set("x", to_js_rows(d.x));
  out.set("labels", to_js(d.labels));
  out.set("features", val(d.features()));
  out.set("classes", val(d.classes));
  return out;
}

val bnn_generated_data_js(const val& options) {
  return guarded([&] {
    const char* fn = "bnnDataset";
    BnnDatasetOptions o;
    read_options(bnn_dataset_option_set(), options, o, fn);
    const BnnData d = bnn_generated_data(o.dataset, o.seed, fn, o.rows);
    val out = val::object();
    out.set("train", classification_to_js(d.train));
    out.set("test", classification_to_js(d.test));
    return out;
  });
}

val bnn_scenario_ids_js(const val& data, const std::string& scenario, double seed) {
  return guarded([&] {
    const char* fn = "bnnScenarioIds";
    return to_js(scenario_ids(to_classification(data, fn, "data"), scenario, to_seed(seed, fn), fn));
  });
}

BnnOptions bnn_options(const val& o, int features, const char* fn) {
  // The defaults depend on the data (bnn_defaults); the options given override them.
  BnnOptions opt = bnn_defaults(features);
  read_options(bnn_option_set(), o, opt, fn);
  return opt;
}

// A posterior's JavaScript name: 'vi' or 'chain' (family_named reads it back).
std::string posterior_name(BnnPosterior p) { return p == BnnPosterior::chain ? "chain" : "vi"; }

// The posterior a method forgets from (bnn_forgetting.hpp family_of): 'vi' or 'chain'.
std::string bnn_family_of_js(const std::string& method) {
  return guarded([&] { return posterior_name(family_of(parse_name<BnnMethod>(method, "bnnFamilyOf", "method"))); });
}

// [{name, label, family, takesLambda}] of every method, in the core's table order.
val bnn_methods_js() {
  return guarded([&] {
    val out = val::array();
    for (const Named<BnnMethod>& m : EnumNames<BnnMethod>::entries) {
      val item = val::object();
      item.set("name", std::string(m.name));
      item.set("label", std::string(m.label));
      item.set("family", posterior_name(family_of(m.value)));
      item.set("takesLambda", takes_lambda(m.value));
      out.call<void>("push", item);
    }
    return out;
  });
}

BnnPosterior family_named(const std::string& name, const char* fn) {
  if (name == "vi") return BnnPosterior::vi;
  if (name == "chain") return BnnPosterior::chain;
  fail_argument(fn, "family", "must be 'vi' or 'chain' (got '" + name + "')");
}

BnnProblem::Which which_named(const std::string& name, const char* fn) {
  if (name == "original") return BnnProblem::Which::original;
  if (name == "forgotten") return BnnProblem::Which::forgotten;
  if (name == "retrained") return BnnProblem::Which::retrained;
  fail_argument(fn, "which", "must be 'original', 'forgotten' or 'retrained' (got '" + name + "')");
}

class BnnProblemJs {
 public:
  BnnProblemJs(const val& train, const val& test, const val& forget, const val& options)
      : problem_(guarded([&] {
          const char* fn = "BnnProblem";
          ClassificationData tr = to_classification(train, fn, "train");
          ClassificationData te = to_classification(test, fn, "test", tr.classes);
          const BnnOptions opt = bnn_options(options, tr.features(), fn);
          // The seed of the data set's description (bnn_dataset: data, split, fits, scenario).
          const std::uint64_t seed =
              to_seed(option_number(options, "seed", static_cast<double>(BnnDatasetOptions{}.seed)), fn);
          return std::make_unique<BnnProblem>(std::move(tr), std::move(te), to_ints(forget, fn, "forget"), opt, seed);
        })) {}

  double train(const std::string& family, int steps) {
    return guarded([&] { return problem_->train(family_named(family, "BnnProblem.train"), steps); });
  }
  bool trained(const std::string& family) const {
    return guarded([&] { return problem_->trained(family_named(family, "BnnProblem.trained")); });
  }
  val fit(const std::string& family) {
    return guarded([&] {
      const BnnFamilyFit& f = problem_->fit(family_named(family, "BnnProblem.fit"));
      val out = val::object();
      out.set("original", to_js_object(f.original));
      out.set("retrained", to_js_object(f.retrained));
      out.set("originalPerClass", to_js(f.original_per_class));
      out.set("retrainedPerClass", to_js(f.retrained_per_class));
      return out;
    });
  }
  // `options` is read by bnn_forget_option_set() (lambda and its default).
  val forget(const std::string& method, const val& options) {
    return guarded([&] {
      const char* fn = "BnnProblem.forget";
      BnnForgetRequest request;
      read_options(bnn_forget_option_set(), options, request, fn);
      const BnnRun run = problem_->forget(parse_name<BnnMethod>(method, fn, "method"), request.lambda);
      val out = to_js_object(run);
      out.set("testPerClass", to_js(run.test_per_class));
      return out;
    });
  }
  val predict(const val& x, const std::string& family, const std::string& which) const {
    return guarded([&] {
      const char* fn = "BnnProblem.predict";
      const BnnProblem::Which w = which_named(which, fn);
      const Eigen::MatrixXd points = to_matrix(x, problem_->mlp().shape().inputs, fn, "x");
      return to_js_rows(problem_->predict(points, family_named(family, fn), w));
    });
  }
  int parameters() const { return static_cast<int>(problem_->mlp().parameter_count()); }
  val forgotten() const { return to_js(problem_->forgotten()); }

 private:
  std::unique_ptr<BnnProblem> problem_;
};

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_bnn) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("bnnDataset", &bnn_generated_data_js);
  function("bnnScenarioIds", &bnn_scenario_ids_js);
  function("bnnFamilyOf", &bnn_family_of_js);
  function("bnnMethods", &bnn_methods_js);
  class_<BnnProblemJs>("BnnProblem")
      .constructor<const val&, const val&, const val&, const val&>()
      .function("train", &BnnProblemJs::train)
      .function("trained", &BnnProblemJs::trained)
      .function("fit", &BnnProblemJs::fit)
      .function("forget", &BnnProblemJs::forget)
      .function("predict", &BnnProblemJs::predict)
      .function("parameters", &BnnProblemJs::parameters)
      .function("forgotten", &BnnProblemJs::forgotten);
}
