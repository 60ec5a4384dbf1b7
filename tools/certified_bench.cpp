// `lethe certified-bench`: certified removal (Guo, Goldstein, Hannun & van der Maaten
// 2020) measured the way the paper measures it, on the 3-vs-8 task of Fashion-MNIST
// (Debian's dataset-fashion-mnist; the paper used MNIST's digits 3 and 8) and of the
// shipped UCI digits, through the lifecycle users run (LogisticFamily, Model):
//   (a) test accuracy against ε at λ fixed: σ = c·β₀/ε with c = √(2 ln(1.5/δ)), so
//       that every ε certifies the same residual budget β₀ = σ₀ε₀/c (the paper's
//       σ₀ = 10 at ε₀ = 1), mean over seeds of the perturbation b;
//   (b) removals supported before the first retraining against λ and σ (ε = 1), one
//       id per request in a seeded order, `Model::forget` with auto-retrain on a
//       MemoryVolume, capped at --removals;
//   (c) the running bound, the actual residual ‖∇L_b(w⁻; D′)‖ and the budget along
//       the removals at the paper's settings;
//   (d) time per removal against retraining (medians) on a PosixVolume, durable, at
//       the full size (Fashion-MNIST: all 784 pixels): the removal as `lethe forget`
//       runs it by default (with the residual checked over the rows held) and the
//       request alone (`--no-check`), alternating, so that both see the same machine.
// The features are the paper's: pixels in [0, 1] minus 0.5, each row scaled to
// ‖x‖ = 1, no standardising; the family adds a bias and scales the rows by 1/√2 so
// that ‖x̃‖ ≤ 1 (the theorem's condition). λ is the paper's: L = Σℓ + (λn/2)‖w‖² + bᵀw,
// i.e. prior_variance = 1/(λn).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <lethe/base/rng.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/experiments/idx_reader.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/posix_volume.hpp>

#include <lethe/base/json.hpp>
#include "cli.hpp"
#include "svg.hpp"

#ifndef LETHE_DATA_DIR
#define LETHE_DATA_DIR "data"
#endif
#ifndef LETHE_BUILD_TYPE
#define LETHE_BUILD_TYPE "unknown"
#endif

