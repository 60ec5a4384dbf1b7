// Bayesian logistic regression on the user's k features and a bias, y ∈ {0, 1}:
//
//   L(w; D) = Σ_i ℓ(s_i w̃ᵀx̃_i) + ‖w‖² / (2σ_p²),   ℓ(z) = log(1 + e⁻ᶻ),  s_i = 2y_i − 1
//
// trained to its minimiser (the MAP) by Newton's method, with the Laplace
// posterior N(w, H⁻¹), H = ∇²L. L is μ-strongly convex with μ = 1/σ_p².
//
// With `standardise` (the default) x̃ = (1, (x − c)/s): the centre c and scale s of
// each feature are fixed at the first training and kept by every retraining, so the
// model keeps one parametrisation for its whole life. They are the only aggregate of
// the training rows the state holds besides the posterior. Standardising matters for
// the certificate: the bound below grows with R = max‖x̃_i‖ and ‖X′‖₂, which raw
// features in the tens or thousands inflate by as much (Guo et al. assume ‖x‖ ≤ 1).
//
// Forgetting D_e is one influence (Newton) step on the remaining data D′:
//   Δ = Σ_{e} ∇ℓ_e(w),   Ĥ = H_{D′}(w_ref),   δ = Ĥ⁻¹Δ,   w ← w + δ
// where Ĥ is the Hessian kept since the last training (at w_ref), downdated exactly
// by the erased rows' terms, Ĥ ← Ĥ − Σ_e v_e v_eᵀ with v_e = √ℓ″(x̃_eᵀw_ref) x̃_e. Its
// Cholesky factor Ĥ = LLᵀ is kept too and downdated by the same v_e (one O(d²)
// rank-one downdate each; a fresh O(d³) factorisation only if a downdate fails), so a
// request of r rows costs O(r d²), nothing read but the rows.
//
// The certificate is a proof (after Guo et al. 2020, Theorem 1, with the Hessian's
// base point w_ref ≠ w allowed). With g = ∇L_{D}(w) the gradient before the request,
// ∇L_{D′}(w + δ) = g − Δ + H̄δ = g + (H̄ − Ĥ)δ + (Ĥδ − Δ), H̄ = ∫₀¹ ∇²L_{D′}(w + tδ) dt, and
//   ‖(H̄ − Ĥ)δ‖ = ‖X′ᵀ D X′ δ‖ ≤ ‖X′‖₂ · γ R ρ · ‖X′δ‖,
// D diagonal with |D_ii| ≤ γ |x̃_iᵀ(u − w_ref)| ≤ γ R ρ over the segment u, where
// γ = max|ℓ‴| = 1/(6√3) (ℓ″ is γ-Lipschitz), R = max_i ‖x̃_i‖ and
// ρ = max(‖w − w_ref‖, ‖w + δ − w_ref‖). ‖X′δ‖ = √(δᵀG′δ) comes from the Gram matrix
// G′ = Σ_{D′} x̃x̃ᵀ, kept exactly (downdated like Ĥ). ‖X′‖₂ = √λ_max(G′), and removing
// rows only lowers the Gram matrix (G′ = G − Σ_e x̃_e x̃_eᵀ ⪯ G), so λ_max(G′) ≤ Λ, the
// largest eigenvalue of the Gram matrix of the last training, computed once there:
// the bound uses √Λ and needs no eigenvalue per request. So
//   ‖∇L_{D′}(w + δ)‖ ≤ ‖g‖ + bound,   bound = γ R ρ √Λ ‖X′δ‖ + ‖Ĥδ − Δ‖,
// and the running sum (from the gradient norm left by training) bounds the current
// gradient norm; by μ-strong convexity ‖w − w*_{D′}‖ ≤ sum / μ. The solve residual
// ‖Ĥδ − Δ‖ is computed with the explicit Ĥ, not with LLᵀ, so whatever rounding the
// downdated factor accumulates is in the bound (and past 1e-8‖Δ‖ the factor is
// computed afresh).
//
// State layouts: layout 1 (every file written before layout 2 existed) holds Ĥ and
// G′ as full matrices and no factor; it is read (L and Λ computed once at load, Λ the
// λ_max of the G′ it holds, which bounds every later G′ all the same), and the file's
// next commit writes layout 2: a tag no layout-1 state can start with, then Ĥ, G′ and
// L as lower triangles, and Λ. L is in the state, though Ĥ determines it, because every
// request runs on a state read from the file: without it each would refactorise, O(d³),
// which at d = 785 costs more than the factor's 2.5 MB in the commit (README,
// "Certified removal, measured").
//
// Certified removal (Guo, Goldstein, Hannun & van der Maaten 2020), with
// perturbation_sigma σ > 0: training minimises L_b(w) = L(w) + bᵀw, b ~ N(0, σ²I) drawn
// from the seed (a fresh draw at every retraining), and the design rows are scaled so
// that ‖x̃_i‖ ≤ 1 on the training rows, as the theorem needs (R = 1). The linear term
// leaves the Hessian, and so the bound above, unchanged. With certify_epsilon ε > 0 the
// residual budget is β = σε/c, c = √(2 log(1.5/δ)): while the running bound on
// ‖∇L_b(w; D′)‖ stays within β, the released w is (ε, δ)-indistinguishable from
// retraining on D′ (their Theorem 3); past it the lifecycle retrains with a fresh b.
#pragma once

#include <cstdint>

#include <lethe/model/family.hpp>

