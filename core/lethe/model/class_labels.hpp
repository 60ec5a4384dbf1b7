// The class labels of a classification family's target column: y_i ∈ {0, …, C−1},
// given as doubles (the file's and the API's one number type). One check for every
// family, so that a bad label reads the same whichever family refuses it.
#pragma once

#include <Eigen/Dense>

#include <lethe/base/constants.hpp>  // kMaxClassLabels

namespace lethe {

// y as integer labels. `classes` is C once the family knows it (labels must be below
// it), 0 before its first training (labels must be below kMaxClassLabels).
// InvalidArgument naming `function` and 'y' for a negative, fractional, non-finite or
// too large value.
Eigen::VectorXi class_labels(const Eigen::VectorXd& y, int classes, const char* function);

}  // namespace lethe
