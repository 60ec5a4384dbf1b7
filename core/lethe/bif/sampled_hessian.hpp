// A Hessian whose cost does not grow with the number of rows in training: the
// data part of ∇²F(γ, S) = ∇²f(γ) + Σ_{i∈S} ∇²h(γ, z_i) estimated from k rows drawn
// uniformly (with replacement) from S,
//
//   Ĥ = ∇²f(γ) + (n/k) Σ_{j≤k} ∇²h(γ, z_{i_j}),      E[Ĥ] = ∇²F(γ, S),  n = |S|,
//
// its relative error shrinking like 1/√k whatever n is. When k ≥ n every row is used
// once (scale 1): the estimate is then the exact Hessian, so small data sets lose
// nothing. The same sample estimates any other sum over S (a gradient change in the
// certificates), at O(k) per request.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/energy.hpp>

namespace lethe {

// k row ids drawn from the active rows of `rows`, and the weight n/k of each.
struct RowSample {
  std::vector<int> ids;
  double scale = 1.0;
};

// k ≥ 1 draws, uniform over rows.active_unordered() (O(k)); all active rows with
// scale 1 when k ≥ n. InvalidArgument naming `function` and 'hessian_sample_rows'
// if k < 1.
RowSample sample_active_rows(const ActiveRows& rows, int k, Rng& rng, const char* function);

// Ĥ = ∇²f(γ) + scale Σ_{i∈sample} ∇²h(γ, z_i), minus Σ_{i∈excluded} ∇²h(γ, z_i)
// (the batch, when the step's Hessian is taken without it).
Eigen::MatrixXd sampled_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const RowSample& sample,
                                const std::vector<int>& excluded);
// Ĥ v, the same sum applied to v (no matrix formed).
Eigen::VectorXd sampled_hvp(const Energy& energy, const Eigen::VectorXd& gamma, const RowSample& sample,
                            const std::vector<int>& excluded, const Eigen::VectorXd& v);
// ∇F(γ + Δ, S) − ∇F(γ, S) ≈ ∇f(γ+Δ) − ∇f(γ) + scale Σ_{i∈sample} [∇h(γ+Δ, z_i) − ∇h(γ, z_i)].
Eigen::VectorXd sampled_gradient_change(const Energy& energy, const Eigen::VectorXd& gamma,
                                        const Eigen::VectorXd& shift, const RowSample& sample);

// The sample of a forgetter, drawn once and kept across its requests, so that a
// request reads k rows held together instead of k rows scattered over all n:
//
//   - drawn as sample_active_rows draws it (k independent uniform draws from S, or
//     every row once when k ≥ n), and copied with Energy::copy_rows when the model
//     makes copies (otherwise the sums read the model's own rows);
//   - a request's rows leave it: draws that are independent and uniform over S and
//     fall outside S′ are independent and uniform over S − S′ (for a request chosen
//     without looking at the draws), so Ĥ stays unbiased with the weight n′/k′
//     (n′ rows in training, k′ draws left);
//   - once fewer than half of the k draws are left, it is drawn again.
//
// The price of keeping it: successive requests share one sample's error instead of
// averaging independent ones, and the residuals Σ_k r_k estimated from it share it too.
// Per request: O(k log |S′|) to find the draws that leave, O(k) to copy what is left
// when some do; the copy is made from the copy, so nothing reads the model's n rows.
class KeptRowSample {
 public:
  // `energy` must outlive the sample. InvalidArgument naming `function` and
  // 'hessian_sample_rows' if k < 1.
  KeptRowSample(const Energy& energy, const ActiveRows& rows, int k, std::uint64_t seed, const char* function);

  // The energy whose rows sample() names: the copy, or the model's energy.
  const Energy& energy() const { return copy_ ? *copy_ : full_; }
  // The draws as rows of energy(), with the weight n′/k′.
  const RowSample& sample() const { return local_; }
  // The draws as row ids of the model's energy.
  const std::vector<int>& ids() const { return ids_; }

  // Updates the sample once `rows` has forgotten `batch` (ids of the model's rows).
  void forget(const std::vector<int>& batch, const ActiveRows& rows);

 private:
  void draw(const ActiveRows& rows);

  const Energy& full_;
  int k_;
  Rng rng_;
  std::vector<int> ids_;
  std::shared_ptr<const Energy> copy_;
  RowSample local_;
};

// The sums above over a kept sample: Ĥ (minus the excluded rows of the model's
// `energy`), Ĥ v, and the gradient change.
Eigen::MatrixXd sampled_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const KeptRowSample& sample,
                                const std::vector<int>& excluded);
Eigen::VectorXd sampled_hvp(const Energy& energy, const Eigen::VectorXd& gamma, const KeptRowSample& sample,
                            const std::vector<int>& excluded, const Eigen::VectorXd& v);
Eigen::VectorXd sampled_gradient_change(const Eigen::VectorXd& gamma, const Eigen::VectorXd& shift,
                                        const KeptRowSample& sample);

}  // namespace lethe
