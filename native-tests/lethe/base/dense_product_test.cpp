// multiply against Eigen's product and against the plain left-to-right sum the
// header promises, bit for bit, on shapes that exercise every remainder of the
// 4×4 tiles.
#include <lethe/base/dense_product.hpp>

#include <array>
#include <cmath>
#include <optional>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace {

Eigen::MatrixXd sequential_product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd c(a.rows(), b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < b.cols(); ++j) {
      double sum = 0.0;
      for (Eigen::Index p = 0; p < a.cols(); ++p) sum += a(i, p) * b(p, j);
      c(i, j) = sum;
    }
  return c;
}

}  // namespace

TEST_CASE("multiply equals the sequential sum bit for bit and Eigen's product to rounding", "[dense_product]") {
  lethe::Rng rng(7);
  for (const auto& shape : {std::array<int, 3>{20, 20, 1000}, std::array<int, 3>{256, 20, 20},
                            std::array<int, 3>{1, 1, 1}, std::array<int, 3>{5, 3, 7}, std::array<int, 3>{4, 0, 4},
                            std::array<int, 3>{9, 1000, 6}, std::array<int, 3>{0, 3, 5}, std::array<int, 3>{3, 5, 0}}) {
    const Eigen::MatrixXd a = rng.normal_matrix(shape[0], shape[1]);
    const Eigen::MatrixXd b = rng.normal_matrix(shape[1], shape[2]);
    const Eigen::MatrixXd c = lethe::multiply(a, b);
    REQUIRE(c.rows() == shape[0]);
    REQUIRE(c.cols() == shape[2]);
    const Eigen::MatrixXd expected = sequential_product(a, b);
    INFO("shape " << shape[0] << "x" << shape[1] << "x" << shape[2]);
    CHECK((c.array() == expected.array()).all());
    if (c.size() == 0) continue;  // an empty matrix has no largest entry
    const Eigen::MatrixXd eigen = a * b;
    CHECK((c - eigen).cwiseAbs().maxCoeff() <= 1e-12 * (1.0 + eigen.cwiseAbs().maxCoeff()) * (shape[1] + 1));
  }
}

