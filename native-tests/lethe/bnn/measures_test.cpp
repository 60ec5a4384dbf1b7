// The BNN experiment's measures against brute-force definitions: the categorical KL
// (Gibbs' inequality, the floor at a zero), accuracy, the true label's confidence,
// the membership AUC as the pairwise Mann–Whitney count, per-class accuracy.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/measures.hpp>

namespace measures_test {
// n × K random class probabilities (rows on the simplex, all entries positive).
Eigen::MatrixXd random_probabilities(lethe::Rng& rng, int n, int k) {
  Eigen::MatrixXd p = rng.normal_matrix(n, k).array().exp().matrix();
  for (int i = 0; i < n; ++i) p.row(i) /= p.row(i).sum();
  return p;
}
Eigen::VectorXi random_labels(lethe::Rng& rng, int n, int k) {
  Eigen::VectorXi y(n);
  for (int i = 0; i < n; ++i) y[i] = static_cast<int>(rng.below(static_cast<std::uint64_t>(k)));
  return y;
}
}  // namespace measures_test

TEST_CASE("measures: mean categorical KL against the definition, ≥ 0, zero on itself", "[bnn][measures]") {
  lethe::Rng rng(8);
  const Eigen::MatrixXd ref = measures_test::random_probabilities(rng, 12, 4);
  const Eigen::MatrixXd p = measures_test::random_probabilities(rng, 12, 4);
  double direct = 0.0;
  for (int i = 0; i < 12; ++i)
    for (int k = 0; k < 4; ++k) direct += ref(i, k) * std::log(ref(i, k) / p(i, k)) / 12.0;
  CHECK(lethe::mean_categorical_kl(ref, p) == Approx(direct).epsilon(1e-13));
  CHECK(lethe::mean_categorical_kl(ref, p) > 0.0);
  CHECK(lethe::mean_categorical_kl(ref, ref) == Approx(0.0).margin(1e-15));
  CHECK(lethe::mean_categorical_kl(Eigen::MatrixXd(0, 3), Eigen::MatrixXd(0, 3)) == 0.0);
  // Zeros: none in the reference contributes; a zero in p where the reference has
  // mass is capped at the floor 1e-300 (finite, huge).
  Eigen::MatrixXd r1(1, 3), p1(1, 3);
  r1 << 0.0, 0.5, 0.5;
  p1 << 0.2, 0.4, 0.4;
  CHECK(lethe::mean_categorical_kl(r1, p1) == Approx(std::log(0.5 / 0.4)).epsilon(1e-14));
  p1 << 0.5, 0.5, 0.0;
  const double capped = lethe::mean_categorical_kl(r1, p1);
  CHECK(std::isfinite(capped));
  CHECK(capped == Approx(0.5 * (std::log(0.5) - std::log(1e-300))).epsilon(1e-12));
  REQUIRE_THROWS_AS(lethe::mean_categorical_kl(ref, p.topRows(5)), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::mean_categorical_kl(ref, p.topRows(5)),
                      Catch::Contains("mean_categorical_kl: parameter 'p'"));
}

TEST_CASE("measures: accuracy, true-label confidence and per-class accuracy against counting", "[bnn][measures]") {
  lethe::Rng rng(21);
  const int n = 50, k = 3;
  const Eigen::MatrixXd p = measures_test::random_probabilities(rng, n, k);
  Eigen::VectorXi y = measures_test::random_labels(rng, n, k);
  for (int i = 0; i < n; ++i)
    if (y[i] == 2) y[i] = 1;  // class 2 has no rows
  int right = 0;
  Eigen::Vector3d per_right = Eigen::Vector3d::Zero(), per_count = Eigen::Vector3d::Zero();
  for (int i = 0; i < n; ++i) {
    int best = 0;
    for (int c = 1; c < k; ++c)
      if (p(i, c) > p(i, best)) best = c;
    right += best == y[i];
    per_right[y[i]] += best == y[i];
    per_count[y[i]] += 1;
    CHECK(lethe::true_label_confidence(p, y)[i] == p(i, y[i]));
  }
  CHECK(lethe::accuracy(p, y) == Approx(double(right) / n).epsilon(1e-15));
  const Eigen::VectorXd per = lethe::per_class_accuracy(p, y, k);
  REQUIRE(per.size() == k);
  CHECK(per[0] == Approx(per_right[0] / per_count[0]).epsilon(1e-15));
  CHECK(per[1] == Approx(per_right[1] / per_count[1]).epsilon(1e-15));
  CHECK(per[2] == 0.0);
  // Overall accuracy is the count-weighted mean of the per-class ones.
  CHECK((per.array() * per_count.array()).sum() / n == Approx(lethe::accuracy(p, y)).epsilon(1e-14));
  // Perfect and hopeless predictions.
  Eigen::MatrixXd sure = Eigen::MatrixXd::Zero(n, k);
  for (int i = 0; i < n; ++i) sure(i, y[i]) = 1.0;
  CHECK(lethe::accuracy(sure, y) == 1.0);
  CHECK(lethe::accuracy(Eigen::MatrixXd(0, k), Eigen::VectorXi(0)) == 0.0);
  REQUIRE_THROWS_AS(lethe::accuracy(p, y.head(3)), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::accuracy(p, y.head(3)), Catch::Contains("accuracy: parameter 'labels'"));
  REQUIRE_THROWS_WITH(lethe::true_label_confidence(p, y.head(3)),
                      Catch::Contains("true_label_confidence: parameter 'labels'"));
}

TEST_CASE("measures: membership AUC is the Mann–Whitney pair count, ties counted half", "[bnn][measures]") {
  lethe::Rng rng(4);
  Eigen::VectorXd members(30), others(20);
  // Rounded to one decimal so that ties occur.
  for (int i = 0; i < 30; ++i) members[i] = std::round(10.0 * (0.3 + 0.3 * rng.uniform())) / 10.0;
  for (int j = 0; j < 20; ++j) others[j] = std::round(10.0 * (0.2 + 0.3 * rng.uniform())) / 10.0;
  double pairs = 0.0;
  int ties = 0;
  for (int i = 0; i < 30; ++i)
    for (int j = 0; j < 20; ++j) {
      pairs += members[i] > others[j] ? 1.0 : members[i] == others[j] ? 0.5 : 0.0;
      ties += members[i] == others[j];
    }
  REQUIRE(ties > 0);
  const double auc = lethe::membership_auc(members, others);
  CHECK(auc == Approx(pairs / 600.0).epsilon(1e-15));
  CHECK(auc + lethe::membership_auc(others, members) == Approx(1.0).epsilon(1e-15));
  CHECK(lethe::membership_auc(members, members) == Approx(0.5).epsilon(1e-15));
  CHECK(lethe::membership_auc(Eigen::VectorXd::Constant(3, 0.9), Eigen::VectorXd::Constant(4, 0.1)) == 1.0);
  CHECK(lethe::membership_auc(Eigen::VectorXd::Constant(3, 0.1), Eigen::VectorXd::Constant(4, 0.9)) == 0.0);
  REQUIRE_THROWS_AS(lethe::membership_auc(Eigen::VectorXd(0), others), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::membership_auc(Eigen::VectorXd(0), others),
                      Catch::Contains("membership_auc: parameter 'members'"));
  REQUIRE_THROWS_WITH(lethe::membership_auc(members, Eigen::VectorXd(0)), Catch::Contains("parameter 'others'"));
}
