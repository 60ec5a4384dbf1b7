// The forgetting step of Bayesian inference forgetting. For a learned state γ_S
// (a minimiser of F(γ, S) = Σ_{z∈S} h(γ, z) + f(γ)) and a removal batch S′ ⊂ S:
//
//   γ_S^{−S′} = γ_S + H⁻¹ Σ_{z∈S′} ∇h(γ_S, z),   H = ∇²F(γ_S, S).
//
// Why: the states γ(τ) solving ∇F(γ, S) + τ Σ_{z∈S′} ∇h(γ, z) = 0 run from γ_S
// (τ = 0) to γ_{S−S′} (τ = −1); differentiating in τ at 0 gives
// H dγ/dτ = −Σ∇h, and one Euler step to τ = −1 is the update above. Its error
// against retraining is O(1/n²) (Fu et al., 2021, theorem 4).
//
// H must be positive definite (γ_S a strict local minimum); otherwise the step is
// meaningless and NumericalError is thrown rather than a shift returned.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/names.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/energy.hpp>
#include <lethe/bif/sampled_hessian.hpp>

namespace lethe {

enum class InfluenceSolver {
  direct,              // form H, Cholesky factorisation (small dimension)
  conjugate_gradient,  // CG on Hessian-vector products (no H formed)
};
template <>
struct EnumNames<InfluenceSolver> {
  static constexpr Named<InfluenceSolver> entries[] = {{InfluenceSolver::direct, "direct", "direct"},
                                                       {InfluenceSolver::conjugate_gradient, "cg", "cg"}};
};

struct InfluenceOptions {
  InfluenceSolver solver = InfluenceSolver::direct;
  int cg_max_iterations = 0;    // 0: 10 × dimension
  double cg_tolerance = 1e-12;  // on ‖r‖ / ‖b‖
  // H = ∇²F(γ_S, S) as in the paper (false), or ∇²F(γ_S, S − S′) (true): the
  // latter makes the step one Newton step on the remaining data's energy from
  // γ_S, exact when F is quadratic; both have the O(1/n²) error.
  bool hessian_without_batch = false;
  // 0: H over every row in training, as above (the exact path). k > 0: the data part
  // of H estimated from k rows drawn uniformly from them, drawn once when the
  // forgetter is made and kept across its requests (KeptRowSample, sampled_hessian.hpp),
  // so that a request costs O(k + batch) and reads no more rows whatever the number
  // of rows n; the forgetters' certificates are then estimated from the same rows.
  // k ≥ n is the exact H again.
  int hessian_sample_rows = 0;
  std::uint64_t hessian_seed = 0;  // the draws of those rows
};

// The Cholesky factor of a symmetric positive-definite H; NumericalError naming
// `function` if H is not positive definite (or not finite).
Eigen::LLT<Eigen::MatrixXd> factorise_positive_definite(const Eigen::MatrixXd& hessian, const char* function);
// x = H⁻¹ b for a symmetric positive-definite H, by Cholesky. NumericalError
// naming `function` if H is not positive definite (or not finite).
Eigen::VectorXd solve_positive_definite(const Eigen::MatrixXd& hessian, const Eigen::VectorXd& b, const char* function);

// x = H⁻¹ b by conjugate gradients, H given only through v ↦ Hv. NumericalError
// naming `function` if a search direction has pᵀHp ≤ 0 (H not positive definite)
// or the residual does not reach the tolerance within the iteration budget.
using HessianProduct = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;
Eigen::VectorXd conjugate_gradient(const HessianProduct& hessian, const Eigen::VectorXd& b, int max_iterations,
                                   double tolerance, const char* function);

// H⁻¹ g with H = ∇²F(γ, rows), solved as the options say (the rows passed are
// used as given).
Eigen::VectorXd solve_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                              const Eigen::VectorXd& g, const InfluenceOptions& options, const char* function);

// The step Δ = H⁻¹ Σ_{z∈removed} ∇h(γ, z), H = ∇²F(γ, rows) (rows ⊇ removed; or
// over rows − removed, as the options say).
Eigen::VectorXd influence_shift(const Energy& energy, const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                                const std::vector<int>& removed, const InfluenceOptions& options = {});

// A learned state that forgets: holds γ and the ids still in training. Batches
// are applied in sequence, each at the current state and with H over the rows
// still in training (the batch included).
//
// The certificate. After each request k (rows S_{k−1} → S_k, state γ_{k−1} → γ_k),
//
//   ρ_k = ∇F(γ_k, S_k) − ∇F(γ_{k−1}, S_{k−1}),   r_k = √(ρ_kᵀ H⁻¹ ρ_k),
//
// the change this request made to the gradient of the energy being minimised, in
// the inverse-Hessian norm of the step's H. If γ_{k−1} minimised F(·, S_{k−1}), r_k is
// the Newton decrement of F(·, S_k) at γ_k: how far (in the energy's own metric) the
// processed state is from the retrained one. It is 0 for a quadratic F when H is
// taken without the batch (the step is then an exact Newton step), and grows with
// the nonlinearity the step ignored. Σ_k r_k bounds the accumulated departure (by
// the triangle inequality, up to the change of H along the way), which is what a
// retrain policy compares with its budget.
class InfluenceForgetter {
 public:
  // `energy` must outlive the forgetter; γ is its learned state over all rows.
  InfluenceForgetter(const Energy& energy, Eigen::VectorXd gamma, InfluenceOptions options = {});

  const Eigen::VectorXd& state() const { return gamma_; }
  const ActiveRows& rows() const { return rows_; }

  // Forgets one batch: InvalidArgument (state unchanged) for an empty batch,
  // unknown, repeated or already forgotten ids, or a batch forgetting every row;
  // NumericalError (state unchanged) if the Hessian is not positive definite.
  // Returns the shift applied. With options.hessian_sample_rows = k > 0 it costs
  // O(k + |batch|) (no sum over the rows in training, no copy of the row set).
  Eigen::VectorXd forget(const std::vector<int>& batch);
  // Splits `ids` into consecutive batches of `batch_size` and forgets them in
  // order; the whole list is validated before anything changes.
  void forget_in_batches(const std::vector<int>& ids, int batch_size);

  // r_k of every request so far, in order (see the class comment).
  const std::vector<double>& residuals() const { return residuals_; }

 private:
  // forget() with the Hessian and the certificate estimated from sampled rows.
  Eigen::VectorXd forget_sampled(const std::vector<int>& batch);

  const Energy& energy_;
  Eigen::VectorXd gamma_;
  InfluenceOptions options_;
  ActiveRows rows_;
  Eigen::VectorXd gradient_;             // ∇F(γ, S) at the current state and rows (exact path only)
  std::optional<KeptRowSample> sample_;  // the sampled path's rows, kept across requests
  std::vector<double> residuals_;
};

// The rows over which the step's Hessian is taken: `rows`, or rows − removed.
std::vector<int> hessian_rows(const std::vector<int>& rows, const std::vector<int>& removed,
                              const InfluenceOptions& options);

// Consecutive batches of `batch_size` (the last may be shorter).
std::vector<std::vector<int>> split_batches(const std::vector<int>& ids, int batch_size);

}  // namespace lethe
