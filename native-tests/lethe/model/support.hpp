// Shared by the model tests: seeded data sets for the families.
#pragma once

#include <cmath>
#include <cstdint>

#include <lethe/base/rng.hpp>
#include <lethe/model/model_file.hpp>

namespace lethe::test {

// n rows, k features; ids 100, 103, 106, … (not the row numbers, so that a test
// mixing the two fails). Classification: y ~ Bernoulli(σ(wᵀx)); regression: y = wᵀx + noise.
inline RowTable make_rows(int n, int k, bool classification, std::uint64_t seed) {
  Rng rng(seed);
  RowTable rows;
  rows.x.resize(n, k);
  rows.y.resize(n);
  Eigen::VectorXd w(k);
  for (int j = 0; j < k; ++j) w(j) = rng.normal();
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < k; ++j) rows.x(i, j) = rng.normal();
    const double z = rows.x.row(i).dot(w) + 0.3;
    rows.y(i) = classification ? (rng.uniform() < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0) : z + 0.5 * rng.normal();
    rows.ids.push_back(100 + 3 * i);
  }
  return rows;
}

}  // namespace lethe::test
