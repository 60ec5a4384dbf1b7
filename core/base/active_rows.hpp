// Book-keeping of which training rows are still in the model, by stable row id
// (the row's index in the original data). Shared by every forgetting routine so
// that all of them reject the same bad requests with the same messages.
#pragma once

#include <string>
#include <vector>

namespace lethe {

// All row ids 0..n−1 (none for n ≤ 0).
std::vector<int> all_rows(int n);

class ActiveRows {
 public:
  explicit ActiveRows(int n);

  int total() const { return static_cast<int>(active_.size()); }
  int remaining() const { return remaining_; }
  bool is_active(int id) const;
  std::vector<int> active_ids() const;
  std::vector<int> erased_ids() const;

  // Throws InvalidArgument (naming `function` and `parameter`) and changes nothing
  // if the request is empty, holds an id out of range, an id already erased, or
  // the same id twice; if allow_all is false, also when it would erase every row.
  void validate(const std::vector<int>& ids, const char* function, const char* parameter,
                bool allow_all = true) const;
  // validate(), then mark the ids as erased.
  void erase(const std::vector<int>& ids, const char* function, const char* parameter,
             bool allow_all = true);

 private:
  std::vector<bool> active_;
  int remaining_;
};

}  // namespace lethe
