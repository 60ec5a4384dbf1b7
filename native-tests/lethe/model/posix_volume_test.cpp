// The model file on a real file system: a process killed with SIGKILL at each write
// step of a request (LETHE_FAULT_STEP), two writers at once, and the erased values
// gone from the files on disk.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <lethe/model/model.hpp>
#include <lethe/model/posix_volume.hpp>

#include "support.hpp"

using namespace lethe;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char pattern[] = "/tmp/lethe-test-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `request` in a child process with LETHE_FAULT_STEP=`step` (0: none); returns
// whether the child was killed.
template <typename F>
bool in_child(long step, F&& request) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (step > 0) ::setenv("LETHE_FAULT_STEP", std::to_string(step).c_str(), 1);
    try {
      request();
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGKILL;
  REQUIRE(WEXITSTATUS(status) == 0);
  return false;
}

}  // namespace

TEST_CASE("posix: a request killed at every write step is whole or absent", "[model][posix][crash]") {
  TempDir dir;
  PosixVolume volume(dir.path);
  const RowTable rows = test::make_rows(500, 3, true, 21);
  TrainSpec spec;
  spec.family = "logistic";
  Model::train(volume, "m.lethe", rows, spec);
  int killed = 0, completed = 0;
  for (int i = 0; i < 24; ++i) {
    const std::vector<std::int64_t> ids = {rows.ids[static_cast<std::size_t>(2 * i)],
                                           rows.ids[static_cast<std::size_t>(2 * i + 1)]};
    std::uint64_t before;
    {
      const Model m(volume, "m.lethe");
      before = m.status(false).generation;
    }
    const long step = i % 4 == 3 ? 0 : 1 + i % 9;  // 0: not killed
    const bool was_killed = in_child(step, [&] {
      PosixVolume child(dir.path);  // reads LETHE_FAULT_STEP
      Model m(child, "m.lethe");
      m.forget(ids, "k" + std::to_string(i), false, i);
    });
    was_killed ? ++killed : ++completed;
    const ModelStatus s = Model(volume, "m.lethe").status(true);  // the lock is released at once
    INFO("request " << i << " killed at step " << step);
    // SIGKILL loses nothing the process wrote: past the log's write the request is in.
    REQUIRE((s.generation == before || s.generation == before + 1));
    if (s.generation == before) {
      Model retry(volume, "m.lethe");
      retry.forget(ids, "k" + std::to_string(i), false, i);
    }
  }
  CHECK(killed > 0);
  CHECK(completed > 0);
  const Model m(volume, "m.lethe");
  CHECK(m.status(true).rows == 500 - 48);
  CHECK(m.status(false).requests.size() == 24);
}

TEST_CASE("posix: two writers at once both land, in some order", "[model][posix][lock]") {
  TempDir dir;
  PosixVolume volume(dir.path);
  const RowTable rows = test::make_rows(300, 2, false, 22);
  TrainSpec spec;
  spec.family = "linear";
  Model::train(volume, "m.lethe", rows, spec);
  std::vector<pid_t> children;
  for (int c = 0; c < 4; ++c) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      try {
        for (int r = 0; r < 5; ++r) {
          PosixVolume child(dir.path);
          Model m(child, "m.lethe");
          m.forget({rows.ids[static_cast<std::size_t>(c * 5 + r)]}, "c" + std::to_string(c) + "-" + std::to_string(r),
                   false, r);
        }
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  const Model m(volume, "m.lethe");
  const ModelStatus s = m.status(true);
  CHECK(s.requests.size() == 20);
  CHECK(s.rows == 280);
  // Forgetting stayed exact whatever the order.
  CHECK(m.verify().distance.value < 1e-10);
}

TEST_CASE("posix: the erased values are in no file on disk", "[model][posix][erasure]") {
  TempDir dir;
  PosixVolume volume(dir.path);
  const RowTable rows = test::make_rows(400, 3, false, 23);
  TrainSpec spec;
  spec.family = "linear";
  Model::train(volume, "m.lethe", rows, spec);
  {
    Model m(volume, "m.lethe");
    m.forget({rows.ids[5], rows.ids[6], rows.ids[300]}, "", false, 1);
  }
  const auto contains = [](const std::vector<unsigned char>& bytes, double v) {
    unsigned char p[8];
    std::memcpy(p, &v, 8);
    return std::search(bytes.begin(), bytes.end(), p, p + 8) != bytes.end();
  };
  const std::vector<unsigned char> file = read_file(dir.path + "/m.lethe");
  const std::vector<unsigned char> log = read_file(dir.path + "/m.lethe-wal");
  REQUIRE(contains(file, rows.x(7, 0)));  // a row still held is there
  for (int i : {5, 6, 300}) {
    for (int j = 0; j < 3; ++j) {
      CHECK_FALSE(contains(file, rows.x(i, j)));
      CHECK_FALSE(contains(log, rows.x(i, j)));
    }
    CHECK_FALSE(contains(file, rows.y(i)));
  }
  CHECK(::access((dir.path + "/m.lethe.tmp").c_str(), F_OK) != 0);
}
