// The Adam optimiser (Kingma & Ba 2015) for minimisation: m ← β₁m + (1−β₁)g,
// v ← β₂v + (1−β₂)g², x ← x − α m̂ / (√v̂ + ε) with the bias corrections
// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Used by the variational `paper` protocol and by
// the stochastic phase of the mixture experiment's VI fit.
#pragma once

#include <Eigen/Dense>

namespace lethe {

// How the bias corrections are rounded. In exact arithmetic both give
// m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ); in floating point they differ in the last
// bits, and each caller's published numbers were computed with one of them, so the
// choice is kept per caller rather than unified.
enum class AdamBiasCorrection {
  // βᵗ kept as a running product; m and v multiplied by 1/(1−βᵗ).
  running_product,
  // βᵗ = std::pow(β, t) each step; m and v divided by (1−βᵗ).
  power_quotient,
};

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  AdamBiasCorrection bias_correction = AdamBiasCorrection::running_product;
};

class Adam {
 public:
  Adam(Eigen::Index size, AdamOptions options = {});
  // One descent step along the gradient `grad` of the objective at x.
  void step(Eigen::VectorXd& x, const Eigen::VectorXd& grad);
  long steps() const { return t_; }

 private:
  AdamOptions options_;
  Eigen::VectorXd m_, v_;
  long t_ = 0;
  double beta1_power_ = 1.0, beta2_power_ = 1.0;
};

}  // namespace lethe
