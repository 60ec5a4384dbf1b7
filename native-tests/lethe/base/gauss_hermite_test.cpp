// Gauss–Hermite under N(0, 1): exact for polynomials of degree ≤ 2n − 1, off by
// exactly n! on z^{2n} (the rule's nodes are the roots of He_n, and E[He_n²] = n!),
// Gaussian expectations against closed forms, and the rule's shape and limits.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/gauss_hermite.hpp>

namespace gauss_hermite_test {
// E[z^k] under N(0, 1): 0 for odd k, (k − 1)!! for even k.
double normal_moment(int k) {
  if (k % 2 == 1) return 0.0;
  double m = 1.0;
  for (int j = k - 1; j > 1; j -= 2) m *= j;
  return m;
}

double rule_moment(const lethe::GaussHermite& rule, int k) {
  return (rule.weights.array() * rule.nodes.array().pow(k)).sum();
}
// Σ w_i |z_i|^k: the size of the terms, the scale of the sum's rounding.
double rule_scale(const lethe::GaussHermite& rule, int k) {
  return (rule.weights.array() * rule.nodes.array().abs().pow(k)).sum();
}
}  // namespace gauss_hermite_test

TEST_CASE("gauss_hermite: exact for every monomial up to degree 2n − 1, short by n! at 2n", "[base][gauss_hermite]") {
  double factorial = 1.0;
  for (int n = 1; n <= 10; ++n) {
    factorial *= n;
    const lethe::GaussHermite rule = lethe::gauss_hermite(n);
    REQUIRE(rule.nodes.size() == n);
    REQUIRE(rule.weights.size() == n);
    for (int k = 0; k <= 2 * n - 1; ++k) {
      INFO("n = " << n << ", degree " << k);
      const double exact = gauss_hermite_test::normal_moment(k);
      CHECK(gauss_hermite_test::rule_moment(rule, k) ==
            Approx(exact).epsilon(1e-11).margin(1e-13 * gauss_hermite_test::rule_scale(rule, k)));
    }
    INFO("n = " << n << ", degree " << 2 * n);
    CHECK(gauss_hermite_test::normal_moment(2 * n) - gauss_hermite_test::rule_moment(rule, 2 * n) ==
          Approx(factorial).epsilon(1e-7));
  }
}

TEST_CASE("gauss_hermite: nodes ascending and symmetric, weights positive summing to 1", "[base][gauss_hermite]") {
  for (int n : {1, 2, 7, 20, 64, 200}) {
    INFO("n = " << n);
    const lethe::GaussHermite rule = lethe::gauss_hermite(n);
    CHECK(rule.weights.sum() == Approx(1.0).epsilon(1e-14));
    CHECK(rule.weights.minCoeff() > 0.0);
    for (int i = 0; i + 1 < n; ++i) CHECK(rule.nodes[i] < rule.nodes[i + 1]);
    for (int i = 0; i < n; ++i) {
      CHECK(rule.nodes[i] == -rule.nodes[n - 1 - i]);
      CHECK(rule.weights[i] == rule.weights[n - 1 - i]);
    }
    if (n >= 2) CHECK(gauss_hermite_test::rule_moment(rule, 2) == Approx(1.0).epsilon(1e-12));
  }
  // The 2- and 3-point rules in closed form: nodes ±1; 0, ±√3 with weights 2/3, 1/6.
  const lethe::GaussHermite two = lethe::gauss_hermite(2);
  CHECK(two.nodes[1] == Approx(1.0).epsilon(1e-15));
  CHECK(two.weights[0] == Approx(0.5).epsilon(1e-15));
  const lethe::GaussHermite three = lethe::gauss_hermite(3);
  CHECK(three.nodes[1] == 0.0);
  CHECK(three.nodes[2] == Approx(std::sqrt(3.0)).epsilon(1e-14));
  CHECK(three.weights[1] == Approx(2.0 / 3.0).epsilon(1e-14));
  CHECK(three.weights[0] == Approx(1.0 / 6.0).epsilon(1e-14));
}

TEST_CASE("gauss_hermite: smooth Gaussian expectations against closed forms", "[base][gauss_hermite]") {
  const lethe::GaussHermite rule = lethe::gauss_hermite(40);
  const auto expect = [&rule](auto g) {
    double total = 0.0;
    for (Eigen::Index i = 0; i < rule.nodes.size(); ++i) total += rule.weights[i] * g(rule.nodes[i]);
    return total;
  };
  // f ~ N(μ, s²): E[e^f] = e^{μ + s²/2}, E[cos f] = cos μ · e^{−s²/2}, E[f²] = μ² + s².
  const double mu = 0.3, s = 1.7;
  CHECK(expect([&](double z) { return std::exp(mu + s * z); }) == Approx(std::exp(mu + 0.5 * s * s)).epsilon(1e-12));
  CHECK(expect([&](double z) { return std::cos(mu + s * z); }) ==
        Approx(std::cos(mu) * std::exp(-0.5 * s * s)).epsilon(1e-12));
  CHECK(expect([&](double z) { return (mu + s * z) * (mu + s * z); }) == Approx(mu * mu + s * s).epsilon(1e-13));
  // E[|z|] = √(2/π): not smooth at 0, so only to a few digits, improving with n.
  const double abs_exact = std::sqrt(2.0 / std::acos(-1.0));
  const double err40 = std::fabs(expect([](double z) { return std::fabs(z); }) - abs_exact);
  const lethe::GaussHermite coarse = lethe::gauss_hermite(10);
  double abs10 = 0.0;
  for (Eigen::Index i = 0; i < 10; ++i) abs10 += coarse.weights[i] * std::fabs(coarse.nodes[i]);
  CHECK(err40 < 1e-2);
  CHECK(err40 < std::fabs(abs10 - abs_exact));
}

TEST_CASE("gauss_hermite: n outside [1, 200] throws InvalidArgument naming 'n'", "[base][gauss_hermite][errors]") {
  REQUIRE_THROWS_AS(lethe::gauss_hermite(0), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::gauss_hermite(0), Catch::Contains("gauss_hermite: parameter 'n'"));
  REQUIRE_THROWS_WITH(lethe::gauss_hermite(-4), Catch::Contains("parameter 'n'"));
  REQUIRE_THROWS_AS(lethe::gauss_hermite(201), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::gauss_hermite(201), Catch::Contains("parameter 'n' must be at most 200"));
}
