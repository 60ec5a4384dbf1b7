// A Sink for the describe() functions of the experiments' *_fields.hpp (the contract
// of lethe/base/fields.hpp) that records every field: its snake_case name, its
// JSON key, its kind and value, nested objects and lists recursively. The field tests
// check the lists against the result structs through it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <lethe/base/fields.hpp>
#include <lethe/base/option_spec.hpp>

namespace lethe::testing {

struct FieldRecorder {
  struct Field {
    std::string name, json, kind;
    std::optional<double> number;  // number/integer/flag/nullable (absent: empty)
    std::string text;
    std::vector<double> values;  // vector, or rows flattened row-major
    long rows = 0;
    std::shared_ptr<FieldRecorder> nested;  // object
    std::vector<FieldRecorder> items;       // list
  };
  std::vector<Field> fields;

  Field& add(const FieldName& f, const char* kind) {
    fields.push_back(Field{f.name, f.json_key(), kind, std::nullopt, {}, {}, 0, nullptr, {}});
    return fields.back();
  }
  void number(const FieldName& f, double v) { add(f, "number").number = v; }
  void number(const FieldName& f, std::optional<double> v) { add(f, "number").number = v; }
  void integer(const FieldName& f, long v) { add(f, "integer").number = static_cast<double>(v); }
  void flag(const FieldName& f, bool v) { add(f, "flag").number = v ? 1.0 : 0.0; }
  void text(const FieldName& f, const std::string& v) { add(f, "text").text = v; }
  void nullable(const FieldName& f, std::optional<long> v) {
    add(f, "nullable").number = v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
  }
  void vector(const FieldName& f, const Eigen::VectorXd& v) {
    add(f, "vector").values = std::vector<double>(v.data(), v.data() + v.size());
  }
  void vector(const FieldName& f, const std::vector<double>& v) { add(f, "vector").values = v; }
  void rows(const FieldName& f, const Eigen::MatrixXd& m) {
    Field& field = add(f, "rows");
    field.rows = static_cast<long>(m.rows());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      for (Eigen::Index j = 0; j < m.cols(); ++j) field.values.push_back(m(i, j));
  }
  template <class Value>
  void object(const FieldName& f, const Value& value) {
    auto nested = std::make_shared<FieldRecorder>();
    describe(value, *nested);
    add(f, "object").nested = nested;
  }
  template <class Value>
  void object(const FieldName& f, const std::optional<Value>& value) {
    Field& field = add(f, "object");
    if (value) {
      field.nested = std::make_shared<FieldRecorder>();
      describe(*value, *field.nested);
    }
  }
  template <class Value>
  void list(const FieldName& f, const std::vector<Value>& values) {
    std::vector<FieldRecorder> items(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) describe(values[i], items[i]);
    add(f, "list").items = std::move(items);
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Field& f : fields) out.push_back(f.name);
    return out;
  }
  const Field& at(const std::string& name) const {
    for (const Field& f : fields)
      if (f.name == name) return f;
    FAIL("no field '" << name << "'");
    return fields.front();
  }
  double number_at(const std::string& name) const {
    const Field& f = at(name);
    REQUIRE(f.number.has_value());
    return *f.number;
  }
};

// The naming rules at every level, recursively: names are non-empty snake_case
// ([a-z0-9_], starting with a letter, no "__", no trailing "_"); names, JSON keys and
// camelCase spellings are each unique, so neither output can lose a field.
inline void check_field_names(const FieldRecorder& r) {
  std::set<std::string> names, json, camel;
  for (const FieldRecorder::Field& f : r.fields) {
    INFO("field '" << f.name << "' (JSON '" << f.json << "')");
    REQUIRE_FALSE(f.name.empty());
    CHECK(std::islower(static_cast<unsigned char>(f.name.front())));
    CHECK(f.name.back() != '_');
    CHECK(f.name.find("__") == std::string::npos);
    for (char c : f.name)
      CHECK((std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'));
    CHECK(names.insert(f.name).second);
    CHECK(json.insert(f.json).second);
    CHECK(camel.insert(lethe::js_name(f.name)).second);
    if (f.nested) check_field_names(*f.nested);
    for (const FieldRecorder& item : f.items) check_field_names(item);
  }
  // A JSON key that differs from the name may not collide with another field's name.
  for (const FieldRecorder::Field& f : r.fields)
    if (f.json != f.name) CHECK(names.count(f.json) == 0);
}

}  // namespace lethe::testing
