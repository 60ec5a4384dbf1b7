// Wall-clock timing for the experiments' reports (seconds to learn, retrain,
// forget). The algorithms themselves never time anything.
#pragma once

#include <chrono>
#include <ctime>

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

// Processor time of this process (std::clock): what a single-threaded computation
// costs, whatever else shares the machine — wall time on a shared machine also
// counts the other processes' turns. The scale sweep times with it.
class CpuStopwatch {
 public:
  CpuStopwatch() : start_(std::clock()) {}
  double seconds() const { return static_cast<double>(std::clock() - start_) / CLOCKS_PER_SEC; }
  void restart() { start_ = std::clock(); }

 private:
  std::clock_t start_;
};

}  // namespace lethe
