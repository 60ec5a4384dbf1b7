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

}  // namespace lethe
