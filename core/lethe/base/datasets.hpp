// Synthetic data sets used by the demos, tests and benchmarks. All are
// deterministic functions of their seed (through lethe::Rng).
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

// n points in the plane with integer class labels; row i is point i.
struct LabelledPoints {
  Eigen::MatrixXd x;       // n×2
  Eigen::VectorXi labels;  // n
  Eigen::Index size() const { return x.rows(); }
};

// 1-D regression data: y_i = g(x_i) + noise.
struct Series1D {
  Eigen::VectorXd x;
  Eigen::VectorXd y;
  Eigen::Index size() const { return x.size(); }
};

// Two interleaved half circles (the geometry of scikit-learn's make_moons, not
// shuffled): the first ⌊n/2⌋ rows are the outer arc (cos t, sin t) with label 0,
// the rest the inner arc (1 − cos t, 1 − sin t − ½) with label 1, t evenly spaced
// on [0, π] within each arc; then N(0, noise²) is added to every coordinate.
LabelledPoints make_moons(int n, double noise, std::uint64_t seed);

// A 2-D Gaussian mixture: labels drawn uniformly from {0..K−1} (weights ignored
// when empty), then x ~ N(means[k], covariances[k]).
struct MixtureSpec {
  std::vector<Eigen::Vector2d> means;
  std::vector<Eigen::Matrix2d> covariances;
  int n = 0;
};
LabelledPoints make_mixture(const MixtureSpec& spec, std::uint64_t seed);

// The forgetting experiment's mixture: n = 2000 by default, K = 4, means (−2.04, −2.20),
// (−1.47, 2.01), (2.12, 2.96), (1.23, −1.05), covariances diag(1, 0.05), I,
// diag(0.05, 1), I. Cluster 0 is the horizontal one, cluster 2 the vertical one.
// Any n ≥ 1 keeps the proportions (labels uniform over the four clusters);
// InvalidArgument naming 'n' otherwise.
constexpr int kBifMixtureSize = 2000;
MixtureSpec bif_mixture_preset(int n = kBifMixtureSize);

// y = sin(2x) + x/2 + N(0, noise²), x uniform on [−3, 3], sorted by x.
Series1D make_regression_1d(int n, double noise, std::uint64_t seed);

}  // namespace lethe
