// ActiveRows: forget semantics (flags, counts, sorted lists, the dense unordered list
// and its uniform draws) and the typed errors, which leave the state unchanged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace active_rows_test {
// The invariants every state must satisfy, against a plain set of forgotten ids.
void check_consistent(const lethe::ActiveRows& rows, const std::set<int>& forgotten) {
  const int n = rows.total();
  CHECK(rows.remaining() == n - static_cast<int>(forgotten.size()));
  std::vector<int> active, gone;
  for (int i = 0; i < n; ++i) {
    CHECK(rows.is_active(i) == (forgotten.count(i) == 0));
    (forgotten.count(i) ? gone : active).push_back(i);
  }
  CHECK(rows.active_ids() == active);
  CHECK(rows.forgotten_ids() == gone);
  std::vector<int> unordered = rows.active_unordered();
  std::sort(unordered.begin(), unordered.end());
  CHECK(unordered == active);
}
}  // namespace active_rows_test

TEST_CASE("active_rows: all_rows and a fresh ActiveRows", "[base][active_rows]") {
  CHECK(lethe::all_rows(4) == std::vector<int>{0, 1, 2, 3});
  CHECK(lethe::all_rows(0).empty());
  CHECK(lethe::all_rows(-3).empty());
  const lethe::ActiveRows rows(5);
  CHECK(rows.total() == 5);
  active_rows_test::check_consistent(rows, {});
  CHECK_FALSE(rows.is_active(-1));
  CHECK_FALSE(rows.is_active(5));
  const lethe::ActiveRows none(-2);
  CHECK(none.total() == 0);
  CHECK(none.remaining() == 0);
}

TEST_CASE("active_rows: forgetting in random batches keeps every view consistent", "[base][active_rows]") {
  lethe::Rng rng(2024);
  const int n = 40;
  lethe::ActiveRows rows(n);
  std::set<int> forgotten;
  while (rows.remaining() > 3) {
    // A batch of up to 4 distinct active ids, in no particular order.
    std::vector<int> batch;
    const int want = 1 + static_cast<int>(rng.below(4));
    while (static_cast<int>(batch.size()) < want && static_cast<int>(batch.size()) < rows.remaining() - 1) {
      const int id = rows.active_unordered()[rng.below(static_cast<std::uint64_t>(rows.remaining()))];
      if (std::find(batch.begin(), batch.end(), id) == batch.end()) batch.push_back(id);
    }
    rows.forget(batch, "test", "ids", false);
    forgotten.insert(batch.begin(), batch.end());
    active_rows_test::check_consistent(rows, forgotten);
  }
  // Forgetting the rest is allowed by default.
  const std::vector<int> rest = rows.active_ids();
  rows.forget(rest, "test", "ids");
  forgotten.insert(rest.begin(), rest.end());
  active_rows_test::check_consistent(rows, forgotten);
  CHECK(rows.remaining() == 0);
  CHECK(rows.active_unordered().empty());
}

TEST_CASE("active_rows: draws from active_unordered are uniform over the active rows", "[base][active_rows]") {
  lethe::ActiveRows rows(10);
  rows.forget({0, 3, 7, 9}, "test", "ids");
  lethe::Rng rng(5);
  std::vector<int> counts(10, 0);
  const int draws = 60000;
  for (int k = 0; k < draws; ++k)
    ++counts[static_cast<std::size_t>(
        rows.active_unordered()[rng.below(static_cast<std::uint64_t>(rows.remaining()))])];
  for (int id = 0; id < 10; ++id) {
    if (!rows.is_active(id)) {
      CHECK(counts[static_cast<std::size_t>(id)] == 0);
      continue;
    }
    // Binomial(60000, 1/6): mean 10000, sd ≈ 91; 5 sd.
    CHECK(std::abs(counts[static_cast<std::size_t>(id)] - draws / 6) < 460);
  }
}

TEST_CASE("active_rows: bad requests throw InvalidArgument naming function and parameter, changing nothing",
          "[base][active_rows][errors]") {
  lethe::ActiveRows rows(6);
  rows.forget({2}, "forget", "ids");
  const auto unchanged = [&rows] {
    CHECK(rows.remaining() == 5);
    CHECK(rows.forgotten_ids() == std::vector<int>{2});
  };
  using Catch::Contains;
  REQUIRE_THROWS_AS(rows.forget({}, "forget", "ids"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rows.forget({}, "forget", "ids"), Contains("forget: parameter 'ids'") && Contains("empty"));
  unchanged();
  REQUIRE_THROWS_AS(rows.forget({1, 6}, "forget", "ids"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rows.forget({1, 6}, "forget", "ids"),
                      Contains("parameter 'ids'") && Contains("row id 6, outside [0, 6)"));
  REQUIRE_THROWS_WITH(rows.forget({-1}, "forget", "ids"), Contains("row id -1, outside"));
  unchanged();
  REQUIRE_THROWS_AS(rows.forget({4, 1, 4}, "forget", "ids"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rows.forget({4, 1, 4}, "forget", "ids"), Contains("row id 4 twice"));
  unchanged();
  REQUIRE_THROWS_AS(rows.forget({0, 2}, "forget", "ids"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rows.forget({0, 2}, "forget", "ids"), Contains("row id 2, which is already forgotten"));
  CHECK(rows.is_active(0));  // the valid id of the rejected request stays
  unchanged();
  REQUIRE_THROWS_AS(rows.forget({0, 1, 3, 4, 5}, "forget", "forget", false), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(rows.forget({0, 1, 3, 4, 5}, "forget", "forget", false),
                      Contains("forget: parameter 'forget'") && Contains("every remaining row"));
  unchanged();
  // validate() alone never changes anything, and accepts what forget() would.
  REQUIRE_NOTHROW(rows.validate({0, 1, 3, 4, 5}, "forget", "ids"));
  unchanged();
}
