#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lethe/model/checksum.hpp>

using lethe::xxh64;

TEST_CASE("xxh64 matches the published test vectors", "[model][checksum]") {
  // From xxHash's reference implementation (XXH64, seed 0).
  CHECK(xxh64("", 0) == 0xEF46DB3751D8E999ULL);
  CHECK(xxh64("a", 1) == 0xD24EC4F1A98C6E5BULL);
  CHECK(xxh64("abc", 3) == 0x44BC2CF5AD770999ULL);
  const std::string long_text = "Nobody inspects the spammish repetition";
  CHECK(xxh64(long_text.data(), long_text.size()) == 0xFBCEA83C8A378BF1ULL);
}

TEST_CASE("xxh64 sees every bit, the length and the seed", "[model][checksum]") {
  std::vector<unsigned char> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 31 + 7);
  const auto base = xxh64(bytes.data(), bytes.size());
  for (std::size_t i = 0; i < bytes.size(); i += 37)
    for (int bit = 0; bit < 8; bit += 3) {
      bytes[i] ^= static_cast<unsigned char>(1 << bit);
      CHECK(xxh64(bytes.data(), bytes.size()) != base);
      bytes[i] ^= static_cast<unsigned char>(1 << bit);
    }
  CHECK(xxh64(bytes.data(), bytes.size()) == base);
  CHECK(xxh64(bytes.data(), bytes.size() - 1) != base);
  CHECK(xxh64(bytes.data(), bytes.size(), 1) != base);
}
