#include <lethe/base/datasets.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

namespace {

// t_i = π i / (m − 1), i = 0..m−1 (a single point sits at t = 0, as numpy's linspace).
double arc_parameter(int i, int m) { return m > 1 ? kPi * i / (m - 1) : 0.0; }
}  // namespace

LabelledPoints make_moons(int n, double noise, std::uint64_t seed) {
  check_at_least("make_moons", "n", n, 2);
  check_nonnegative("make_moons", "noise", noise);
  const int outer = n / 2, inner = n - outer;
  LabelledPoints d{Eigen::MatrixXd(n, 2), Eigen::VectorXi(n)};
  for (int i = 0; i < outer; ++i) {
    const double t = arc_parameter(i, outer);
    d.x.row(i) << std::cos(t), std::sin(t);
    d.labels[i] = 0;
  }
  for (int i = 0; i < inner; ++i) {
    const double t = arc_parameter(i, inner);
    d.x.row(outer + i) << 1.0 - std::cos(t), 1.0 - std::sin(t) - 0.5;
    d.labels[outer + i] = 1;
  }
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    d.x(i, 0) += noise * rng.normal();
    d.x(i, 1) += noise * rng.normal();
  }
  return d;
}

LabelledPoints make_mixture(const MixtureSpec& spec, std::uint64_t seed) {
  const char* fn = "make_mixture";
  check_at_least(fn, "n", spec.n, 1);
  check_at_least(fn, "means", static_cast<long>(spec.means.size()), 1);
  check_size(fn, "covariances", static_cast<long>(spec.covariances.size()), static_cast<long>(spec.means.size()));
  const int k = static_cast<int>(spec.means.size());
  std::vector<Eigen::Matrix2d> factors;
  for (const auto& c : spec.covariances) {
    Eigen::LLT<Eigen::Matrix2d> llt(c);
    if (llt.info() != Eigen::Success) fail_argument(fn, "covariances", "must be symmetric positive definite");
    factors.push_back(llt.matrixL());
  }
  Rng rng(seed);
  LabelledPoints d{Eigen::MatrixXd(spec.n, 2), Eigen::VectorXi(spec.n)};
  for (int i = 0; i < spec.n; ++i) {
    const int label = static_cast<int>(rng.below(static_cast<std::uint64_t>(k)));
    const double e0 = rng.normal(), e1 = rng.normal();
    d.labels[i] = label;
    d.x.row(i) = (spec.means[static_cast<std::size_t>(label)] +
                  factors[static_cast<std::size_t>(label)] * Eigen::Vector2d(e0, e1))
                     .transpose();
  }
  return d;
}

MixtureSpec bif_mixture_preset(int n) {
  check_at_least("bif_mixture_preset", "n", n, 1);
  MixtureSpec s;
  s.n = n;
  s.means = {{-2.04, -2.20}, {-1.47, 2.01}, {2.12, 2.96}, {1.23, -1.05}};
  Eigen::Matrix2d horizontal = Eigen::Vector2d(1.0, 0.05).asDiagonal();
  Eigen::Matrix2d vertical = Eigen::Vector2d(0.05, 1.0).asDiagonal();
  s.covariances = {horizontal, Eigen::Matrix2d::Identity(), vertical, Eigen::Matrix2d::Identity()};
  return s;
}

Series1D make_regression_1d(int n, double noise, std::uint64_t seed) {
  check_at_least("make_regression_1d", "n", n, 1);
  check_nonnegative("make_regression_1d", "noise", noise);
  Rng rng(seed);
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) x[i] = -3.0 + 6.0 * rng.uniform();
  std::sort(x.data(), x.data() + n);
  Series1D s{x, Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) s.y[i] = std::sin(2.0 * x[i]) + 0.5 * x[i] + noise * rng.normal();
  return s;
}

}  // namespace lethe
