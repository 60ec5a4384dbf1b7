// The model lifecycle on a MemoryVolume: round trips, refusals that change nothing,
// idempotent requests, erased values gone from every file, a corruption corpus, and
// a crash at every write step of hundreds of requests.
#include <algorithm>
#include <cstring>
#include <set>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/model.hpp>

#include "support.hpp"

using namespace lethe;

namespace {

const std::string kName = "m.lethe";

TrainSpec spec_for(const std::string& family, double budget = 0.0) {
  TrainSpec spec;
  spec.family = family;
  spec.residual_budget = budget;
  spec.now = 1700000000;
  spec.uid = 0x5eed;
  return spec;
}

RowTable rows_for(const std::string& family, int n, int k, std::uint64_t seed) {
  return test::make_rows(n, k, family != "linear", seed);
}

Eigen::MatrixXd probe(int k) {
  Eigen::MatrixXd x(5, k);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < k; ++j) x(i, j) = 0.3 * i - 0.2 * j;
  return x;
}

// What a reader can observe of a model: enough to tell two states apart.
struct Snapshot {
  std::uint64_t generation;
  std::size_t requests;
  std::uint64_t rows;
  Eigen::MatrixXd predictions;
  bool operator==(const Snapshot& o) const {
    return generation == o.generation && requests == o.requests && rows == o.rows && predictions == o.predictions;
  }
};

Snapshot snapshot(Volume& volume, int k) {
  const Model m(volume, kName);
  const ModelStatus s = m.status(true);
  return {s.generation, s.requests.size(), s.rows, m.predict(probe(k))};
}

bool contains_double(const std::vector<unsigned char>& bytes, double value) {
  unsigned char pattern[8];
  std::memcpy(pattern, &value, 8);  // the file's encoding is little-endian, as this host
  return std::search(bytes.begin(), bytes.end(), pattern, pattern + 8) != bytes.end();
}

}  // namespace

TEST_CASE("model: train, forget, save, load and predict round-trip for every family", "[model][lifecycle]") {
  for (const std::string& family : family_names()) {
    MemoryVolume volume;
    Model::train(volume, kName, rows_for(family, 120, 3, 1), spec_for(family));
    Model model(volume, kName);
    model.forget({100, 103, 130}, "r1", false, 1700000100);
    const Eigen::MatrixXd before = model.predict(probe(3));
    const std::vector<unsigned char> bytes = model.bytes();

    MemoryVolume other;
    other.put(kName, bytes);
    const Model loaded(other, kName);
    CHECK(loaded.predict(probe(3)) == before);  // bit for bit
    const ModelStatus s = loaded.status(true);
    CHECK(s.family == family);
    CHECK(s.rows == 117);
    CHECK(s.forgotten == 3);
    REQUIRE(s.requests.size() == 1);
    CHECK(s.requests[0].request_id == "r1");
    CHECK(s.requests[0].ids == std::vector<std::int64_t>{100, 103, 130});
    CHECK(s.requests[0].certificate.kind == (family == "linear"     ? "exact"
                                             : family == "logistic" ? "proof"
                                                                    : "estimate"));
    CHECK(s.format_version == kModelFormatVersion);
  }
}

TEST_CASE("model: forgetting matches retraining through the file", "[model][lifecycle]") {
  MemoryVolume volume;
  const RowTable rows = rows_for("linear", 200, 4, 2);
  Model::train(volume, kName, rows, spec_for("linear"));
  Model model(volume, kName);
  model.forget({100, 106, 112}, "", false, 1);
  model.forget({400}, "", false, 2);
  const VerifyReport v = model.verify();
  CHECK(v.rows == 196);
  CHECK(v.distance.value < 1e-10);
  // The fit of the rows held, forgotten beside retrained: the same model, the same RMSE.
  CHECK(v.fit_forgotten.measure == "rmse");
  CHECK(v.fit_forgotten.rows == 196);
  CHECK(v.fit_retrained.value == Approx(v.fit_forgotten.value).epsilon(1e-9));
  const FitScore held = model.score();
  CHECK(held.rows == 196);
  CHECK(held.value == v.fit_forgotten.value);
  CHECK(held.value > 0.0);
}

