#include <lethe/base/adam.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

Adam::Adam(Eigen::Index size, AdamOptions options)
    : options_(options), m_(Eigen::VectorXd::Zero(size)), v_(Eigen::VectorXd::Zero(size)) {
  const char* fn = "Adam";
  check_positive(fn, "options.learning_rate", options_.learning_rate);
  check_unit_interval(fn, "options.beta1", options_.beta1);
  check_unit_interval(fn, "options.beta2", options_.beta2);
  check_positive(fn, "options.epsilon", options_.epsilon);
}

void Adam::step(Eigen::VectorXd& x, const Eigen::VectorXd& grad) {
  check_size("Adam::step", "grad", static_cast<long>(grad.size()), static_cast<long>(m_.size()));
  check_size("Adam::step", "x", static_cast<long>(x.size()), static_cast<long>(m_.size()));
  ++t_;
  beta1_power_ *= options_.beta1;
  beta2_power_ *= options_.beta2;
  m_ = options_.beta1 * m_ + (1.0 - options_.beta1) * grad;
  v_ = options_.beta2 * v_ + (1.0 - options_.beta2) * grad.cwiseAbs2();
  const double alpha = options_.learning_rate, eps = options_.epsilon;
  if (options_.bias_correction == AdamBiasCorrection::running_product) {
    // m̂ = m · 1/(1−β₁ᵗ), v̂ = v · 1/(1−β₂ᵗ), βᵗ the running products.
    const double c1 = 1.0 / (1.0 - beta1_power_), c2 = 1.0 / (1.0 - beta2_power_);
    x.array() -= alpha * (m_.array() * c1) / ((v_.array() * c2).sqrt() + eps);
  } else {
    // m̂ = m / (1−β₁ᵗ), v̂ = v / (1−β₂ᵗ), βᵗ from std::pow.
    const double t = static_cast<double>(t_);
    const double d1 = 1.0 - std::pow(options_.beta1, t), d2 = 1.0 - std::pow(options_.beta2, t);
    x.array() -= alpha * (m_.array() / d1) / ((v_.array() / d2).sqrt() + eps);
  }
}

}  // namespace lethe
