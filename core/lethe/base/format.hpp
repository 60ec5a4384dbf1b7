// Numbers as text, for status messages, tables and figure labels: one printf-style
// formatter that the core's messages and the command line both use.
#pragma once

#include <string>

namespace lethe {

// One number, printf-style ("%.1f", "%.3e", "%8.3f"); NaN prints as "-" in the same
// width (a measure that does not apply to that row of a table).
std::string format_number(const char* pattern, double value);

}  // namespace lethe
