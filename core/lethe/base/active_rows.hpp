// Book-keeping of which training rows are still in the model, by stable row id
// (the row's index in the original data). Shared by every forgetting routine so
// that all of them reject the same bad requests with the same messages.
//
// Cost. The active ids are kept densely in `order_` (in no particular order once
// something is forgotten) with each id's position in it (−1 once forgotten: the flag),
// so that forgetting r rows costs O(r log r) (the validation's sort) and drawing a
// uniformly random active row costs O(1): what a forgetting request needs, whatever
// the number of rows n. Only active_ids()/forgotten_ids() (sorted lists) cost O(n).
// A request's rows are scattered over arrays of n entries, each a cache miss once n
// outgrows the caches; they are prefetched together so that the misses overlap
// instead of queueing, and a request costs nearly the same at n = 10⁴ and 10⁶.
// Memory: 8 bytes per row.
#pragma once

#include <string>
#include <vector>

namespace lethe {

// All row ids 0..n−1 (none for n ≤ 0).
std::vector<int> all_rows(int n);

class ActiveRows {
 public:
  explicit ActiveRows(int n);

  int total() const { return static_cast<int>(position_.size()); }
  int remaining() const { return remaining_; }
  bool is_active(int id) const;
  std::vector<int> active_ids() const;
  std::vector<int> forgotten_ids() const;
  // The active ids, densely, in an order that forget() permutes (O(1), no copy):
  // active_unordered()[k] for k uniform in [0, remaining()) is a uniform active row.
  const std::vector<int>& active_unordered() const { return order_; }

  // Throws InvalidArgument (naming `function` and `parameter`) and changes nothing
  // if the request is empty, holds an id out of range, an id already forgotten, or
  // the same id twice; if allow_all is false, also when it would forget every row.
  void validate(const std::vector<int>& ids, const char* function, const char* parameter, bool allow_all = true) const;
  // validate(), then mark the ids as forgotten.
  void forget(const std::vector<int>& ids, const char* function, const char* parameter, bool allow_all = true);

 private:
  int remaining_;
  std::vector<int> order_;     // active ids, densely (size remaining_)
  std::vector<int> position_;  // position_[id] = index of id in order_, −1 once forgotten
};

}  // namespace lethe
