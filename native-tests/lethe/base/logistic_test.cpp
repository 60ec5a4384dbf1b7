// The logistic function and its logarithms: against the naive formulas where those
// are accurate, against their identities everywhere, and finite at ±700 where the
// naive forms overflow.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/logistic.hpp>

TEST_CASE("logistic: sigmoid, log_sigmoid and softplus match the naive formulas at moderate arguments",
          "[base][logistic]") {
  for (double t = -30.0; t <= 30.0; t += 0.37) {
    const double naive_sigmoid = 1.0 / (1.0 + std::exp(-t));
    CHECK(lethe::sigmoid(t) == Approx(naive_sigmoid).epsilon(1e-14));
    // log(1 + x) loses the digits of a tiny x: the naive logs are good to ~1e-16 absolutely.
    CHECK(lethe::log_sigmoid(t) == Approx(std::log(naive_sigmoid)).epsilon(1e-12).margin(1e-15));
    CHECK(lethe::softplus(t) == Approx(std::log(1.0 + std::exp(t))).epsilon(1e-12).margin(1e-15));
  }
}

TEST_CASE("logistic: the identities σ(−t) = 1 − σ(t), log σ(t) = −softplus(−t), softplus(u) − softplus(−u) = u",
          "[base][logistic]") {
  for (double t = -40.0; t <= 40.0; t += 0.731) {
    CHECK(lethe::sigmoid(-t) + lethe::sigmoid(t) == Approx(1.0).epsilon(1e-15));
    CHECK(lethe::log_sigmoid(t) == Approx(-lethe::softplus(-t)).epsilon(1e-15).margin(1e-300));
    CHECK(lethe::softplus(t) - lethe::softplus(-t) == Approx(t).margin(1e-12));
    // d/dt log σ(t) = 1 − σ(t) = σ(−t), by central differences.
    const double h = 1e-5;
    CHECK((lethe::log_sigmoid(t + h) - lethe::log_sigmoid(t - h)) / (2 * h) == Approx(lethe::sigmoid(-t)).margin(1e-8));
  }
}

TEST_CASE("logistic: finite and accurate at ±700 and beyond, where the naive forms overflow", "[base][logistic]") {
  // Naively e^{800}/(1 + e^{800}) is inf/inf and log(1 + e^{800}) = inf.
  CHECK(lethe::sigmoid(700.0) == 1.0);
  CHECK(lethe::sigmoid(-700.0) > 0.0);
  CHECK(lethe::sigmoid(-700.0) == Approx(std::exp(-700.0)).epsilon(1e-12));
  CHECK(lethe::log_sigmoid(-700.0) == Approx(-700.0).epsilon(1e-15));
  CHECK(lethe::log_sigmoid(700.0) == Approx(-std::exp(-700.0)).epsilon(1e-12));
  CHECK(lethe::softplus(800.0) == Approx(800.0).epsilon(1e-15));
  CHECK(std::isfinite(lethe::softplus(800.0)));
  CHECK(lethe::softplus(-800.0) >= 0.0);
  CHECK(lethe::softplus(-700.0) == Approx(std::exp(-700.0)).epsilon(1e-12));
  for (double t : {-1e6, -745.0, -700.0, 700.0, 745.0, 1e6}) {
    CHECK(std::isfinite(lethe::sigmoid(t)));
    CHECK(std::isfinite(lethe::log_sigmoid(t)));
    CHECK(std::isfinite(lethe::softplus(t)));
    CHECK(lethe::sigmoid(t) >= 0.0);
    CHECK(lethe::sigmoid(t) <= 1.0);
    CHECK(lethe::log_sigmoid(t) <= 0.0);
  }
  CHECK(lethe::sigmoid(0.0) == 0.5);
  CHECK(lethe::log_sigmoid(0.0) == Approx(-std::log(2.0)).epsilon(1e-15));
  CHECK(lethe::softplus(0.0) == Approx(std::log(2.0)).epsilon(1e-15));
}