namespace lethe::cli {
namespace {

double wall_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median_of(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::nan("") : s / static_cast<double>(v.size());
}

// Guo et al. 2020, Figure 1 (linear logistic regression on MNIST 3 vs 8, δ = 1e-4), read
// off the published plots by pixel position (log axes: about ±0.05 decades, ±12 %). Right
// panel: the expected number of removals supported at ε = 1 — the budget over the mean
// bound per removal, an extrapolation (above n at λ = 0.1) — and the test accuracy, at
// each λ and σ of this bench's grid. Middle panel: the test accuracy at λ = 1e-3 when
// supporting 100 removals, at each ε. The bench prints and draws them beside its own.
struct PaperRemovals {
  double lambda, sigma, removals, accuracy;
};
constexpr PaperRemovals kPaperRemovals[] = {
    {1e-4, 1, 1.6, 0.969},     {1e-4, 10, 17, 0.927},    {1e-4, 100, 174, 0.731},  {1e-3, 1, 25, 0.955},
    {1e-3, 10, 250, 0.949},    {1e-3, 100, 2600, 0.802}, {1e-2, 1, 315, 0.914},    {1e-2, 10, 3150, 0.914},
    {1e-2, 100, 31000, 0.865}, {1e-1, 1, 3150, 0.875},   {1e-1, 10, 32000, 0.877}, {1e-1, 100, 310000, 0.862}};
struct PaperAccuracy {
  double epsilon, accuracy;
};
constexpr PaperAccuracy kPaperAccuracyAt100Removals[] = {{0.05, 0.834}, {0.1, 0.898}, {0.2, 0.934}, {0.5, 0.950},
                                                         {1, 0.953},    {2, 0.956},   {5, 0.955},   {10, 0.955}};
constexpr double kPaperAccuracyWithoutNoise = 0.955;  // λ = 1e-3, σ = 0.01

std::string paper_json() {
  std::string s =
      "{\"source\":" + json_string("Guo et al. 2020, Figure 1 (MNIST 3 vs 8), read off the published plots") +
      ",\"removals\":[";
  bool first = true;
  for (const PaperRemovals& p : kPaperRemovals) {
    s += std::string(first ? "" : ",") + "{\"lambda\":" + json_number(p.lambda) + ",\"sigma\":" + json_number(p.sigma) +
         ",\"removals\":" + json_number(p.removals) + ",\"accuracy\":" + json_number(p.accuracy) + "}";
    first = false;
  }
  s += "],\"accuracy_at_100_removals\":[";
  first = true;
  for (const PaperAccuracy& a : kPaperAccuracyAt100Removals) {
    s += std::string(first ? "" : ",") + "{\"epsilon\":" + json_number(a.epsilon) +
         ",\"accuracy\":" + json_number(a.accuracy) + "}";
    first = false;
  }
  return s + "],\"accuracy_without_noise\":" + json_number(kPaperAccuracyWithoutNoise) + "}";
}

// A binary task: the paper's features, y = 1 for the first class.
struct Task {
  std::string name, note;
  RowTable train;
  Eigen::MatrixXd test_x;
  Eigen::VectorXd test_y;
};

// Pixels in [0, 1] → minus 0.5, each row divided by its norm (Guo et al.'s code).
Eigen::MatrixXd paper_features(Eigen::MatrixXd x) {
  x.array() -= 0.5;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double norm = x.row(i).norm();
    if (norm > 0) x.row(i) /= norm;
  }
  return x;
}

// Averages p×p blocks of side×side images (p = 1: unchanged).
Eigen::MatrixXd pooled(const Eigen::MatrixXd& x, int side, int p) {
  if (p == 1) return x;
  const int out_side = side / p;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(x.rows(), out_side * out_side);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (int r = 0; r < out_side * p; ++r)
      for (int c = 0; c < out_side * p; ++c) out(i, (r / p) * out_side + c / p) += x(i, r * side + c);
  return out / static_cast<double>(p * p);
}

// The rows of `labels` in {a, b}, shuffled by `seed` and cut to `limit` (0: all).
std::vector<Eigen::Index> pair_rows(const Eigen::VectorXi& labels, int a, int b, long limit, std::uint64_t seed) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (labels(i) == a || labels(i) == b) rows.push_back(i);
  Rng rng(seed);
  for (std::size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[static_cast<std::size_t>(rng.below(i))]);
  if (limit > 0 && static_cast<std::size_t>(limit) < rows.size()) rows.resize(static_cast<std::size_t>(limit));
  std::sort(rows.begin(), rows.end());
  return rows;
}

void fill(const Eigen::MatrixXd& x, const Eigen::VectorXi& labels, const std::vector<Eigen::Index>& rows, int a,
          Eigen::MatrixXd& out_x, Eigen::VectorXd& out_y) {
  out_x.resize(static_cast<Eigen::Index>(rows.size()), x.cols());
  out_y.resize(out_x.rows());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    out_x.row(r) = x.row(rows[i]);
    out_y(r) = labels(rows[i]) == a ? 1.0 : 0.0;
  }
}

Task fashion_task(const std::string& dir, int pool, long train_limit, long test_limit, std::uint64_t seed) {
  const LabelledImages train = read_fashion_mnist(dir, "train");
  const LabelledImages test = read_fashion_mnist(dir, "t10k");
  Task t;
  t.name = "fashion-mnist-3v8";
  t.note = "Fashion-MNIST classes 3 (dress) vs 8 (bag); the paper: MNIST digits 3 vs 8";
  const std::vector<Eigen::Index> tr = pair_rows(train.labels, 3, 8, train_limit, seed);
  const std::vector<Eigen::Index> te = pair_rows(test.labels, 3, 8, test_limit, seed + 1);
  fill(paper_features(pooled(train.x, 28, pool)), train.labels, tr, 3, t.train.x, t.train.y);
  fill(paper_features(pooled(test.x, 28, pool)), test.labels, te, 3, t.test_x, t.test_y);
  for (std::size_t i = 0; i < tr.size(); ++i) t.train.ids.push_back(static_cast<std::int64_t>(i));
  return t;
}