TEST_CASE("model: score and verify report the accuracy of a classifier on the rows held", "[model][lifecycle]") {
  MemoryVolume volume;
  const RowTable rows = rows_for("logistic", 300, 2, 5);
  Model::train(volume, kName, rows, spec_for("logistic"));
  Model model(volume, kName);
  const FitScore before = model.score();
  CHECK(before.measure == "accuracy");
  CHECK(before.rows == 300);
  CHECK(before.value > 0.6);
  model.forget({100, 103, 106, 109}, "", false, 1);
  const VerifyReport v = model.verify();
  CHECK(v.fit_forgotten.rows == 296);
  CHECK(v.fit_forgotten.value == model.score().value);
  // One Newton step from the MAP: the same decisions as retraining but for a point or two.
  CHECK(std::fabs(v.fit_forgotten.value - v.fit_retrained.value) <= 2.0 / 296.0);
}

TEST_CASE("model: a refused request changes no byte", "[model][lifecycle]") {
  MemoryVolume volume;
  Model::train(volume, kName, rows_for("logistic", 60, 2, 3), spec_for("logistic"));
  {
    Model model(volume, kName);
    model.forget({100}, "first", false, 10);
  }
  const std::vector<unsigned char> file = volume.content(kName);
  const std::vector<unsigned char> log = volume.content(ModelStore::log_name(kName));
  Model model(volume, kName);
  CHECK_THROWS_WITH(model.forget({101}, "", false, 11), Catch::Contains("never held"));
  CHECK_THROWS_WITH(model.forget({100}, "", false, 11), Catch::Contains("already forgotten by request 'first'"));
  CHECK_THROWS_WITH(model.forget({103, 103}, "", false, 11), Catch::Contains("twice"));
  CHECK_THROWS_WITH(model.forget({}, "", false, 11), Catch::Contains("at least one"));
  CHECK_THROWS_WITH(model.forget({106}, "first", false, 11), Catch::Contains("already used"));
  std::vector<std::int64_t> everything;
  for (int i = 1; i < 60; ++i) everything.push_back(100 + 3 * i);
  CHECK_THROWS_WITH(model.forget(everything, "", false, 11), Catch::Contains("no row"));
  CHECK_THROWS_AS(model.predict(Eigen::MatrixXd::Zero(2, 5)), InvalidArgument);
  CHECK(volume.content(kName) == file);
  CHECK(volume.content(ModelStore::log_name(kName)) == log);
}

TEST_CASE("model: the same request id twice is applied once", "[model][lifecycle]") {
  MemoryVolume volume;
  Model::train(volume, kName, rows_for("logistic", 60, 2, 4), spec_for("logistic"));
  Model model(volume, kName);
  const ForgetOutcome first = model.forget({103, 100}, "gdpr-17", false, 10);
  CHECK_FALSE(first.already_applied);
  const std::vector<unsigned char> file = volume.content(kName);
  const ForgetOutcome again = model.forget({100, 103}, "gdpr-17", false, 99);
  CHECK(again.already_applied);
  CHECK(again.record.time == 10);
  CHECK(again.record.certificate.value == first.record.certificate.value);
  CHECK(volume.content(kName) == file);
}

TEST_CASE("model: a ForgetRequest of the core's defaults is the positional call; the set describes it",
          "[model][lifecycle]") {
  MemoryVolume a_volume, b_volume;
  Model::train(a_volume, kName, rows_for("logistic", 60, 2, 4), spec_for("logistic"));
  Model::train(b_volume, kName, rows_for("logistic", 60, 2, 4), spec_for("logistic"));
  Model a(a_volume, kName), b(b_volume, kName);
  const ForgetOutcome by_struct = a.forget({100, 103}, ForgetRequest{}, 10);
  const ForgetOutcome by_position = b.forget({100, 103}, "", false, 10, true);
  CHECK(by_struct.record.request_id == by_position.record.request_id);
  CHECK(by_struct.record.decision == by_position.record.decision);
  CHECK(by_struct.record.certificate.value == by_position.record.certificate.value);
  CHECK(by_struct.record.certificate.actual == by_position.record.certificate.actual);
  CHECK(by_struct.record.certificate.actual >= 0);  // checked: the residual was measured
  // The defaults every layer reads: check on, no auto-retrain, an empty id.
  const auto infos = forget_request_option_set().infos();
  REQUIRE(infos.size() == 3);
  CHECK(infos[0].name == "request_id");
  CHECK(infos[0].default_text.empty());
  CHECK(infos[1].name == "auto_retrain");
  CHECK_FALSE(infos[1].default_value.flag);
  CHECK(infos[2].name == "check");
  CHECK(infos[2].default_value.flag);
  ForgetRequest unchecked;
  unchecked.check = false;
  CHECK(a.forget({106}, unchecked, 11).record.certificate.actual == -1);
}

