// Independent random streams for the random parts of one seeded run: learning, EUBO
// and reverse KL each draw from their own stream, so that changing how many numbers
// one of them draws never shifts the numbers another one sees.
#pragma once

#include <cstdint>

namespace lethe::variational_detail {

// One tag per routine; a new routine takes the next number.
constexpr std::uint64_t kElboStream = 1;
constexpr std::uint64_t kEuboStream = 2;
constexpr std::uint64_t kReverseKlStream = 3;

// Seed and tag are spread by two odd 64-bit multipliers (the first is splitmix64's
// golden-ratio increment 2⁶⁴/φ), so that neighbouring seeds and neighbouring tags
// give unrelated streams once Rng's splitmix64 seeding has mixed the bits. The
// layout, + 1 included, is fixed: changing any of it changes every seeded result.
constexpr std::uint64_t kSeedMultiplier = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kTagMultiplier = 0xD1B54A32D192ED03ULL;

inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t tag) {
  return seed * kSeedMultiplier + tag * kTagMultiplier + 1;
}

}  // namespace lethe::variational_detail
