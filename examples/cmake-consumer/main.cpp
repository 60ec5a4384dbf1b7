// Learns a conjugate Bayesian linear regression, forgets three rows exactly, and
// checks the result against retraining without them. Prints the version and the
// largest difference; exits 1 if forgetting and retraining disagree.
#include <cmath>
#include <iostream>

#include <Eigen/Dense>
#include <lethe/base/version.hpp>
#include <lethe/exact/conjugate_regression.hpp>

int main() {
  const int n = 40;
  Eigen::VectorXd x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x(i) = -3.0 + 6.0 * i / (n - 1);
    y(i) = std::sin(x(i)) + 0.1 * std::cos(7.0 * i);
  }
  lethe::ConjugateLinearRegression model(lethe::RbfFeatures(8, -3.0, 3.0, 0.8), 1.0, 0.01);
  model.fit(x, y);
  model.forget({3, 17, 29});

  const lethe::Gaussian forgot = model.posterior();
  const lethe::Gaussian retrained = model.retrained().posterior();
  const double gap = (forgot.mean() - retrained.mean()).cwiseAbs().maxCoeff();
  std::cout << "lethe " << lethe::kVersion << ": forgot 3 of " << n << " rows, max |mean gap| vs retraining = " << gap
            << "\n";
  return gap < 1e-9 ? 0 : 1;
}
