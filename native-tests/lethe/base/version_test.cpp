#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <lethe/base/version.hpp>

TEST_CASE("the version is one fact: core, CMake and package.json agree", "[base][version]") {
  CHECK(std::string(lethe::kVersion) == LETHE_PROJECT_VERSION);
  std::ifstream in(std::string(LETHE_SOURCE_DIR) + "/package.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("\"version\": \"" + std::string(lethe::kVersion) + "\""));
}
