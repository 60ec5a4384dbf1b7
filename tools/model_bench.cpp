// `lethe model-bench`: what the model lifecycle costs on disk at 10⁴–10⁶ rows —
// train (with the write that makes the file durable), open, open with every row page
// verified, forget a request of r ids with its durable commit, the same from a fresh
// open (one `lethe forget` process less its start-up), the same with the proof's
// residual checked over the rows held (`lethe forget`'s default), and retrain — in one process,
// wall-clock seconds (the durable writes are I/O), medians over the requests.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <lethe/base/rng.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/posix_volume.hpp>

#include "cli.hpp"
#include "json_writer.hpp"

namespace lethe::cli {
namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Two overlapping classes in k dimensions: y ~ Bernoulli(σ(wᵀx + 0.2)).
RowTable logistic_rows(long n, int k, std::uint64_t seed) {
  Rng rng(seed);
  RowTable rows;
  rows.x.resize(n, k);
  rows.y.resize(n);
  Eigen::VectorXd w(k);
  for (int j = 0; j < k; ++j) w(j) = rng.normal() / std::sqrt(static_cast<double>(k));
  for (long i = 0; i < n; ++i) {
    for (int j = 0; j < k; ++j) rows.x(i, j) = rng.normal();
    const double z = rows.x.row(i).dot(w) + 0.2;
    rows.y(i) = rng.uniform() < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
    rows.ids.push_back(i);
  }
  return rows;
}

struct BenchRow {
  long n;
  double train, open, open_verified, forget, open_forget, forget_checked, retrain;
  std::uint64_t file_bytes;
};

}  // namespace

