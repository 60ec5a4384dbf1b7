// Exact conjugate Bayesian linear regression on the user's k features and a bias.
//
//   y = wᵀx̃ + ε,  x̃ = (1, x_1, …, x_k),  ε ~ N(0, σ²),  w ~ N(0, α⁻¹ I)
//   Λ = α I + σ⁻² Σ_i x̃_i x̃_iᵀ,   η = σ⁻² Σ_i y_i x̃_i,   w | D ~ N(Λ⁻¹η, Λ⁻¹)
//
// p(w | D_r) ∝ p(w | D) / p(D_e | w) subtracts D_e's sufficient statistics:
// forgetting is retraining, up to rounding (certificate "exact").
#pragma once

#include <lethe/model/family.hpp>

namespace lethe {

struct LinearFamilyOptions {
  double prior_precision = 1.0;  // α
  double noise_variance = 1.0;   // σ²
};

class LinearFamily : public ModelFamily {
 public:
  LinearFamily(int feature_count, double prior_precision, double noise_variance);
  static const OptionSet<LinearFamilyOptions>& option_set();

  std::string name() const override { return "linear"; }
  OptionValues options() const override;
  std::string target_kind() const override { return "regression"; }
  std::string certificate_kind() const override { return "exact"; }

  void train(const TrainingRows& rows) override;
  Certificate forget(const TrainingRows& erased) override;
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const override;
  std::vector<std::string> prediction_columns() const override { return {"mean", "sd", "predictive_sd"}; }
  PosteriorDistance distance_to(const ModelFamily& retrained) const override;
  std::unique_ptr<ModelFamily> untrained_copy() const override;

  void write_state(ByteWriter& out) const override;
  void read_state(ByteReader& in) override;

  const Eigen::MatrixXd& precision() const { return precision_; }
  const Eigen::VectorXd& shift() const { return shift_; }

 private:
  void accumulate(const TrainingRows& rows, double sign);

  double prior_precision_, noise_variance_;
  Eigen::MatrixXd precision_;  // Λ
  Eigen::VectorXd shift_;      // η
};

}  // namespace lethe
