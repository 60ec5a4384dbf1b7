// The families' one standardisation (model/feature_scaling.hpp): column means and
// population standard deviations, 1 for a constant column, and its application.
#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/feature_scaling.hpp>

TEST_CASE("feature scaling: means and population sds; a constant column keeps scale 1", "[model][scaling]") {
  Eigen::MatrixXd x(4, 2);
  x << 1, 5, 2, 5, 3, 5, 6, 5;
  Eigen::VectorXd c, s;
  lethe::fit_feature_scaling(x, c, s);
  CHECK(c(0) == 3.0);
  CHECK(c(1) == 5.0);
  CHECK(s(0) == Approx(std::sqrt((4.0 + 1.0 + 0.0 + 9.0) / 4.0)).epsilon(1e-15));
  CHECK(s(1) == 1.0);
  const Eigen::MatrixXd z = lethe::standardise(x, c, s);
  CHECK(z.col(0).mean() == Approx(0).margin(1e-15));
  CHECK(std::sqrt(z.col(0).array().square().mean()) == Approx(1).epsilon(1e-15));
  CHECK(z.col(1).isZero());
  CHECK_THROWS_AS(lethe::fit_feature_scaling(Eigen::MatrixXd(0, 2), c, s), lethe::InvalidArgument);
}
