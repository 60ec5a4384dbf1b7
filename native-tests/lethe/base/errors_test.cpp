// The typed errors and the named checks: the message names function and parameter,
// and InvalidArgument keeps the parameter for callers that map it to their own names.
#include <lethe/base/errors.hpp>

#include <limits>

#include <catch2/catch.hpp>

TEST_CASE("fail_argument and the checks name function and parameter", "[errors]") {
  try {
    lethe::fail_argument("fit", "held_out", "needs audited rows");
    FAIL("fail_argument returned");
  } catch (const lethe::InvalidArgument& e) {
    CHECK(std::string(e.what()) == "fit: parameter 'held_out' needs audited rows");
    CHECK(e.parameter() == "held_out");
  }
  try {
    lethe::check_positive("Gaussian", "variance", -1.0);
    FAIL("check_positive accepted -1");
  } catch (const lethe::InvalidArgument& e) {
    CHECK(e.parameter() == "variance");
    CHECK_THAT(e.what(), Catch::Contains("Gaussian") && Catch::Contains("must be positive"));
  }
  CHECK_THROWS_AS(lethe::check_finite("f", "x", std::numeric_limits<double>::infinity()), lethe::InvalidArgument);
  CHECK_NOTHROW(lethe::check_unit_interval("f", "lambda", 1.0));
  CHECK(lethe::InvalidArgument("a message without a parameter").parameter().empty());
}
