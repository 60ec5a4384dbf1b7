#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

using lethe::Rng;

TEST_CASE("Rng stream is pinned for seed 42", "[rng]") {
  // If these change, every seeded result of the library (native and wasm) changes.
  Rng rng(42);
  const double expected_uniforms[] = {0.083862971059882163, 0.37898025066266861, 0.68004341102813937,
                                      0.92469294532538759};
  for (double e : expected_uniforms) CHECK(rng.uniform() == e);
  Rng again(42);
  for (int i = 0; i < 8; ++i) again.uniform();
  const double expected_normals[] = {1.4762494610184149, 0.47075911993601033, 1.0078198992420604, -1.1562389645934583};
  for (double e : expected_normals) CHECK(again.normal() == Approx(e).epsilon(1e-15));
}

TEST_CASE("Rng: same seed same stream, different seeds differ", "[rng]") {
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    CHECK(x == b.next_u64());
    CHECK(x != c.next_u64());
  }
}

TEST_CASE("Rng uniform and normal moments match their distributions", "[rng]") {
  Rng rng(123);
  const int n = 200000;
  double su = 0, su2 = 0, sz = 0, sz2 = 0, sz4 = 0;
  double umin = 1, umax = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    umin = std::min(umin, u);
    umax = std::max(umax, u);
    su += u;
    su2 += u * u;
    const double z = rng.normal();
    sz += z;
    sz2 += z * z;
    sz4 += z * z * z * z;
  }
  CHECK(umin >= 0.0);
  CHECK(umax < 1.0);
  // Standard errors: uniform mean 0.29/√n ≈ 6.5e-4; normal mean 1/√n ≈ 2.2e-3.
  CHECK(su / n == Approx(0.5).margin(3e-3));
  CHECK(su2 / n == Approx(1.0 / 3.0).margin(3e-3));
  CHECK(sz / n == Approx(0.0).margin(1e-2));
  CHECK(sz2 / n == Approx(1.0).margin(1.5e-2));
  CHECK(sz4 / n == Approx(3.0).margin(8e-2));
}

TEST_CASE("Rng::below is uniform over residues and rejects zero", "[rng]") {
  Rng rng(5);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) ++counts[rng.below(3)];
  for (int c : counts) CHECK(c == Approx(10000).margin(400));
  REQUIRE_THROWS_AS(rng.below(0), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rng.below(0), Catch::Contains("Rng::below") && Catch::Contains("'n'"));
}

TEST_CASE("shuffled: a permutation, pinned for seed 42, each entry equally likely first", "[rng]") {
  std::vector<int> rows(8);
  for (int i = 0; i < 8; ++i) rows[static_cast<std::size_t>(i)] = i;
  // Pinned: the page's shuffledRows(42, 8) gives the same (wasm/tests/exact.test.mjs).
  CHECK(lethe::shuffled(rows, 42) == std::vector<int>{7, 2, 4, 0, 3, 5, 1, 6});
  CHECK(lethe::shuffled(rows, 42) == lethe::shuffled(rows, 42));
  CHECK(lethe::shuffled(rows, 43) != lethe::shuffled(rows, 42));
  CHECK(lethe::shuffled(std::vector<int>{}, 1).empty());
  // Over 8000 seeds each of the 8 rows comes first about 1000 times: the χ² statistic
  // with 7 degrees of freedom stays below 24.3 (p = 0.001).
  std::vector<int> first(8, 0);
  for (std::uint64_t seed = 0; seed < 8000; ++seed) {
    std::vector<int> s = lethe::shuffled(rows, seed);
    std::vector<int> sorted = s;
    std::sort(sorted.begin(), sorted.end());
    REQUIRE(sorted == rows);
    ++first[static_cast<std::size_t>(s[0])];
  }
  double chi2 = 0.0;
  for (int count : first) chi2 += (count - 1000.0) * (count - 1000.0) / 1000.0;
  CHECK(chi2 < 24.3);
}
