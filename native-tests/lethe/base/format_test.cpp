#include <lethe/base/format.hpp>

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

TEST_CASE("format_number prints printf-style and NaN as a dash in the same width", "[format]") {
  CHECK(lethe::format_number("%.1f", 11.64) == "11.6");
  CHECK(lethe::format_number("%.3e", 0.000123456) == "1.235e-04");
  CHECK(lethe::format_number("%g", 1e-5) == "1e-05");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(lethe::format_number("%8.3f", nan) == "       -");
  CHECK(lethe::format_number("%.3f", nan) == "  -");
  CHECK(lethe::format_number("%+.2f", -nan) == "   -");  // "-nan": four characters
}
