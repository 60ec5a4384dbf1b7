// The shared constants against the standard library's own values.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/constants.hpp>

TEST_CASE("constants: kPi and kLog2Pi agree with acos(−1) and log(2π) to the last bit or so", "[base][constants]") {
  CHECK(lethe::kPi == Approx(std::acos(-1.0)).epsilon(1e-16));
  CHECK(std::sin(lethe::kPi) == Approx(0.0).margin(1e-15));
  CHECK(lethe::kLog2Pi == Approx(std::log(2.0 * std::acos(-1.0))).epsilon(1e-16));
  CHECK(std::exp(lethe::kLog2Pi) == Approx(2.0 * lethe::kPi).epsilon(1e-15));
  // A standard normal density at 0 is 1/√(2π): the use the constant exists for.
  CHECK(std::exp(-0.5 * lethe::kLog2Pi) == Approx(1.0 / std::sqrt(2.0 * lethe::kPi)).epsilon(1e-15));
  static_assert(lethe::kPi > 3.14159 && lethe::kPi < 3.14160, "kPi is usable in constant expressions");
}
