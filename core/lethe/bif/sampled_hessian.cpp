#include <lethe/bif/sampled_hessian.hpp>

#include <algorithm>

#include <lethe/base/errors.hpp>

namespace lethe {

RowSample sample_active_rows(const ActiveRows& rows, int k, Rng& rng, const char* function) {
  check_at_least(function, "hessian_sample_rows", k, 1);
  const std::vector<int>& active = rows.active_unordered();
  const int n = rows.remaining();
  RowSample sample;
  if (k >= n) {
    sample.ids = active;
    return sample;
  }
  sample.ids.reserve(static_cast<std::size_t>(k));
  for (int j = 0; j < k; ++j)
    sample.ids.push_back(active[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(n)))]);
  sample.scale = static_cast<double>(n) / k;
  return sample;
}

Eigen::MatrixXd sampled_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const RowSample& sample,
                                const std::vector<int>& excluded) {
  Eigen::MatrixXd hess = energy.hess_f(gamma);
  for (int i : sample.ids) energy.add_hess_h(gamma, i, sample.scale, hess);
  for (int i : excluded) energy.add_hess_h(gamma, i, -1.0, hess);
  return hess;
}

Eigen::VectorXd sampled_hvp(const Energy& energy, const Eigen::VectorXd& gamma, const RowSample& sample,
                            const std::vector<int>& excluded, const Eigen::VectorXd& v) {
  Eigen::VectorXd out = energy.hess_f(gamma) * v;
  for (int i : sample.ids) energy.add_hvp_h(gamma, i, v, sample.scale, out);
  for (int i : excluded) energy.add_hvp_h(gamma, i, v, -1.0, out);
  return out;
}

Eigen::VectorXd sampled_gradient_change(const Energy& energy, const Eigen::VectorXd& gamma,
                                        const Eigen::VectorXd& shift, const RowSample& sample) {
  const Eigen::VectorXd moved = gamma + shift;
  Eigen::VectorXd change = energy.grad_f(moved) - energy.grad_f(gamma);
  for (int i : sample.ids) {
    energy.add_grad_h(moved, i, sample.scale, change);
    energy.add_grad_h(gamma, i, -sample.scale, change);
  }
  return change;
}

KeptRowSample::KeptRowSample(const Energy& energy, const ActiveRows& rows, int k, std::uint64_t seed,
                             const char* function)
    : full_(energy), k_(k), rng_(seed) {
  check_at_least(function, "hessian_sample_rows", k, 1);
  draw(rows);
}

void KeptRowSample::draw(const ActiveRows& rows) {
  ids_ = sample_active_rows(rows, k_, rng_, "KeptRowSample").ids;
  copy_ = full_.copy_rows(ids_);
  local_.ids.clear();
  if (copy_) {
    for (int j = 0; j < static_cast<int>(ids_.size()); ++j) local_.ids.push_back(j);
  } else {
    local_.ids = ids_;
  }
  local_.scale = static_cast<double>(rows.remaining()) / static_cast<double>(ids_.size());
}

void KeptRowSample::forget(const std::vector<int>& batch, const ActiveRows& rows) {
  std::vector<int> sorted = batch;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> kept_ids, kept_local;
  for (std::size_t j = 0; j < ids_.size(); ++j) {
    if (std::binary_search(sorted.begin(), sorted.end(), ids_[j])) continue;
    kept_ids.push_back(ids_[j]);
    kept_local.push_back(local_.ids[j]);
  }
  if (2 * kept_ids.size() < static_cast<std::size_t>(std::min(k_, rows.total())) || kept_ids.empty()) {
    draw(rows);
    return;
  }
  if (kept_ids.size() < ids_.size() && copy_) {
    copy_ = copy_->copy_rows(kept_local);
    kept_local.clear();
    for (int j = 0; j < static_cast<int>(kept_ids.size()); ++j) kept_local.push_back(j);
  }
  ids_ = std::move(kept_ids);
  local_.ids = std::move(kept_local);
  local_.scale = static_cast<double>(rows.remaining()) / static_cast<double>(ids_.size());
}

Eigen::MatrixXd sampled_hessian(const Energy& energy, const Eigen::VectorXd& gamma, const KeptRowSample& sample,
                                const std::vector<int>& excluded) {
  Eigen::MatrixXd hess = sampled_hessian(sample.energy(), gamma, sample.sample(), {});
  for (int i : excluded) energy.add_hess_h(gamma, i, -1.0, hess);
  return hess;
}

Eigen::VectorXd sampled_hvp(const Energy& energy, const Eigen::VectorXd& gamma, const KeptRowSample& sample,
                            const std::vector<int>& excluded, const Eigen::VectorXd& v) {
  Eigen::VectorXd out = sampled_hvp(sample.energy(), gamma, sample.sample(), {}, v);
  for (int i : excluded) energy.add_hvp_h(gamma, i, v, -1.0, out);
  return out;
}

Eigen::VectorXd sampled_gradient_change(const Eigen::VectorXd& gamma, const Eigen::VectorXd& shift,
                                        const KeptRowSample& sample) {
  return sampled_gradient_change(sample.energy(), gamma, shift, sample.sample());
}

}  // namespace lethe