// The UCI digits (data/digits.csv, pixel counts 0–16), digits 3 vs 8, split 80/20 by the seed.
Task digits_task(long train_limit, std::uint64_t seed) {
  const ClassificationData d = read_uci_digits(std::string(LETHE_DATA_DIR) + "/digits.csv");
  const Eigen::MatrixXd x = paper_features(d.x);
  std::vector<Eigen::Index> rows = pair_rows(d.labels, 3, 8, 0, seed);
  Rng rng(seed + 2);
  for (std::size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[static_cast<std::size_t>(rng.below(i))]);
  const std::size_t test_count = (rows.size() + 2) / 5;
  std::vector<Eigen::Index> te(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(test_count));
  std::vector<Eigen::Index> tr(rows.begin() + static_cast<std::ptrdiff_t>(test_count), rows.end());
  if (train_limit > 0 && static_cast<std::size_t>(train_limit) < tr.size())
    tr.resize(static_cast<std::size_t>(train_limit));
  std::sort(te.begin(), te.end());
  std::sort(tr.begin(), tr.end());
  Task t;
  t.name = "digits-3v8";
  t.note = "UCI 8x8 digits (data/digits.csv) 3 vs 8, 80/20 split by the seed";
  fill(x, d.labels, tr, 3, t.train.x, t.train.y);
  fill(x, d.labels, te, 3, t.test_x, t.test_y);
  for (std::size_t i = 0; i < tr.size(); ++i) t.train.ids.push_back(static_cast<std::int64_t>(i));
  return t;
}

OptionValues certified_options(double lambda, double sigma, double epsilon, double delta, std::uint64_t seed, long n) {
  OptionValues o = {{"prior_variance", LogisticFamily::prior_variance_of_regulariser(lambda, n)},
                    {"standardise", 0.0},
                    {"perturbation_sigma", sigma},
                    {"seed", static_cast<double>(seed)}};
  if (epsilon > 0) {
    o.emplace_back("certify_epsilon", epsilon);
    o.emplace_back("certify_delta", delta);
  }
  return o;
}

// Test accuracy: the core's fit of the held-out rows (ModelFamily::score).
double accuracy(const ModelFamily& family, const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  return family.score(TrainingRows{x, y}).value;
}

struct AccuracyPoint {
  double epsilon, sigma, mean;
  std::vector<double> runs;
};

struct RemovalPoint {
  double lambda, sigma, budget, accuracy;
  long supported;
  bool capped;
  double step_seconds;  // median processor time of a forget step (the record's)
};

struct Trace {
  double lambda, sigma, budget;
  std::vector<double> bound, sum, actual;
};

struct Timing {
  long rows;
  int features;
  double train_seconds, forget_seconds, forget_step_seconds, retrain_seconds;
  double unchecked_seconds = 0;  // the request alone (no residual check), wall, median
};

struct Result {
  Task task;
  int features;
  double unperturbed;
  std::vector<AccuracyPoint> curve;
  std::vector<RemovalPoint> removals;
  Trace trace;
  Timing timing;
};

// A seeded order of the training ids: the core's shuffled(), the page's order too.
std::vector<std::int64_t> removal_order(const RowTable& rows, std::uint64_t seed) { return shuffled(rows.ids, seed); }

// (b) and, with `trace`, (c): removals one id at a time until the first retraining.
RemovalPoint removals_supported(const Task& t, double lambda, double sigma, double delta, long cap, std::uint64_t seed,
                                Trace* trace) {
  const auto n = static_cast<long>(t.train.ids.size());
  MemoryVolume volume;
  TrainSpec spec;
  spec.family = "logistic";
  spec.options = certified_options(lambda, sigma, 1.0, delta, seed, n);
  Model::train(volume, "bench.lethe", t.train, spec);
  Model model(volume, "bench.lethe");
  RemovalPoint p{lambda, sigma, model.status(false).residual_budget, 0.0, 0, false, 0.0};
  p.accuracy = accuracy(model.family(), t.test_x, t.test_y);
  const std::vector<std::int64_t> order = removal_order(t.train, seed + 11);
  const long limit = std::min(cap, n - 1);
  std::vector<char> alive(static_cast<std::size_t>(n), 1);
  std::vector<double> steps;
  if (trace) *trace = Trace{lambda, sigma, p.budget, {}, {}, {}};
  p.capped = true;
  for (long q = 0; q < limit; ++q) {
    const std::int64_t id = order[static_cast<std::size_t>(q)];
    const ForgetOutcome out = model.forget({id}, "", true, q);
    steps.push_back(out.record.seconds);
    if (out.record.decision == "retrained") {
      p.supported = q;
      p.capped = false;
      break;
    }
    p.supported = q + 1;
    alive[static_cast<std::size_t>(id)] = 0;
    if (trace) {
      // The actual residual ‖∇L_b(w⁻; D′)‖ on the rows still held (one gradient pass).
      TrainingRows kept;
      long m = 0;
      for (char a : alive) m += a;
      kept.x.resize(m, t.train.x.cols());
      kept.y.resize(m);
      Eigen::Index r = 0;
      for (long i = 0; i < n; ++i)
        if (alive[static_cast<std::size_t>(i)]) {
          kept.x.row(r) = t.train.x.row(i);
          kept.y(r++) = t.train.y(i);
        }
      const auto& family = dynamic_cast<const LogisticFamily&>(model.family());
      trace->bound.push_back(out.record.certificate.value);
      trace->sum.push_back(out.record.certificate.sum);
      trace->actual.push_back(family.gradient(family.weights(), kept).norm());
    }
  }
  p.step_seconds = median_of(steps);
  return p;
}

