// Exact Bayesian unlearning for conjugate Bayesian linear regression.
//
// Model: y = φ(x)ᵀ w + ε, ε ~ N(0, σ²), prior w ~ N(0, α⁻¹ I), φ a fixed feature map.
// The posterior is Gaussian; in natural parameters
//     Λ = α I + σ⁻² Σ_i φ_i φ_iᵀ,      η = σ⁻² Σ_i y_i φ_i,      w | D ~ N(Λ⁻¹η, Λ⁻¹).
// Eq. (1) of the method, p(w|D_r) ∝ p(w|D) / p(D_e|w), is then exact arithmetic:
// dividing by the Gaussian likelihood of D_e subtracts its sufficient statistics
//     Λ_r = Λ − σ⁻² Σ_{e} φ_e φ_eᵀ,    η_r = η − σ⁻² Σ_{e} y_e φ_e.
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/gaussian.hpp>

namespace lethe {

// φ(x) = [1, exp(−(x−c_1)²/(2s²)), …, exp(−(x−c_m)²/(2s²))]: a bias plus m Gaussian
// bumps with centres evenly spaced on [lo, hi].
class RbfFeatures {
 public:
  RbfFeatures(int count, double lo, double hi, double width);
  int dim() const { return static_cast<int>(centres_.size()) + 1; }
  Eigen::VectorXd operator()(double x) const;
  // φ(x)ᵀ into `row` (dim() entries), without allocating.
  void evaluate(double x, Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> row) const;
  Eigen::MatrixXd design(const Eigen::VectorXd& xs) const;  // n×dim

 private:
  Eigen::VectorXd centres_;
  double width_;
};

struct Prediction {
  Eigen::VectorXd mean;     // E[f(x)]
  Eigen::VectorXd std_dev;  // sd of f(x) (latent, without observation noise)
};

class ConjugateLinearRegression {
 public:
  ConjugateLinearRegression(RbfFeatures features, double prior_precision, double noise_variance);

  // Learns from all rows; row i gets the stable id i. Replaces any earlier fit.
  void fit(const Eigen::VectorXd& x, const Eigen::VectorXd& y);
  // Exact unlearning of the given row ids (see ActiveRows for the errors).
  void forget(const std::vector<int>& ids);
  // Retrains from scratch on the rows still active: the reference for forget().
  ConjugateLinearRegression retrained() const;

  Gaussian posterior() const;
  Gaussian prior() const;
  Prediction predict(const Eigen::VectorXd& xs) const;
  const ActiveRows& rows() const { return rows_; }
  const RbfFeatures& features() const { return features_; }

 private:
  // Adds (sign +1) or removes (−1) the sufficient statistics of `rows`.
  void accumulate(const std::vector<int>& rows, double sign);

  RbfFeatures features_;
  double prior_precision_;
  double noise_variance_;
  Eigen::VectorXd x_, y_;
  ActiveRows rows_{0};
  Eigen::MatrixXd precision_;  // Λ
  Eigen::VectorXd shift_;      // η
};

// Exact forgetting beside retraining on one grid, the demo's and the API's one-shot
// comparison: `model` (fitted) before, after forgetting `forget`, and retrained from
// scratch on the rows left. The two differences are max |·| over the grid of the
// predictive means and sds, and over the posteriors' mean and covariance entries:
// rounding only, since forgetting here is exact.
struct ExactForgetComparison {
  Prediction original, forgotten, retrained;
  double max_prediction_difference = 0.0;
  double max_posterior_difference = 0.0;
};
ExactForgetComparison compare_exact_forgetting(ConjugateLinearRegression model, const std::vector<int>& forget,
                                               const Eigen::VectorXd& grid);

}  // namespace lethe
