// How a routine's options are described to the outside: one list per options struct,
// from which the CLI (its parser, allow-list, usage text and range checks) and the
// JavaScript layer (the embind reader and the JS checks, through the module's
// optionSpecs()) are made. An option added, renamed, re-ranged or given a new default
// in the list changes every layer at once. The option sets themselves are in
// <lethe/experiments/option_sets.hpp>.
//
// An option has
//   name     snake_case ("residual_budget"); the CLI spells it --residual-budget,
//            JavaScript residualBudget (cli_name, js_name)
//   type     number, integer, flag (a bool), choice (an enum with an EnumNames table),
//            numbers / integers (a list), text (a file name, a free word)
//   range    [minimum, maximum] of the value, or of each entry of a list (a lower bound
//            may be exclusive); the number of entries of a list
//   doc      one line
//   access   where the value lives in the struct, as a member pointer or a function
//            returning a reference to it; the default is read from there, out of the
//            set's default-constructed struct (so each number is written once, in the
//            struct's default member initialiser).
//
// Layers convert what they were given (a command-line word, a JavaScript value) into
// an OptionValue of the option's type and call OptionSet::apply, which checks it
// (check_option) and stores it; a bad value throws OptionError, whose requirement()
// ("must be an integer in [1, 1000000] (got 0)") each layer prefixes its own way:
// "option --iterations: …" (CLI), "GmmForgetting: parameter 'iterations' …" (JS).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/constants.hpp>  // kLargestExactInteger
#include <lethe/base/errors.hpp>
#include <lethe/base/names.hpp>

namespace lethe {

enum class OptionType { number, integer, flag, choice, numbers, integers, text };
template <>
struct EnumNames<OptionType> {
  static constexpr Named<OptionType> entries[] = {
      {OptionType::number, "number", "number"},    {OptionType::integer, "integer", "integer"},
      {OptionType::flag, "bool", "bool"},          {OptionType::choice, "enum", "enum"},
      {OptionType::numbers, "numbers", "numbers"}, {OptionType::integers, "integers", "integers"},
      {OptionType::text, "text", "text"}};
};

// The accepted values of a number, an integer, or each entry of a list.
struct OptionRange {
  double minimum = -std::numeric_limits<double>::infinity();
  double maximum = std::numeric_limits<double>::infinity();
  bool exclusive_minimum = false;  // (minimum, maximum]
  // Lists: the number of entries, [min_count, max_count] (max_count 0: no limit).
  int min_count = 0;
  int max_count = 0;
};
inline OptionRange in_range(double minimum, double maximum) { return {minimum, maximum, false, 0, 0}; }
inline OptionRange at_least(double minimum) { return {minimum, std::numeric_limits<double>::infinity(), false, 0, 0}; }
inline OptionRange positive() { return {0.0, std::numeric_limits<double>::infinity(), true, 0, 0}; }
inline OptionRange any_value() { return {}; }
// The same range for a list of `min_count` to `max_count` entries.
inline OptionRange entries(OptionRange each, int min_count, int max_count = 0) {
  each.min_count = min_count;
  each.max_count = max_count;
  return each;
}

// A value as a layer read it, before it is checked: the member for the option's type.
struct OptionValue {
  double number = 0.0;       // number, integer
  bool flag = false;         // flag
  std::string text;          // choice, text
  std::vector<double> list;  // numbers, integers
};

// What every layer reads about an option (everything but the struct access).
struct OptionInfo {
  std::string name;  // snake_case
  OptionType type = OptionType::number;
  OptionRange range;
  std::vector<std::string> choices;  // choice: the tokens, in table order
  std::string doc;
  std::string placeholder;    // the value in a usage line: "FILE.csv" (empty: by type, "N", "X", ...)
  OptionValue default_value;  // from the set's default struct
  std::string default_text;   // the same as a person writes it: "2000", "sghmc", "16,16", "0.05"
  // Old names (snake_case) still accepted for one release, each read as `name` with a
  // deprecation note: "erase" for "forget".
  std::vector<std::string> deprecated_names;
};

// --residual-budget's "residual-budget" and JavaScript's "residualBudget".
std::string cli_name(const std::string& snake_name);
std::string js_name(const std::string& snake_name);

// What a valid value is, for a usage line or a message: "must be an integer in [1, 1000000]",
// "must be a number greater than 0", "must be 'fast' or 'paper'", "must be a list of 2
// numbers greater than 0"; empty for a flag.
std::string requirement(const OptionInfo& info);
// A value as text: 0.05, 1e-05 → "1e-05", a list "0.5,0.1", a flag "true".
std::string option_value_text(const OptionInfo& info, const OptionValue& value);

// The failure of a value: requirement(info) + " (got …)", or nothing if it is valid.
std::optional<std::string> check_option(const OptionInfo& info, const OptionValue& value);

// A bad option value; `requirement()` is the text after the option's name.
class OptionError : public InvalidArgument {
 public:
  OptionError(std::string option, std::string requirement)
      : InvalidArgument("option '" + option + "' " + requirement),
        option_(std::move(option)),
        requirement_(std::move(requirement)) {}
  const std::string& option() const { return option_; }
  const std::string& requirement() const { return requirement_; }

