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

#include <lethe/base/json.hpp>
#include "cli.hpp"

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

// The command's options, each default written once, here.
struct ModelBenchOptions {
  std::vector<double> sizes = {1e4, 1e5, 1e6};
  int features = 10;
  long request = 20;
  long requests = 9;
  std::string family = "logistic";
  std::string dir;  // empty: a fresh temporary directory, removed afterwards
  std::uint64_t seed = 1;
};

const OptionSet<ModelBenchOptions>& model_bench_option_set() {
  using B = ModelBenchOptions;
  static const OptionSet<B> set(
      "model_bench",
      {option<B>("sizes", &B::sizes, entries(any_value(), 1),
                 "the row counts timed; each must hold 2*request*(2*requests+1) rows"),
       option<B>("features", &B::features, in_range(1, 1000), "features of the synthetic rows"),
       option<B>("request", &B::request, in_range(1, 100000), "ids per forget request"),
       option<B>("requests", &B::requests, in_range(1, 1000),
                 "forget requests per size, of which the medians are taken"),
       // A word the lifecycle checks (Model::train), as `lethe train --family` does.
       option<B>("family", &B::family, any_value(), "the model family", alternatives(family_names()).c_str()),
       option<B>("dir", &B::dir, any_value(), "where the model file is written (default: a temporary directory)",
                 "DIR"),
       option<B>("seed", &B::seed, at_least(0), "seed of the rows and of the requests")});
  return set;
}

std::string model_bench_usage() {
  return command_usage(
      "model-bench", "  train, open, forget (durably) and retrain a model file on synthetic rows, timed at each size\n",
      {model_bench_option_set().infos(), json_option_set().infos()});
}

struct BenchRow {
  long n;
  double train, open, open_verified, forget, open_forget, forget_checked, retrain;
  std::uint64_t file_bytes;
};

}  // namespace

int model_bench_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, model_bench_usage())) return 0;
  const Options o(args, {model_bench_option_set().infos(), json_option_set().infos()});
  const ModelBenchOptions options = o.read(model_bench_option_set());
  const std::vector<double>& sizes = options.sizes;
  const int k = options.features;
  const long r = options.request;
  const long requests = options.requests;
  const std::string& family = options.family;
  const std::uint64_t seed = options.seed;
  // Refused before the temporary directory exists, so a bad word leaves nothing behind.
  const std::vector<std::string> families = family_names();
  if (std::find(families.begin(), families.end(), family) == families.end())
    throw UsageError("option --family: must be " + alternatives(families) + " (got '" + family + "')");
  for (double size : sizes)
    if (static_cast<long>(size) < 2 * r * (2 * requests + 1))
      throw UsageError("option --sizes: " + std::to_string(static_cast<long>(size)) +
                       " rows are too few for the requests");
  // Without --dir the files go to a directory of our own, removed at the end.
  const bool temporary = options.dir.empty();
  std::string dir = options.dir;
  if (temporary) {
    char pattern[] = "/tmp/lethe-bench-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("model-bench: cannot make a temporary directory");
    dir = pattern;
  }
  PosixVolume volume(dir);
  std::vector<BenchRow> table;
  for (double size : sizes) {
    const auto n = static_cast<long>(size);
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
  if (temporary) ::rmdir(dir.c_str());

  if (o.read(json_option_set()).json) {
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
