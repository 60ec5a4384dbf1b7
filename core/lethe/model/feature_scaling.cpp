#include <lethe/model/feature_scaling.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

void fit_feature_scaling(const Eigen::MatrixXd& x, Eigen::VectorXd& centre, Eigen::VectorXd& scale) {
  check_at_least("fit_feature_scaling", "x", static_cast<long>(x.rows()), 1);
  centre = x.colwise().mean().transpose();
  scale.resize(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double sd = std::sqrt((x.col(j).array() - centre(j)).square().mean());
    scale(j) = sd > 0 ? sd : 1.0;
  }
}

Eigen::MatrixXd standardise(const Eigen::MatrixXd& x, const Eigen::VectorXd& centre, const Eigen::VectorXd& scale) {
  return (x.rowwise() - centre.transpose()).array().rowwise() / scale.transpose().array();
}

}  // namespace lethe
