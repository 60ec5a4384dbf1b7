// JSON of a described result: values, and JsonObject, the sink that the field
// descriptions (lethe/base/fields.hpp) write a result into. The `lethe` tool prints
// its --json with it and the WebAssembly module exports the same text, so a result
// reads the same from either. Numbers carry 17 significant digits so that the wasm
// parity tests can compare to 1e-12; non-finite numbers, which JSON cannot hold, are
// written as null.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/fields.hpp>

namespace lethe {

inline std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// A quoted string: quotes and backslashes escaped, control characters as \u00XX,
// everything else (UTF-8 included) as it is.
inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(byte));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline std::string json_array(const double* values, std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + json_number(values[i]);
  return s + "]";
}
inline std::string json_array(const std::vector<double>& v) { return json_array(v.data(), v.size()); }
inline std::string json_array(const Eigen::VectorXd& v) {
  return json_array(v.data(), static_cast<std::size_t>(v.size()));
}
inline std::string json_array(const Eigen::VectorXi& v) {
  return json_array(std::vector<double>(v.data(), v.data() + v.size()));
}
inline std::string json_array(const std::vector<int>& v) { return json_array(std::vector<double>(v.begin(), v.end())); }

// A matrix as an array of its rows.
inline std::string json_rows(const Eigen::MatrixXd& m) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    const Eigen::VectorXd row = m.row(i).transpose();
    s += (i ? "," : "") + json_array(row);
  }
  return s + "]";
}

// Builds one JSON object, a field at a time, in the order the fields come.
class JsonObject {
 public:
  void number(const FieldName& field, double v) { raw(field, json_number(v)); }
  void number(const FieldName& field, std::optional<double> v) {
    if (v) number(field, *v);
  }
  void integer(const FieldName& field, long v) { raw(field, std::to_string(v)); }
  void integer64(const FieldName& field, std::int64_t v) { raw(field, std::to_string(v)); }
  void ids(const FieldName& field, const std::vector<std::int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    raw(field, s + "]");
  }
  void texts(const FieldName& field, const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + json_string(v[i]);
    raw(field, s + "]");
  }
  void nullable(const FieldName& field, std::optional<long> v) { raw(field, v ? std::to_string(*v) : "null"); }
  void flag(const FieldName& field, bool v) { raw(field, v ? "true" : "false"); }
  void text(const FieldName& field, const std::string& v) { raw(field, json_string(v)); }
  void vector(const FieldName& field, const Eigen::VectorXd& v) { raw(field, json_array(v)); }
  void vector(const FieldName& field, const std::vector<double>& v) { raw(field, json_array(v)); }
  void rows(const FieldName& field, const Eigen::MatrixXd& m) { raw(field, json_rows(m)); }

  template <class Value>
  void object(const FieldName& field, const Value& value);
  template <class Value>
  void object(const FieldName& field, const std::optional<Value>& value) {
    if (value) object(field, *value);
  }
  template <class Value>
  void list(const FieldName& field, const std::vector<Value>& items);

  // A value that is JSON already.
  void raw(const FieldName& field, const std::string& json) {
    if (!empty()) text_ += ",";
    text_ += json_string(field.json_key()) + ":" + json;
  }

  std::string str() const { return text_ + "}"; }

 private:
  bool empty() const { return text_.size() == 1; }
  std::string text_ = "{";
};

// A described result (see core/lethe/experiments/*_fields.hpp) as a JSON object.
template <class Value>
std::string json_object(const Value& value) {
  JsonObject out;
  describe(value, out);
  return out.str();
}

template <class Value>
void JsonObject::object(const FieldName& field, const Value& value) {
  raw(field, json_object(value));
}

template <class Value>
void JsonObject::list(const FieldName& field, const std::vector<Value>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + json_object(items[i]);
  raw(field, s + "]");
}

}  // namespace lethe
