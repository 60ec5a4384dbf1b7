// How an experiment's result is described to the outside: one list of its fields,
// from which both the JSON (lethe/base/json.hpp) and the JavaScript objects
// of the bindings (wasm/boundary.hpp) are made. A field added, renamed or dropped in
// the list changes both outputs at once.
//
// Per result type, `template <class Sink> void describe(const Result&, Sink&)` (in
// moons_fields.hpp and forgetting_fields.hpp) writes each field once, in order, under
// its snake_case name; the JavaScript sink spells it in camelCase (kl_forgotten → klForgotten).
// A sink provides:
//   number(name, double)               integer(name, long)     flag(name, bool)
//   number(name, std::optional<double>)                        text(name, std::string)
//   nullable(name, std::optional<long>) an integer that may be null in both outputs
//                                      (JSON writes null instead of leaving it out)
//   vector(name, Eigen::VectorXd or std::vector<double>)
//   rows(name, Eigen::MatrixXd)        a matrix given row by row: JSON nests the rows,
//                                      JavaScript flattens them (row-major)
//   object(name, value)                a nested object: describe(value, nested sink)
//   object(name, std::optional<value>)
//   list(name, std::vector<value>)     an array of described objects
// A field that only some results have (the ESS of a reverse-KL run, the target when it
// was asked for) is passed as an empty optional when absent: the JSON leaves it out,
// JavaScript gives it as null, so that a JavaScript object always has the same keys.
#pragma once

#include <optional>

namespace lethe {

// A field's name: snake_case, and the JSON key where that differs. The CLI printed a
// few fields under other names before the JavaScript API existed; scripts read those
// keys and pages read the JavaScript ones, so both spellings are kept, here only.
struct FieldName {
  // Implicit, so that a plain "kl_forgotten" names a field.
  FieldName(const char* snake_name) : name(snake_name) {}  // NOLINT(google-explicit-constructor)
  FieldName(const char* snake_name, const char* json_name) : name(snake_name), json(json_name) {}

  const char* json_key() const { return json != nullptr ? json : name; }

  const char* name;
  const char* json = nullptr;
};

// `value` if the result has the field, else an absent field.
inline std::optional<double> present_if(bool present, double value) {
  return present ? std::optional<double>(value) : std::nullopt;
}

}  // namespace lethe