// (d) durable: train, `requests` one-id forgets (wall, with the commit), `retrains` retrains.
Timing timing_of(const Task& t, double lambda, double sigma, double delta, long requests, long retrains,
                 std::uint64_t seed) {
  char pattern[] = "/tmp/lethe-certified-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("certified-bench: cannot make a temporary directory");
  const std::string dir = pattern;
  Timing timing{static_cast<long>(t.train.ids.size()), static_cast<int>(t.train.x.cols()), 0, 0, 0, 0, 0};
  {
    PosixVolume volume(dir);
    TrainSpec spec;
    spec.family = "logistic";
    // A budget too large to be reached: every request is a Newton step, none a retraining.
    spec.options = certified_options(lambda, sigma, 1e6, delta, seed, timing.rows);
    auto start = std::chrono::steady_clock::now();
    Model::train(volume, "bench.lethe", t.train, spec);
    timing.train_seconds = wall_since(start);
    Model model(volume, "bench.lethe");
    const std::vector<std::int64_t> order = removal_order(t.train, seed + 13);
    std::vector<double> wall, step, unchecked, retrain;
    for (long q = 0; q < 2 * requests && q + 1 < timing.rows; ++q) {
      const bool check = q % 2 == 0;
      start = std::chrono::steady_clock::now();
      const ForgetOutcome out = model.forget({order[static_cast<std::size_t>(q)]}, "", false, q, check);
      (check ? wall : unchecked).push_back(wall_since(start));
      if (check) step.push_back(out.record.seconds);
    }
    for (long r = 0; r < retrains; ++r) {
      start = std::chrono::steady_clock::now();
      model.retrain("", 0);
      retrain.push_back(wall_since(start));
    }
    timing.forget_seconds = median_of(wall);
    timing.forget_step_seconds = median_of(step);
    timing.unchecked_seconds = median_of(unchecked);
    timing.retrain_seconds = median_of(retrain);
    volume.remove("bench.lethe");
    if (volume.exists("bench.lethe-wal")) volume.remove("bench.lethe-wal");
  }
  ::rmdir(dir.c_str());
  return timing;
}

std::string accuracy_json(const AccuracyPoint& a) {
  return "{\"epsilon\":" + json_number(a.epsilon) + ",\"sigma\":" + json_number(a.sigma) +
         ",\"accuracy\":" + json_number(a.mean) + ",\"runs\":" + json_array(a.runs) + "}";
}

std::string removal_json(const RemovalPoint& r) {
  return "{\"lambda\":" + json_number(r.lambda) + ",\"sigma\":" + json_number(r.sigma) +
         ",\"budget\":" + json_number(r.budget) + ",\"supported\":" + std::to_string(r.supported) +
         ",\"capped\":" + (r.capped ? "true" : "false") + ",\"accuracy\":" + json_number(r.accuracy) +
         ",\"step_seconds_median\":" + json_number(r.step_seconds) + "}";
}

