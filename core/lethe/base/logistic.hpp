// The logistic function and its logarithms, written so that no exponential
// overflows. Shared by every model with a Bernoulli or softmax likelihood
// (sparse-GP classifier, logistic regression, the neural network's output).
#pragma once

#include <algorithm>
#include <cmath>

namespace lethe {

// σ(t) = 1 / (1 + e⁻ᵗ) = eᵗ / (1 + eᵗ), evaluated on the side where the
// exponential is ≤ 1.
inline double sigmoid(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double exp_t = std::exp(t);
  return exp_t / (1.0 + exp_t);
}

// log σ(t) = −log(1 + e⁻ᵗ); for t < 0 it is t − log(1 + eᵗ).
inline double log_sigmoid(double t) { return t >= 0 ? -std::log1p(std::exp(-t)) : t - std::log1p(std::exp(t)); }

// softplus(u) = log(1 + eᵘ) = max(u, 0) + log(1 + e^{−|u|}).
inline double softplus(double u) { return std::max(u, 0.0) + std::log1p(std::exp(-std::fabs(u))); }

}  // namespace lethe
