// The sparse Gaussian-process classifier on the user's k features, y ∈ {0, 1}: the
// variational unlearning methods' own family (Nguyen et al. 2020; variational/).
//
//   features   x̃ = (x − c) ⊘ s, the centre c and scale s of each feature fixed by the
//              first training for the model's life (as logistic and bnn)
//   kernel     k(x̃, x̃′) = σ_k² exp(−‖x̃ − x̃′‖² / (2ℓ²))   (options kernel_variance, lengthscale)
//   inducing   Z: M points z_j ~ N(0, I_k) in standardised units, drawn from the seed
//   posterior  q(θ|D) = N(m, L Lᵀ) over θ = u = f(Z), prior N(0, K_ZZ), learned by the
//              ELBO (variational/learning.hpp, fast protocol: quadrature and L-BFGS)
//
// Why the inducing points are drawn and not taken from the rows: a state never holds
// a row's values, and inducing points chosen among the rows would keep erased rows in
// the file verbatim; k-means means are no better, since the mean of a one-row cluster
// *is* that row. Drawn from N(0, I) in standardised units, Z depends on the seed, M
// and k alone: it holds nothing of any row, erased or not, it is the same at every
// retraining (so that verify compares two Gaussians over the same u), and it is not
// stored — it is drawn again when a file is read. The price: M random points cover
// the standardised data well for a few features, poorly in many dimensions.
//
// Forgetting D_e reads q(θ|D) and the erased rows alone (the remaining rows are never
// needed), by the method of option `method`:
//   0  EUBO:        min over q_u of E_{q_u}[log p̃_λ(D_e|θ)] + KL[q_u ‖ q(θ|D)]   (eubo.hpp)
//   1  reverse KL:  min over q_v of KL[p̃_λ(θ|D_r) ‖ q_v], p̃_λ ∝ q(θ|D) / p̃_λ(D_e|θ)   (reverse_kl.hpp)
// with the adjusted likelihood p̃_λ (option `adjusted_lambda` — the CLI's --lambda is logistic's —,
// adjusted_likelihood.hpp): λ = 0 is the plain likelihood, λ = 1 changes nothing.
//
// Certificate (kind "estimate", no proof): KL[q_after ‖ q_before] of the request, in
// nats — how far the request moved the posterior, in its own measure. It is not a
// distance to the retrained posterior (nothing here sees D_r); it says how much the
// erased rows weighed, and since the methods' error grows with the move they make on
// q(θ|D) alone, the running sum of it since training is what the retrain budget is
// compared to.
//
// Predictions: p(y = 1 | x) = ∫ σ(f) N(f; a(x)ᵀm, ‖Lᵀa(x)‖²) df, a(x) = K_ZZ⁻¹ k_Z(x̃),
// with the latent mean and sd beside it.
#pragma once

#include <cstdint>
#include <optional>

#include <lethe/base/gaussian.hpp>
#include <lethe/model/family.hpp>
#include <lethe/variational/options.hpp>  // ForgetMethod
#include <lethe/variational/sparse_gp_classifier.hpp>

namespace lethe {

struct GpFamilyOptions {
  ForgetMethod method = ForgetMethod::eubo;
  double lambda = 1e-5;
  int inducing = 20;
  double lengthscale = 1.5;
  double kernel_variance = 4.0;
  std::uint64_t seed = 1;
};

class GpFamily : public ModelFamily {
 public:
  GpFamily(int feature_count, const GpFamilyOptions& options);
  static const OptionSet<GpFamilyOptions>& option_set();

  std::string name() const override { return "gp"; }
  OptionValues options() const override;
  std::string target_kind() const override { return "classification"; }

  void train(const TrainingRows& rows) override;
  Certificate forget(const TrainingRows& erased) override;
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const override;
  std::vector<std::string> prediction_columns() const override { return {"probability", "latent_mean", "latent_sd"}; }
  // KL(q ‖ q_retrained) of the Gaussians over u and ‖m − m_retrained‖.
  PosteriorDistance distance_to(const ModelFamily& retrained) const override;
  std::unique_ptr<ModelFamily> untrained_copy() const override;

  void write_state(ByteWriter& out) const override;
  void read_state(ByteReader& in) override;

  // q(θ|D); InvalidArgument before training.
  const Gaussian& posterior() const;
  const Eigen::MatrixXd& inducing_points() const { return inducing_; }
  double estimate_sum() const { return estimate_sum_; }

 private:
  Eigen::MatrixXd standardised(const Eigen::MatrixXd& x) const;
  // The classifier on the given (standardised) rows, with this family's Z and kernel.
  SparseGpClassifier classifier(const Eigen::MatrixXd& xs, const Eigen::VectorXi& labels) const;

  GpFamilyOptions options_;
  Eigen::MatrixXd inducing_;        // Z (M×k), from the seed
  bool scaling_fixed_ = false;      // c and s chosen (by the first training)
  Eigen::VectorXd centre_, scale_;  // c, s
  std::optional<Gaussian> q_;       // q(θ|D); empty before training
  double estimate_sum_ = 0.0;       // Σ of the certificates since the last training
};

}  // namespace lethe
