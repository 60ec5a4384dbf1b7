#include <lethe/base/option_spec.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace lethe {

namespace {

// The shortest text that reads back as the same double: 0.05, 1e-05, 2000.
std::string option_number_text(double v) {
  char buffer[40];
  if (v == std::floor(v) && std::fabs(v) < 1e16) {
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

bool option_is_integral(OptionType type) { return type == OptionType::integer || type == OptionType::integers; }

// " in [a, b]", " greater than a", " of at least a", " of at most b" or "".
std::string option_range_words(const OptionRange& r) {
  const bool low = std::isfinite(r.minimum), high = std::isfinite(r.maximum);
  if (low && high)
    return std::string(" in ") + (r.exclusive_minimum ? "(" : "[") + option_number_text(r.minimum) + ", " +
           option_number_text(r.maximum) + "]";
  if (low) return (r.exclusive_minimum ? " greater than " : " of at least ") + option_number_text(r.minimum);
  if (high) return " of at most " + option_number_text(r.maximum);
  return "";
}

bool option_accepts(const OptionRange& r, double v) {
  if (!std::isfinite(v)) return false;
  if (r.exclusive_minimum ? !(v > r.minimum) : !(v >= r.minimum)) return false;
  return v <= r.maximum;
}

std::string option_count_words(const OptionRange& r) {
  if (r.min_count > 0 && r.min_count == r.max_count) return std::to_string(r.min_count) + " ";
  if (r.min_count > 0 && r.max_count > 0)
    return std::to_string(r.min_count) + " to " + std::to_string(r.max_count) + " ";
  if (r.min_count > 0) return "at least " + std::to_string(r.min_count) + " ";
  if (r.max_count > 0) return "at most " + std::to_string(r.max_count) + " ";
  return "";
}

}  // namespace

std::string cli_name(const std::string& snake_name) {
  std::string out = snake_name;
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

std::string js_name(const std::string& snake_name) {
  std::string out;
  bool capital = false;
  for (char c : snake_name) {
    if (c == '_') {
      capital = true;
      continue;
    }
    out += capital ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    capital = false;
  }
  return out;
}

std::string requirement(const OptionInfo& info) {
  switch (info.type) {
    case OptionType::number: {
      const std::string words = option_range_words(info.range);
      return words.empty() ? "must be a finite number" : "must be a number" + words;
    }
    case OptionType::integer:
      return "must be an integer" + option_range_words(info.range);
    case OptionType::flag:
    case OptionType::text:
      return "";
    case OptionType::choice: {
      std::string out;
      for (std::size_t i = 0; i < info.choices.size(); ++i) {
        if (i > 0) out += i + 1 == info.choices.size() ? " or " : ", ";
        out += "'" + info.choices[i] + "'";
      }
      return "must be " + out;
    }
    case OptionType::numbers:
    case OptionType::integers:
      return "must be a list of " + option_count_words(info.range) +
             (option_is_integral(info.type) ? "integers" : "numbers") + option_range_words(info.range);
  }
  return "";
}

std::string option_value_text(const OptionInfo& info, const OptionValue& value) {
  switch (info.type) {
    case OptionType::number:
    case OptionType::integer:
      return option_number_text(value.number);
    case OptionType::flag:
      return value.flag ? "true" : "false";
    case OptionType::choice:
    case OptionType::text:
      return value.text;
    case OptionType::numbers:
    case OptionType::integers: {
      std::string out;
      for (double v : value.list) out += (out.empty() ? "" : ",") + option_number_text(v);
      return out;
    }
  }
  return "";
}

std::optional<std::string> check_option(const OptionInfo& info, const OptionValue& value) {
  const std::string need = requirement(info);
  switch (info.type) {
    case OptionType::number:
      if (!option_accepts(info.range, value.number)) return need + " (got " + option_number_text(value.number) + ")";
      return std::nullopt;
    case OptionType::integer:
      if (!option_accepts(info.range, value.number) || value.number != std::floor(value.number))
        return need + " (got " + option_number_text(value.number) + ")";
      return std::nullopt;
    case OptionType::flag:
    case OptionType::text:
      return std::nullopt;
    case OptionType::choice:
      for (const std::string& c : info.choices)
        if (c == value.text) return std::nullopt;
      return need + " (got '" + value.text + "')";
    case OptionType::numbers:
    case OptionType::integers: {
      const auto n = static_cast<int>(value.list.size());
      if (n < info.range.min_count || (info.range.max_count > 0 && n > info.range.max_count))
        return need + " (got " + std::to_string(n) + (n == 1 ? " entry)" : " entries)");
      for (std::size_t i = 0; i < value.list.size(); ++i) {
        const double v = value.list[i];
        if (!option_accepts(info.range, v) || (option_is_integral(info.type) && v != std::floor(v)))
          return need + " (got " + option_number_text(v) + " at index " + std::to_string(i) + ")";
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string option_usage(const std::vector<OptionInfo>& options) {
  std::string out;
  for (const OptionInfo& o : options) {
    std::string head = "  --" + cli_name(o.name);
    if (!o.placeholder.empty())
      head += " " + o.placeholder;
    else
      switch (o.type) {
        case OptionType::number:
          head += " X";
          break;
        case OptionType::integer:
          head += " N";
          break;
        case OptionType::flag:
          break;
        case OptionType::text:
          head += " TEXT";
          break;
        case OptionType::choice:
          head += " ";
          for (std::size_t i = 0; i < o.choices.size(); ++i) head += (i > 0 ? "|" : "") + o.choices[i];
          break;
        case OptionType::numbers:
        case OptionType::integers:
          head += " a,b,...";
          break;
      }
    if (head.size() < 30) head += std::string(30 - head.size(), ' ');
    std::string line = head + (head.size() > 30 ? "  " : " ") + o.doc;
    const std::string need = requirement(o);
    if (!need.empty() && o.type != OptionType::choice) line += "; " + need.substr(std::string("must be ").size());
    if (o.type != OptionType::flag && !o.default_text.empty()) line += " (default " + o.default_text + ")";
    out += line + "\n";
  }
  return out;
}

}  // namespace lethe
