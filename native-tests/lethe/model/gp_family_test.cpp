// The gp family: a sparse GP classifier on the user's rows, q(u) by the ELBO;
// forgetting by EUBO or reverse KL from q and the erased rows alone (gp_family.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/gp_family.hpp>

#include "support.hpp"

using namespace lethe;

// Named, not anonymous: the unity build puts several test files in one unit.
namespace gp_family_test {

TrainingRows two_class(int n, int k, std::uint64_t seed) {
  const RowTable t = test::make_rows(n, k, true, seed);
  return {t.x, t.y};
}

// Two classes on a curved boundary in k features: y = 1 where x₀² + x₁ > 0.5 (flipped
// with probability 0.05), so that a linear model does not fit it.
TrainingRows curved(int n, int k, std::uint64_t seed) {
  Rng rng(seed);
  TrainingRows rows;
  rows.x = rng.normal_matrix(n, k);
  rows.y.resize(n);
  for (int i = 0; i < n; ++i) {
    const bool one = rows.x(i, 0) * rows.x(i, 0) + (k > 1 ? rows.x(i, 1) : 0.0) > 0.5;
    rows.y(i) = (rng.uniform() < 0.05) != one ? 1.0 : 0.0;
  }
  return rows;
}

double accuracy(const Eigen::MatrixXd& p, const Eigen::VectorXd& y) {
  int right = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) right += (p(i, 0) > 0.5 ? 1.0 : 0.0) == y(i) ? 1 : 0;
  return double(right) / double(p.rows());
}

template <typename Pred>
std::pair<TrainingRows, TrainingRows> split(const TrainingRows& rows, Pred erase) {
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

bool holds_double(const std::vector<unsigned char>& bytes, double v) {
  const auto* p = reinterpret_cast<const unsigned char*>(&v);
  return std::search(bytes.begin(), bytes.end(), p, p + 8) != bytes.end();
}

}  // namespace gp_family_test

using namespace gp_family_test;