TEST_CASE("model: the retrain policy recommends, or retrains and starts the sum again", "[model][lifecycle]") {
  MemoryVolume volume;
  Model::train(volume, kName, rows_for("logistic", 200, 3, 5), spec_for("logistic", 1e-9));
  Model model(volume, kName);
  const ForgetOutcome a = model.forget({100, 103}, "", false, 1);
  CHECK(a.record.certificate.sum > 1e-9);
  CHECK(a.record.decision == "retrain-recommended");
  const ForgetOutcome b = model.forget({106}, "", true, 2);
  CHECK(b.record.decision == "retrained");
  const ModelStatus s = model.status(false);
  CHECK(s.certificate_sum == 0.0);
  // The retrained model is the one retraining gives: verify measures (almost) nothing.
  const VerifyReport v = model.verify();
  CHECK(v.distance.parameter_distance < 1e-9);
  CHECK(v.rows == 197);
}

TEST_CASE("model: a forgotten row's values are in no file afterwards", "[model][lifecycle][erasure]") {
  for (const std::string& family : family_names()) {
    MemoryVolume volume;
    const RowTable rows = rows_for(family, 300, 4, 6);
    Model::train(volume, kName, rows, spec_for(family));
    // Rows 10..19 (ids 130..157) are forgotten over two requests.
    std::vector<double> values;
    for (int i = 10; i < 20; ++i)
      for (int j = 0; j < 4; ++j) values.push_back(rows.x(i, j));
    if (family == "linear")
      for (int i = 10; i < 20; ++i) values.push_back(rows.y(i));                 // continuous targets too
    for (double v : values) REQUIRE(contains_double(volume.content(kName), v));  // the search can see them
    {
      Model model(volume, kName);
      model.forget({130, 133, 136, 139, 142}, "a", false, 1);
      model.forget({145, 148, 151, 154, 157}, "b", false, 2);
    }
    for (double v : values) {
      CHECK_FALSE(contains_double(volume.content(kName), v));
      CHECK_FALSE(contains_double(volume.content(ModelStore::log_name(kName)), v));
    }
    CHECK_FALSE(volume.exists(kName + ".tmp"));
  }
}

TEST_CASE("model: every flipped bit and every truncation is a FormatError, truncations named so",
          "[model][lifecycle][corruption]") {
  MemoryVolume volume;
  Model::train(volume, kName, rows_for("logistic", 600, 3, 7), spec_for("logistic"));
  std::vector<unsigned char> good;
  {
    Model model(volume, kName);
    model.forget({100, 109}, "r", false, 5);
    good = model.bytes();
  }
  int flips = 0, truncations = 0;
  for (std::size_t offset = 0; offset < good.size(); offset += 1 + offset / 40) {
    std::vector<unsigned char> bad = good;
    bad[offset] ^= static_cast<unsigned char>(1u << (offset % 8));
    MemoryVolume v;
    v.put(kName, bad);
    INFO("bit flip at byte " << offset);
    CHECK_THROWS_AS(snapshot(v, 3), FormatError);
    ++flips;
  }
  for (std::size_t length = 0; length < good.size(); length += 1 + length / 25) {
    MemoryVolume v;
    v.put(kName, std::vector<unsigned char>(good.begin(), good.begin() + static_cast<long>(length)));
    INFO("truncated to " << length << " bytes");
    CHECK_THROWS_AS(snapshot(v, 3), FormatError);
    CHECK_THROWS_WITH(snapshot(v, 3), Catch::Contains("truncated"));  // named as what it is
    ++truncations;
  }
  CHECK(flips > 200);
  CHECK(truncations > 100);
  MemoryVolume intact;
  intact.put(kName, good);
  CHECK_NOTHROW(snapshot(intact, 3));
}

TEST_CASE("model: a newer format version and a foreign file are named as such", "[model][lifecycle][corruption]") {
  MemoryVolume volume;
  Model::train(volume, kName, rows_for("linear", 20, 2, 8), spec_for("linear"));
  std::vector<unsigned char> bytes = volume.content(kName);
  ModelHeader h = decode_header(bytes.data(), bytes.size(), "m");
  h.format_version = kModelFormatVersion + 1;
  const std::vector<unsigned char> header = encode_header(h);
  std::copy(header.begin(), header.end(), bytes.begin());
  MemoryVolume newer;
  newer.put(kName, bytes);
  CHECK_THROWS_WITH(Model(newer, kName), Catch::Contains("newer Lethe") && Catch::Contains("format 2"));
  MemoryVolume foreign;
  foreign.put(kName, std::vector<unsigned char>{'i', 'd', ',', 'x', '\n'});
  CHECK_THROWS_WITH(Model(foreign, kName), Catch::Contains("not a Lethe model file"));
  MemoryVolume none;
  CHECK_THROWS_AS(Model(none, kName), InvalidArgument);
}

