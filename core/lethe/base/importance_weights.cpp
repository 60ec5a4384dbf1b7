#include <lethe/base/importance_weights.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>

namespace lethe {

Eigen::VectorXd normalised_weights(const Eigen::VectorXd& log_weights) {
  const char* fn = "normalised_weights";
  if (log_weights.size() == 0) fail_argument(fn, "log_weights", "is empty");
  if (log_weights.hasNaN()) fail_argument(fn, "log_weights", "holds NaN");
  // ℓ_max = max_s ℓ_s: finite unless every entry is −∞ or one is +∞.
  const double largest = log_weights.maxCoeff();
  if (largest == std::numeric_limits<double>::infinity()) fail_argument(fn, "log_weights", "holds +infinity");
  if (largest == -std::numeric_limits<double>::infinity())
    fail_argument(fn, "log_weights", "is -infinity everywhere (no draw has any weight)");
  // w̄_s = exp(ℓ_s − ℓ_max) / Σ_t exp(ℓ_t − ℓ_max): every term in [0, 1], the sum ≥ 1.
  // Below log(smallest normal double) ≈ −708.4 the term underflows: it is set to 0
  // exactly (Eigen's vectorised exp returns a subnormal floor of about 5.6e-309 there,
  // even for −∞, and the scalar exp of the WebAssembly build returns 0).
  const double underflow = std::log(std::numeric_limits<double>::min());
  Eigen::VectorXd shifted = (log_weights.array() - largest).exp().matrix();
  for (Eigen::Index s = 0; s < shifted.size(); ++s)
    if (log_weights[s] - largest < underflow) shifted[s] = 0.0;
  return shifted / shifted.sum();
}

double effective_sample_size(const Eigen::VectorXd& weights) {
  const char* fn = "effective_sample_size";
  if (weights.size() == 0) fail_argument(fn, "weights", "is empty");
  // ESS = (Σ w)² / Σ w²; Σ w² = 0 only if no weight is positive.
  const double sum_of_squares = weights.squaredNorm();
  if (!(sum_of_squares > 0.0)) fail_argument(fn, "weights", "has no positive entry");
  const double sum = weights.sum();
  return sum * sum / sum_of_squares;
}

ImportanceWeights importance_weights(const Eigen::VectorXd& log_weights) {
  ImportanceWeights result;
  result.normalised = normalised_weights(log_weights);
  // Σ w̄ = 1, so ESS = 1 / Σ w̄²: the numerator (Σ w̄)² would differ from 1 only by rounding.
  result.ess = 1.0 / result.normalised.squaredNorm();
  return result;
}

}  // namespace lethe
