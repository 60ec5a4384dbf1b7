// The umbrella headers, as a user includes them: <lethe/lethe.hpp> (the library) and
// <lethe/experiments.hpp> (the applications built on it) compile together in one
// translation unit, and each family's umbrella brings that family's API.
#include <lethe/lethe.hpp>
// The family umbrellas again (each is include-guarded), and the applications'.
#include <lethe/base.hpp>
#include <lethe/bif.hpp>
#include <lethe/bnn.hpp>
#include <lethe/exact.hpp>
#include <lethe/experiments.hpp>
#include <lethe/model.hpp>
#include <lethe/variational.hpp>

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("umbrella headers: one include gives every layer, with nothing colliding", "[layout]") {
  // base: a seeded draw is the same twice.
  lethe::Rng a(7), b(7);
  CHECK(a.uniform() == b.uniform());
  CHECK(std::string(lethe::kVersion).find('.') != std::string::npos);
  // exact, model, experiments: a name from each, through the umbrellas alone.
  CHECK(lethe::family_options("linear").size() > 0);
  CHECK(lethe::LogisticFamily::budget_constant(1e-4) > 0);
  CHECK(lethe::moons_scenarios().front() == lethe::MoonsSweepRequest{}.scenario);
  CHECK(lethe::takes_lambda(lethe::BnnMethod::eubo));
  CHECK_FALSE(lethe::takes_lambda(lethe::BnnMethod::bif_vi));
  CHECK(lethe::default_bnn_scenario(2) == "tip");
  CHECK(lethe::default_bnn_scenario(784) == "class:3");
  for (lethe::BnnMethod m : lethe::bnn_compared_methods()) CHECK(m != lethe::BnnMethod::nothing);
  CHECK(lethe::bnn_compared_methods().size() == 4);
}
