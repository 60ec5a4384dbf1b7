// The rows of a matrix picked by id, in the order of the ids (a copy).
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace lethe {

inline Eigen::MatrixXd rows_of(const Eigen::MatrixXd& m, const std::vector<int>& ids) {
  return m(ids, Eigen::all);  // Eigen 3.4 indexing by a list of row ids
}

}  // namespace lethe
