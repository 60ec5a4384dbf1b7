#include <lethe/bnn/bnn_energy.hpp>

#include <utility>

#include <lethe/base/errors.hpp>

namespace lethe {

BnnEnergy::BnnEnergy(const Mlp& mlp, ClassificationData data, double prior_variance)
    : mlp_(mlp), data_(std::move(data)), prior_variance_(prior_variance) {
  check_positive("BnnEnergy", "prior_variance", prior_variance);
  if (data_.features() != mlp_.shape().inputs)
    fail_argument("BnnEnergy", "data",
                  "has " + std::to_string(data_.features()) + " features per row, the model expects " +
                      std::to_string(mlp_.shape().inputs));
  if (data_.classes != mlp_.shape().classes)
    fail_argument(
        "BnnEnergy", "data",
        "has " + std::to_string(data_.classes) + " classes, the model expects " + std::to_string(mlp_.shape().classes));
  check_classification_data(data_, "BnnEnergy");
}

void BnnEnergy::gather(const std::vector<int>& rows, Eigen::MatrixXd& x, Eigen::VectorXi& y) const {
  x.resize(static_cast<Eigen::Index>(rows.size()), data_.x.cols());
  y.resize(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    x.row(Eigen::Index(k)) = data_.x.row(rows[k]);
    y[Eigen::Index(k)] = data_.labels[rows[k]];
  }
}

double BnnEnergy::batch_nll(const Eigen::VectorXd& theta, const std::vector<int>& rows, double scale,
                            Eigen::VectorXd* grad) const {
  if (rows.empty()) return 0.0;
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
  gather(rows, x, y);
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(x.rows(), scale);
  return mlp_.nll(theta, x, y, w, grad);
}

void BnnEnergy::batch_hvp(const Eigen::VectorXd& theta, const std::vector<int>& rows, double scale,
                          const Eigen::VectorXd& v, Eigen::VectorXd& out, bool gauss_newton) const {
  if (rows.empty()) return;
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
  gather(rows, x, y);
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(x.rows(), scale);
  mlp_.add_hvp(theta, x, y, w, v, out, gauss_newton);
}

double BnnEnergy::h(const Eigen::VectorXd& theta, int i) const { return batch_nll(theta, {i}, 1.0, nullptr); }

void BnnEnergy::add_grad_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::VectorXd& out) const {
  batch_nll(theta, {i}, scale, &out);
}

void BnnEnergy::add_hvp_h(const Eigen::VectorXd& theta, int i, const Eigen::VectorXd& v, double scale,
                          Eigen::VectorXd& out) const {
  batch_hvp(theta, {i}, scale, v, out);
}

void BnnEnergy::add_hess_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::MatrixXd& out) const {
  // Column j of ∇²h is ∇²h·e_j.
  Eigen::VectorXd e = Eigen::VectorXd::Zero(dim()), column(dim());
  for (Eigen::Index j = 0; j < dim(); ++j) {
    e[j] = 1.0;
    column.setZero();
    add_hvp_h(theta, i, e, scale, column);
    out.col(j) += column;
    e[j] = 0.0;
  }
}

// f = ‖θ‖²/(2σ_p²), ∇f = θ/σ_p², ∇²f = I/σ_p².
double BnnEnergy::f(const Eigen::VectorXd& theta) const { return 0.5 * theta.squaredNorm() / prior_variance_; }
Eigen::VectorXd BnnEnergy::grad_f(const Eigen::VectorXd& theta) const { return theta / prior_variance_; }
Eigen::MatrixXd BnnEnergy::hess_f(const Eigen::VectorXd& theta) const {
  return Eigen::MatrixXd::Identity(theta.size(), theta.size()) / prior_variance_;
}

}  // namespace lethe
