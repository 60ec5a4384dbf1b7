#include "cli.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace lethe::cli {

namespace {
double parse_double(const std::string& option, const std::string& s) {
  try {
    std::size_t used = 0;
    double v = std::stod(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    if (!std::isfinite(v)) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw UsageError("option --" + option + ": '" + s + "' is not a finite number");
  }
}
}  // namespace

Options::Options(const std::vector<std::string>& args, const std::vector<std::vector<OptionInfo>>& allowed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + a + "'");
    std::string name = a.substr(2);
    const OptionInfo* found = nullptr;
    for (const std::vector<OptionInfo>& set : allowed)
      for (const OptionInfo& info : set) {
        if (cli_name(info.name) == name) found = &info;
        for (const std::string& old_name : info.deprecated_names)
          if (cli_name(old_name) == name) {
            std::cerr << "lethe: option --" << name << " is deprecated; use --" << cli_name(info.name) << "\n";
            found = &info;
          }
      }
    if (found == nullptr) throw UsageError("unknown option --" + name);
    name = cli_name(found->name);
    if (found->type == OptionType::flag) {
      values_[name] = "";
    } else {
      if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
      values_[name] = args[++i];
    }
  }
}

OptionValue Options::value_of(const OptionInfo& info) const {
  const std::string name = cli_name(info.name);
  const std::string& text = values_.at(name);
  OptionValue v;
  switch (info.type) {
    case OptionType::number:
      v.number = parse_double(name, text);
      break;
    case OptionType::integer:
      try {
        std::size_t used = 0;
        v.number = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(v.number)) throw std::invalid_argument(text);
      } catch (const std::exception&) {
        throw UsageError("option --" + name + ": '" + text + "' is not an integer");
      }
      break;
    case OptionType::flag:
      v.flag = true;
      break;
    case OptionType::choice:
    case OptionType::text:
      v.text = text;
      break;
    case OptionType::numbers:
    case OptionType::integers: {
      std::stringstream ss(text);
      std::string item;
      while (std::getline(ss, item, ',')) v.list.push_back(parse_double(name, item));
      break;
    }
  }
  return v;
}

namespace {
Option<OutputOptions> json_option() {
  return option<OutputOptions>("json", &OutputOptions::json, any_value(), "print the result as JSON");
}
}  // namespace

const OptionSet<OutputOptions>& output_option_set() {
  static const OptionSet<OutputOptions> set(
      "output", {json_option(),
                 option<OutputOptions>("svg", &OutputOptions::svg, any_value(), "also write a figure", "OUT.svg")});
  return set;
}

const OptionSet<OutputOptions>& json_option_set() {
  static const OptionSet<OutputOptions> set("json output", {json_option()});
  return set;
}

std::string command_usage(const std::string& command, const std::string& summary,
                          const std::vector<std::vector<OptionInfo>>& sets) {
  std::string out = "usage: lethe " + command + " [options]\n" + summary + "options:\n";
  for (const std::vector<OptionInfo>& set : sets) out += option_usage(set);
  return out;
}

bool asked_for_help(const std::vector<std::string>& args, const std::string& usage) {
  for (const std::string& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << usage;
      return true;
    }
  return false;
}

bool Options::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Options::text(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

double Options::number(const std::string& name, double fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : parse_double(name, it->second);
}

}  // namespace lethe::cli
