// A seeded random generator whose stream is identical natively and in WebAssembly.
//
// std::normal_distribution & co. are implementation-defined (libstdc++ natively,
// libc++ under Emscripten give different numbers for one seed), so Lethe draws its
// own: xoshiro256** for bits (seeded through splitmix64), 53-bit uniforms, and
// Marsaglia's polar method for normals (only log and sqrt, no sin/cos).
#pragma once

#include <cstdint>

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

}  // namespace lethe