TEST_CASE("gp family: learns a curved boundary in k features well above chance", "[model][gp]") {
  const auto start = std::chrono::steady_clock::now();
  for (int k : {2, 5}) {
    const TrainingRows train = curved(300, k, 10 + k), test = curved(300, k, 100 + k);
    GpFamily gp(k, GpFamilyOptions{});
    gp.train(train);
    const Eigen::MatrixXd p = gp.predict(test.x);
    REQUIRE(p.cols() == 3);
    CHECK((p.col(0).array() > 0).all());
    CHECK((p.col(0).array() < 1).all());
    CHECK((p.col(2).array() > 0).all());
    INFO("k = " << k << ": accuracy " << accuracy(p, test.y));
    CHECK(accuracy(p, test.y) > (k == 2 ? 0.85 : 0.7));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("two trainings in " << seconds << " s");
  CHECK(seconds < 20.0);  // generous: ASan at -O1 too
}

TEST_CASE("gp family: EUBO and reverse KL move the posterior toward the retrained one", "[model][gp][forget]") {
  for (int method : {0, 1}) {
    for (std::uint64_t seed : {51u, 52u, 53u}) {
      const TrainingRows all = curved(200, 2, seed);
      // The class-1 rows of one side of the plane (x₀ > 0.8): a skewed request, what a
      // single source's rows look like, which moves the boundary.
      const auto [kept, erased] = split(all, [&](Eigen::Index i) { return all.x(i, 0) > 0.8 && all.y(i) == 1.0; });
      GpFamilyOptions o;
      o.method = static_cast<ForgetMethod>(method);  // 0 EUBO, 1 reverse KL: the table's order
      GpFamily original(2, o);
      original.train(all);
      GpFamily forgotten = original;
      const Certificate c = forgotten.forget(erased);
      CHECK(c.kind == "estimate");
      CHECK(c.value > 0.0);
      CHECK(c.sum == c.value);
      CHECK(c.distance_bound == -1.0);
      std::unique_ptr<ModelFamily> retrained = original.untrained_copy();
      retrained->train(kept);
      const PosteriorDistance before = original.distance_to(*retrained);
      const PosteriorDistance after = forgotten.distance_to(*retrained);
      INFO("method " << method << " seed " << seed << ": " << erased.x.rows() << " erased, kl " << before.value
                     << " -> " << after.value << ", |dm| " << before.parameter_distance << " -> "
                     << after.parameter_distance << ", estimate " << c.value);
      CHECK(after.value < before.value);
      // The predictive on the erased rows moves toward the retrained model's.
      const Eigen::MatrixXd pr = retrained->predict(erased.x);
      const double gap_before = (original.predict(erased.x).col(0) - pr.col(0)).norm();
      const double gap_after = (forgotten.predict(erased.x).col(0) - pr.col(0)).norm();
      INFO("predictive gap on the erased rows " << gap_before << " -> " << gap_after);
      CHECK(gap_after < gap_before);
      // A second request adds to the running sum.
      const auto [kept2, erased2] = split(kept, [](Eigen::Index i) { return i < 5; });
      const Certificate c2 = forgotten.forget(erased2);
      CHECK(c2.sum == Approx(c.value + c2.value).epsilon(1e-15));
    }
  }
}

TEST_CASE("gp family: state round-trips bit for bit, training is deterministic, no row is held", "[model][gp][state]") {
  const TrainingRows rows = two_class(150, 4, 61);
  GpFamilyOptions o;
  GpFamily a(4, o), b(4, o);
  a.train(rows);
  b.train(rows);
  CHECK(a.posterior().mean() == b.posterior().mean());
  CHECK(a.predict(rows.x) == b.predict(rows.x));
  const auto [kept, erased] = split(rows, [](Eigen::Index i) { return i < 7; });
  const Certificate ca = a.forget(erased), cb = b.forget(erased);
  CHECK(ca.value == cb.value);
  CHECK(a.posterior().chol() == b.posterior().chol());

  ByteWriter out;
  a.write_state(out);
  GpFamily c(4, o);
  ByteReader in(out.bytes(), "state");
  c.read_state(in);
  in.expect_end();
  CHECK(c.posterior().mean() == a.posterior().mean());
  CHECK(c.inducing_points() == a.inducing_points());
  CHECK(c.estimate_sum() == a.estimate_sum());
  CHECK(c.predict(rows.x) == a.predict(rows.x));
  ByteWriter again;
  c.write_state(again);
  CHECK(again.bytes() == out.bytes());
  for (Eigen::Index i = 0; i < rows.x.rows(); ++i)
    for (Eigen::Index j = 0; j < rows.x.cols(); ++j) CHECK_FALSE(holds_double(out.bytes(), rows.x(i, j)));
  // The inducing points are no row either (they are drawn, not chosen).
  for (Eigen::Index i = 0; i < rows.x.rows(); ++i)
    for (Eigen::Index z = 0; z < c.inducing_points().rows(); ++z)
      CHECK((c.inducing_points().row(z) - rows.x.row(i)).norm() > 0.0);
  // An untrained state round-trips too.
  ByteWriter blank;
  GpFamily(4, o).write_state(blank);
  GpFamily d(4, o);
  ByteReader in_blank(blank.bytes(), "state");
  d.read_state(in_blank);
  CHECK_THROWS_AS(d.predict(rows.x), InvalidArgument);
  // A different seed draws other inducing points and so another posterior.
  o.seed = 2;
  GpFamily e(4, o);
  e.train(rows);
  CHECK(e.inducing_points() != b.inducing_points());
  // A state of another shape is refused.
  GpFamilyOptions wide;
  wide.inducing = 12;
  GpFamily f(4, wide);
  ByteReader in2(out.bytes(), "state");
  CHECK_THROWS_AS(f.read_state(in2), FormatError);
  GpFamily g(3, GpFamilyOptions{});
  ByteReader in3(out.bytes(), "state");
  CHECK_THROWS_AS(g.read_state(in3), FormatError);
}

TEST_CASE("gp family: options and labels are checked and named", "[model][gp][options]") {
  CHECK(family_options("gp").size() == 6);
  CHECK_THROWS_WITH(make_family("gp", 3, {{"lambda", 0.1}}),
                    Catch::Contains("'lambda'") && Catch::Contains("adjusted_lambda"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"method", 2.0}}), Catch::Contains("'method'"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"method", 0.5}}),
                    Catch::Contains("'method'") && Catch::Contains("must be 'eubo' or 'rkl', or its index 0..1"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"adjusted_lambda", 1.5}}), Catch::Contains("'adjusted_lambda'"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"adjusted_lambda", -0.1}}), Catch::Contains("'adjusted_lambda'"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"inducing", 1.0}}), Catch::Contains("'inducing'"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"lengthscale", 0.0}}), Catch::Contains("'lengthscale'"));
  CHECK_THROWS_WITH(make_family("gp", 3, {{"kernel_variance", -1.0}}), Catch::Contains("'kernel_variance'"));
  CHECK_THROWS_AS(make_family("gp", 3, {{"seed", -1.0}}), InvalidArgument);
  const auto f = make_family("gp", 2, {{"method", 1.0}, {"adjusted_lambda", 0.01}, {"inducing", 8.0}});
  CHECK(f->options()[0].second == 1.0);
  CHECK(f->options()[1].second == 0.01);
  TrainingRows bad = curved(30, 2, 1);
  bad.y(3) = 2.0;
  CHECK_THROWS_WITH(f->train(bad), Catch::Contains("'y'"));
  CHECK_THROWS_WITH(f->forget(bad), Catch::Contains("not trained"));
  f->train(curved(30, 2, 1));
  CHECK_THROWS_WITH(f->forget(bad), Catch::Contains("'y'"));
  CHECK_THROWS_AS(f->predict(Eigen::MatrixXd::Zero(2, 3)), InvalidArgument);
}
