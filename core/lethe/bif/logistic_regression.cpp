#include <lethe/bif/logistic_regression.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

LogisticRegressionEnergy::LogisticRegressionEnergy(const Eigen::MatrixXd& x, const Eigen::VectorXi& labels,
                                                   double prior_variance)
    : x_(x), sign_(labels.size()), prior_variance_(prior_variance) {
  const char* fn = "LogisticRegressionEnergy";
  check_size(fn, "x (columns)", static_cast<long>(x.cols()), 2);
  check_at_least(fn, "x (rows)", static_cast<long>(x.rows()), 1);
  check_finite(fn, "x", x);
  check_size(fn, "labels", static_cast<long>(labels.size()), static_cast<long>(x.rows()));
  check_positive(fn, "prior_variance", prior_variance);
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0 && labels[i] != 1)
      fail_argument(fn, "labels",
                    "must hold 0 or 1 (got " + std::to_string(labels[i]) + " at row " + std::to_string(i) + ")");
    sign_[i] = 2.0 * labels[i] - 1.0;
  }
}

double LogisticRegressionEnergy::h(const Eigen::VectorXd& w, int i) const {
  return softplus(-sign_[i] * w.dot(features(i)));
}

// ∇h = −s σ(−s m) x̃, m = wᵀx̃
void LogisticRegressionEnergy::add_grad_h(const Eigen::VectorXd& w, int i, double scale, Eigen::VectorXd& out) const {
  const Eigen::Vector3d xt = features(i);
  out -= (scale * sign_[i] * sigmoid(-sign_[i] * w.dot(xt))) * xt;
}

// ∇²h = σ(m) σ(−m) x̃ x̃ᵀ (independent of the label)
void LogisticRegressionEnergy::add_hess_h(const Eigen::VectorXd& w, int i, double scale, Eigen::MatrixXd& out) const {
  const Eigen::Vector3d xt = features(i);
  const double m = w.dot(xt);
  out.noalias() += (scale * sigmoid(m) * sigmoid(-m)) * (xt * xt.transpose());
}

void LogisticRegressionEnergy::add_hvp_h(const Eigen::VectorXd& w, int i, const Eigen::VectorXd& v, double scale,
                                         Eigen::VectorXd& out) const {
  const Eigen::Vector3d xt = features(i);
  const double m = w.dot(xt);
  out += (scale * sigmoid(m) * sigmoid(-m) * xt.dot(v)) * xt;
}

std::unique_ptr<Energy> LogisticRegressionEnergy::copy_rows(const std::vector<int>& rows) const {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), 2);
  Eigen::VectorXi labels(x.rows());
  for (Eigen::Index j = 0; j < x.rows(); ++j) {
    const int i = rows[static_cast<std::size_t>(j)];
    x.row(j) = x_.row(i);
    labels[j] = sign_[i] > 0 ? 1 : 0;
  }
  return std::make_unique<LogisticRegressionEnergy>(x, labels, prior_variance_);
}

double LogisticRegressionEnergy::f(const Eigen::VectorXd& w) const {
  return 0.5 * w.squaredNorm() / prior_variance_ + 1.5 * (kLog2Pi + std::log(prior_variance_));
}

Eigen::VectorXd LogisticRegressionEnergy::grad_f(const Eigen::VectorXd& w) const { return w / prior_variance_; }

Eigen::MatrixXd LogisticRegressionEnergy::hess_f(const Eigen::VectorXd&) const {
  return Eigen::MatrixXd::Identity(3, 3) / prior_variance_;
}

LabelledPoints make_logistic_data(int n, std::uint64_t seed) {
  check_at_least("make_logistic_data", "n", n, 1);
  // Class centres ±(1, 0.5): under unit noise the classes overlap, so the data are
  // never separable and the MAP stays finite whatever n.
  constexpr double kCentreX1 = 1.0, kCentreX2 = 0.5;
  Rng rng(seed);
  LabelledPoints data{Eigen::MatrixXd(n, 2), Eigen::VectorXi(n)};
  for (int i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng.below(2));
    const double side = label == 1 ? 1.0 : -1.0;
    const double noise_x1 = rng.normal(), noise_x2 = rng.normal();
    data.labels[i] = label;
    data.x.row(i) << side * kCentreX1 + noise_x1, side * kCentreX2 + noise_x2;
  }
  return data;
}

}  // namespace lethe
