#include <lethe/base/format.hpp>

#include <cmath>
#include <cstdio>

namespace lethe {

std::string format_number(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  std::string text = buffer;
  if (std::isnan(value)) {
    const std::size_t start = text.find_first_not_of(' ');
    const std::size_t width = text.size() - start;  // "nan" or "-nan", with a sign flag "+nan"
    text.replace(start, width, std::string(width - 1, ' ') + "-");
  }
  return text;
}

}  // namespace lethe
