#include <lethe/bnn/influence.hpp>

#include <algorithm>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

using Eigen::VectorXd;

void check_influence_options(const BnnInfluenceOptions& o, const char* function) {
  check_nonnegative(function, "damping", o.damping);
  check_at_least(function, "cg_iterations", o.cg_iterations, 1);
  check_positive(function, "cg_tolerance", o.cg_tolerance);
  check_at_least(function, "hessian_rows", o.hessian_rows, 0);
  check_at_least(function, "hessian_states", o.hessian_states, 1);
}

CgResult truncated_cg(const std::function<VectorXd(const VectorXd&)>& hessian, const VectorXd& b, int max_iterations,
                      double tolerance) {
  CgResult result;
  result.x = VectorXd::Zero(b.size());
  const double b_norm = b.norm();
  if (b_norm == 0.0) return result;
  VectorXd r = b, p = b;
  double rr = r.squaredNorm();
  for (int k = 0; k < max_iterations; ++k) {
    const VectorXd hp = hessian(p);
    const double curvature = p.dot(hp);
    // pᵀHp ≤ 0: H is not positive definite along p; the quadratic model has no
    // minimiser there, so stop with the iterate so far (Steihaug).
    if (!(curvature > 0.0)) {
      result.negative_curvature = true;
      break;
    }
    const double alpha = rr / curvature;
    result.x += alpha * p;
    r -= alpha * hp;
    result.iterations = k + 1;
    const double rr_next = r.squaredNorm();
    if (std::sqrt(rr_next) <= tolerance * b_norm) {
      rr = rr_next;
      break;
    }
    p = r + (rr_next / rr) * p;
    rr = rr_next;
  }
  result.relative_residual = std::sqrt(rr) / b_norm;
  return result;
}

std::vector<int> hessian_subsample(const std::vector<int>& rows, int count, std::uint64_t seed) {
  if (count <= 0 || count >= static_cast<int>(rows.size())) return rows;
  std::vector<int> pool = rows;
  Rng rng(seed);
  for (int i = 0; i < count; ++i)
    std::swap(pool[std::size_t(i)],
              pool[std::size_t(i) + static_cast<std::size_t>(rng.below(pool.size() - std::size_t(i)))]);
  pool.resize(std::size_t(count));
  std::sort(pool.begin(), pool.end());
  return pool;
}

InfluenceStep bif_vi_step(const MeanFieldEnergy& energy, const VectorXd& gamma, const std::vector<int>& remaining,
                          const std::vector<int>& forgotten, const BnnInfluenceOptions& options, std::uint64_t seed) {
  check_influence_options(options, "bif_vi_step");
  check_size("bif_vi_step", "gamma", static_cast<long>(gamma.size()), static_cast<long>(energy.dim()));
  // b = Σ_{e∈D_e} ∇_γ E_q[h(θ, e)]
  VectorXd b;
  energy.value(gamma, forgotten, 1.0, false, &b);
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  const double scale = double(remaining.size()) / double(sub.size());
  InfluenceStep step;
  step.solve = truncated_cg(
      [&](const VectorXd& v) -> VectorXd {
        VectorXd out = energy.hvp(gamma, sub, scale, v);
        out += options.damping * v;
        return out;
      },
      b, options.cg_iterations, options.cg_tolerance);
  step.shift = step.solve.x;
  return step;
}

InfluenceStep bif_chain_step(const BnnEnergy& energy, const Eigen::MatrixXd& states, const std::vector<int>& remaining,
                             const std::vector<int>& forgotten, const BnnInfluenceOptions& options,
                             std::uint64_t seed) {
  check_influence_options(options, "bif_chain_step");
  check_size("bif_chain_step", "states", static_cast<long>(states.rows()), static_cast<long>(energy.dim()));
  const Eigen::Index S = states.cols();
  // ḡ = (1/S) Σ_s Σ_e ∇h(θ_s, e)
  VectorXd g = VectorXd::Zero(energy.dim());
  for (Eigen::Index s = 0; s < S; ++s) energy.batch_nll(states.col(s), forgotten, 1.0 / double(S), &g);
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  const double scale = double(remaining.size()) / double(sub.size());
  // The Hessian states: the last M_H kept states (the chain's most recent).
  const Eigen::Index mh = std::min<Eigen::Index>(options.hessian_states, S);
  InfluenceStep step;
  step.solve = truncated_cg(
      [&](const VectorXd& v) -> VectorXd {
        VectorXd out = VectorXd::Zero(v.size());
        for (Eigen::Index s = S - mh; s < S; ++s)
          energy.batch_hvp(states.col(s), sub, scale / double(mh), v, out, options.gauss_newton);
        // + ∇²f v = v/σ_p², + δv
        out += (1.0 / energy.prior_variance() + options.damping) * v;
        return out;
      },
      g, options.cg_iterations, options.cg_tolerance);
  step.shift = step.solve.x;
  return step;
}

}  // namespace lethe
