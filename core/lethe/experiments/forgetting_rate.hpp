// Measuring the O(1/n²) guarantee of the forgetting step (Fu et al., 2021,
// theorem 4) where retraining is exact: MAP and mean-field VI of Bayesian
// logistic regression (bif/logistic_regression.hpp), both minimised by Newton's
// method to rounding precision.
//
// For each training-set size n (the first n rows of one synthetic data set, so
// the sizes are nested), and each of the first `removals` rows z:
//   error  ‖γ_S^{−z} − γ_{S−z}‖   (forgetting step vs retraining)   — O(1/n²)
//   shift  ‖γ_S − γ_{S−z}‖         (what the removal changes)        — O(1/n)
// averaged over the removed rows.
#pragma once

#include <cstdint>
#include <vector>

namespace lethe {

struct RatePoint {
  int n = 0;
  double map_error = 0.0, vi_error = 0.0;
  double map_shift = 0.0, vi_shift = 0.0;
};

struct RateResult {
  std::vector<RatePoint> points;
  // Least-squares slopes of log error against log n.
  double map_slope = 0.0, vi_slope = 0.0;
};

struct RateOptions {
  int removals = 5;
  int vi_draws = 8;
  double prior_variance = 1.0;
  std::uint64_t seed = 7;
};

// sizes: increasing, each > removals.
RateResult measure_forgetting_rate(const std::vector<int>& sizes, const RateOptions& options = {});

// Least-squares slope of log y against log x (x, y > 0, at least two points).
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y);

// The default sizes of the measurement: ~100 to 10 000, evenly spaced in log n.
std::vector<int> default_rate_sizes();

}  // namespace lethe
