#include <lethe/experiments/scale_requests.hpp>

#include <algorithm>
#include <string>

#include <lethe/base/errors.hpp>

namespace lethe {

std::vector<int> largest_x1_request(const LabelledPoints& data, int label, int request, const char* function) {
  check_at_least(function, "request", request, 1);
  std::vector<int> candidates;
  for (int i = 0; i < static_cast<int>(data.size()); ++i)
    if (data.labels[i] == label) candidates.push_back(i);
  const auto count = static_cast<int>(candidates.size());
  if (request >= count)
    fail_argument(function, "request",
                  "asks for " + std::to_string(request) + " rows of label " + std::to_string(label) + ", which has " +
                      std::to_string(count) + " (a request must leave rows of every label)");
  // Largest x1 first; equal x1 by row id, so that the choice is deterministic.
  auto larger = [&](int a, int b) {
    const double xa = data.x(a, 0), xb = data.x(b, 0);
    return xa != xb ? xa > xb : a < b;
  };
  std::partial_sort(candidates.begin(), candidates.begin() + request, candidates.end(), larger);
  candidates.resize(static_cast<std::size_t>(request));
  return candidates;
}

std::vector<int> regression_request(const Series1D& series, int request, const char* function) {
  check_at_least(function, "request", request, 1);
  const auto n = static_cast<int>(series.size());
  if (request >= n)
    fail_argument(function, "request",
                  "asks for " + std::to_string(request) + " rows of " + std::to_string(n) +
                      " (a request must leave rows to learn from)");
  const double* begin = series.x.data();
  const auto first = static_cast<int>(std::lower_bound(begin, begin + n, kRegressionRequestStart) - begin);
  const int start = std::min(first, n - request);
  std::vector<int> ids(static_cast<std::size_t>(request));
  for (int k = 0; k < request; ++k) ids[static_cast<std::size_t>(k)] = start + k;
  return ids;
}

}  // namespace lethe
