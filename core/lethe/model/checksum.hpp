// XXH64 (Yann Collet's xxHash, 64-bit variant), the checksum of every region of a
// model file. Chosen over CRC-32 for its width (a 2⁻⁶⁴ chance that a corrupted
// region passes) and its speed (several GB/s in scalar code, which matters when a
// 10⁶-row file is verified on load). Written from the published specification
// (xxHash's doc/xxhash_spec.md); its test vectors are checked in checksum_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lethe {

std::uint64_t xxh64(const void* data, std::size_t size, std::uint64_t seed = 0);

}  // namespace lethe
