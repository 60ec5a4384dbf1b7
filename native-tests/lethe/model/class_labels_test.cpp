// The families' one label check (model/class_labels.hpp): integers 0..C−1, with C
// the family's classes once known and kMaxClassLabels before.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/model/class_labels.hpp>

TEST_CASE("class labels: integer doubles below C become labels; anything else names 'y'", "[model][labels]") {
  Eigen::VectorXd y(4);
  y << 0, 2, 1, 2;
  const Eigen::VectorXi labels = lethe::class_labels(y, 3, "f");
  CHECK(labels(1) == 2);
  CHECK(labels.sum() == 5);
  for (double bad :
       {-1.0, 0.5, 3.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    Eigen::VectorXd one(1);
    one << bad;
    CHECK_THROWS_WITH(lethe::class_labels(one, 3, "f"),
                      Catch::Contains("f") && Catch::Contains("'y'") && Catch::Contains("0..2"));
  }
  // Before the first training any label below the limit is a class; the limit is not.
  Eigen::VectorXd big(1);
  big << lethe::kMaxClassLabels - 1;
  CHECK(lethe::class_labels(big, 0, "f")(0) == lethe::kMaxClassLabels - 1);
  big << lethe::kMaxClassLabels;
  CHECK_THROWS_AS(lethe::class_labels(big, 0, "f"), lethe::InvalidArgument);
}
