#include <lethe/bnn/influence.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

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
  check_at_least(function, "newton_steps", o.newton_steps, 1);
  check_nonnegative(function, "residual_budget", o.residual_budget);
  check_unit_interval(function, "repair_cap", o.repair_cap);
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

InfluenceRefinement refine_newton(const RemainingEnergy& energy, const HessianAt& hessian, const VectorXd& first,
                                  const BnnInfluenceOptions& o) {
  InfluenceRefinement out;
  out.shift = VectorXd::Zero(first.size());
  // The tilt: the learned state x₀ is not a stationary point of F(·, D) (a stochastic
  // optimiser's or sampler's end, fixed draws), so the steps descend the tilted energy
  //   F̃(x) = F(x, D_r) − cᵀx,   c = ∇F(x₀, D) = ∇F(x₀, D_r) + b,
  // for which x₀ is exactly the optimum of the tilted full-data energy — the assumption
  // the BIF step makes, kept at every step: ∇F̃(x₀) = −b, the first Newton step is the
  // BIF step, and later steps remove what remains of D_e's pull, not the optimiser's noise.
  VectorXd g;
  const double f0 = energy(out.shift, &g);
  const VectorXd c = g + first;
  g = -first;
  double value = f0;
  const double g0 = first.norm();
  double radius = 0.0;
  for (int k = 0; k < o.newton_steps; ++k) {
    // Step 1: the BIF step's b = Σ_e ∇h; then the Newton step's −g(x).
    const VectorXd b = k == 0 ? first : VectorXd(-g);
    if (b.norm() == 0.0) break;
    const VectorXd x = out.shift;
    out.solve = truncated_cg(
        [&](const VectorXd& v) -> VectorXd {
          VectorXd hv = hessian(x, v);
          hv += o.damping * v;
          return hv;
        },
        b, o.cg_iterations, o.cg_tolerance);
    out.cg_iterations += out.solve.iterations;
    // A trust region: no later step is longer than the first (the BIF step's length,
    // the scale on which the quadratic model was right); truncated CG at negative
    // curvature can return a far longer iterate on the indefinite VI energy.
    if (k == 0)
      radius = out.solve.x.norm();
    else if (out.solve.x.norm() > radius)
      out.solve.x *= radius / out.solve.x.norm();
    // Accept x + p/2^j for the first j ≤ kHalvings that lowers F̃ (backtracking:
    // a truncated-CG direction descends from x when g̃·p < 0, so a short enough step
    // lowers F̃; the quadratic model's full step need not).
    bool accepted = false;
    double fraction = 1.0;
    for (int j = 0; j <= kHalvings && !accepted; ++j, fraction *= 0.5) {
      const VectorXd trial = x + fraction * out.solve.x;
      VectorXd g_trial;
      const double v = energy(trial, &g_trial) - c.dot(trial);
      g_trial -= c;
      if (std::isfinite(v) && v < value) {
        out.shift = trial;
        g = std::move(g_trial);
        value = v;
        accepted = true;
        ++out.accepted;
        out.fractions.push_back(fraction);
        out.energies.push_back(v);
        out.residuals.push_back(g0 > 0.0 ? g.norm() / g0 : 0.0);
      } else {
        ++out.rejected;
      }
    }
    if (!accepted || out.residuals.back() <= o.residual_budget) break;
  }
  out.energy = value;
  out.tilt = c;
  out.request_norm = g0;
  return out;
}

double vi_remaining_energy(const MeanFieldEnergy& energy, const VectorXd& gamma, const std::vector<int>& remaining,
                           const BnnInfluenceOptions& options, std::uint64_t seed, VectorXd* grad) {
  // F(γ, D_r) ≈ (|D_r|/|sub|) Σ_{sub} E_q[h] + KL and its gradient, over the energy's
  // fixed draws and the Hessian's subsample of D_r: the same function at every point
  // the refinement compares, at the cost of the Hessian's rows rather than all of D_r.
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  return energy.value(gamma, sub, double(remaining.size()) / double(sub.size()), true, grad);
}