namespace lethe {

// The paper's MNIST settings (their §4.1): λ = 10⁻³, σ = 10 for ε = 1, δ = 10⁻⁴.
struct GuoMnistSettings {
  double lambda = 1e-3;
  double sigma = 10.0;
  double epsilon = 1.0;
  double delta = 1e-4;
};

struct LogisticFamilyOptions;

class LogisticFamily : public ModelFamily {
 public:
  struct Certification {
    double sigma = 0.0;                       // σ of the perturbation b; 0: none
    double epsilon = 0.0;                     // ε of the budget; 0: no budget of its own
    double delta = GuoMnistSettings{}.delta;  // δ
    std::uint64_t seed = 0;
  };
  LogisticFamily(int feature_count, double prior_variance, int max_iterations, bool standardise,
                 Certification certification);
  LogisticFamily(int feature_count, double prior_variance, int max_iterations, bool standardise)
      : LogisticFamily(feature_count, prior_variance, max_iterations, standardise, Certification()) {}
  static const OptionSet<LogisticFamilyOptions>& option_set();
  // c = √(2 log(1.5/δ)), the constant of the budget β = σε/c (their Theorem 3).
  static double budget_constant(double delta);
  // σ_p² = 1/(λn): the prior whose energy term is the paper's regulariser (λn/2)‖w‖²
  // over n training rows (InvalidArgument naming `lambda` unless λ > 0 is finite).
  static double prior_variance_of_regulariser(double lambda, long rows);
  // γ: the Lipschitz constant of ℓ″ for ℓ(z) = log(1 + e⁻ᶻ), max|ℓ‴| = 1/(6√3).
  static double curvature_lipschitz();

  std::string name() const override { return "logistic"; }
  OptionValues options() const override;
  std::string target_kind() const override { return "classification"; }
  std::string certificate_kind() const override { return "proof"; }

  void train(const TrainingRows& rows) override;
  Certificate forget(const TrainingRows& erased) override;
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const override;
  std::vector<std::string> prediction_columns() const override { return {"probability", "logit_mean", "logit_sd"}; }
  PosteriorDistance distance_to(const ModelFamily& retrained) const override;
  std::unique_ptr<ModelFamily> untrained_copy() const override;
  std::unique_ptr<ModelFamily> retraining_copy() const override;
  double certified_budget() const override;
  // ‖∇L_b(w; D′)‖ (b included when certified): what the running bound bounds, in one
  // pass, or summed over chunks of D′: ∇L_b(w) = Σ_chunks Σ_i ∇ℓ_i(w) + w/σ_p² + b.
  double measured_residual(const TrainingRows& remaining) const override;
  Eigen::VectorXd residual_terms(const RowsRef& x, const Eigen::VectorXd& y) const override;
  double residual_from(const Eigen::VectorXd& terms) const override;
  const Eigen::VectorXd& perturbation() const { return perturbation_; }

  void write_state(ByteWriter& out) const override;
  void read_state(ByteReader& in) override;

  const Eigen::VectorXd& weights() const { return weights_; }
  // ∇L(w; rows) and L(w; rows), computed over the given rows (tests, verify).
  Eigen::VectorXd gradient(const Eigen::VectorXd& w, const TrainingRows& rows) const;
  double energy(const Eigen::VectorXd& w, const TrainingRows& rows) const;
  double strong_convexity() const { return 1.0 / prior_variance_; }
  // The proven bound on ‖∇L_{D′}(w)‖ now (the certificate's running sum).
  double gradient_bound() const { return gradient_bound_; }

 private:
  Eigen::MatrixXd hessian(const Eigen::VectorXd& w, const TrainingRows& rows) const;
  Eigen::MatrixXd design(const Eigen::MatrixXd& x) const;
  // L ← chol(Ĥ) afresh (NumericalError naming `fn` if Ĥ is not positive definite).
  void factorise(const char* fn);
  // Ĥ⁻¹v by the factor.
  Eigen::VectorXd solve(const Eigen::VectorXd& v) const;

  double prior_variance_;
  int max_iterations_;
  bool standardise_;
  bool scaling_fixed_ = false;      // c and s chosen (by the first training)
  Eigen::VectorXd centre_, scale_;  // c, s
  double row_scale_ = 1.0;          // certified: 1 / max_i ‖x̃_i‖ over the training rows
  Certification certification_;
  std::uint64_t draw_ = 0;        // which draw of b (0 at the first training, +1 per retraining)
  Eigen::VectorXd perturbation_;  // b (zero without certification)
  Eigen::VectorXd weights_;       // w
  Eigen::VectorXd base_point_;    // w_ref, where hessian_ was computed
  Eigen::MatrixXd hessian_;       // Ĥ = ∇²L_{D′}(w_ref), downdated per request
  Eigen::MatrixXd factor_;        // L, lower triangular: Ĥ = LLᵀ (zeros above the diagonal)
  Eigen::MatrixXd gram_;          // G′ = Σ_{D′} x̃x̃ᵀ
  double gram_top_ = 0.0;         // Λ = λ_max(G) at the last training (≥ λ_max(G′))
  double max_row_norm_ = 0.0;     // R over the training rows (≥ R over D′)
  double gradient_bound_ = 0.0;   // Σ of the bounds since training, from ‖∇L‖ at the MAP
};

// The logistic family's options (LogisticFamily::option_set()).
struct LogisticFamilyOptions {
  double prior_variance = 1.0;  // σ_p²
  int max_iterations = 100;
  int standardise = 1;  // 0 or 1: an integer, as the model file and JavaScript keep it
  LogisticFamily::Certification certification;
};

}  // namespace lethe
