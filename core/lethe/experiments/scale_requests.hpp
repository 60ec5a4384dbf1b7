// Forgetting requests of a fixed size r, chosen by the same rule at every data size
// (the scale sweep, `lethe scale`): "one user's data", a group of r rows that sit
// together, so that forgetting them moves the model by a similar amount whatever N is.
//
//   labelled data (moons, logistic data, the mixture)
//            the r rows of one label with the largest x1 (ties by row id):
//            moons label 1 (the tip of the inner arc), mixture label 0 (the
//            horizontal cluster's right end)
//   1-D regression (sorted by x)
//            r consecutive rows starting at the first x ≥ kRegressionRequestStart
//            (moved left if fewer than r rows follow it)
//
// A request must leave data to learn from: InvalidArgument naming `function` and
// 'request' if r < 1, or if r would take every row (of the label, for labelled data).
#pragma once

#include <vector>

#include <lethe/base/datasets.hpp>

namespace lethe {

constexpr int kDefaultRequestSize = 20;
constexpr double kRegressionRequestStart = 1.0;

// O(N): one pass to select, then a partial sort of the candidates.
std::vector<int> largest_x1_request(const LabelledPoints& data, int label, int request, const char* function);
std::vector<int> regression_request(const Series1D& series, int request, const char* function);

}  // namespace lethe
