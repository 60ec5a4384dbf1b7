#include <catch2/catch.hpp>

#include <lethe/model/storage.hpp>

using namespace lethe;

TEST_CASE("MemoryVolume: synced writes survive a crash, unsynced ones may not", "[model][storage]") {
  int kept_all = 0, lost_some = 0;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    MemoryVolume v;
    {
      auto f = v.open("f", true);
      f->write(0, "durable", 7);
      f->sync();
      v.sync_directory();
      f->write(0, "PENDING", 7);
      f->write(7, "-tail", 5);
    }
    v.crash(seed);
    const auto& c = v.content("f");
    const std::string text(c.begin(), c.end());
    // Every outcome is the synced content with some of the later writes (maybe torn) on top.
    CHECK(text.size() >= 7);
    CHECK((text.substr(0, 7) == "durable" || text[0] == 'P'));
    (text == "PENDING-tail") ? ++kept_all : ++lost_some;
  }
  CHECK(kept_all > 0);
  CHECK(lost_some > 0);
}

TEST_CASE("MemoryVolume: directory changes need sync_directory to survive", "[model][storage]") {
  int present = 0, absent = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    MemoryVolume v;
    auto f = v.open("new", true);
    f->write(0, "x", 1);
    f->sync();
    f.reset();
    v.crash(seed);
    v.exists("new") ? ++present : ++absent;
  }
  CHECK(present > 0);
  CHECK(absent > 0);
}

TEST_CASE("Volume: every mutating call is a numbered step the fault hook sees", "[model][storage]") {
  MemoryVolume v;
  std::vector<std::string> seen;
  v.set_fault_hook([&](long step, const std::string& what) {
    seen.push_back(what);
    if (step == 3) throw SimulatedCrash{step};
  });
  auto f = v.open("a", true);  // step 1: create
  f->write(0, "1", 1);         // step 2
  CHECK_THROWS_AS(f->write(1, "2", 1), SimulatedCrash);
  CHECK(seen.size() == 3);
  CHECK(v.content("a").size() == 1);  // the stopped step did not happen
  CHECK(v.steps() == 3);
}
