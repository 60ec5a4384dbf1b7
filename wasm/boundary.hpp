// The boundary between JavaScript and the core: array conversion, error
// translation, and JsObject, the sink that turns a described result into a plain
// JavaScript object. Every binding goes through these, so that
//   - arrays leave wasm as fresh Float64Array/Int32Array copies (never views into
//     the heap, which dangle when memory grows), and arrive as copies too;
//   - a C++ exception reaches JavaScript as a real Error carrying the C++ message,
//     and the module keeps working afterwards;
//   - a result's fields are those of its description (core/lethe/experiments/*_fields.hpp),
//     the same as the CLI's JSON, in camelCase.
#pragma once

#include <cmath>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <Eigen/Dense>

#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/fields.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/option_spec.hpp>

namespace lethe::wasm {

using emscripten::val;

// Throws a JavaScript Error with the given message. The message is moved into a
// JS string first so that no C++ heap memory is left behind by the unwinding.
[[noreturn]] inline void throw_js_error(std::string message) {
  val error = val::global("Error").new_(val(message));
  std::string().swap(message);
  error.throw_();
}

// What a std::bad_alloc says in JavaScript: "std::bad_alloc" alone tells a reader
// neither what ran out nor what to do about it. By the time this runs the failed
// request has unwound, so building the message has memory to work with.
inline std::string out_of_memory_message() {
  const std::size_t megabytes = emscripten_get_heap_max() >> 20;
  return "lethe: out of memory: the computation needs more than the WebAssembly heap can hold (at most " +
         std::to_string(megabytes) + " MB); use fewer rows, samples or iterations";
}

// Runs f(); a std::exception becomes a JavaScript Error with the same message (an
// allocation failure, with out_of_memory_message()).
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  std::string message;
  try {
    return f();
  } catch (const std::bad_alloc&) {
    message = out_of_memory_message();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "lethe: unknown C++ exception";
  }
  throw_js_error(std::move(message));
}

// JS array-like of numbers → Eigen vector (a copy). `function`/`parameter` name the
// argument in the error raised for a non-array or a non-finite entry.
inline Eigen::VectorXd to_vector(const val& array, const char* function, const char* parameter) {
  if (array.isUndefined() || array.isNull() || !array["length"].isNumber())
    fail_argument(function, parameter, "must be an array of numbers");
  std::vector<double> copy = emscripten::convertJSArrayToNumberVector<double>(array);
  Eigen::VectorXd v = Eigen::Map<Eigen::VectorXd>(copy.data(), static_cast<Eigen::Index>(copy.size()));
  check_finite(function, parameter, v);
  return v;
}

inline std::vector<int> to_ints(const val& array, const char* function, const char* parameter) {
  Eigen::VectorXd v = to_vector(array, function, parameter);
  std::vector<int> out(static_cast<std::size_t>(v.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (v[i] != static_cast<double>(static_cast<int>(v[i])))
      fail_argument(function, parameter, "must hold integers (got " + detail::to_text(v[i]) + ")");
    out[static_cast<std::size_t>(i)] = static_cast<int>(v[i]);
  }
  return out;
}

// Row-major flat array of rows×cols numbers → Eigen matrix.
inline Eigen::MatrixXd to_matrix(const val& array, Eigen::Index cols, const char* function, const char* parameter) {
  Eigen::VectorXd flat = to_vector(array, function, parameter);
  if (cols <= 0 || flat.size() % cols != 0)
    fail_argument(function, parameter, "must hold a multiple of " + std::to_string(cols) + " numbers (row-major)");
  Eigen::Index rows = flat.size() / cols;
  return Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(flat.data(), rows, cols);
}

// Eigen vector/matrix → a fresh Float64Array (matrices row-major).
inline val to_float64_array(const double* data, std::size_t n) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(n, data));
}
inline val to_js(const Eigen::VectorXd& v) { return to_float64_array(v.data(), static_cast<std::size_t>(v.size())); }
inline val to_js_rows(const Eigen::MatrixXd& m) {
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = m;
  return to_float64_array(r.data(), static_cast<std::size_t>(r.size()));
}
inline val to_js(const Eigen::VectorXi& v) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(static_cast<std::size_t>(v.size()), v.data()));
}
inline val to_js(const std::vector<int>& v) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}
inline val to_js(const std::vector<double>& v) { return to_float64_array(v.data(), v.size()); }

