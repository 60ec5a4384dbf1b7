// The option descriptions (base/option_spec.hpp): defaults read from the struct,
// ranges and types enforced with messages naming the requirement, unknown options
// rejected, and a usage text that lists every option.
#include <lethe/base/option_spec.hpp>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace {

enum class Colour { red, green };

struct Demo {
  int iterations = 2000;
  double rate = 0.05;
  double budget = 0.0;
  bool verbose = false;
  Colour colour = Colour::green;
  std::vector<double> lambdas = {0.5, 1e-5, 0.0};
  std::vector<int> hidden = {16, 16};
  std::uint64_t seed = 0;
  std::string file;
  struct {
    int steps = 300;
  } inner;
};

}  // namespace

namespace lethe {
template <>
struct EnumNames<Colour> {
  static constexpr Named<Colour> entries[] = {{Colour::red, "red", "Red"}, {Colour::green, "green", "Green"}};
};
}  // namespace lethe

namespace {

using lethe::OptionSet;
using lethe::OptionType;
using lethe::OptionValue;

const OptionSet<Demo>& demo_set() {
  static const OptionSet<Demo> set(
      "demo", {lethe::option<Demo>("iterations", &Demo::iterations, lethe::in_range(1, 1000000), "iterations"),
               lethe::option<Demo>("rate", &Demo::rate, lethe::positive(), "a step size"),
               lethe::option<Demo>("budget", &Demo::budget, lethe::at_least(0), "a budget"),
               lethe::option<Demo>("verbose", &Demo::verbose, lethe::any_value(), "say more"),
               lethe::option<Demo>("colour", &Demo::colour, lethe::any_value(), "a colour"),
               lethe::option<Demo>("lambdas", &Demo::lambdas, lethe::entries(lethe::in_range(0, 1), 1), "lambdas"),
               lethe::option<Demo>("hidden", &Demo::hidden, lethe::entries(lethe::in_range(1, 4096), 1, 3), "widths"),
               lethe::option<Demo>("seed", &Demo::seed, lethe::at_least(0), "a seed"),
               lethe::option<Demo>("file", &Demo::file, lethe::any_value(), "a file", "FILE.csv"),
               lethe::option<Demo>(
                   "inner_steps", [](auto& d) -> auto& { return d.inner.steps; }, lethe::at_least(0), "nested")});
  return set;
}

OptionValue number(double v) {
  OptionValue out;
  out.number = v;
  return out;
}

OptionValue list(std::vector<double> v) {
  OptionValue out;
  out.list = std::move(v);
  return out;
}

std::string failure(const std::string& name, const OptionValue& value) {
  Demo d;
  try {
    demo_set().apply(d, name, value);
  } catch (const lethe::OptionError& e) {
    CHECK(e.option() == name);
    return e.requirement();
  }
  return "";
}

}  // namespace

TEST_CASE("option types and defaults come from the struct's members", "[option_spec]") {
  const Demo base;
  const auto infos = demo_set().infos();
  REQUIRE(infos.size() == 10);
  CHECK(infos[0].type == OptionType::integer);
  CHECK(infos[0].default_value.number == base.iterations);
  CHECK(infos[0].default_text == "2000");
  CHECK(infos[1].type == OptionType::number);
  CHECK(infos[1].default_text == "0.05");
  CHECK(infos[3].type == OptionType::flag);
  CHECK(infos[4].type == OptionType::choice);
  CHECK(infos[4].choices == std::vector<std::string>{"red", "green"});
  CHECK(infos[4].default_text == "green");
  CHECK(infos[5].type == OptionType::numbers);
  CHECK(infos[5].default_value.list == base.lambdas);
  CHECK(infos[5].default_text == "0.5,1e-05,0");
  CHECK(infos[6].type == OptionType::integers);
  CHECK(infos[6].default_text == "16,16");
  CHECK(infos[7].type == OptionType::integer);
  CHECK(infos[7].range.minimum == 0);
  CHECK(infos[7].range.maximum == lethe::kLargestExactInteger);  // a seed: what a double holds exactly
  CHECK(infos[8].type == OptionType::text);
  CHECK(infos[9].default_value.number == 300);
  CHECK(infos[9].range.maximum == 2147483647.0);  // an int member: what it holds
}

