// The experiments' clocks (experiments/stopwatch.hpp): wall time counts a sleep,
// processor time does not but counts computation; both restart from zero.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <thread>

#include <lethe/experiments/stopwatch.hpp>

namespace stopwatch_test {
// Burn processor time until the CPU clock has advanced by `seconds` (or 5 s of wall time pass).
double spin(double seconds) {
  const lethe::CpuStopwatch cpu;
  const lethe::Stopwatch guard;
  volatile double sink = 0.0;
  while (cpu.seconds() < seconds && guard.seconds() < 5.0)
    for (int i = 0; i < 1000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  return cpu.seconds();
}
}  // namespace stopwatch_test

TEST_CASE("stopwatch: wall time counts a sleep and restarts from zero", "[experiments][stopwatch]") {
  lethe::Stopwatch wall;
  const double start = wall.seconds();
  CHECK(start >= 0.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const double slept = wall.seconds();
  CHECK(slept >= 0.03);
  CHECK(slept < 5.0);
  CHECK(wall.seconds() >= slept);  // monotone
  wall.restart();
  CHECK(wall.seconds() < slept);
}

TEST_CASE("stopwatch: processor time ignores a sleep and counts computation", "[experiments][stopwatch]") {
  lethe::CpuStopwatch cpu;
  const lethe::Stopwatch wall;
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  // Sleeping costs (almost) no processor time: far less than the 60 ms it took.
  CHECK(cpu.seconds() < 0.03);
  CHECK(cpu.seconds() >= 0.0);
  const double spun = stopwatch_test::spin(0.02);
  CHECK(spun >= 0.02);
  // A single thread cannot use more processor time than the time that passed.
  CHECK(cpu.seconds() <= wall.seconds() + 1e-3);
  cpu.restart();
  CHECK(cpu.seconds() < 0.01);
}