int model_bench_main(const std::vector<std::string>& args) {
  const Options options(args, {"sizes", "features", "request", "requests", "family", "dir", "seed"}, {"json"});
  const std::vector<double> sizes = options.numbers("sizes", {1e4, 1e5, 1e6});
  const int k = static_cast<int>(integer_at_least(options, "features", 10, 1, 1000));
  const long r = integer_at_least(options, "request", 20, 1, 100000);
  const long requests = integer_at_least(options, "requests", 9, 1, 1000);
  const std::string family = options.text("family", "logistic");
  const auto seed = static_cast<std::uint64_t>(integer_at_least(options, "seed", 1, 0));
  std::string dir = options.text("dir", "");
  if (dir.empty()) {
    char pattern[] = "/tmp/lethe-bench-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("model-bench: cannot make a temporary directory");
    dir = pattern;
  }
  PosixVolume volume(dir);
  std::vector<BenchRow> table;
  for (double size : sizes) {
    const auto n = static_cast<long>(size);
    if (n < 2 * r * (2 * requests + 1))
      throw UsageError("option --sizes: " + std::to_string(n) + " rows are too few for the requests");
    RowTable rows = logistic_rows(n, k, seed);
    if (family == "linear") rows.y = rows.x.col(0) + 0.5 * rows.y;
    TrainSpec spec;
    spec.family = family;
    BenchRow row{n, 0, 0, 0, 0, 0, 0, 0, 0};
    auto t = std::chrono::steady_clock::now();
    Model::train(volume, "bench.lethe", rows, spec);
    row.train = since(t);
    t = std::chrono::steady_clock::now();
    { const Model m(volume, "bench.lethe"); }
    row.open = since(t);
    t = std::chrono::steady_clock::now();
    {
      const Model m(volume, "bench.lethe");
      m.status(true);
    }
    row.open_verified = since(t);
    // Requests of r ids spread over the table, as deletion requests arrive.
    Rng pick(seed + 7);
    std::vector<char> used(static_cast<std::size_t>(n), 0);
    const auto request = [&] {
      std::vector<std::int64_t> ids;
      while (static_cast<long>(ids.size()) < r) {
        const auto i = static_cast<std::size_t>(pick.below(static_cast<std::uint64_t>(n)));
        if (!used[i]) {
          used[i] = 1;
          ids.push_back(rows.ids[i]);
        }
      }
      return ids;
    };
    // forget: the request alone (--no-check); checked: with the proof's residual
    // measured over the rows held (the default of `lethe forget`).
    std::vector<double> forget, open_forget, checked;
    {
      Model m(volume, "bench.lethe");
      for (long q = 0; q < requests; ++q) {
        const std::vector<std::int64_t> ids = request();
        t = std::chrono::steady_clock::now();
        m.forget(ids, "", false, q, false);
        forget.push_back(since(t));
      }
      for (long q = 0; q < requests; ++q) {
        const std::vector<std::int64_t> ids = request();
        t = std::chrono::steady_clock::now();
        m.forget(ids, "", false, q, true);
        checked.push_back(since(t));
      }
    }
    for (long q = 0; q < requests; ++q) {
      const std::vector<std::int64_t> ids = request();
      t = std::chrono::steady_clock::now();
      Model m(volume, "bench.lethe");
      m.forget(ids, "", false, q, false);
      open_forget.push_back(since(t));
    }
    row.forget = median(forget);
    row.open_forget = median(open_forget);
    row.forget_checked = median(checked);
    {
      Model m(volume, "bench.lethe");
      t = std::chrono::steady_clock::now();
      m.retrain("", 0);
      row.retrain = since(t);
      row.file_bytes = m.status(false).file_bytes;
    }
    table.push_back(row);
  }
  volume.remove("bench.lethe");
  volume.remove("bench.lethe-wal");
  if (options.text("dir", "").empty()) ::rmdir(dir.c_str());

  if (options.has("json")) {
    std::string s = "{\"family\":" + json_string(family) + ",\"features\":" + std::to_string(k) +
                    ",\"request\":" + std::to_string(r) +
                    ",\"cores\":" + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + ",\"rows\":[";
    for (std::size_t i = 0; i < table.size(); ++i) {
      const BenchRow& b = table[i];
      s += std::string(i ? "," : "") + "{\"n\":" + std::to_string(b.n) + ",\"train_seconds\":" + json_number(b.train) +
           ",\"open_seconds\":" + json_number(b.open) + ",\"open_verified_seconds\":" + json_number(b.open_verified) +
           ",\"forget_seconds\":" + json_number(b.forget) + ",\"open_forget_seconds\":" + json_number(b.open_forget) +
           ",\"forget_checked_seconds\":" + json_number(b.forget_checked) +
           ",\"retrain_seconds\":" + json_number(b.retrain) + ",\"file_bytes\":" + std::to_string(b.file_bytes) +
           ",\"retrain_over_forget\":" + json_number(b.retrain / b.forget) +
           ",\"retrain_over_open_forget\":" + json_number(b.retrain / b.open_forget) +
           ",\"retrain_over_forget_checked\":" + json_number(b.retrain / b.forget_checked) + "}";
    }
    std::cout << s << "]}\n";
    return 0;
  }
  std::cout << "model lifecycle on disk: family " << family << ", " << k << " features, requests of " << r
            << " ids, wall seconds, medians of " << requests << " requests, " << ::sysconf(_SC_NPROCESSORS_ONLN)
            << " cores, files in " << dir << "\n";
  std::cout << "        n   file MB  train+save      open  open+verify  forget+commit  open+forget+commit"
               "  forget+check+commit     retrain  retrain/forget  retrain/(open+forget)  retrain/(forget+check)\n";
  for (const BenchRow& b : table)
    std::cout << format_number("%9.0f", static_cast<double>(b.n))
              << format_number("%10.1f", static_cast<double>(b.file_bytes) / 1e6) << format_number("%12.4f", b.train)
              << format_number("%10.5f", b.open) << format_number("%13.4f", b.open_verified)
              << format_number("%15.5f", b.forget) << format_number("%20.5f", b.open_forget)
              << format_number("%21.5f", b.forget_checked) << format_number("%12.4f", b.retrain)
              << format_number("%15.0fx", b.retrain / b.forget) << format_number("%22.0fx", b.retrain / b.open_forget)
              << format_number("%23.0fx", b.retrain / b.forget_checked) << "\n";
  return 0;
}

}  // namespace lethe::cli