// { x: row-major n×2, labels }
inline val labelled_to_js(const LabelledPoints& d) {
  val out = val::object();
  out.set("x", to_js_rows(d.x));
  out.set("labels", to_js(d.labels));
  return out;
}

// { mean, covariance: row-major d×d }
inline val gaussian_to_js(const Gaussian& g) {
  val out = val::object();
  out.set("mean", to_js(g.mean()));
  out.set("covariance", to_js_rows(g.covariance()));
  return out;
}

// --- Described results (core/lethe/base/fields.hpp) as JavaScript objects.

template <class Value>
val to_js_object(const Value& value);

// Builds one JavaScript object from a result's description; an absent field is null,
// so that every object of a type has the same keys.
class JsObject {
 public:
  void number(const FieldName& field, double v) { set(field, val(v)); }
  void number(const FieldName& field, std::optional<double> v) { set(field, v ? val(*v) : val::null()); }
  void integer(const FieldName& field, long v) { set(field, val(static_cast<double>(v))); }
  void nullable(const FieldName& field, std::optional<long> v) {
    set(field, v ? val(static_cast<double>(*v)) : val::null());
  }
  void flag(const FieldName& field, bool v) { set(field, val(v)); }
  void text(const FieldName& field, const std::string& v) { set(field, val(v)); }
  // A JavaScript number holds every integer up to 2⁵³ exactly.
  void integer64(const FieldName& field, std::int64_t v) { set(field, val(static_cast<double>(v))); }
  void ids(const FieldName& field, const std::vector<std::int64_t>& v) {
    set(field, to_js(std::vector<double>(v.begin(), v.end())));
  }
  void texts(const FieldName& field, const std::vector<std::string>& v) {
    val array = val::array();
    for (const std::string& t : v) array.call<void>("push", val(t));
    set(field, array);
  }
  void vector(const FieldName& field, const Eigen::VectorXd& v) { set(field, to_js(v)); }
  void vector(const FieldName& field, const std::vector<double>& v) { set(field, to_js(v)); }
  void rows(const FieldName& field, const Eigen::MatrixXd& m) { set(field, to_js_rows(m)); }
  template <class Value>
  void object(const FieldName& field, const Value& value) {
    set(field, to_js_object(value));
  }
  template <class Value>
  void object(const FieldName& field, const std::optional<Value>& value) {
    set(field, value ? to_js_object(*value) : val::null());
  }
  template <class Value>
  void list(const FieldName& field, const std::vector<Value>& items) {
    val array = val::array();
    for (const Value& item : items) array.call<void>("push", to_js_object(item));
    set(field, array);
  }

  const val& value() const { return object_; }

 private:
  void set(const FieldName& field, const val& v) { object_.set(js_name(field.name), v); }
  val object_ = val::object();
};

template <class Value>
val to_js_object(const Value& value) {
  JsObject out;
  describe(value, out);
  return out.value();
}

// --- Options objects: every field optional; a wrong type is an error naming the field.

inline bool has_option(const val& options, const char* key) {
  return !options.isUndefined() && !options.isNull() && !options[key].isUndefined() && !options[key].isNull();
}

inline void check_options_object(const val& options, const char* function) {
  if (!options.isUndefined() && !options.isNull() && options.typeOf().as<std::string>() != "object")
    fail_argument(function, "options", "must be an object");
}

inline double option_number(const val& options, const char* key, double fallback) {
  return has_option(options, key) ? options[key].as<double>() : fallback;
}

inline int option_int(const val& options, const char* key, int fallback, const char* function) {
  const double v = option_number(options, key, fallback);
  if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 2147483647.0)
    fail_argument(function, key, "must be an integer (got " + detail::to_text(v) + ")");
  return static_cast<int>(v);
}

inline std::string option_text(const val& options, const char* key, const std::string& fallback, const char* function) {
  if (!has_option(options, key)) return fallback;
  if (!options[key].isString()) fail_argument(function, key, "must be a string");
  return options[key].as<std::string>();
}

