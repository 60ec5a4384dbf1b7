// Shared helpers for the variational-unlearning tests: finite-difference gradient
// checks of objectives of q = N(m, L Lᵀ), and a small moons classifier.
#pragma once

#include <cmath>
#include <functional>

#include <Eigen/Dense>

#include <lethe/base/datasets.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/variational/sparse_gp_classifier.hpp>
#include <lethe/variational/variational_family.hpp>

namespace lethe::testing {

// Largest |analytic − central difference| over all coordinates of m and the lower
// triangle of L, relative to max(1, |analytic|).
inline double factor_gradient_error(const FactorObjective& f, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                                    double h = 1e-6) {
  Eigen::VectorXd gm;
  Eigen::MatrixXd gL;
  f(m, L, &gm, &gL);
  const Eigen::VectorXd analytic = pack(gm, gL);
  Eigen::VectorXd x = pack(m, L);
  double worst = 0.0;
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    Eigen::VectorXd xp = x, xm = x;
    xp[k] += h;
    xm[k] -= h;
    Eigen::VectorXd m1, m2;
    Eigen::MatrixXd l1, l2;
    unpack(xp, m.size(), m1, l1);
    unpack(xm, m.size(), m2, l2);
    const double numeric = (f(m1, l1, nullptr, nullptr) - f(m2, l2, nullptr, nullptr)) / (2 * h);
    worst = std::max(worst, std::fabs(numeric - analytic[k]) / std::max(1.0, std::fabs(analytic[k])));
  }
  return worst;
}

// The same for a packed objective.
inline double packed_gradient_error(const Objective& f, const Eigen::VectorXd& x, double h = 1e-6) {
  Eigen::VectorXd g(x.size()), scratch(x.size());
  f(x, g);
  double worst = 0.0;
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    Eigen::VectorXd xp = x, xm = x;
    xp[k] += h;
    xm[k] -= h;
    const double numeric = (f(xp, scratch) - f(xm, scratch)) / (2 * h);
    worst = std::max(worst, std::fabs(numeric - g[k]) / std::max(1.0, std::fabs(g[k])));
  }
  return worst;
}

// A random Gaussian near `around` with a well-conditioned factor.
inline void random_factor(Rng& rng, const Gaussian& around, Eigen::VectorXd& m, Eigen::MatrixXd& L) {
  const Eigen::Index d = around.dim();
  m = around.mean() + 0.3 * rng.normal_vector(d);
  L = around.chol();
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = j; i < d; ++i) L(i, j) *= 1.0 + 0.1 * rng.normal();
}

// The default moons classifier on make_moons(n, 0.2, seed).
inline SparseGpClassifier small_moons_model(int n, std::uint64_t seed) {
  const LabelledPoints d = make_moons(n, 0.2, seed);
  return SparseGpClassifier(d.x, d.labels, default_moons_inducing(),
                            SeArdKernel{default_moons_lengthscales(), kMoonsDefaultVariance});
}

}  // namespace lethe::testing
