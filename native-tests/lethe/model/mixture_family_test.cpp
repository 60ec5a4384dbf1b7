// The mixture family: class-conditional Gaussians with SGHMC, SGLD or mean-field VI;
// forgetting by the BIF influence step with the Hessian from the class counts
// (mixture_family.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/mixture_family.hpp>

using namespace lethe;

// Named, not anonymous: the unity build puts several test files in one unit.
namespace mixture_family_test {

// C Gaussian blobs in k features (centres 2.5 apart along the first two axes, sd 1),
// labels 0..C−1 in turn.
TrainingRows blobs(int n, int k, int classes, std::uint64_t seed) {
  Rng rng(seed);
  TrainingRows rows;
  rows.x = rng.normal_matrix(n, k);
  rows.y.resize(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % classes;
    const double angle = 2.0 * M_PI * c / classes;
    rows.x(i, 0) += 2.5 * std::cos(angle) + 10.0;  // an offset the standardisation removes
    if (k > 1) rows.x(i, 1) += 2.5 * std::sin(angle);
    rows.y(i) = c;
  }
  return rows;
}

double hit_rate(const Eigen::MatrixXd& p, const Eigen::VectorXd& y) {
  int right = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    Eigen::Index best = 0;
    p.row(i).maxCoeff(&best);
    right += static_cast<double>(best) == y(i) ? 1 : 0;
  }
  return double(right) / double(p.rows());
}

template <typename Pred>
std::pair<TrainingRows, TrainingRows> partition_rows(const TrainingRows& rows, Pred erase) {
  std::vector<Eigen::Index> keep, gone;
  for (Eigen::Index i = 0; i < rows.x.rows(); ++i) (erase(i) ? gone : keep).push_back(i);
  auto take = [&](const std::vector<Eigen::Index>& ids) {
    TrainingRows out;
    out.x.resize(static_cast<Eigen::Index>(ids.size()), rows.x.cols());
    out.y.resize(out.x.rows());
    for (std::size_t k = 0; k < ids.size(); ++k) {
      out.x.row(static_cast<Eigen::Index>(k)) = rows.x.row(ids[k]);
      out.y(static_cast<Eigen::Index>(k)) = rows.y(ids[k]);
    }
    return out;
  };
  return {take(keep), take(gone)};
}

MixtureFamilyOptions with_method(int method) {
  MixtureFamilyOptions o;
  o.method = static_cast<GmmInference>(method);  // 0 SGHMC, 1 SGLD, 2 VI: the table's order
  return o;
}

const char* method_name(int method) { return method == 0 ? "SGHMC" : method == 1 ? "SGLD" : "VI"; }

}  // namespace mixture_family_test

using namespace mixture_family_test;

