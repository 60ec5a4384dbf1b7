// Wall-clock timing for the experiments' reports (seconds to learn, retrain,
// forget). The algorithms themselves never time anything.
#pragma once

#include <chrono>
#include <cstddef>
#include <ctime>  // clock_gettime (POSIX)
#include <vector>

namespace lethe {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  void restart() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Processor time of this process: what a single-threaded computation costs,
// whatever else shares the machine (wall time on a shared machine also counts the
// other processes' turns). The scale sweep times with it.
// Where the platform has no process clock, elapsed time instead: Emscripten's
// clock_gettime refuses CLOCK_PROCESS_CPUTIME_ID (EINVAL) and its std::clock ticks
// in whole milliseconds, too coarse for a forgetting step of microseconds; in a
// browser or node the steady clock is performance.now(), and for one synchronous
// call elapsed time is that call's time.
class CpuStopwatch {
 public:
  CpuStopwatch() : start_(now()) {}
  double seconds() const { return now() - start_; }
  // Starts the interval at the second of two readings. The first reading after
  // clear_caches() runs the clock's own code and data cold, and the part of it after
  // the clock is sampled lands inside the interval: under node, process.cpuUsage()
  // then adds ≈ 15 µs to every interval (32 µs of work read as 47 µs), against
  // ≈ 3 µs natively — more than a 20-row exact request costs. The clock's path is
  // warm for the second reading, and it touches none of the data being timed.
  void restart() {
    now();
    start_ = now();
  }

 private:
  static double now() {
    timespec t{};
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0)
      return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  double start_;
};

// Leaves the processor's caches holding none of the data about to be timed: writes
// and reads back one byte per 64-byte line of a buffer larger than the last-level
// caches of the machines this runs on (8 MB here; 32 MB is four times that). Why: a
// request that arrives long after the last finds its model's memory cold whatever
// the model's size, while one timed right after its model was copied finds a small
// model in cache and a large one not — which would charge the memory hierarchy to N.
inline void clear_caches() {
  constexpr std::size_t kBytes = std::size_t{32} << 20;
  constexpr std::size_t kLine = 64;
  static std::vector<unsigned char> buffer(kBytes);
  static volatile unsigned sink = 0;
  unsigned sum = 0;
  for (std::size_t i = 0; i < kBytes; i += kLine) {
    buffer[i] = static_cast<unsigned char>(buffer[i] + 1);
    sum += buffer[i];
  }
  sink = sink + sum;
}

}  // namespace lethe
