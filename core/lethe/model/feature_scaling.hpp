// The standardisation the families fix at their first training and keep for the
// model's life: x̃_j = (x_j − c_j) / s_j with c the column means and s the population
// standard deviations of the training rows (1 for a constant column, which then
// only moves). One definition for every family, so that their files agree on it.
#pragma once

#include <Eigen/Dense>

namespace lethe {

// c and s of the rows `x` (n ≥ 1), each of x.cols() entries.
void fit_feature_scaling(const Eigen::MatrixXd& x, Eigen::VectorXd& centre, Eigen::VectorXd& scale);

// (x − c) / s, row by row.
Eigen::MatrixXd standardise(const Eigen::MatrixXd& x, const Eigen::VectorXd& centre, const Eigen::VectorXd& scale);

}  // namespace lethe
