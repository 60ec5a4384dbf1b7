// `lethe_parity`: fixed-seed results of the native build as JSON, one printer per
// area. The wasm tests (wasm/tests/*.test.mjs) make the same calls through the
// JavaScript API and compare: 1e-12 for the foundation, 1e-9 for the iterative
// methods. A test tool, not part of the user's `lethe`.
#pragma once

#include <string>

#include <Eigen/Dense>

#include <lethe/base/json.hpp>

namespace lethe::parity {

std::string exact_json();        // parity_exact.cpp
std::string variational_json();  // parity_variational.cpp
std::string bif_json();          // parity_bif.cpp

// A matrix flattened row-major, as the JavaScript API returns matrices.
inline std::string json_flat_rows(const Eigen::MatrixXd& m) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
  return json_array(rows.data(), static_cast<std::size_t>(rows.size()));
}

}  // namespace lethe::parity