 private:
  std::string option_, requirement_;
};

// One option of an options struct T.
template <class T>
struct Option {
  OptionInfo info;
  std::function<void(T&, const OptionValue&)> set;  // stores a checked value
  std::function<OptionValue(const T&)> get;
};

namespace detail {
template <class E, class = void>
struct has_enum_names : std::false_type {};
template <class E>
struct has_enum_names<E, std::void_t<decltype(EnumNames<E>::entries)>> : std::true_type {};

template <class M>
constexpr OptionType option_type_of() {
  if constexpr (std::is_same_v<M, bool>)
    return OptionType::flag;
  else if constexpr (std::is_same_v<M, std::string>)
    return OptionType::text;
  else if constexpr (std::is_enum_v<M>)
    return OptionType::choice;
  else if constexpr (std::is_integral_v<M>)
    return OptionType::integer;
  else if constexpr (std::is_floating_point_v<M>)
    return OptionType::number;
  else if constexpr (std::is_same_v<M, std::vector<int>>)
    return OptionType::integers;
  else
    return OptionType::numbers;  // std::vector<double>, Eigen::VectorXd
}

template <class M>
OptionValue to_option_value(const M& v) {
  OptionValue out;
  if constexpr (std::is_same_v<M, bool>)
    out.flag = v;
  else if constexpr (std::is_same_v<M, std::string>)
    out.text = v;
  else if constexpr (std::is_enum_v<M>)
    out.text = name_of(v);
  else if constexpr (std::is_arithmetic_v<M>)
    out.number = static_cast<double>(v);
  else if constexpr (std::is_same_v<M, Eigen::VectorXd>)
    out.list.assign(v.data(), v.data() + v.size());
  else
    for (const auto& x : v) out.list.push_back(static_cast<double>(x));
  return out;
}

template <class M>
M from_option_value(const OptionValue& v) {
  if constexpr (std::is_same_v<M, bool>)
    return v.flag;
  else if constexpr (std::is_same_v<M, std::string>)
    return v.text;
  else if constexpr (std::is_enum_v<M>)
    return *find_name<M>(v.text);
  else if constexpr (std::is_arithmetic_v<M>)
    return static_cast<M>(v.number);
  else if constexpr (std::is_same_v<M, Eigen::VectorXd>)
    return Eigen::Map<const Eigen::VectorXd>(v.list.data(), static_cast<Eigen::Index>(v.list.size()));
  else {
    M out;
    for (double x : v.list) out.push_back(static_cast<typename M::value_type>(x));
    return out;
  }
}

// The range an integer member can hold, intersected with the one asked for.
template <class M>
OptionRange within_type(OptionRange range) {
  if constexpr (std::is_integral_v<M> && !std::is_same_v<M, bool>) {
    const double lowest = std::is_signed_v<M> ? static_cast<double>(std::numeric_limits<std::int32_t>::min()) : 0.0;
    const double highest =
        sizeof(M) >= 8 ? kLargestExactInteger : static_cast<double>(std::numeric_limits<std::int32_t>::max());
    range.minimum = std::max(range.minimum, lowest);
    range.maximum = std::min(range.maximum, highest);
  } else if constexpr (std::is_same_v<M, std::vector<int>>) {
    range.minimum = std::max(range.minimum, static_cast<double>(std::numeric_limits<std::int32_t>::min()));
    range.maximum = std::min(range.maximum, static_cast<double>(std::numeric_limits<std::int32_t>::max()));
  }
  return range;
}
}  // namespace detail

// An option stored where `access(T&)` says: a member pointer (&T::iterations) or a
// function returning a reference ([](auto& o) -> auto& { return o.vi.steps; }). The
// type follows the member's C++ type; integer members are bounded by what they hold.
template <class T, class Access>
Option<T> option(const char* name, Access access, OptionRange range, const char* doc, const char* placeholder = "") {
  auto ref = [access](auto& target) -> auto& {
    if constexpr (std::is_member_object_pointer_v<Access>)
      return target.*access;
    else
      return access(target);
  };
  using M = std::decay_t<decltype(ref(std::declval<T&>()))>;
  Option<T> o;
  o.info.name = name;
  o.info.type = detail::option_type_of<M>();
  o.info.range = detail::within_type<M>(range);
  o.info.doc = doc;
  o.info.placeholder = placeholder;
  if constexpr (std::is_enum_v<M>) o.info.choices = names_of<M>();
  o.set = [ref](T& target, const OptionValue& v) { ref(target) = detail::from_option_value<M>(v); };
  o.get = [ref](const T& target) { return detail::to_option_value<M>(ref(target)); };
  return o;
}

// `o`, also accepted under `old_name` (snake_case) with a deprecation note.
template <class T>
Option<T> with_deprecated_name(Option<T> o, const char* old_name) {
  o.info.deprecated_names.emplace_back(old_name);
  return o;
}

// The options of one struct, under a name ("gmm", "scale"), with the struct whose
// members are the defaults (T{} unless the set says otherwise).
template <class T>
class OptionSet {
 public:
  OptionSet(
      std::string name, std::vector<Option<T>> options, std::function<T()> defaults = [] { return T{}; })
      : name_(std::move(name)), options_(std::move(options)), defaults_(std::move(defaults)) {
    const T base = defaults_();
    for (Option<T>& o : options_) {
      o.info.default_value = o.get(base);
      o.info.default_text = option_value_text(o.info, o.info.default_value);
    }
  }

  const std::string& name() const { return name_; }
  const std::vector<Option<T>>& options() const { return options_; }
  T defaults() const { return defaults_(); }
  std::vector<OptionInfo> infos() const {
    std::vector<OptionInfo> out;
    for (const Option<T>& o : options_) out.push_back(o.info);
    return out;
  }
  // The option called `name` (snake_case), or nullptr.
  const Option<T>* find(const std::string& name) const {
    for (const Option<T>& o : options_)
      if (o.info.name == name) return &o;
    return nullptr;
  }
  // Checks `value` and stores it; OptionError naming the option otherwise (and for
  // an option the set does not have).
  void apply(T& target, const std::string& name, const OptionValue& value) const {
    const Option<T>* o = find(name);
    if (o == nullptr) throw OptionError(name, "is not an option of " + name_);
    if (const std::optional<std::string> failure = check_option(o->info, value)) throw OptionError(name, *failure);
    o->set(target, value);
  }

 private:
  std::string name_;
  std::vector<Option<T>> options_;
  std::function<T()> defaults_;
};

// "  --iterations N   sampler iterations (default 2000; an integer in [1, 2147483647])":
// one line per option, for a command's usage text.
std::string option_usage(const std::vector<OptionInfo>& options);

}  // namespace lethe
