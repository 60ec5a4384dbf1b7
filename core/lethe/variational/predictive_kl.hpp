// The published metric: the averaged predictive KL divergence between the
// retrained posterior's predictive and the forgotten one,
//     mean_{x∈X} KL[ q(y|x, D_r) ‖ q̃(y|x) ],
// for binary y: KL[p ‖ q] = p₁ log(p₁/q₁) + p₀ log(p₀/q₀).
#pragma once

#include <Eigen/Dense>

namespace lethe {

// p(y = 1 | x) and p(y = 0 | x) at a set of inputs, each computed as its own
// integral so that neither loses precision to 1 − p when the other is close to 1.
struct BernoulliPredictive {
  Eigen::VectorXd p1, p0;
};

// KL[Bern(p) ‖ Bern(q)] at every input (0 log 0 = 0; +∞ if q puts zero mass where p does not).
Eigen::VectorXd bernoulli_kl(const BernoulliPredictive& p, const BernoulliPredictive& q);
// The mean of bernoulli_kl over the inputs.
double averaged_predictive_kl(const BernoulliPredictive& reference, const BernoulliPredictive& approx);

}  // namespace lethe
