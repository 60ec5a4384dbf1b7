// A seeded random generator whose stream is identical natively and in WebAssembly.
//
// std::normal_distribution & co. are implementation-defined (libstdc++ natively,
// libc++ under Emscripten give different numbers for one seed), so Lethe draws its
// own: xoshiro256** for bits (seeded through splitmix64), 53-bit uniforms, and
// Marsaglia's polar method for normals (only log and sqrt, no sin/cos).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  // Uniform on [0, 1), 53 random bits.
  double uniform();
  // Standard normal N(0, 1).
  double normal();
  // Uniform integer in [0, n), n > 0 (unbiased, by rejection).
  std::uint64_t below(std::uint64_t n);

  Eigen::VectorXd normal_vector(Eigen::Index n);
  Eigen::MatrixXd normal_matrix(Eigen::Index rows, Eigen::Index cols);

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// `items` in a uniformly random order drawn from `seed`: Fisher–Yates from the last
// entry down, each swapped with one of the entries before it or itself. The order in
// which the certified-removal bench and page send their one-row requests.
template <class T>
std::vector<T> shuffled(std::vector<T> items, std::uint64_t seed) {
  Rng rng(seed);
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[static_cast<std::size_t>(rng.below(i))]);
  return items;
}

}  // namespace lethe