TEST_CASE("options are stored by the description, through members and accessors", "[option_spec]") {
  Demo d;
  demo_set().apply(d, "iterations", number(25));
  demo_set().apply(d, "inner_steps", number(7));
  OptionValue red;
  red.text = "red";
  demo_set().apply(d, "colour", red);
  demo_set().apply(d, "hidden", list({8, 4}));
  OptionValue on;
  on.flag = true;
  demo_set().apply(d, "verbose", on);
  CHECK(d.iterations == 25);
  CHECK(d.inner.steps == 7);
  CHECK(d.colour == Colour::red);
  CHECK(d.hidden == std::vector<int>{8, 4});
  CHECK(d.verbose);
}

TEST_CASE("ranges and types are enforced, the message naming the requirement", "[option_spec]") {
  CHECK(failure("iterations", number(0)) == "must be an integer in [1, 1000000] (got 0)");
  CHECK(failure("iterations", number(2.5)) == "must be an integer in [1, 1000000] (got 2.5)");
  CHECK(failure("rate", number(0)) == "must be a number greater than 0 (got 0)");
  CHECK(failure("budget", number(-1)) == "must be a number of at least 0 (got -1)");
  CHECK(failure("seed", number(-1)) == "must be an integer in [0, 9007199254740991] (got -1)");
  OptionValue blue;
  blue.text = "blue";
  CHECK(failure("colour", blue) == "must be 'red' or 'green' (got 'blue')");
  CHECK(failure("lambdas", list({0.5, 2})) == "must be a list of at least 1 numbers in [0, 1] (got 2 at index 1)");
  CHECK(failure("lambdas", list({})) == "must be a list of at least 1 numbers in [0, 1] (got 0 entries)");
  CHECK(failure("hidden", list({8, 0})) == "must be a list of 1 to 3 integers in [1, 4096] (got 0 at index 1)");
  CHECK(failure("hidden", list({8, 8, 8, 8})) == "must be a list of 1 to 3 integers in [1, 4096] (got 4 entries)");
  CHECK(failure("iterations", number(std::nan(""))).rfind("must be an integer in [1, 1000000] (got ", 0) == 0);
  // A failed value changes nothing.
  Demo d;
  CHECK_THROWS_AS(demo_set().apply(d, "iterations", number(0)), lethe::OptionError);
  CHECK(d.iterations == 2000);
}

TEST_CASE("an option the set does not describe is rejected", "[option_spec]") {
  Demo d;
  CHECK(demo_set().find("iteration") == nullptr);
  CHECK(failure("iteration", number(1)) == "is not an option of demo");
  CHECK_THROWS_AS(demo_set().apply(d, "iteration", number(1)), lethe::InvalidArgument);
}

TEST_CASE("names are spelt for the CLI and for JavaScript from the snake_case name", "[option_spec]") {
  CHECK(lethe::cli_name("residual_budget") == "residual-budget");
  CHECK(lethe::js_name("residual_budget") == "residualBudget");
  CHECK(lethe::js_name("seed") == "seed");
}

TEST_CASE("the usage text lists every option with its default", "[option_spec]") {
  const std::string usage = lethe::option_usage(demo_set().infos());
  for (const lethe::OptionInfo& o : demo_set().infos()) {
    CHECK(usage.find("--" + lethe::cli_name(o.name)) != std::string::npos);
    CHECK(usage.find(o.doc) != std::string::npos);
  }
  CHECK(usage.find("--iterations N") != std::string::npos);
  CHECK(usage.find("(default 2000)") != std::string::npos);
  CHECK(usage.find("--colour red|green") != std::string::npos);
  CHECK(usage.find("--file FILE.csv") != std::string::npos);
  CHECK(usage.find("an integer in [1, 1000000]") != std::string::npos);
}
