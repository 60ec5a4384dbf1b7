// The Adam optimiser (Kingma & Ba 2015) for minimisation, as used by the `paper`
// protocol: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², x ← x − α m̂ / (√v̂ + ε) with
// the bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
#pragma once

#include <Eigen/Dense>

namespace lethe {

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
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