TEST_CASE("mixture family: every method learns the classes and predicts probabilities", "[model][mixture]") {
  const auto start = std::chrono::steady_clock::now();
  const TrainingRows train = blobs(300, 3, 3, 5), test = blobs(300, 3, 3, 6);
  for (int method : {0, 1, 2}) {
    MixtureFamily m(3, with_method(method));
    m.train(train);
    CHECK(m.classes() == 3);
    CHECK(m.prediction_columns() == std::vector<std::string>{"p_class0", "p_class1", "p_class2"});
    CHECK(m.counts() == Eigen::Vector3d(100, 100, 100));
    const Eigen::MatrixXd p = m.predict(test.x);
    REQUIRE(p.cols() == 3);
    CHECK((p.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    INFO(method_name(method) << ": accuracy " << hit_rate(p, test.y));
    CHECK(hit_rate(p, test.y) > 0.8);  // chance: 1/3
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("three trainings in " << seconds << " s");
  CHECK(seconds < 10.0);
}

TEST_CASE("mixture family: VI's posterior is the conjugate one, and its step lands near retraining",
          "[model][mixture][forget]") {
  const TrainingRows all = blobs(200, 2, 2, 7);
  MixtureFamily vi(2, with_method(2));
  vi.train(all);
  // The conjugate posterior in standardised units: m_c = (Σ_{i∈c} x̃_i/σ²) / P_c,
  // s_c² = 1/P_c, P_c = n_c/σ² + 1/σ_p² (σ² = σ_p² = 1).
  const Eigen::Vector2d centre = all.x.colwise().mean().transpose();
  Eigen::Vector2d sd;
  for (int j = 0; j < 2; ++j) sd(j) = std::sqrt((all.x.col(j).array() - centre(j)).square().mean());
  Eigen::Vector2d sum0 = Eigen::Vector2d::Zero();
  for (Eigen::Index i = 0; i < 200; i += 2) sum0 += ((all.x.row(i).transpose() - centre).array() / sd.array()).matrix();
  CHECK((vi.states().row(0).head(2).transpose() - sum0 / 101.0).norm() < 1e-9);
  CHECK(std::exp(2.0 * vi.states()(1, 0)) == Approx(1.0 / 101.0).epsilon(1e-9));
}

TEST_CASE("mixture family: the BIF step moves every method's posterior toward the retrained one",
          "[model][mixture][forget]") {
  for (int method : {0, 1, 2}) {
    for (std::uint64_t seed : {31u, 32u, 33u}) {
      const TrainingRows all = blobs(300, 3, 3, seed);
      // Class 2's rows on one side of its centre (x₁ > its centre) and 3 % of the
      // others: a request that moves class 2's mean.
      const auto [kept, erased] = partition_rows(all, [&](Eigen::Index i) {
        return all.y(i) == 2.0 ? all.x(i, 1) > 2.5 * std::sin(4.0 * M_PI / 3.0) : i % 100 < 3;
      });
      MixtureFamily original(3, with_method(method));
      original.train(all);
      MixtureFamily forgotten = original;
      const Certificate c = forgotten.forget(erased);
      CHECK(c.kind == "estimate");
      CHECK(c.value > 0.0);
      CHECK(c.sum == c.value);
      CHECK(c.distance_bound == -1.0);
      std::unique_ptr<ModelFamily> retrained = original.untrained_copy();
      retrained->train(kept);
      const PosteriorDistance before = original.distance_to(*retrained);
      const PosteriorDistance after = forgotten.distance_to(*retrained);
      INFO(method_name(method) << " seed " << seed << ": " << erased.x.rows() << " erased, kl " << before.value
                               << " -> " << after.value << ", |dm| " << before.parameter_distance << " -> "
                               << after.parameter_distance << ", r " << c.value);
      // H is taken with the batch (the paper's): with half of class 2 erased the step on its
      // mean falls short by about n′_c/n_c, so the distance roughly halves, not vanishes,
      // and r_k (≈ 1 here, ≈ 0.1 for the 6-row request below) says so.
      CHECK(after.parameter_distance < 0.6 * before.parameter_distance);
      CHECK(after.value < before.value);
      if (method == 2) CHECK(after.value < 0.3 * before.value);  // VI: no Monte Carlo noise
      const Eigen::MatrixXd pr = retrained->predict(erased.x);
      CHECK((forgotten.predict(erased.x) - pr).norm() < (original.predict(erased.x) - pr).norm());
      // A second request adds to the running sum; r_k grows with the request's size.
      const auto [kept2, erased2] = partition_rows(kept, [](Eigen::Index i) { return i < 6; });
      const Certificate c2 = forgotten.forget(erased2);
      CHECK(c2.sum == Approx(c.value + c2.value).epsilon(1e-15));
      CHECK(c2.value < c.value);
    }
  }
}

TEST_CASE("mixture family: state round-trips bit for bit, training is deterministic, no row is held",
          "[model][mixture][state]") {
  const TrainingRows rows = blobs(120, 4, 2, 41);
  for (int method : {0, 1, 2}) {
    INFO(method_name(method));
    const MixtureFamilyOptions o = with_method(method);
    MixtureFamily a(4, o), b(4, o);
    a.train(rows);
    b.train(rows);
    CHECK(a.states() == b.states());
    const auto [kept, erased] = partition_rows(rows, [](Eigen::Index i) { return i < 7; });
    CHECK(a.forget(erased).value == b.forget(erased).value);
    CHECK(a.states() == b.states());
    ByteWriter out;
    a.write_state(out);
    MixtureFamily c(4, o);
    ByteReader in(out.bytes(), "state");
    c.read_state(in);
    in.expect_end();
    CHECK(c.states() == a.states());
    CHECK(c.counts() == a.counts());
    CHECK(c.estimate_sum() == a.estimate_sum());
    CHECK(c.predict(rows.x) == a.predict(rows.x));
    ByteWriter again;
    c.write_state(again);
    CHECK(again.bytes() == out.bytes());
    for (Eigen::Index i = 0; i < rows.x.rows(); ++i)
      for (Eigen::Index j = 0; j < rows.x.cols(); ++j) {
        const double v = rows.x(i, j);
        const auto* p = reinterpret_cast<const unsigned char*>(&v);
        CHECK(std::search(out.bytes().begin(), out.bytes().end(), p, p + 8) == out.bytes().end());
      }
    // Another method's or another shape's state is refused.
    MixtureFamily other(4, with_method(method == 2 ? 0 : 2));
    ByteReader in2(out.bytes(), "state");
    CHECK_THROWS_AS(other.read_state(in2), FormatError);
    MixtureFamily narrow(3, o);
    ByteReader in3(out.bytes(), "state");
    CHECK_THROWS_AS(narrow.read_state(in3), FormatError);
  }
  MixtureFamilyOptions o;
  o.seed = 2;
  MixtureFamily d(4, o), e(4, MixtureFamilyOptions{});
  d.train(rows);
  e.train(rows);
  CHECK(d.states() != e.states());
}

TEST_CASE("mixture family: options and labels are checked and named", "[model][mixture][options]") {
  CHECK(family_options("mixture").size() == 7);
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"methd", 1.0}}), Catch::Contains("'methd'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"method", 3.0}}), Catch::Contains("'method'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"method", 1.5}}),
                    Catch::Contains("must be 'sghmc', 'sgld' or 'vi', or its index 0..2 (got 1.5)"));
  // The method is a choice named by the core's table; the file keeps its index.
  const OptionInfo& method = MixtureFamily::option_set().find("method")->info;
  CHECK(method.type == OptionType::choice);
  CHECK(method.choices == std::vector<std::string>{"sghmc", "sgld", "vi"});
  const OptionValues kept = make_family("mixture", 3, {{"method", 1.0}})->options();
  CHECK(kept.front() == std::make_pair(std::string("method"), 1.0));
  OptionValue sgld;
  sgld.text = "sgld";
  CHECK(kept_number(method, sgld) == 1.0);
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"component_variance", 0.0}}), Catch::Contains("'component_variance'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"prior_variance", -1.0}}), Catch::Contains("'prior_variance'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"samples", 1.0}}), Catch::Contains("'samples'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"steps", 0.0}}), Catch::Contains("'steps'"));
  CHECK_THROWS_WITH(make_family("mixture", 3, {{"batch", 0.0}}), Catch::Contains("'batch'"));
  const auto f = make_family("mixture", 2, {{"method", 1.0}, {"steps", 300.0}, {"seed", 7.0}});
  CHECK(f->options()[0].second == 1.0);
  CHECK(f->options()[6].second == 7.0);
  TrainingRows bad = blobs(30, 2, 3, 1);
  bad.y(3) = 1.5;
  CHECK_THROWS_WITH(f->train(bad), Catch::Contains("'y'"));
  TrainingRows one = blobs(30, 2, 3, 1);
  one.y.setZero();
  CHECK_THROWS_WITH(f->train(one), Catch::Contains("two classes"));
  f->train(blobs(30, 2, 3, 1));
  TrainingRows unknown = blobs(3, 2, 3, 2);
  unknown.y(0) = 3.0;  // C = 3 was fixed by training
  CHECK_THROWS_WITH(f->forget(unknown), Catch::Contains("0..2"));
}
