#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/model/linear_family.hpp>

#include "support.hpp"

using namespace lethe;

TEST_CASE("linear: forgetting equals retraining on the remaining rows", "[model][linear]") {
  const RowTable all = test::make_rows(200, 4, false, 3);
  LinearFamily forgotten(4, 0.5, 0.25);
  forgotten.train({all.x, all.y});
  // Forget rows 10..39 in three requests.
  for (int start = 10; start < 40; start += 10)
    CHECK(forgotten.forget({all.x.middleRows(start, 10), all.y.segment(start, 10)}).kind == "exact");
  LinearFamily retrained(4, 0.5, 0.25);
  Eigen::MatrixXd x(170, 4);
  Eigen::VectorXd y(170);
  x << all.x.topRows(10), all.x.bottomRows(160);
  y << all.y.head(10), all.y.tail(160);
  retrained.train({x, y});
  const PosteriorDistance d = forgotten.distance_to(retrained);
  CHECK(d.value < 1e-10);
  CHECK(d.parameter_distance < 1e-10);
}

TEST_CASE("linear: the posterior is the closed form", "[model][linear]") {
  const RowTable rows = test::make_rows(50, 2, false, 5);
  const double alpha = 2.0, noise = 0.5;
  LinearFamily family(2, alpha, noise);
  family.train({rows.x, rows.y});
  Eigen::MatrixXd design(50, 3);
  design << Eigen::VectorXd::Ones(50), rows.x;
  // Λ = αI + σ⁻² X̃ᵀX̃, mean = Λ⁻¹ σ⁻² X̃ᵀy.
  const Eigen::MatrixXd precision = alpha * Eigen::MatrixXd::Identity(3, 3) + design.transpose() * design / noise;
  const Eigen::VectorXd mean = precision.ldlt().solve(design.transpose() * rows.y / noise);
  Eigen::MatrixXd probe(1, 2);
  probe << 0.3, -1.2;
  const Eigen::MatrixXd p = family.predict(probe);
  Eigen::Vector3d xt(1.0, 0.3, -1.2);
  CHECK(p(0, 0) == Approx(xt.dot(mean)).epsilon(1e-12));
  CHECK(p(0, 1) == Approx(std::sqrt(xt.dot(precision.ldlt().solve(xt)))).epsilon(1e-12));
  CHECK(p(0, 2) == Approx(std::sqrt(p(0, 1) * p(0, 1) + noise)).epsilon(1e-12));
}

TEST_CASE("linear: the state round-trips through bytes and checks its dimension", "[model][linear]") {
  const RowTable rows = test::make_rows(30, 3, false, 1);
  LinearFamily a(3, 1.0, 1.0);
  a.train({rows.x, rows.y});
  ByteWriter out;
  a.write_state(out);
  LinearFamily b(3, 1.0, 1.0);
  ByteReader in(out.bytes(), "state");
  b.read_state(in);
  CHECK(b.precision() == a.precision());
  CHECK(b.shift() == a.shift());
  LinearFamily wrong(2, 1.0, 1.0);
  ByteReader again(out.bytes(), "state");
  CHECK_THROWS_AS(wrong.read_state(again), FormatError);
}
