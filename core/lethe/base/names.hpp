// One table per enumeration, mapping each value to the token users type (CLI
// options, JavaScript option strings) and to the label results print. Every layer
// (core, CLI, bindings, the JavaScript API) parses and prints through these, so a
// name is written once, next to its enum.
//
// A family declares its table by specialising EnumNames beside the enum:
//   template <> struct EnumNames<Protocol> {
//     static constexpr Named<Protocol> entries[] = {{Protocol::fast, "fast", "fast"}, …};
//   };
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <lethe/base/errors.hpp>

namespace lethe {

template <typename Enum>
struct Named {
  Enum value;
  const char* name;   // the token: "eubo"
  const char* label;  // how results print it: "EUBO"
};

template <typename Enum>
struct EnumNames;  // specialised per enum: static constexpr Named<Enum> entries[]

// The value whose name or label is `text`, if any.
template <typename Enum>
std::optional<Enum> find_name(const std::string& text) {
  for (const Named<Enum>& e : EnumNames<Enum>::entries)
    if (text == e.name || text == e.label) return e.value;
  return std::nullopt;
}

// "'a', 'b' or 'c'": tokens for a message.
inline std::string choices_text(const std::vector<std::string>& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out += i + 1 == tokens.size() ? " or " : ", ";
    out += "'" + tokens[i] + "'";
  }
  return out;
}

// Every token, in table order (for option lists and the JavaScript API).
template <typename Enum>
std::vector<std::string> names_of() {
  std::vector<std::string> out;
  for (const Named<Enum>& e : EnumNames<Enum>::entries) out.emplace_back(e.name);
  return out;
}

// "'a', 'b' or 'c'": the accepted tokens of an enum, for messages.
template <typename Enum>
std::string choices_text() {
  return choices_text(names_of<Enum>());
}

// The value named `text`; InvalidArgument naming function and parameter otherwise,
// e.g. "moonsProblem: parameter 'protocol' must be 'fast' or 'paper' (got 'x')".
template <typename Enum>
Enum parse_name(const std::string& text, const char* function, const char* parameter) {
  if (const std::optional<Enum> value = find_name<Enum>(text)) return *value;
  fail_argument(function, parameter, "must be " + choices_text<Enum>() + " (got '" + text + "')");
}

template <typename Enum>
const char* name_of(Enum value) {
  for (const Named<Enum>& e : EnumNames<Enum>::entries)
    if (e.value == value) return e.name;
  return "?";
}

template <typename Enum>
const char* label_of(Enum value) {
  for (const Named<Enum>& e : EnumNames<Enum>::entries)
    if (e.value == value) return e.label;
  return "?";
}

}  // namespace lethe