std::string result_json(const Result& r) {
  std::string s = "{\"name\":" + json_string(r.task.name) + ",\"note\":" + json_string(r.task.note) +
                  ",\"train_rows\":" + std::to_string(r.task.train.ids.size()) +
                  ",\"test_rows\":" + std::to_string(r.task.test_y.size()) +
                  ",\"features\":" + std::to_string(r.features) +
                  ",\"accuracy_unperturbed\":" + json_number(r.unperturbed) + ",\"accuracy_vs_epsilon\":[";
  for (std::size_t i = 0; i < r.curve.size(); ++i) s += (i ? "," : "") + accuracy_json(r.curve[i]);
  s += "],\"removals\":[";
  for (std::size_t i = 0; i < r.removals.size(); ++i) s += (i ? "," : "") + removal_json(r.removals[i]);
  s += "],\"residual_trace\":{\"lambda\":" + json_number(r.trace.lambda) + ",\"sigma\":" + json_number(r.trace.sigma) +
       ",\"budget\":" + json_number(r.trace.budget) + ",\"bound\":" + json_array(r.trace.bound) +
       ",\"sum\":" + json_array(r.trace.sum) + ",\"actual\":" + json_array(r.trace.actual) + "}";
  const Timing& t = r.timing;
  s += ",\"timing\":{\"rows\":" + std::to_string(t.rows) + ",\"features\":" + std::to_string(t.features) +
       ",\"train_seconds\":" + json_number(t.train_seconds) +
       ",\"removal_seconds_median\":" + json_number(t.forget_seconds) +
       ",\"removal_step_seconds_median\":" + json_number(t.forget_step_seconds) +
       ",\"retrain_seconds\":" + json_number(t.retrain_seconds) +
       ",\"retrain_over_removal\":" + json_number(t.retrain_seconds / t.forget_seconds) +
       ",\"removal_unchecked_seconds_median\":" + json_number(t.unchecked_seconds) +
       ",\"retrain_over_unchecked_removal\":" + json_number(t.retrain_seconds / t.unchecked_seconds) + "}}";
  return s;
}

std::string figure(const std::vector<Result>& results, double lambda) {
  Panel acc{"test accuracy vs epsilon (lambda " + format_number("%g", lambda) + ")",
            "epsilon",
            "test accuracy",
            true,
            false,
            {},
            0.0};
  Panel rem{"removals before retraining (eps 1; 0 drawn at 1)", "lambda", "removals supported", true, true, {}, 0.0};
  Panel res{"gradient residual over removals", "removal", "norm", false, true, {}, 0.0};
  // The paper's own points (kPaperRemovals, kPaperAccuracyAt100Removals): hollow, dotted.
  Series paper_curve{"paper (MNIST)", {}, {}, "#000000", true, true, true, 3.0, "1,2"};
  for (const PaperAccuracy& a : kPaperAccuracyAt100Removals) {
    paper_curve.x.push_back(a.epsilon);
    paper_curve.y.push_back(a.accuracy);
  }
  acc.series.push_back(paper_curve);
  int colour = 0;
  for (std::size_t d = 0; d < results.size(); ++d) {
    const Result& r = results[d];
    const std::string label = r.task.name.substr(0, r.task.name.find('-'));  // "fashion", "digits"
    const std::string dash = d ? "5,3" : "";
    Series curve{label, {}, {}, palette(static_cast<int>(d)), true, true, false, 3.5, dash};
    for (const AccuracyPoint& a : r.curve) {
      curve.x.push_back(a.epsilon);
      curve.y.push_back(a.mean);
    }
    Series flat{label + " no noise", {}, {}, palette(static_cast<int>(d)), true, false, false, 3.5, "2,3"};
    if (!r.curve.empty()) {
      flat.x = {r.curve.front().epsilon, r.curve.back().epsilon};
      flat.y = {r.unperturbed, r.unperturbed};
    }
    acc.series.push_back(curve);
    acc.series.push_back(flat);
    std::vector<double> sigmas;
    for (const RemovalPoint& p : r.removals)
      if (std::find(sigmas.begin(), sigmas.end(), p.sigma) == sigmas.end()) sigmas.push_back(p.sigma);
    for (std::size_t k = 0; k < sigmas.size(); ++k) {
      Series s{label + " sigma " + format_number("%g", sigmas[k]),
               {},
               {},
               palette(static_cast<int>(2 + k)),
               true,
               true,
               d > 0,
               3.5,
               dash};
      for (const RemovalPoint& p : r.removals)
        if (p.sigma == sigmas[k]) {
          s.x.push_back(p.lambda);
          s.y.push_back(std::max(1.0, static_cast<double>(p.supported)));
        }
      rem.series.push_back(s);
      if (d > 0) continue;
      Series paper{"paper sigma " + format_number("%g", sigmas[k]),
                   {},
                   {},
                   palette(static_cast<int>(2 + k)),
                   true,
                   true,
                   true,
                   3.0,
                   "1,2"};
      for (const PaperRemovals& p : kPaperRemovals)
        if (p.sigma == sigmas[k] && std::any_of(r.removals.begin(), r.removals.end(),
                                                [&](const RemovalPoint& q) { return q.lambda == p.lambda; })) {
          paper.x.push_back(p.lambda);
          paper.y.push_back(p.removals);
        }
      if (!paper.x.empty()) rem.series.push_back(paper);
    }
    if (!r.trace.sum.empty()) {
      Series sum{label + " bound", {}, r.trace.sum, palette(colour++ % 8), true, false, false, 3.5, dash};
      Series actual{
          label + " actual", {}, r.trace.actual, palette(5 + static_cast<int>(d)), true, false, false, 3.5, dash};
      for (std::size_t i = 0; i < r.trace.sum.size(); ++i) {
        sum.x.push_back(static_cast<double>(i + 1));
        actual.x.push_back(static_cast<double>(i + 1));
      }
      Series budget{label + " budget",
                    {1.0, static_cast<double>(r.trace.sum.size())},
                    {r.trace.budget, r.trace.budget},
                    "#000000",
                    true,
                    false,
                    false,
                    3.5,
                    d ? "6,3" : "2,2"};
      res.series.push_back(sum);
      res.series.push_back(actual);
      res.series.push_back(budget);
    }
  }
  return render_svg({acc, rem, res}, 420, 340);
}

