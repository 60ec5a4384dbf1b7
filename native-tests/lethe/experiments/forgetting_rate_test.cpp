// The O(1/n²) measurement (experiments/forgetting_rate.hpp): loglog_slope against
// exact power laws and the least-squares formula, the measurement on small nested
// sizes (the step's error below what the removal changes, and falling faster with
// n), the default sizes, and typed errors naming the parameter.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/experiments/forgetting_rate.hpp>

TEST_CASE("forgetting rate: loglog_slope recovers power laws and is least squares", "[experiments][forgetting_rate]") {
  const std::vector<double> x = {10, 20, 50, 100, 400};
  std::vector<double> y;
  for (double v : x) y.push_back(3.0 * std::pow(v, -2.0));
  CHECK(lethe::loglog_slope(x, y) == Approx(-2.0).epsilon(1e-12));
  for (double& v : y) v = 0.5 * std::sqrt(v);  // y ∝ x^{-1}
  CHECK(lethe::loglog_slope(x, y) == Approx(-1.0).epsilon(1e-12));
  // Noisy data: the normal-equations slope of a straight-line fit in log–log space.
  lethe::Rng rng(3);
  std::vector<double> noisy;
  for (double v : x) noisy.push_back(std::pow(v, 1.5) * std::exp(0.2 * rng.normal()));
  Eigen::MatrixXd design(5, 2);
  Eigen::VectorXd target(5);
  for (int i = 0; i < 5; ++i) {
    design(i, 0) = 1.0;
    design(i, 1) = std::log(x[static_cast<std::size_t>(i)]);
    target[i] = std::log(noisy[static_cast<std::size_t>(i)]);
  }
  const Eigen::VectorXd fit = design.colPivHouseholderQr().solve(target);
  CHECK(lethe::loglog_slope(x, noisy) == Approx(fit[1]).epsilon(1e-12));
}

TEST_CASE("forgetting rate: loglog_slope rejects bad input by name", "[experiments][forgetting_rate][errors]") {
  using Catch::Contains;
  REQUIRE_THROWS_AS(lethe::loglog_slope({1, 2}, {1}), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::loglog_slope({1, 2}, {1}), Contains("loglog_slope: parameter 'y' has size 1"));
  REQUIRE_THROWS_WITH(lethe::loglog_slope({1}, {1}), Contains("parameter 'x' must be at least 2"));
  REQUIRE_THROWS_WITH(lethe::loglog_slope({1, -2}, {1, 1}), Contains("parameter 'x' must be positive"));
  REQUIRE_THROWS_WITH(lethe::loglog_slope({1, 2}, {1, 0}), Contains("parameter 'y' must be positive"));
  REQUIRE_THROWS_WITH(lethe::loglog_slope({3, 3}, {1, 2}), Contains("parameter 'x' must not be all equal"));
}

TEST_CASE("forgetting rate: the step's error is below the shift and falls faster with n",
          "[experiments][forgetting_rate]") {
  lethe::RateOptions options;
  options.removals = 2;
  options.vi_draws = 4;
  const std::vector<int> sizes = {60, 120, 240, 480};
  const lethe::RateResult r = lethe::measure_forgetting_rate(sizes, options);
  REQUIRE(r.points.size() == sizes.size());
  std::vector<double> ns, map_shift, vi_shift, map_error;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const lethe::RatePoint& p = r.points[k];
    INFO("n = " << p.n);
    CHECK(p.n == sizes[k]);
    CHECK(p.map_error > 0.0);
    CHECK(p.vi_error > 0.0);
    CHECK(p.map_error < 0.2 * p.map_shift);
    CHECK(p.vi_error < 0.2 * p.vi_shift);
    ns.push_back(p.n);
    map_shift.push_back(p.map_shift);
    vi_shift.push_back(p.vi_shift);
    map_error.push_back(p.map_error);
  }
  // The slopes reported are those of the errors; the theorem's rates ≈ −2 and −1.
  CHECK(r.map_slope == Approx(lethe::loglog_slope(ns, map_error)).epsilon(1e-12));
  CHECK(r.map_slope < -1.5);
  CHECK(r.vi_slope < -1.5);
  CHECK(lethe::loglog_slope(ns, map_shift) == Approx(-1.0).margin(0.35));
  CHECK(lethe::loglog_slope(ns, vi_shift) == Approx(-1.0).margin(0.35));
}

TEST_CASE("forgetting rate: default sizes and bad sizes", "[experiments][forgetting_rate][errors]") {
  const std::vector<int> sizes = lethe::default_rate_sizes();
  REQUIRE(sizes.size() >= 2);
  CHECK(sizes.front() == Approx(100).margin(20));
  CHECK(sizes.back() == Approx(10000).margin(2000));
  for (std::size_t k = 1; k < sizes.size(); ++k) {
    CHECK(sizes[k] > sizes[k - 1]);
    // Evenly spaced in log n: every ratio within a factor 1.5 of the overall mean ratio.
    const double mean_ratio = std::pow(double(sizes.back()) / sizes.front(), 1.0 / double(sizes.size() - 1));
    const double ratio = double(sizes[k]) / sizes[k - 1];
    CHECK(ratio < 1.5 * mean_ratio);
    CHECK(ratio > mean_ratio / 1.5);
  }
  using Catch::Contains;
  REQUIRE_THROWS_AS(lethe::measure_forgetting_rate({50}), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::measure_forgetting_rate({50}), Contains("measure_forgetting_rate: parameter 'sizes'"));
  REQUIRE_THROWS_WITH(lethe::measure_forgetting_rate({50, 40}),
                      Contains("parameter 'sizes' must be strictly increasing"));
  REQUIRE_THROWS_WITH(lethe::measure_forgetting_rate({6, 40}), Contains("parameter 'sizes' must be at least 7"));
  lethe::RateOptions none;
  none.removals = 0;
  REQUIRE_THROWS_WITH(lethe::measure_forgetting_rate({50, 60}, none), Contains("parameter 'removals'"));
}