TEST_CASE("model: a crash at any write step leaves the state before or after the request",
          "[model][lifecycle][crash]") {
  for (const std::string& family : family_names()) {
    const RowTable rows = rows_for(family, 400, 3, 9);
    MemoryVolume crashed, shadow;
    TrainSpec spec = spec_for(family, family == "linear" ? 0.0 : 0.05);
    // bnn retrains at every 7th request: a smaller network keeps the test quick.
    if (family == "bnn") spec.options = {{"hidden_width", 6.0}, {"steps", 300.0}};
    // gp: fewer inducing points, and λ = 0 (EUBO by quadrature, no Monte Carlo iteration).
    if (family == "gp") spec.options = {{"inducing", 8.0}, {"adjusted_lambda", 0.0}};
    Model::train(crashed, kName, rows, spec);
    Model::train(shadow, kName, rows, spec);
    std::vector<std::int64_t> alive = rows.ids;
    Rng rng(11);
    int before = 0, after = 0;
    const int requests = family == "linear" ? 100 : 120;
    for (int i = 0; i < requests; ++i) {
      std::vector<std::int64_t> ids;
      const int size = 1 + static_cast<int>(rng.below(3));
      for (int j = 0; j < size; ++j) {
        const auto at = static_cast<std::size_t>(rng.below(alive.size()));
        ids.push_back(alive[at]);
        alive.erase(alive.begin() + static_cast<long>(at));
      }
      const std::string id = "q" + std::to_string(i);
      const bool auto_retrain = i % 7 == 3;
      const Snapshot old_state = snapshot(shadow, 3);
      {
        Model m(shadow, kName);
        m.forget(ids, id, auto_retrain, i);
      }
      const Snapshot new_state = snapshot(shadow, 3);
      // Stop the request at write step `stop`, then lose whatever was not synced.
      // Even requests count the steps of the commit alone; odd ones from the open,
      // so that a crash while replaying the log is exercised too.
      const bool from_open = i % 2 == 1;
      const long stop = from_open ? 1 + (i % 17) : 1 + (i % 9);
      long base = crashed.steps();
      const auto arm = [&] {
        crashed.set_fault_hook([&](long step, const std::string&) {
          if (step - base == stop) throw SimulatedCrash{step};
        });
      };
      bool stopped = false;
      try {
        if (from_open) arm();
        Model m(crashed, kName);
        if (!from_open) {
          base = crashed.steps();
          arm();
        }
        m.forget(ids, id, auto_retrain, i);
      } catch (const SimulatedCrash&) {
        stopped = true;
      }
      crashed.set_fault_hook(nullptr);
      if (stopped) crashed.crash(static_cast<std::uint64_t>(i));
      const Snapshot seen = snapshot(crashed, 3);
      INFO(family << " request " << i << " stopped at step " << stop);
      const bool is_before = seen == old_state, is_after = seen == new_state;
      REQUIRE((is_before || is_after));
      if (is_before) {
        ++before;
        Model m(crashed, kName);
        m.forget(ids, id, auto_retrain, i);  // the client retries
        CHECK(snapshot(crashed, 3) == new_state);
      } else {
        ++after;
      }
    }
    CHECK(before > 0);  // both outcomes were exercised
    CHECK(after > 0);
  }
}

TEST_CASE("model: a crash while training leaves no model or the whole new one", "[model][lifecycle][crash]") {
  const RowTable rows = rows_for("logistic", 100, 2, 12);
  int absent = 0, whole = 0;
  for (long stop = 1; stop <= 14; ++stop) {
    MemoryVolume v;
    v.set_fault_hook([&](long step, const std::string&) {
      if (step == stop) throw SimulatedCrash{step};
    });
    try {
      Model::train(v, kName, rows, spec_for("logistic"));
    } catch (const SimulatedCrash&) {
    }
    v.set_fault_hook(nullptr);
    v.crash(static_cast<std::uint64_t>(stop));
    if (!v.exists(kName)) {
      ++absent;
      continue;
    }
    CHECK(snapshot(v, 2).rows == 100);
    ++whole;
  }
  CHECK(absent > 0);
  CHECK(whole > 0);
}

