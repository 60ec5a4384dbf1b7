#include <lethe/experiments/forgetting_rate.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/newton_minimiser.hpp>

namespace lethe {

namespace {

// Minimises F over `rows` and insists on convergence: an inexact retrained
// state would masquerade as forgetting error.
Eigen::VectorXd exact_minimiser(const Energy& energy, const Eigen::VectorXd& start, const std::vector<int>& rows) {
  const NewtonResult result = minimise_newton(energy, start, rows);
  if (!result.converged)
    throw NumericalError("measure_forgetting_rate: Newton's method did not converge (|grad| = " +
                         detail::to_text(result.gradient_norm) + ")");
  return result.gamma;
}

// The ids 0..n−1 without z.
std::vector<int> all_rows_but(int n, int z) {
  std::vector<int> rest;
  rest.reserve(static_cast<std::size_t>(n - 1));
  for (int i = 0; i < n; ++i)
    if (i != z) rest.push_back(i);
  return rest;
}

// Mean over the first `removals` rows of ‖γ_S + H⁻¹∇h(γ_S, z) − γ_{S−z}‖ and
// ‖γ_S − γ_{S−z}‖.
std::pair<double, double> removal_errors(const Energy& energy, const Eigen::VectorXd& start, int n, int removals) {
  const std::vector<int> rows = all_rows(n);
  const Eigen::VectorXd fitted = exact_minimiser(energy, start, rows);
  double error = 0.0, shift = 0.0;
  for (int z = 0; z < removals; ++z) {
    const Eigen::VectorXd forgotten = fitted + influence_shift(energy, fitted, rows, {z});
    const Eigen::VectorXd retrained = exact_minimiser(energy, fitted, all_rows_but(n, z));
    error += (forgotten - retrained).norm() / removals;
    shift += (fitted - retrained).norm() / removals;
  }
  return {error, shift};
}

void check_sizes(const std::vector<int>& sizes, int removals, const char* fn) {
  check_at_least(fn, "sizes", static_cast<long>(sizes.size()), 2);
  check_at_least(fn, "removals", removals, 1);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    check_at_least(fn, "sizes", sizes[i], removals + 2);
    if (i > 0 && sizes[i] <= sizes[i - 1]) fail_argument(fn, "sizes", "must be strictly increasing");
  }
}

// The VI energy's draws come from the seed after the data's (seed), so that the
// two streams differ.
constexpr std::uint64_t kViDrawSeedOffset = 1;

// Both measurements on the first n rows of `all`.
RatePoint measure_at(const LabelledPoints& all, int n, const RateOptions& options) {
  const LogisticRegressionEnergy map(all.x.topRows(n), all.labels.head(n), options.prior_variance);
  const MeanFieldVI vi(map, options.prior_variance, options.vi_draws, options.seed + kViDrawSeedOffset);
  const Eigen::VectorXd origin = Eigen::VectorXd::Zero(map.dim());
  RatePoint point;
  point.n = n;
  std::tie(point.map_error, point.map_shift) = removal_errors(map, origin, n, options.removals);
  // VI starts at the MAP with the spread of a mean of n points: s = 1/√n.
  const Eigen::VectorXd w = exact_minimiser(map, origin, all_rows(n));
  const Eigen::VectorXd start =
      MeanFieldVI::pack(w, Eigen::VectorXd::Constant(map.dim(), 1.0 / std::sqrt(static_cast<double>(n))));
  std::tie(point.vi_error, point.vi_shift) = removal_errors(vi, start, n, options.removals);
  return point;
}

}  // namespace

RateResult measure_forgetting_rate(const std::vector<int>& sizes, const RateOptions& options) {
  check_sizes(sizes, options.removals, "measure_forgetting_rate");
  const LabelledPoints all = make_logistic_data(sizes.back(), options.seed);
  RateResult result;
  std::vector<double> ns, map_errors, vi_errors;
  for (int n : sizes) {
    const RatePoint point = measure_at(all, n, options);
    result.points.push_back(point);
    ns.push_back(n);
    map_errors.push_back(point.map_error);
    vi_errors.push_back(point.vi_error);
  }
  result.map_slope = loglog_slope(ns, map_errors);
  result.vi_slope = loglog_slope(ns, vi_errors);
  return result;
}

// slope = Σ (log x_i − mean log x)(log y_i − mean log y) / Σ (log x_i − mean log x)²
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const char* fn = "loglog_slope";
  check_size(fn, "y", static_cast<long>(y.size()), static_cast<long>(x.size()));
  check_at_least(fn, "x", static_cast<long>(x.size()), 2);
  double mean_log_x = 0, mean_log_y = 0;
  const double count = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    check_positive(fn, "x", x[i]);
    check_positive(fn, "y", y[i]);
    mean_log_x += std::log(x[i]) / count;
    mean_log_y += std::log(y[i]) / count;
  }
  double covariance = 0, variance = 0;  // unnormalised: the slope is their ratio
  for (std::size_t i = 0; i < x.size(); ++i) {
    covariance += (std::log(x[i]) - mean_log_x) * (std::log(y[i]) - mean_log_y);
    variance += (std::log(x[i]) - mean_log_x) * (std::log(x[i]) - mean_log_x);
  }
  if (variance == 0.0) fail_argument(fn, "x", "must not be all equal");
  return covariance / variance;
}

std::vector<int> default_rate_sizes() { return {100, 200, 400, 800, 1600, 3200, 6400, 10000}; }

}  // namespace lethe