// The command's options, each default written once, here; λ and δ are the paper's
// MNIST settings as the core holds them.
struct CertifiedBenchOptions {
  std::string datasets = "fashion,digits";
  std::string fashion_dir = kFashionMnistDirectory;
  int pool = 2;
  long train = 0;  // 0: every row
  long test = 0;   // 0: every row
  std::vector<double> epsilons = {0.1, 0.2, 0.5, 1, 2, 5, 10};
  double lambda = GuoMnistSettings{}.lambda;
  std::vector<double> lambdas = {1e-4, 1e-3, 1e-2, 1e-1};
  std::vector<double> sigmas = {1, 10, 100};
  double delta = GuoMnistSettings{}.delta;
  long removals = 1000;
  long seeds = 3;
  std::uint64_t seed = 1;
  long timing_requests = 20;
  long timing_retrains = 1;
  int timing_pool = 1;
};

const OptionSet<CertifiedBenchOptions>& certified_bench_option_set() {
  using C = CertifiedBenchOptions;
  static const OptionSet<C> set(
      "certified_bench",
      {option<C>("datasets", &C::datasets, any_value(), "the tasks measured, comma-separated", "fashion,digits"),
       option<C>("fashion_dir", &C::fashion_dir, any_value(), "the Fashion-MNIST IDX files", "DIR"),
       option<C>("pool", &C::pool, in_range(1, 4), "Fashion-MNIST in (a)-(c): the mean of PxP pixel blocks", "P"),
       option<C>("train", &C::train, at_least(0), "training rows per task, a seeded choice (0: all)"),
       option<C>("test", &C::test, at_least(0), "Fashion-MNIST test rows, a seeded choice (0: all)"),
       option<C>("epsilons", &C::epsilons, entries(positive(), 1), "(a): the epsilons, sigma = c*budget/eps"),
       option<C>("lambda", &C::lambda, positive(), "the regulariser (lambda n/2)|w|^2 of (a), (c) and (d)"),
       option<C>("lambdas", &C::lambdas, entries(positive(), 1), "(b): the lambdas"),
       option<C>("sigmas", &C::sigmas, entries(positive(), 1), "(b): the sigmas"),
       // Any finite number here: δ's range is the family's (certify_delta), checked through it.
       option<C>("delta", &C::delta, any_value(),
                 "the certificate's delta, in the range of the logistic family's certify_delta"),
       option<C>("removals", &C::removals, at_least(1), "(b): the cap on the removals counted"),
       option<C>("seeds", &C::seeds, in_range(1, 100), "(a): the perturbations averaged"),
       option<C>("seed", &C::seed, at_least(0), "seed of the splits, the perturbations and the removal orders"),
       option<C>("timing_requests", &C::timing_requests, at_least(1),
                 "(d): the removals timed, each with the check and without"),
       option<C>("timing_retrains", &C::timing_retrains, at_least(1), "(d): the retrains timed"),
       option<C>("timing_pool", &C::timing_pool, in_range(1, 4), "Fashion-MNIST in (d): as --pool (1: all 784 pixels)",
                 "P")});
  return set;
}

