#include <lethe/base/gauss_hermite.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

GaussHermite gauss_hermite(int n) {
  const char* fn = "gauss_hermite";
  check_at_least(fn, "n", n, 1);
  if (n > 200) fail_argument(fn, "n", "must be at most 200 (got " + std::to_string(n) + ")");
  // Golub–Welsch for the probabilists' Hermite polynomials He_k, orthogonal under
  // N(0,1): z He_k = He_{k+1} + k He_{k−1}, so the symmetric Jacobi matrix has a
  // zero diagonal and off-diagonal √k. Its eigenvalues are the nodes; the weights
  // are the squared first components of the unit eigenvectors (times the total
  // mass, 1 for a probability measure).
  Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
  for (int k = 1; k < n; ++k) jacobi(k, k - 1) = jacobi(k - 1, k) = std::sqrt(static_cast<double>(k));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(jacobi);
  if (eig.info() != Eigen::Success)
    throw NumericalError("gauss_hermite: eigen-decomposition of the Jacobi matrix failed");
  GaussHermite rule{eig.eigenvalues(), eig.eigenvectors().row(0).transpose().array().square()};
  // The exact rule is symmetric about 0: impose it, so that odd moments vanish to
  // the last bit and E[g(μ + s z)] is exactly even in s.
  for (int i = 0; i < n / 2; ++i) {
    const int j = n - 1 - i;
    const double z = 0.5 * (rule.nodes[j] - rule.nodes[i]);
    const double w = 0.5 * (rule.weights[i] + rule.weights[j]);
    rule.nodes[i] = -z;
    rule.nodes[j] = z;
    rule.weights[i] = rule.weights[j] = w;
  }
  if (n % 2 == 1) rule.nodes[n / 2] = 0.0;
  rule.weights /= rule.weights.sum();
  return rule;
}

}  // namespace lethe