double chain_remaining_energy(const BnnEnergy& energy, const Eigen::MatrixXd& states, const std::vector<int>& remaining,
                              const BnnInfluenceOptions& options, std::uint64_t seed, VectorXd* grad) {
  // Φ = (1/S) Σ_s [ (|D_r|/|sub|) Σ_{sub} h(θ_s) + ‖θ_s‖²/(2σ_p²) ]; ∇Φ is the states'
  // mean of ∇F(·, D_r), the posterior expectation that is 0 under the retrained posterior.
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  const double scale = double(remaining.size()) / double(sub.size());
  const double S = double(states.cols());
  double value = 0.5 * states.squaredNorm() / energy.prior_variance() / S;
  VectorXd g = states.rowwise().mean() / energy.prior_variance();
  for (Eigen::Index s = 0; s < states.cols(); ++s)
    value += energy.batch_nll(states.col(s), sub, scale / S, grad != nullptr ? &g : nullptr);
  if (grad != nullptr) *grad = std::move(g);
  return value;
}

InfluenceRefinement refine_vi(const MeanFieldEnergy& energy, const VectorXd& gamma, const std::vector<int>& remaining,
                              const std::vector<int>& forgotten, const BnnInfluenceOptions& options,
                              std::uint64_t seed) {
  check_influence_options(options, "refine_vi");
  check_size("refine_vi", "gamma", static_cast<long>(gamma.size()), static_cast<long>(energy.dim()));
  VectorXd b;
  energy.value(gamma, forgotten, 1.0, false, &b);
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  const double scale = double(remaining.size()) / double(sub.size());
  return refine_newton(
      [&](const VectorXd& x, VectorXd* grad) {
        return vi_remaining_energy(energy, gamma + x, remaining, options, seed, grad);
      },
      [&](const VectorXd& x, const VectorXd& v) { return energy.hvp(gamma + x, sub, scale, v); }, b, options);
}

InfluenceRefinement refine_chain(const BnnEnergy& energy, const Eigen::MatrixXd& states,
                                 const std::vector<int>& remaining, const std::vector<int>& forgotten,
                                 const BnnInfluenceOptions& options, std::uint64_t seed) {
  check_influence_options(options, "refine_chain");
  check_size("refine_chain", "states", static_cast<long>(states.rows()), static_cast<long>(energy.dim()));
  const Eigen::Index S = states.cols();
  VectorXd g = VectorXd::Zero(energy.dim());
  for (Eigen::Index s = 0; s < S; ++s) energy.batch_nll(states.col(s), forgotten, 1.0 / double(S), &g);
  const std::vector<int> sub = hessian_subsample(remaining, options.hessian_rows, seed);
  const double scale = double(remaining.size()) / double(sub.size());
  const Eigen::Index mh = std::min<Eigen::Index>(options.hessian_states, S);
  return refine_newton(
      [&](const VectorXd& x, VectorXd* grad) {
        return chain_remaining_energy(energy, states.colwise() + x, remaining, options, seed, grad);
      },
      [&](const VectorXd& x, const VectorXd& v) {
        VectorXd out = VectorXd::Zero(v.size());
        for (Eigen::Index s = S - mh; s < S; ++s)
          energy.batch_hvp(states.col(s) + x, sub, scale / double(mh), v, out, options.gauss_newton);
        out += v / energy.prior_variance();
        return out;
      },
      g, options);
}

double refinement_residual(const InfluenceRefinement& r, const VectorXd& gradient) {
  return r.request_norm > 0.0 ? (gradient - r.tilt).norm() / r.request_norm : 0.0;
}

int repair_steps(double repair_cap, long retrain_steps) {
  check_unit_interval("repair_steps", "repair_cap", repair_cap);
  return static_cast<int>(std::floor(repair_cap * double(retrain_steps)));
}

}  // namespace lethe
