// The Gaussian-mixture model of the forgetting experiment: K components with
// fixed equal weights 1/K and identity covariance in the plane, prior N(0, I) on
// each mean; only the means are latent. θ = (μ_0, …, μ_{K−1}) ∈ R^{2K}, stored
// component by component (μ_0x, μ_0y, μ_1x, …).
//
//   h(θ, x) = −log p(x | θ) = −log Σ_k (1/K) N(x; μ_k, I)
//   f(θ)    = −log p(θ)     = Σ_k ½‖μ_k‖² + K log 2π
#pragma once

#include <memory>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/names.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/energy.hpp>

namespace lethe {

// How a mixture's component means are fitted: an SGHMC or SGLD chain (sg_mcmc.hpp), or
// mean-field VI (mean_field_vi.hpp).
enum class GmmInference { sghmc, sgld, vi };
template <>
struct EnumNames<GmmInference> {
  static constexpr Named<GmmInference> entries[] = {
      {GmmInference::sghmc, "sghmc", "sghmc"}, {GmmInference::sgld, "sgld", "sgld"}, {GmmInference::vi, "vi", "vi"}};
};

class GaussianMixtureEnergy : public Energy {
 public:
  // x: n×2 data (copied), K ≥ 1 components.
  GaussianMixtureEnergy(const Eigen::MatrixXd& x, int components);

  Eigen::Index dim() const override { return 2 * components_; }
  int size() const override { return static_cast<int>(x_.rows()); }
  int components() const { return components_; }
  const Eigen::MatrixXd& data() const { return x_; }

  double h(const Eigen::VectorXd& theta, int i) const override;
  void add_grad_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::VectorXd& out) const override;
  void add_hess_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::MatrixXd& out) const override;
  void add_hvp_h(const Eigen::VectorXd& theta, int i, const Eigen::VectorXd& v, double scale,
                 Eigen::VectorXd& out) const override;

  std::unique_ptr<Energy> copy_rows(const std::vector<int>& rows) const override;
  double f(const Eigen::VectorXd& theta) const override;
  Eigen::VectorXd grad_f(const Eigen::VectorXd& theta) const override;
  Eigen::MatrixXd hess_f(const Eigen::VectorXd& theta) const override;

 private:
  // Offsets d_k = x_i − μ_k (2×K) and responsibilities r_k (K) into the
  // scratch buffers; returns log Σ_k exp(a_k) with a_k = −½‖d_k‖².
  double responsibilities(const Eigen::VectorXd& theta, int i) const;

  Eigen::MatrixXd x_;
  int components_;
  // Scratch space reused by every per-row call (the sums over rows are the hot
  // loops of sampling and forgetting): one energy is not for concurrent use.
  mutable Eigen::Matrix2Xd d_;
  mutable Eigen::VectorXd r_, rd_;
};

// θ (2K) ↔ K×2 matrix of means, one mean per row.
Eigen::MatrixXd means_from_state(const Eigen::VectorXd& theta);
Eigen::VectorXd state_from_means(const Eigen::MatrixXd& means);

// Lloyd iterations after k-means++ seeding by default: the start only has to put
// each mean in the right basin (the sampler or VI does the rest), and a few passes
// settle the seeds on well-separated clusters.
inline constexpr int kDefaultLloydSteps = 10;

// A seeded start for the means: k-means++ seeding on the given rows, then
// `lloyd_steps` Lloyd iterations. Deterministic in the generator's state.
Eigen::MatrixXd kmeans_start(const Eigen::MatrixXd& x, const std::vector<int>& rows, int components, Rng& rng,
                             int lloyd_steps = kDefaultLloydSteps);

// The mean of the points of each label 0..K−1 (K = max label + 1); every label
// must occur (InvalidArgument naming `function` and 'labels' otherwise).
Eigen::MatrixXd label_means(const Eigen::MatrixXd& x, const Eigen::VectorXi& labels, const char* function);

// The assignment of components to reference centres minimising the total squared
// distance: result[k] is the component matched to reference row k. Exhaustive
// over permutations for K ≤ 8, greedy beyond. Used only for reporting — fitted
// components carry no label, so the mixture's label switching is undone here.
std::vector<int> match_components(const Eigen::MatrixXd& centres, const Eigen::MatrixXd& reference);

}  // namespace lethe
