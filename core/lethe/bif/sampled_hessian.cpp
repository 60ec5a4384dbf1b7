#include <lethe/bif/sampled_hessian.hpp>

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

}  // namespace lethe
