#include <lethe/bif/energy.hpp>

#include <lethe/base/errors.hpp>

namespace lethe {

void Energy::add_hvp_h(const Eigen::VectorXd& gamma, int i, const Eigen::VectorXd& v, double scale,
                       Eigen::VectorXd& out) const {
  Eigen::MatrixXd hess = Eigen::MatrixXd::Zero(dim(), dim());
  add_hess_h(gamma, i, 1.0, hess);
  out.noalias() += scale * (hess * v);
}

std::unique_ptr<Energy> Energy::copy_rows(const std::vector<int>& /*rows*/) const { return nullptr; }

double Energy::value(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const {
  double total = f(gamma);
  for (int i : rows) total += h(gamma, i);
  return total;
}

Eigen::VectorXd Energy::gradient(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const {
  Eigen::VectorXd g = grad_f(gamma);
  for (int i : rows) add_grad_h(gamma, i, 1.0, g);
  return g;
}

Eigen::MatrixXd Energy::hessian(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const {
  Eigen::MatrixXd hess = hess_f(gamma);
  for (int i : rows) add_hess_h(gamma, i, 1.0, hess);
  return hess;
}

Eigen::VectorXd Energy::hvp(const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                            const Eigen::VectorXd& v) const {
  Eigen::VectorXd out = hess_f(gamma) * v;
  for (int i : rows) add_hvp_h(gamma, i, v, 1.0, out);
  return out;
}

Eigen::VectorXd Energy::data_gradient(const Eigen::VectorXd& gamma, const std::vector<int>& rows) const {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(dim());
  for (int i : rows) add_grad_h(gamma, i, 1.0, g);
  return g;
}

void Energy::check_state(const Eigen::VectorXd& gamma, const char* function, const char* parameter) const {
  check_size(function, parameter, static_cast<long>(gamma.size()), static_cast<long>(dim()));
  check_finite(function, parameter, gamma);
}

}  // namespace lethe