TEST_CASE("model: a certified model retrains with a fresh perturbation once its budget is spent",
          "[model][lifecycle][certified]") {
  MemoryVolume volume;
  TrainSpec spec = spec_for("logistic");
  spec.options = {{"perturbation_sigma", 0.05}, {"certify_epsilon", 0.1}, {"prior_variance", 1.0 / (1e-3 * 300)}};
  Model::train(volume, kName, rows_for("logistic", 300, 3, 31), spec);
  Model model(volume, kName);
  const double budget = model.status(false).residual_budget;
  CHECK(budget == Approx(0.05 * 0.1 / std::sqrt(2.0 * std::log(1.5 / 1e-4))));
  std::vector<std::string> decisions;
  for (int i = 0; i < 12; ++i) {
    const ForgetOutcome out = model.forget({100 + 3 * (2 * i), 100 + 3 * (2 * i + 1)}, "", false, i);
    CHECK(out.record.certificate.epsilon == 0.1);
    decisions.push_back(out.record.decision);
  }
  // Without --auto-retrain: the guarantee's budget forces it.
  CHECK(std::count(decisions.begin(), decisions.end(), "retrained") > 0);
  CHECK(std::count(decisions.begin(), decisions.end(), "retrain-recommended") == 0);
  const VerifyReport v = model.verify();
  CHECK(v.bound_holds);
}

TEST_CASE("model: the check streams the rows held and measures the one-pass residual", "[model][lifecycle][check]") {
  MemoryVolume volume;
  TrainSpec spec = spec_for("logistic");
  spec.options = {{"perturbation_sigma", 0.3}, {"seed", 5}};
  // 1 000 rows: four pages of 256 slots, the last partly filled.
  Model::train(volume, kName, rows_for("logistic", 1000, 3, 41), spec);
  Model model(volume, kName);
  // Requests inside one page, across pages, and of a page's first and last slots.
  for (const std::vector<std::int64_t>& ids :
       std::vector<std::vector<std::int64_t>>{{100, 103}, {100 + 3 * 255, 100 + 3 * 256, 100 + 3 * 700}, {2995}}) {
    const ForgetOutcome out = model.forget(ids, "", false, 1);
    const double one_pass = model.family().measured_residual(training_rows(model.store().read_alive_rows()));
    CHECK(out.record.certificate.actual == Approx(one_pass).epsilon(1e-10));
    CHECK(out.record.certificate.actual > 0);
    CHECK(out.record.certificate.actual <= out.record.certificate.sum);
  }
}

TEST_CASE("model: a bound the residual exceeds is an InternalError and changes no byte", "[model][lifecycle][check]") {
  MemoryVolume volume;
  const int k = 3;
  Model::train(volume, kName, rows_for("logistic", 300, k, 42), spec_for("logistic"));
  {
    // A planted bug: w and w_ref shifted by 1 in the bias, the running sum left as
    // training left it, so the sum no longer bounds ‖∇L(w; D′)‖.
    ModelStore store(volume, kName);
    ModelMeta meta = store.meta();
    std::vector<unsigned char>& state = meta.family_state;
    const std::size_t d = k + 1;
    const std::size_t weights = 8 * (1 + 2 * (1 + k) + 2 + (1 + d) + 1);  // layout 2: w's first value
    const std::size_t base = weights + 8 * (d + 1);
    REQUIRE(state.size() > base + 8);
    store_f64(&state[weights], load_f64(&state[weights]) + 1.0);
    store_f64(&state[base], load_f64(&state[base]) + 1.0);
    store.commit({}, std::move(meta));
  }
  const std::vector<unsigned char> file = volume.content(kName);
  const std::vector<unsigned char> log = volume.content(ModelStore::log_name(kName));
  {
    Model model(volume, kName);
    CHECK_THROWS_AS(model.forget({100}, "", false, 1), InternalError);
    CHECK_THROWS_WITH(model.forget({100}, "", false, 1), Catch::Contains("exceeds the proven bound"));
    CHECK(model.status(false).requests.empty());
  }
  CHECK(volume.content(kName) == file);
  CHECK(volume.content(ModelStore::log_name(kName)) == log);
  // Without the check the same request goes through: the pass is what caught it.
  Model model(volume, kName);
  CHECK(model.forget({100}, "", false, 1, false).record.certificate.actual == -1.0);
}
