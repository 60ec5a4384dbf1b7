#include "experiments/forgetting_rate.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "base/errors.hpp"
#include "bif/influence_forgetting.hpp"
#include "bif/logistic_regression.hpp"
#include "bif/mean_field_vi.hpp"
#include "bif/newton_minimiser.hpp"

namespace lethe {

namespace {

// Minimises F over `rows` and insists on convergence: an inexact retrained
// state would masquerade as forgetting error.
Eigen::VectorXd exact_minimiser(const Energy& energy, const Eigen::VectorXd& start,
                                const std::vector<int>& rows) {
  const NewtonResult r = minimise_newton(energy, start, rows);
  if (!r.converged)
    throw NumericalError("measure_forgetting_rate: Newton's method did not converge (|grad| = " +
                         detail::to_text(r.gradient_norm) + ")");
  return r.gamma;
}

// Mean over the first `removals` rows of ‖γ_S + H⁻¹∇h(γ_S, z) − γ_{S−z}‖ and
// ‖γ_S − γ_{S−z}‖.
std::pair<double, double> removal_errors(const Energy& energy, const Eigen::VectorXd& start,
                                         int n, int removals) {
  const std::vector<int> rows = all_rows(n);
  const Eigen::VectorXd fitted = exact_minimiser(energy, start, rows);
  double error = 0.0, shift = 0.0;
  for (int z = 0; z < removals; ++z) {
    std::vector<int> rest;
    rest.reserve(static_cast<std::size_t>(n - 1));
    for (int i = 0; i < n; ++i)
      if (i != z) rest.push_back(i);
    const Eigen::VectorXd forgotten = fitted + influence_shift(energy, fitted, rows, {z});
    const Eigen::VectorXd retrained = exact_minimiser(energy, fitted, rest);
    error += (forgotten - retrained).norm() / removals;
    shift += (fitted - retrained).norm() / removals;
  }
  return {error, shift};
}

}  // namespace

RateResult measure_forgetting_rate(const std::vector<int>& sizes, const RateOptions& options) {
  const char* fn = "measure_forgetting_rate";
  check_at_least(fn, "sizes", static_cast<long>(sizes.size()), 2);
  check_at_least(fn, "removals", options.removals, 1);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    check_at_least(fn, "sizes", sizes[i], options.removals + 2);
    if (i > 0 && sizes[i] <= sizes[i - 1])
      fail_argument(fn, "sizes", "must be strictly increasing");
  }
  const LabelledPoints all = make_logistic_data(sizes.back(), options.seed);
  RateResult result;
  std::vector<double> ns, map_errors, vi_errors;
  for (int n : sizes) {
    const LogisticRegressionEnergy map(all.x.topRows(n), all.labels.head(n), options.prior_variance);
    const MeanFieldVI vi(map, options.prior_variance, options.vi_draws, options.seed + 1);
    RatePoint p;
    p.n = n;
    std::tie(p.map_error, p.map_shift) = removal_errors(map, Eigen::VectorXd::Zero(3), n, options.removals);
    // VI starts at the MAP with the spread of a mean of n points.
    const Eigen::VectorXd w = exact_minimiser(map, Eigen::VectorXd::Zero(3), all_rows(n));
    const Eigen::VectorXd start =
        MeanFieldVI::pack(w, Eigen::VectorXd::Constant(3, 1.0 / std::sqrt(static_cast<double>(n))));
    std::tie(p.vi_error, p.vi_shift) = removal_errors(vi, start, n, options.removals);
    result.points.push_back(p);
    ns.push_back(n);
    map_errors.push_back(p.map_error);
    vi_errors.push_back(p.vi_error);
  }
  result.map_slope = loglog_slope(ns, map_errors);
  result.vi_slope = loglog_slope(ns, vi_errors);
  return result;
}

double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const char* fn = "loglog_slope";
  check_size(fn, "y", static_cast<long>(y.size()), static_cast<long>(x.size()));
  check_at_least(fn, "x", static_cast<long>(x.size()), 2);
  double mx = 0, my = 0;
  const double m = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    check_positive(fn, "x", x[i]);
    check_positive(fn, "y", y[i]);
    mx += std::log(x[i]) / m;
    my += std::log(y[i]) / m;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (std::log(x[i]) - mx) * (std::log(y[i]) - my);
    sxx += (std::log(x[i]) - mx) * (std::log(x[i]) - mx);
  }
  if (sxx == 0.0) fail_argument(fn, "x", "must not be all equal");
  return sxy / sxx;
}

std::vector<int> default_rate_sizes() { return {100, 200, 400, 800, 1600, 3200, 6400, 10000}; }

}  // namespace lethe
