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

#include <functional>
#include <vector>

#include <Eigen/Dense>

#include "base/active_rows.hpp"
#include "base/names.hpp"
#include "bif/energy.hpp"

namespace lethe {

enum class InfluenceSolver {
  direct,              // form H, Cholesky factorisation (small dimension)
  conjugate_gradient,  // CG on Hessian-vector products (no H formed)
};
template <>
struct EnumNames<InfluenceSolver> {
  static constexpr Named<InfluenceSolver> entries[] = {
      {InfluenceSolver::direct, "direct", "direct"},
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
};

// x = H⁻¹ b for a symmetric positive-definite H, by Cholesky. NumericalError
// naming `function` if H is not positive definite (or not finite).
Eigen::VectorXd solve_positive_definite(const Eigen::MatrixXd& hessian, const Eigen::VectorXd& b,
                                        const char* function);

// x = H⁻¹ b by conjugate gradients, H given only through v ↦ Hv. NumericalError
// naming `function` if a search direction has pᵀHp ≤ 0 (H not positive definite)
// or the residual does not reach the tolerance within the iteration budget.
using HessianProduct = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;
Eigen::VectorXd conjugate_gradient(const HessianProduct& hessian, const Eigen::VectorXd& b,
                                   int max_iterations, double tolerance, const char* function);

// H⁻¹ g with H = ∇²F(γ, rows), solved as the options say (the rows passed are
// used as given).
Eigen::VectorXd solve_hessian(const Energy& energy, const Eigen::VectorXd& gamma,
                              const std::vector<int>& rows, const Eigen::VectorXd& g,
                              const InfluenceOptions& options, const char* function);

// The step Δ = H⁻¹ Σ_{z∈removed} ∇h(γ, z), H = ∇²F(γ, rows) (rows ⊇ removed; or
// over rows − removed, as the options say).
Eigen::VectorXd influence_shift(const Energy& energy, const Eigen::VectorXd& gamma,
                                const std::vector<int>& rows, const std::vector<int>& removed,
                                const InfluenceOptions& options = {});

// A learned state that forgets: holds γ and the ids still in training. Batches
// are applied in sequence, each at the current state and with H over the rows
// still in training (the batch included).
class InfluenceForgetter {
 public:
  // `energy` must outlive the forgetter; γ is its learned state over all rows.
  InfluenceForgetter(const Energy& energy, Eigen::VectorXd gamma, InfluenceOptions options = {});

  const Eigen::VectorXd& state() const { return gamma_; }
  const ActiveRows& rows() const { return rows_; }

  // Forgets one batch: InvalidArgument (state unchanged) for an empty batch,
  // unknown, repeated or already erased ids, or a batch erasing every row;
  // NumericalError (state unchanged) if the Hessian is not positive definite.
  // Returns the shift applied.
  Eigen::VectorXd forget(const std::vector<int>& batch);
  // Splits `ids` into consecutive batches of `batch_size` and forgets them in
  // order; the whole list is validated before anything changes.
  void forget_in_batches(const std::vector<int>& ids, int batch_size);

 private:
  const Energy& energy_;
  Eigen::VectorXd gamma_;
  InfluenceOptions options_;
  ActiveRows rows_;
};

// The rows over which the step's Hessian is taken: `rows`, or rows − removed.
std::vector<int> hessian_rows(const std::vector<int>& rows, const std::vector<int>& removed,
                              const InfluenceOptions& options);

// Consecutive batches of `batch_size` (the last may be shorter).
std::vector<std::vector<int>> split_batches(const std::vector<int>& ids, int batch_size);

}  // namespace lethe