std::vector<std::vector<OptionInfo>> certified_bench_sets() {
  return {certified_bench_option_set().infos(), output_option_set().infos()};
}

std::string certified_bench_usage() {
  return command_usage("certified-bench",
                       "  certified removal (Guo et al. 2020) on Fashion-MNIST and digits 3 vs 8, as the paper "
                       "measures it\n",
                       certified_bench_sets());
}

// The names of --datasets, in order; a word other than 'fashion' or 'digits' is a
// usage error (the option is text, a comma-separated list of words).
std::vector<std::string> certified_datasets(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    if (name != "fashion" && name != "digits")
      throw UsageError("option --datasets: must list 'fashion' and/or 'digits' (got '" + name + "')");
    out.push_back(name);
    start = comma + 1;
  }
  return out;
}

}  // namespace

int certified_bench_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, certified_bench_usage())) return 0;
  const Options o(args, certified_bench_sets());
  const CertifiedBenchOptions options = o.read(certified_bench_option_set());
  const OutputOptions output = o.read(output_option_set());
  const std::vector<std::string> datasets = certified_datasets(options.datasets);
  const std::string& fashion_dir = options.fashion_dir;
  const int pool = options.pool;
  const int timing_pool = options.timing_pool;
  const long train_limit = options.train;
  const long test_limit = options.test;
  const std::vector<double>& epsilons = options.epsilons;
  const double lambda = options.lambda;
  const std::vector<double>& lambdas = options.lambdas;
  const std::vector<double>& sigmas = options.sigmas;
  const double delta = options.delta;
  const long cap = options.removals;
  const long seeds = options.seeds;
  const std::uint64_t seed = options.seed;
  const long timing_requests = options.timing_requests;
  const long timing_retrains = options.timing_retrains;
  // δ's range is the family's (certify_delta).
  naming("delta", [&] { return make_family("logistic", 1, {{"certify_delta", delta}}); });
  const GuoMnistSettings paper;

  // The paper's MNIST settings: σ₀ at ε₀, λ; β₀ = σ₀ε₀/c.
  const double c = LogisticFamily::budget_constant(delta);
  const double sigma0 = paper.sigma;
  const double beta0 = sigma0 * paper.epsilon / c;
  std::vector<Result> results;
  for (const std::string& name : datasets) {
    const bool fashion = name == "fashion";
    const Task task =
        fashion ? fashion_task(fashion_dir, pool, train_limit, test_limit, seed) : digits_task(train_limit, seed);
    const auto n = static_cast<long>(task.train.ids.size());
    const auto k = static_cast<int>(task.train.x.cols());
    Result r{task, k, 0.0, {}, {}, {}, {}};
    const TrainingRows rows = training_rows(task.train);
    // (a) σ → 0 (1e-9: the same parametrisation, rows scaled to ‖x̃‖ ≤ 1) as the reference.
    {
      auto f = make_family("logistic", k, certified_options(lambda, 1e-9, 0, delta, seed, n));
      f->train(rows);
      r.unperturbed = accuracy(*f, task.test_x, task.test_y);
    }
    for (double epsilon : epsilons) {
      AccuracyPoint a{epsilon, c * beta0 / epsilon, 0.0, {}};
      for (long s = 0; s < seeds; ++s) {
        auto f = make_family(
            "logistic", k, certified_options(lambda, a.sigma, epsilon, delta, seed + static_cast<std::uint64_t>(s), n));
        f->train(rows);
        a.runs.push_back(accuracy(*f, task.test_x, task.test_y));
      }
      a.mean = mean_of(a.runs);
      r.curve.push_back(a);
    }
    // (b) and (c).
    for (double l : lambdas)
      for (double s : sigmas) {
        const bool traced = l == lambda && s == sigma0;
        r.removals.push_back(removals_supported(task, l, s, delta, cap, seed, traced ? &r.trace : nullptr));
      }
    if (r.trace.sum.empty()) removals_supported(task, lambda, sigma0, delta, cap, seed, &r.trace);
    // (d) at the full size.
    const Task full =
        fashion && timing_pool != pool ? fashion_task(fashion_dir, timing_pool, train_limit, test_limit, seed) : task;
    r.timing = timing_of(full, lambda, sigma0, delta, timing_requests, timing_retrains, seed);
    results.push_back(r);
  }

  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (!output.svg.empty()) {
    std::ofstream out(output.svg);
    if (!out) throw UsageError("option --svg: cannot write " + output.svg);
    out << figure(results, lambda);
  }
  if (output.json) {
    std::string s = "{\"machine\":{\"cores\":" + std::to_string(cores) + ",\"build\":" + json_string(LETHE_BUILD_TYPE) +
                    "},\"settings\":{\"lambda\":" + json_number(lambda) + ",\"delta\":" + json_number(delta) +
                    ",\"c\":" + json_number(c) + ",\"sigma0\":" + json_number(sigma0) +
                    ",\"budget0\":" + json_number(beta0) + ",\"removals_cap\":" + std::to_string(cap) +
                    ",\"seeds\":" + std::to_string(seeds) + ",\"seed\":" + std::to_string(seed) +
                    ",\"pool\":" + std::to_string(pool) + ",\"timing_pool\":" + std::to_string(timing_pool) +
                    "},\"paper\":" + paper_json() + ",\"datasets\":[";
    for (std::size_t i = 0; i < results.size(); ++i) s += (i ? "," : "") + result_json(results[i]);
    std::cout << s << "]}\n";
    return 0;
  }
  std::cout << "certified-bench: " << cores << " cores, build " << LETHE_BUILD_TYPE << "; delta " << delta
            << ", lambda " << lambda << ", budget at sigma 10, eps 1: " << format_number("%.4f", beta0) << "\n";
  for (const Result& r : results) {
    std::cout << "\n"
              << r.task.name << ": " << r.task.note << "\n  " << r.task.train.ids.size() << " training rows, "
              << r.task.test_y.size() << " test rows, " << r.features << " features\n"
              << "  (a) accuracy vs epsilon (sigma = c*budget/eps), no noise: " << format_number("%.4f", r.unperturbed)
              << "\n";
    for (const AccuracyPoint& a : r.curve)
      std::cout << "      eps " << format_number("%6g", a.epsilon) << "  sigma " << format_number("%8.3f", a.sigma)
                << "  accuracy " << format_number("%.4f", a.mean) << "\n";
    std::cout << "  (b) removals before retraining (eps 1, cap " << cap << ")\n";
    for (const RemovalPoint& p : r.removals)
      std::cout << "      lambda " << format_number("%-7g", p.lambda) << " sigma " << format_number("%-5g", p.sigma)
                << " budget " << format_number("%9.4f", p.budget) << "  removals " << (p.capped ? ">=" : "  ")
                << p.supported << "  accuracy " << format_number("%.4f", p.accuracy) << "\n";
    double worst = 0;
    for (std::size_t i = 0; i < r.trace.sum.size(); ++i) worst = std::max(worst, r.trace.actual[i] / r.trace.sum[i]);
    std::cout << "  (c) " << r.trace.sum.size() << " removals traced: max actual/bound " << format_number("%.3g", worst)
              << "\n  (d) " << r.timing.rows << " rows x " << r.timing.features << " features: train "
              << format_number("%.3f", r.timing.train_seconds) << " s, removal (durable, median) "
              << format_number("%.4f", r.timing.forget_seconds) << " s, retrain "
              << format_number("%.3f", r.timing.retrain_seconds) << " s, ratio "
              << format_number("%.0f", r.timing.retrain_seconds / r.timing.forget_seconds) << "x; without the check "
              << format_number("%.4f", r.timing.unchecked_seconds) << " s, "
              << format_number("%.0f", r.timing.retrain_seconds / r.timing.unchecked_seconds) << "x\n";
  }
  return 0;
}

}  // namespace lethe::cli