TEST_CASE("multiply_transposed and multiply_by_transpose are the transposed products", "[dense_product]") {
  lethe::Rng rng(11);
  const Eigen::MatrixXd a = rng.normal_matrix(13, 6);
  const Eigen::MatrixXd b = rng.normal_matrix(13, 9);
  const Eigen::MatrixXd c = rng.normal_matrix(10, 6);
  const Eigen::MatrixXd at_b = lethe::multiply_transposed(a, b);
  CHECK((at_b.array() == sequential_product(a.transpose(), b).array()).all());
  const Eigen::MatrixXd a_ct = lethe::multiply_by_transpose(a, c);
  CHECK((a_ct.array() == sequential_product(a, c.transpose()).array()).all());
  CHECK((a_ct - a * c.transpose()).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("multiply names the mismatched parameter", "[dense_product]") {
  const Eigen::MatrixXd a = Eigen::MatrixXd::Ones(3, 4);
  const Eigen::MatrixXd b = Eigen::MatrixXd::Ones(5, 2);
  CHECK_THROWS_WITH(lethe::multiply(a, b), Catch::Contains("multiply") && Catch::Contains("b rows"));
  CHECK_THROWS_AS(lethe::multiply(a, b), lethe::InvalidArgument);
  CHECK_THROWS_WITH(lethe::multiply_transposed(a, b), Catch::Contains("multiply_transposed"));
  CHECK_THROWS_WITH(lethe::multiply_by_transpose(a, b), Catch::Contains("multiply_by_transpose"));
}

TEST_CASE("inverse_lower inverts a lower-triangular matrix and reads only its lower part", "[dense_product]") {
  lethe::Rng rng(13);
  for (int d : {1, 2, 13, 40}) {
    Eigen::MatrixXd l = rng.normal_matrix(d, d);
    l.diagonal() = l.diagonal().cwiseAbs().array() + 1.0;
    const Eigen::MatrixXd lower = l.triangularView<Eigen::Lower>();
    const Eigen::MatrixXd x = lethe::inverse_lower(l);  // l's upper part is noise, not read
    INFO("d = " << d);
    CHECK((x - Eigen::MatrixXd(x.triangularView<Eigen::Lower>())).cwiseAbs().maxCoeff() == 0.0);
    CHECK((lower * x - Eigen::MatrixXd::Identity(d, d)).cwiseAbs().maxCoeff() < 1e-12);
    const Eigen::MatrixXd eigen = lower.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(d, d));
    CHECK((x - eigen).cwiseAbs().maxCoeff() < 1e-12 * (1.0 + eigen.cwiseAbs().maxCoeff()));
  }
  CHECK_THROWS_WITH(lethe::inverse_lower(Eigen::MatrixXd::Ones(2, 3)),
                    Catch::Contains("inverse_lower") && Catch::Contains("l cols"));
  Eigen::MatrixXd singular = Eigen::MatrixXd::Identity(3, 3);
  singular(1, 1) = 0.0;
  CHECK_THROWS_WITH(lethe::inverse_lower(singular), Catch::Contains("zero on its diagonal"));
  CHECK_THROWS_AS(lethe::inverse_lower(singular), lethe::InvalidArgument);
}

TEST_CASE("cholesky_lower factorises a positive-definite matrix like Eigen's LLT and refuses one that is not",
          "[dense_product]") {
  lethe::Rng rng(17);
  for (int d : {1, 2, 5, 13, 64}) {
    const Eigen::MatrixXd g = rng.normal_matrix(d, d);
    Eigen::MatrixXd a = g * g.transpose() + Eigen::MatrixXd::Identity(d, d);
    const Eigen::MatrixXd symmetric = a;
    a.triangularView<Eigen::StrictlyUpper>().setConstant(1e300);  // not read
    const std::optional<Eigen::MatrixXd> l = lethe::cholesky_lower(a);
    INFO("d = " << d);
    REQUIRE(l.has_value());
    CHECK((*l - Eigen::MatrixXd(l->triangularView<Eigen::Lower>())).cwiseAbs().maxCoeff() == 0.0);
    CHECK((*l * l->transpose() - symmetric).cwiseAbs().maxCoeff() < 1e-12 * symmetric.cwiseAbs().maxCoeff());
    const Eigen::MatrixXd eigen = Eigen::LLT<Eigen::MatrixXd>(symmetric).matrixL();
    CHECK((*l - eigen).cwiseAbs().maxCoeff() < 1e-12 * eigen.cwiseAbs().maxCoeff());
  }
  // A fixed order: the 2×2 factor by hand, to the last bit.
  Eigen::MatrixXd two(2, 2);
  two << 4.0, 2.0, 2.0, 3.0;
  const Eigen::MatrixXd l2 = *lethe::cholesky_lower(two);
  CHECK(l2(0, 0) == 2.0);
  CHECK(l2(1, 0) == 1.0);
  CHECK(l2(1, 1) == std::sqrt(2.0));
  Eigen::MatrixXd indefinite = Eigen::MatrixXd::Identity(3, 3);
  indefinite(2, 2) = -1e-3;
  CHECK_FALSE(lethe::cholesky_lower(indefinite).has_value());
  Eigen::MatrixXd semidefinite = Eigen::MatrixXd::Ones(3, 3);  // rank one: the second pivot is 0
  CHECK_FALSE(lethe::cholesky_lower(semidefinite).has_value());
  CHECK_THROWS_AS(lethe::cholesky_lower(Eigen::MatrixXd::Ones(2, 3)), lethe::InvalidArgument);
  CHECK_THROWS_WITH(lethe::cholesky_lower(Eigen::MatrixXd::Ones(2, 3)),
                    Catch::Contains("cholesky_lower") && Catch::Contains("a cols"));
}
