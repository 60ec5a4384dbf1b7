#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/csv.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>

using namespace lethe;

TEST_CASE("make_moons without noise lies on the two arcs", "[datasets]") {
  const LabelledPoints d = make_moons(11, 0.0, 1);
  REQUIRE(d.size() == 11);
  // 5 outer points (label 0), 6 inner (label 1); t evenly spaced on [0, π].
  for (int i = 0; i < 5; ++i) {
    const double t = M_PI * i / 4;
    CHECK(d.labels[i] == 0);
    CHECK(d.x(i, 0) == Approx(std::cos(t)).margin(1e-15));
    CHECK(d.x(i, 1) == Approx(std::sin(t)).margin(1e-15));
  }
  for (int i = 0; i < 6; ++i) {
    const double t = M_PI * i / 5;
    CHECK(d.labels[5 + i] == 1);
    CHECK(d.x(5 + i, 0) == Approx(1 - std::cos(t)).margin(1e-15));
    CHECK(d.x(5 + i, 1) == Approx(1 - std::sin(t) - 0.5).margin(1e-15));
  }
}

TEST_CASE("make_moons noise has the requested spread and is seeded", "[datasets]") {
  const LabelledPoints clean = make_moons(4000, 0.0, 1), noisy = make_moons(4000, 0.2, 9);
  const Eigen::MatrixXd diff = noisy.x - clean.x;
  const double sd = std::sqrt(diff.array().square().mean());
  CHECK(sd == Approx(0.2).epsilon(0.03));
  CHECK(make_moons(50, 0.2, 3).x == make_moons(50, 0.2, 3).x);
  CHECK(make_moons(50, 0.2, 3).x != make_moons(50, 0.2, 4).x);
  REQUIRE_THROWS_WITH(make_moons(1, 0.2, 0), Catch::Contains("make_moons") && Catch::Contains("'n'"));
  REQUIRE_THROWS_WITH(make_moons(10, -1, 0), Catch::Contains("'noise'"));
}

TEST_CASE("BIF mixture preset: sizes, balanced labels, cluster moments", "[datasets]") {
  const MixtureSpec spec = bif_mixture_preset();
  const LabelledPoints d = make_mixture(spec, 3);
  REQUIRE(d.size() == 2000);
  for (int k = 0; k < 4; ++k) {
    std::vector<int> rows;
    for (int i = 0; i < 2000; ++i)
      if (d.labels[i] == k) rows.push_back(i);
    CHECK(rows.size() == Approx(500).margin(70));  // uniform labels: sd ≈ 19
    Eigen::MatrixXd pts(rows.size(), 2);
    for (std::size_t r = 0; r < rows.size(); ++r) pts.row(static_cast<Eigen::Index>(r)) = d.x.row(rows[r]);
    const Eigen::RowVector2d mean = pts.colwise().mean();
    const Eigen::MatrixXd c = pts.rowwise() - mean;
    const Eigen::Matrix2d cov = c.transpose() * c / (pts.rows() - 1.0);
    CHECK((mean.transpose() - spec.means[static_cast<std::size_t>(k)]).norm() < 0.15);
    CHECK((cov - spec.covariances[static_cast<std::size_t>(k)]).norm() < 0.25);
  }
  // Cluster 0 is the horizontal one, cluster 2 the vertical one.
  CHECK(spec.covariances[0](0, 0) > spec.covariances[0](1, 1));
  CHECK(spec.covariances[2](1, 1) > spec.covariances[2](0, 0));
}

TEST_CASE("Labelled CSV round-trips and accepts an optional header", "[csv]") {
  const LabelledPoints d = make_moons(20, 0.2, 5);
  const LabelledPoints back = parse_labelled_csv(format_labelled_csv(d), "memory");
  CHECK(back.x == d.x);  // %.17g round-trips doubles exactly
  CHECK(back.labels == d.labels);
  const LabelledPoints no_header = parse_labelled_csv("1,2,0\n3,4,1\n\n", "t.csv");
  REQUIRE(no_header.size() == 2);
  CHECK(no_header.x(1, 1) == 4.0);
  CHECK(no_header.labels[1] == 1);
  const Series1D s = parse_series_csv("x,y\r\n0.5,1.5\r\n-1,2\r\n", "s.csv");
  REQUIRE(s.size() == 2);
  CHECK(s.y[1] == 2.0);
  const Series1D r = make_regression_1d(10, 0.3, 2);
  CHECK(parse_series_csv(format_series_csv(r), "m").x == r.x);
}

TEST_CASE("Malformed CSV names the source and line", "[csv][errors]") {
  using Catch::Contains;
  REQUIRE_THROWS_AS(parse_labelled_csv("", "e.csv"), ParseError);
  REQUIRE_THROWS_WITH(parse_labelled_csv("", "e.csv"), Contains("e.csv:1") && Contains("empty"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("x1,x2,label\n1,2,0\n3,4\n", "d.csv"),
                      Contains("d.csv:3") && Contains("expected 3 fields"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("1,2,0\n3,abc,1\n", "d.csv"),
                      Contains("d.csv:2") && Contains("'abc' is not a number"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("1,2,0\n3,nan,1\n", "d.csv"), Contains("d.csv:2") && Contains("not finite"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("1,2,0\n3,inf,1\n", "d.csv"), Contains("not finite"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("1,2,0\n3,4,0.5\n", "d.csv"),
                      Contains("d.csv:2") && Contains("label '0.5' is not an integer"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("1,2,0\n3,,1\n", "d.csv"), Contains("d.csv:2") && Contains("missing"));
  REQUIRE_THROWS_WITH(parse_labelled_csv("x1,x2,label\n", "h.csv"), Contains("no data rows"));
  REQUIRE_THROWS_WITH(parse_series_csv("x,y\n1\n", "s.csv"), Contains("s.csv:2"));
  REQUIRE_THROWS_WITH(read_labelled_csv("/nonexistent/file.csv"),
                      Contains("/nonexistent/file.csv") && Contains("cannot open"));
}
