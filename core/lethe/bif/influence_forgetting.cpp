#include <lethe/bif/influence_forgetting.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include <lethe/base/errors.hpp>
#include <lethe/bif/detail/influence_system.hpp>
#include <lethe/bif/sampled_hessian.hpp>

namespace lethe {

namespace detail {

namespace {
// CG is exact in dim steps in exact arithmetic; in floating point, reaching the
// default 1e-12 relative residual can take a few sweeps more, so the default
// budget allows ten.
constexpr int kCgIterationsPerDimension = 10;
}  // namespace

int cg_budget(const InfluenceOptions& options, Eigen::Index dim) {
  return options.cg_max_iterations > 0 ? options.cg_max_iterations : static_cast<int>(kCgIterationsPerDimension * dim);
}

Eigen::VectorXd solve_influence_system(const std::function<Eigen::MatrixXd()>& form, const HessianProduct& product,
                                       const Eigen::VectorXd& g, Eigen::Index dim, const InfluenceOptions& options,
                                       const char* function) {
  if (options.solver == InfluenceSolver::direct) return solve_positive_definite(form(), g, function);
  return conjugate_gradient(product, g, cg_budget(options, dim), options.cg_tolerance, function);
}

InfluenceSystem::InfluenceSystem(std::function<Eigen::MatrixXd()> form, HessianProduct product, Eigen::Index dim,
                                 const InfluenceOptions& options, const char* function)
    : form_(std::move(form)), product_(std::move(product)), dim_(dim), options_(options), function_(function) {}

Eigen::VectorXd InfluenceSystem::solve(const Eigen::VectorXd& b) {
  if (options_.solver != InfluenceSolver::direct)
    return conjugate_gradient(product_, b, cg_budget(options_, dim_), options_.cg_tolerance, function_);
  if (!b.allFinite()) throw NumericalError(std::string(function_) + ": the Hessian or gradient is not finite");
  if (!factor_) factor_.emplace(factorise_positive_definite(form_(), function_));
  return factor_->solve(b);
}

double InfluenceSystem::decrement(const Eigen::VectorXd& b) {
  // bᵀH⁻¹b ≥ 0 for positive-definite H; rounding can make it a hair negative at 0.
  return std::sqrt(std::max(0.0, b.dot(solve(b))));
}

}  // namespace detail

Eigen::LLT<Eigen::MatrixXd> factorise_positive_definite(const Eigen::MatrixXd& hessian, const char* function) {
  if (!hessian.allFinite()) throw NumericalError(std::string(function) + ": the Hessian or gradient is not finite");
  // Cholesky succeeds exactly when every pivot is positive, i.e. when the
  // (symmetric) matrix is positive definite.
  Eigen::LLT<Eigen::MatrixXd> llt(hessian);
  if (llt.info() != Eigen::Success)
    throw NumericalError(std::string(function) +
                         ": the Hessian of the energy is not positive definite (the state is not "
                         "at a strict local minimum); the forgetting step would be meaningless");
  return llt;
}

Eigen::VectorXd solve_positive_definite(const Eigen::MatrixXd& hessian, const Eigen::VectorXd& b,
                                        const char* function) {
  if (!b.allFinite()) throw NumericalError(std::string(function) + ": the Hessian or gradient is not finite");
  return factorise_positive_definite(hessian, function).solve(b);
}

Eigen::VectorXd conjugate_gradient(const HessianProduct& hessian, const Eigen::VectorXd& b, int max_iterations,
                                   double tolerance, const char* function) {
  check_at_least(function, "cg_max_iterations", max_iterations, 1);
  check_positive(function, "cg_tolerance", tolerance);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(b.size());
  const double b_norm = b.norm();
  if (b_norm == 0.0) return x;
  // Standard CG (Hestenes–Stiefel): residual r = b − Hx, directions p
  // H-conjugate; exact in ≤ dim steps for SPD H in exact arithmetic.
  Eigen::VectorXd r = b, p = b;
  double rr = r.squaredNorm();  // ‖r‖²
  for (int it = 0; it < max_iterations; ++it) {
    const Eigen::VectorXd hp = hessian(p);
    const double curvature = p.dot(hp);
    if (!(curvature > 0.0))
      throw NumericalError(std::string(function) + ": the Hessian of the energy is not positive definite (pᵀHp = " +
                           detail::to_text(curvature) + " at CG iteration " + std::to_string(it + 1) +
                           "); the forgetting step would be meaningless");
    const double alpha = rr / curvature;
    x += alpha * p;
    r -= alpha * hp;
    const double rr_next = r.squaredNorm();
    if (std::sqrt(rr_next) <= tolerance * b_norm) return x;
    p = r + (rr_next / rr) * p;
    rr = rr_next;
  }
  throw NumericalError(std::string(function) + ": conjugate gradients did not reach relative residual " +
                       detail::to_text(tolerance) + " in " + std::to_string(max_iterations) + " iterations");
}

Eigen::VectorXd solve_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                              const Eigen::VectorXd& g, const InfluenceOptions& options, const char* function) {
  return detail::solve_influence_system([&] { return energy.hessian(gamma, rows); },
                                        [&](const Eigen::VectorXd& v) { return energy.hvp(gamma, rows, v); }, g,
                                        energy.dim(), options, function);
}

