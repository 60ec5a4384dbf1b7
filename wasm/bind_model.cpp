// Bindings for the model lifecycle (lethe/model/model.hpp) on a MemoryVolume: a model
// trained from rows or loaded from a model file's bytes, asked to forget ids as
// requests arrive, to retrain, predict and verify, and saved back as the file's bytes
// (the same format as the native `lethe` tool's files). Thin: convert, call the core,
// convert back. The family options are the core's (family_options, each family's option set): their
// names are given to JavaScript in camelCase, their defaults, ranges and docs read from there.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <lethe/model/logistic_family.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/model_fields.hpp>
#include <lethe/model/storage.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

// The one file of the volume (its name appears in the core's messages about the file).
constexpr const char* kModelFile = "model.lethe";
// The largest integer every double holds exactly, and with it its neighbours.
constexpr double kSafeInteger = 9007199254740991.0;

std::int64_t to_int64(double v, const char* function, const char* parameter) {
  if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > kSafeInteger)
    fail_argument(function, parameter,
                  "must be an integer of magnitude at most 2^53 − 1 (got " + detail::to_text(v) + ")");
  return static_cast<std::int64_t>(v);
}

std::vector<std::int64_t> to_ids(const val& array, const char* function, const char* parameter) {
  const Eigen::VectorXd v = to_vector(array, function, parameter);
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(v.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(to_int64(v[i], function, parameter));
  return out;
}

val texts_to_js(const std::vector<std::string>& texts) {
  val out = val::array();
  for (const std::string& t : texts) out.call<void>("push", val(t));
  return out;
}

// The family's option values from a JavaScript object keyed by camelCase names. Each
// key must be an option of the family, each value a number its description accepts
// (check_option: the core's ranges and its wording).
OptionValues options_from_js(const std::string& family, const val& options, const char* fn) {
  OptionValues out;
  if (options.isUndefined() || options.isNull()) return out;
  if (options.typeOf().as<std::string>() != "object") fail_argument(fn, "options", "must be an object");
  const std::vector<OptionInfo> described = family_options(family);
  const val keys = val::global("Object").call<val>("keys", options);
  const int count = keys["length"].as<int>();
  for (int i = 0; i < count; ++i) {
    const std::string key = keys[i].as<std::string>();
    const std::string parameter = "options." + key;
    const auto d =
        std::find_if(described.begin(), described.end(), [&](const OptionInfo& o) { return js_name(o.name) == key; });
    if (d == described.end()) {
      std::string known;
      for (const OptionInfo& o : described) known += (known.empty() ? "" : ", ") + js_name(o.name);
      fail_argument(fn, parameter, "is not an option of family '" + family + "' (options: " + known + ")");
    }
    const val v = options[key];
    if (v.isUndefined()) continue;
    OptionValue value;
    if (d->type == OptionType::choice) {
      // A choice by its token ('sgld') or by the index the file keeps (1).
      if (v.isString())
        value.text = v.as<std::string>();
      else if (v.isNumber() && v.as<double>() >= 0 && v.as<double>() < static_cast<double>(d->choices.size()) &&
               v.as<double>() == std::floor(v.as<double>()))
        value.text = d->choices[static_cast<std::size_t>(v.as<double>())];
      const double kept = value.text.empty() ? -1.0 : kept_number(*d, value);
      if (kept < 0) fail_argument(fn, parameter, kept_choice_requirement(*d));
      out.emplace_back(d->name, kept);
      continue;
    }
    if (!v.isNumber()) fail_argument(fn, parameter, "must be a number");
    value.number = v.as<double>();
    if (const std::optional<std::string> failure = check_option(*d, value)) fail_argument(fn, parameter, *failure);
    out.emplace_back(d->name, value.number);
  }
  return out;
}

std::vector<std::string> texts_from_js(const val& array, const char* fn, const char* parameter) {
  if (!val::global("Array").call<bool>("isArray", array)) fail_argument(fn, parameter, "must be an array of strings");
  std::vector<std::string> out;
  const int n = array["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    if (!array[i].isString()) fail_argument(fn, parameter, "must hold strings only");
    out.push_back(array[i].as<std::string>());
  }
  return out;
}

bool is_family(const std::string& name) {
  const std::vector<std::string> names = family_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string family_alternatives() {
  std::string s;
  const std::vector<std::string> names = family_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    s += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("'" + names[i] + "'");
  return s;
}

// [{ name, target, predictionColumns, options: [{ name, defaultValue, minimum, maximum, integer, doc }] }]
// {lambda, sigma, epsilon, delta}: the paper's MNIST settings (GuoMnistSettings).
val certified_paper_settings_js() {
  const GuoMnistSettings paper;
  val out = val::object();
  out.set("lambda", paper.lambda);
  out.set("sigma", paper.sigma);
  out.set("epsilon", paper.epsilon);
  out.set("delta", paper.delta);
  return out;
}

val model_families_js() {
  return guarded([&] {
    val out = val::array();
    for (const std::string& name : family_names()) {
      const std::unique_ptr<ModelFamily> family = make_family(name, 1, {});
      val options = val::array();
      for (const OptionInfo& o : family_options(name)) {
        val d = val::object();
        // A choice reads as the integer the file keeps (its index) and names its tokens.
        const bool choice = o.type == OptionType::choice;
        d.set("name", val(js_name(o.name)));
        d.set("defaultValue", val(kept_number(o, o.default_value)));
        d.set("minimum", val(choice ? 0.0 : o.range.minimum));
        d.set("maximum", val(choice ? static_cast<double>(o.choices.size() - 1) : o.range.maximum));
        d.set("integer", val(choice || o.type == OptionType::integer));
        d.set("doc", val(o.doc));
        val choices = val::array();
        for (const std::string& c : o.choices) choices.call<void>("push", val(c));
        d.set("choices", choices);
        options.call<void>("push", d);
      }
      val f = val::object();
      f.set("name", val(name));
      f.set("target", val(family->target_kind()));
      f.set("predictionColumns", texts_to_js(family->prediction_columns()));
      f.set("options", options);
      out.call<void>("push", f);
    }
    return out;
  });
}

// A model and the in-memory volume that holds its file; JavaScript owns it (delete()).
class LetheModelJs {
 public:
  // Trains a model. `args`: { family, x (row-major n×features), features, y | labels,
  // ids?, featureNames?, targetName?, residualBudget?, options?, now } (checked by the
  // JavaScript layer for types; here for what they mean).
  static LetheModelJs* train(const val& args) {
    return guarded([&] {
      const char* fn = "train";
      if (args.isUndefined() || args.isNull() || args.typeOf().as<std::string>() != "object")
        fail_argument(fn, "args", "must be an object");
      TrainSpec spec;
      spec.family = option_text(args, "family", "", fn);
      if (!is_family(spec.family))
        fail_argument(fn, "family", "must be " + family_alternatives() + " (got '" + spec.family + "')");
      const int features = option_int(args, "features", 0, fn);
      check_at_least(fn, "features", features, 1);
      RowTable rows;
      rows.x = to_matrix(args["x"], features, fn, "x");
      const bool labels = has_option(args, "labels");
      if (labels && has_option(args, "y")) fail_argument(fn, "labels", "cannot be given together with 'y'");
      if (!labels && !has_option(args, "y")) fail_argument(fn, "y", "is required (the targets; or 'labels')");
      const char* target = labels ? "labels" : "y";
      rows.y = to_vector(args[target], fn, target);
      check_size(fn, target, static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
      if (has_option(args, "ids")) {
        rows.ids = to_ids(args["ids"], fn, "ids");
        check_size(fn, "ids", static_cast<long>(rows.ids.size()), static_cast<long>(rows.x.rows()));
      } else {
        for (Eigen::Index i = 0; i < rows.x.rows(); ++i) rows.ids.push_back(i);
      }
      if (has_option(args, "featureNames")) {
        spec.feature_names = texts_from_js(args["featureNames"], fn, "featureNames");
        check_size(fn, "featureNames", static_cast<long>(spec.feature_names.size()), features);
      }
      spec.target_name = option_text(args, "targetName", labels ? "label" : spec.target_name, fn);
      spec.residual_budget = option_number(args, "residualBudget", spec.residual_budget);
      check_nonnegative(fn, "residualBudget", spec.residual_budget);
      spec.options = options_from_js(spec.family, args["options"], fn);
      spec.now = to_int64(option_number(args, "now", static_cast<double>(spec.now)), fn, "now");
      auto model = std::make_unique<LetheModelJs>();
      Model::train(*model->volume_, kModelFile, rows, spec);
      model->open();
      return model.release();
    });
  }

  // Opens the bytes of a model file; every row page's checksum is verified too, so
  // that a flipped bit anywhere in the file is reported here rather than later.
  static LetheModelJs* load(const val& bytes) {
    return guarded([&] {
      const char* fn = "loadModel";
      if (bytes.isUndefined() || bytes.isNull() || !bytes.instanceof (val::global("Uint8Array")))
        fail_argument(fn, "bytes", "must be a Uint8Array");
      auto model = std::make_unique<LetheModelJs>();
      model->volume_->put(kModelFile, emscripten::convertJSArrayToNumberVector<unsigned char>(bytes));
      try {
        model->open();
        model->model_->store().verify_pages();
      } catch (const FormatError& e) {
        throw FormatError(std::string(fn) + ": parameter 'bytes': " + e.what());
      } catch (const InvalidArgument& e) {
        throw FormatError(std::string(fn) + ": parameter 'bytes': " + e.what());
      }
      return model.release();
    });
  }

  LetheModelJs() : volume_(std::make_unique<MemoryVolume>()) {}

  // `options` is read by forget_request_option_set() (requestId, autoRetrain, check and
  // their defaults); `now` is the caller's clock.
  val forget(const val& ids, const val& options, double now) {
    return guarded([&] {
      const char* fn = "LetheModel.forget";
      ForgetRequest request;
      read_options(forget_request_option_set(), options, request, fn);
      return to_js_object(model_->forget(to_ids(ids, fn, "ids"), request, to_int64(now, fn, "now")));
    });
  }

  val retrain(const val& options, double now) {
    return guarded([&] {
      const char* fn = "LetheModel.retrain";
      RetrainRequest request;
      read_options(retrain_request_option_set(), options, request, fn);
      return to_js_object(model_->retrain(request.request_id, to_int64(now, fn, "now")));
    });
  }

  val status() const {
    return guarded([&] { return to_js_object(model_->status(false)); });
  }

  // { measure: 'accuracy' | 'rmse', value, rows }: the fit of the rows held.
  val score() const {
    return guarded([&] { return to_js_object(model_->score()); });
  }

  int feature_count() const { return model_->family().feature_count(); }

  // { columns, values: row-major rows×cols, rows, cols } of inputs x (row-major n×features).
  val predict(const val& x) const {
    return guarded([&] {
      const Eigen::MatrixXd p = model_->predict(to_matrix(x, feature_count(), "LetheModel.predict", "x"));
      val out = val::object();
      out.set("columns", texts_to_js(model_->prediction_columns()));
      out.set("values", to_js_rows(p));
      out.set("rows", val(static_cast<double>(p.rows())));
      out.set("cols", val(static_cast<double>(p.cols())));
      return out;
    });
  }

  // The fields of `lethe verify --json`, in camelCase. `audit`: null, or the forgotten
  // rows { x (row-major), y, ids } to audit; `held_out`: null, or rows { x, y } never
  // trained on, for the canary audit (both checked for types by the JavaScript layer);
  // `shadows`: 0, or K ≥ 2 shadow models for the likelihood-ratio canary audit.
  val verify(const val& audit, const val& held_out, int shadows) const {
    return guarded([&] {
      const char* fn = "LetheModel.verify";
      const bool has_held_out = !(held_out.isNull() || held_out.isUndefined());
      if (shadows != 0 && !has_held_out)
        fail_argument(fn, "shadows", "needs heldOut (the rows the likelihood-ratio audit sets the canaries against)");
      if (audit.isNull() || audit.isUndefined()) {
        if (has_held_out) fail_argument(fn, "heldOut", "needs audit (the forgotten canaries it is set against)");
        return to_js_object(model_->verify());
      }
      RowTable rows;
      rows.x = to_matrix(audit["x"], feature_count(), fn, "audit.x");
      rows.y = to_vector(audit["y"], fn, "audit.y");
      check_size(fn, "audit.y", static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
      rows.ids = to_ids(audit["ids"], fn, "audit.ids");
      check_size(fn, "audit.ids", static_cast<long>(rows.ids.size()), static_cast<long>(rows.x.rows()));
      if (held_out.isNull() || held_out.isUndefined()) return to_js_object(model_->verify(&rows));
      RowTable held;
      held.x = to_matrix(held_out["x"], feature_count(), fn, "heldOut.x");
      held.y = to_vector(held_out["y"], fn, "heldOut.y");
      check_size(fn, "heldOut.y", static_cast<long>(held.y.size()), static_cast<long>(held.x.rows()));
      return to_js_object(model_->verify(&rows, &held, shadows));
    });
  }

  // The model file's bytes (a fresh Uint8Array).
  val save() {
    return guarded([&] {
      const std::vector<unsigned char> bytes = model_->bytes();
      return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
    });
  }

 private:
  void open() { model_ = std::make_unique<Model>(*volume_, kModelFile); }

  // The model refers to its volume: declared first, destroyed last.
  std::unique_ptr<MemoryVolume> volume_;
  std::unique_ptr<Model> model_;
};

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_model) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("modelFamilies", &model_families_js);
  function("certifiedPaperSettings", &certified_paper_settings_js);
  class_<LetheModelJs>("LetheModel")
      .class_function("train", &LetheModelJs::train, allow_raw_pointers())
      .class_function("load", &LetheModelJs::load, allow_raw_pointers())
      .function("forget", &LetheModelJs::forget)
      .function("retrain", &LetheModelJs::retrain)
      .function("status", &LetheModelJs::status)
      .function("score", &LetheModelJs::score)
      .function("featureCount", &LetheModelJs::feature_count)
      .function("predict", &LetheModelJs::predict)
      .function("verify", &LetheModelJs::verify)
      .function("save", &LetheModelJs::save);
}
