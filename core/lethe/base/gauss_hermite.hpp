// Gauss–Hermite quadrature for expectations under a standard normal:
//     E_{z~N(0,1)}[g(z)] ≈ Σ_i w_i g(z_i),   Σ_i w_i = 1,
// exact for polynomials g of degree ≤ 2n − 1. Used for the one-dimensional
// expectations of the sparse GP classifier, where f(x) ~ N(μ, s²) under q and
// E[g(f)] = E[g(μ + s z)].
#pragma once

#include <Eigen/Dense>

namespace lethe {

struct GaussHermite {
  Eigen::VectorXd nodes;    // z_i, ascending
  Eigen::VectorXd weights;  // w_i, summing to 1
};

// n-point rule (1 ≤ n ≤ 200) by the Golub–Welsch method.
GaussHermite gauss_hermite(int n);

}  // namespace lethe
