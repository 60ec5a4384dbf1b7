// Wall-clock timing for the experiments' reports (seconds to learn, retrain,
// forget). The algorithms themselves never time anything.
#pragma once

#include <chrono>

namespace lethe {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void restart() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace lethe