Eigen::VectorXd influence_shift(const Energy& energy, const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                                const std::vector<int>& removed, const InfluenceOptions& options) {
  const char* fn = "influence_shift";
  energy.check_state(gamma, fn, "gamma");
  return solve_hessian(energy, gamma, hessian_rows(rows, removed, options), energy.data_gradient(gamma, removed),
                       options, fn);
}

InfluenceForgetter::InfluenceForgetter(const Energy& energy, Eigen::VectorXd gamma, InfluenceOptions options)
    : energy_(energy), gamma_(std::move(gamma)), options_(options), rows_(energy.size()) {
  const char* fn = "InfluenceForgetter";
  energy_.check_state(gamma_, fn, "gamma");
  check_at_least(fn, "hessian_sample_rows", options_.hessian_sample_rows, 0);
  // The exact certificate compares with ∇F(γ, S); the sampled one needs no full sum.
  if (options_.hessian_sample_rows == 0)
    gradient_ = energy_.gradient(gamma_, rows_.active_ids());
  else
    sample_.emplace(energy_, rows_, options_.hessian_sample_rows, options_.hessian_seed, fn);
}

Eigen::VectorXd InfluenceForgetter::forget_sampled(const std::vector<int>& batch) {
  const char* fn = "InfluenceForgetter::forget";
  rows_.validate(batch, fn, "batch", /*allow_all=*/false);
  const KeptRowSample& sample = *sample_;
  const std::vector<int> none;
  const std::vector<int>& excluded = options_.hessian_without_batch ? batch : none;
  detail::InfluenceSystem system(
      [&] { return sampled_hessian(energy_, gamma_, sample, excluded); },
      [&](const Eigen::VectorXd& v) { return sampled_hvp(energy_, gamma_, sample, excluded, v); }, energy_.dim(),
      options_, fn);
  const Eigen::VectorXd shift = system.solve(energy_.data_gradient(gamma_, batch));
  // ρ = ∇F(γ+Δ, S − S′) − ∇F(γ, S)
  //   = [∇F(γ+Δ, S) − ∇F(γ, S)] − Σ_{S′} ∇h(γ+Δ), the bracket from the sampled rows.
  const Eigen::VectorXd change =
      sampled_gradient_change(gamma_, shift, sample) - energy_.data_gradient(gamma_ + shift, batch);
  const double residual = system.decrement(change);
  // Nothing has changed until here: a failed solve leaves the forgetter as it was.
  gamma_ += shift;
  rows_.forget(batch, fn, "batch", false);
  sample_->forget(batch, rows_);
  residuals_.push_back(residual);
  return shift;
}

Eigen::VectorXd InfluenceForgetter::forget(const std::vector<int>& batch) {
  if (options_.hessian_sample_rows > 0) return forget_sampled(batch);
  const char* fn = "InfluenceForgetter::forget";
  rows_.validate(batch, fn, "batch", /*allow_all=*/false);
  const std::vector<int> h_rows = hessian_rows(rows_.active_ids(), batch, options_);
  detail::InfluenceSystem system([&] { return energy_.hessian(gamma_, h_rows); },
                                 [&](const Eigen::VectorXd& v) { return energy_.hvp(gamma_, h_rows, v); },
                                 energy_.dim(), options_, fn);
  const Eigen::VectorXd shift = system.solve(energy_.data_gradient(gamma_, batch));
  ActiveRows remaining = rows_;
  remaining.forget(batch, fn, "batch", false);
  const Eigen::VectorXd gradient = energy_.gradient(gamma_ + shift, remaining.active_ids());
  const double residual = system.decrement(gradient - gradient_);
  // Nothing has changed until here: a failed solve leaves the forgetter as it was.
  gamma_ += shift;
  rows_ = std::move(remaining);
  gradient_ = gradient;
  residuals_.push_back(residual);
  return shift;
}

void InfluenceForgetter::forget_in_batches(const std::vector<int>& ids, int batch_size) {
  const char* fn = "InfluenceForgetter::forget_in_batches";
  check_at_least(fn, "batch_size", batch_size, 1);
  rows_.validate(ids, fn, "ids", false);
  for (const auto& batch : split_batches(ids, batch_size)) forget(batch);
}

std::vector<int> hessian_rows(const std::vector<int>& rows, const std::vector<int>& removed,
                              const InfluenceOptions& options) {
  if (!options.hessian_without_batch) return rows;
  std::vector<int> sorted_removed = removed;
  std::sort(sorted_removed.begin(), sorted_removed.end());
  std::vector<int> kept;
  kept.reserve(rows.size());
  for (int row : rows)
    if (!std::binary_search(sorted_removed.begin(), sorted_removed.end(), row)) kept.push_back(row);
  return kept;
}

std::vector<std::vector<int>> split_batches(const std::vector<int>& ids, int batch_size) {
  check_at_least("split_batches", "batch_size", batch_size, 1);
  std::vector<std::vector<int>> batches;
  for (std::size_t start = 0; start < ids.size(); start += static_cast<std::size_t>(batch_size)) {
    const std::size_t end = std::min(ids.size(), start + static_cast<std::size_t>(batch_size));
    batches.emplace_back(ids.begin() + static_cast<long>(start), ids.begin() + static_cast<long>(end));
  }
  return batches;
}

}  // namespace lethe