// --- Described options (base/option_spec.hpp): read by the same description as the CLI's.

// Every option of `set` present in the JavaScript object, in its camelCase spelling,
// checked by its description and stored in `target`; a wrong type or a value out of
// range is an InvalidArgument "function: parameter 'iterations' must be … (got …)".
// Keys the set does not describe are left to the caller (the JS layer has already
// rejected unknown ones).
template <class T>
void read_options(const OptionSet<T>& set, const val& options, T& target, const char* function) {
  check_options_object(options, function);
  for (const Option<T>& o : set.options()) {
    const std::string key = js_name(o.info.name);
    if (!has_option(options, key.c_str())) continue;
    const val v = options[key];
    OptionValue value;
    switch (o.info.type) {
      case OptionType::number:
      case OptionType::integer:
        if (!v.isNumber()) fail_argument(function, key, "must be a number");
        value.number = v.as<double>();
        break;
      case OptionType::flag:
        if (v.typeOf().as<std::string>() != "boolean") fail_argument(function, key, "must be a boolean");
        value.flag = v.as<bool>();
        break;
      case OptionType::choice:
      case OptionType::text:
        if (!v.isString()) fail_argument(function, key, "must be a string");
        value.text = v.as<std::string>();
        break;
      case OptionType::numbers:
      case OptionType::integers: {
        const Eigen::VectorXd list = to_vector(v, function, key.c_str());
        value.list.assign(list.data(), list.data() + list.size());
        break;
      }
    }
    try {
      set.apply(target, o.info.name, value);
    } catch (const OptionError& e) {
      fail_argument(function, key, e.requirement());
    }
  }
}

// One option's description as a JavaScript object (lethe.optionSpecs()).
inline val option_spec_to_js(const OptionInfo& info) {
  val out = val::object();
  out.set("name", js_name(info.name));
  out.set("option", info.name);
  out.set("type", std::string(name_of(info.type)));
  out.set("doc", info.doc);
  const OptionValue& d = info.default_value;
  switch (info.type) {
    case OptionType::number:
    case OptionType::integer:
      out.set("default", d.number);
      break;
    case OptionType::flag:
      out.set("default", d.flag);
      break;
    case OptionType::choice:
    case OptionType::text:
      out.set("default", d.text);
      break;
    case OptionType::numbers:
    case OptionType::integers: {
      val list = val::array();
      for (double x : d.list) list.call<void>("push", x);
      out.set("default", list);
      break;
    }
  }
  out.set("minimum", info.range.minimum);
  out.set("maximum", info.range.maximum);
  out.set("exclusiveMinimum", info.range.exclusive_minimum);
  out.set("minCount", info.range.min_count);
  out.set("maxCount", info.range.max_count);
  val choices = val::array();
  for (const std::string& c : info.choices) choices.call<void>("push", c);
  out.set("choices", choices);
  out.set("requirement", requirement(info));
  val old_names = val::array();
  for (const std::string& n : info.deprecated_names) old_names.call<void>("push", js_name(n));
  out.set("deprecatedNames", old_names);
  return out;
}

// A JavaScript number used as a seed: a non-negative integer that a double holds exactly.
inline std::uint64_t to_seed(double seed, const char* function) {
  if (!(seed >= 0 && seed <= 9007199254740991.0) || seed != std::floor(seed))
    fail_argument(function, "seed", "must be a non-negative integer below 2^53");
  return static_cast<std::uint64_t>(seed);
}

// Labelled points from a row-major n×2 array and n integer labels.
inline LabelledPoints to_labelled(const val& x, const val& labels, const char* function) {
  LabelledPoints d;
  d.x = to_matrix(x, 2, function, "x");
  const std::vector<int> l = to_ints(labels, function, "labels");
  check_size(function, "labels", static_cast<long>(l.size()), static_cast<long>(d.x.rows()));
  d.labels = Eigen::Map<const Eigen::VectorXi>(l.data(), static_cast<Eigen::Index>(l.size()));
  return d;
}

}  // namespace lethe::wasm
