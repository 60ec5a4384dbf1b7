#include <lethe/base/active_rows.hpp>

#include <algorithm>
#include <numeric>

#include <lethe/base/errors.hpp>

namespace lethe {

std::vector<int> all_rows(int n) {
  std::vector<int> rows(static_cast<std::size_t>(n < 0 ? 0 : n));
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

namespace {

// A hint that `address` is read soon (no effect where the compiler has no such hint).
inline void prefetch(const void* address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

}  // namespace

ActiveRows::ActiveRows(int n) : remaining_(std::max(n, 0)), order_(all_rows(n)), position_(all_rows(n)) {}

bool ActiveRows::is_active(int id) const {
  return id >= 0 && id < total() && position_[static_cast<std::size_t>(id)] >= 0;
}

std::vector<int> ActiveRows::active_ids() const {
  std::vector<int> ids;
  for (int i = 0; i < total(); ++i)
    if (position_[static_cast<std::size_t>(i)] >= 0) ids.push_back(i);
  return ids;
}

std::vector<int> ActiveRows::forgotten_ids() const {
  std::vector<int> ids;
  for (int i = 0; i < total(); ++i)
    if (position_[static_cast<std::size_t>(i)] < 0) ids.push_back(i);
  return ids;
}

void ActiveRows::validate(const std::vector<int>& ids, const char* function, const char* parameter,
                          bool allow_all) const {
  if (ids.empty()) fail_argument(function, parameter, "is empty: nothing to forget");
  for (int id : ids)
    if (id >= 0 && id < total()) prefetch(&position_[static_cast<std::size_t>(id)]);
  std::vector<int> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const int id = sorted[i];
    if (id < 0 || id >= total())
      fail_argument(function, parameter,
                    "holds row id " + std::to_string(id) + ", outside [0, " + std::to_string(total()) + ")");
    if (i > 0 && sorted[i - 1] == id)
      fail_argument(function, parameter, "holds row id " + std::to_string(id) + " twice");
    if (position_[static_cast<std::size_t>(id)] < 0)
      fail_argument(function, parameter, "holds row id " + std::to_string(id) + ", which is already forgotten");
  }
  if (!allow_all && static_cast<int>(sorted.size()) == remaining_)
    fail_argument(function, parameter, "would forget every remaining row");
}

void ActiveRows::forget(const std::vector<int>& ids, const char* function, const char* parameter, bool allow_all) {
  validate(ids, function, parameter, allow_all);
  for (int id : ids) prefetch(&order_[static_cast<std::size_t>(position_[static_cast<std::size_t>(id)])]);
  for (int id : ids) {
    // Swap-remove from the dense list: the last active id takes the forgotten one's place.
    const auto at = static_cast<std::size_t>(position_[static_cast<std::size_t>(id)]);
    const int last = order_.back();
    order_[at] = last;
    position_[static_cast<std::size_t>(last)] = static_cast<int>(at);
    order_.pop_back();
    position_[static_cast<std::size_t>(id)] = -1;
  }
  remaining_ -= static_cast<int>(ids.size());
}

}  // namespace lethe
