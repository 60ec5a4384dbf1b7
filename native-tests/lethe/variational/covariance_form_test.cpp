// The two covariance forms of the Gaussian variational family: DiagonalGaussian draws
// θ = m + s∘ε from the stream in Rng::normal_matrix's order and is the full Gaussian
// with L = diag(s); each form's primitives agree with the dense computation; the
// weighted moments minimise the reverse-KL objective in both forms.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/importance_weights.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/covariance_form.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

TEST_CASE("DiagonalGaussian samples m + s∘eps and is diag(s) in the full form", "[variational][covariance-form]") {
  const DiagonalGaussian q(Eigen::Vector3d(1, -2, 0.5), Eigen::Vector3d(0.5, 2, 1.5));
  Rng a(4), b(4);
  const Eigen::MatrixXd thetas = q.sample(a, 6);
  const Eigen::MatrixXd eps = b.normal_matrix(3, 6);
  CHECK(thetas ==
        Eigen::MatrixXd((eps.array().colwise() * q.standard_deviations().array()).matrix().colwise() + q.mean()));
  // The full form draws the same points from the same stream.
  Rng c(4);
  const Gaussian full = q.to_full();
  CHECK((full.sample(c, 6) - thetas).cwiseAbs().maxCoeff() < 1e-15);
  CHECK(full.covariance().isApprox(Eigen::Matrix3d(Eigen::Vector3d(0.25, 4, 2.25).asDiagonal()), 1e-15));
  // The packed (m, log s) form of the BNN.
  Eigen::VectorXd packed(6);
  packed << q.mean(), q.standard_deviations().array().log().matrix();
  const DiagonalGaussian unpacked = DiagonalGaussian::from_log_scale(packed);
  CHECK(unpacked.mean() == q.mean());
  CHECK((unpacked.standard_deviations() - q.standard_deviations()).cwiseAbs().maxCoeff() < 1e-15);
  REQUIRE_THROWS_WITH(DiagonalGaussian(Eigen::Vector2d(0, 0), Eigen::Vector3d(1, 1, 1)),
                      Contains("DiagonalGaussian") && Contains("'standard_deviations'"));
  REQUIRE_THROWS_WITH(DiagonalGaussian(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, -1)), Contains("positive"));
}

TEST_CASE("each form's primitives agree with the dense computation", "[variational][covariance-form]") {
  Rng rng(12);
  const Eigen::Index d = 4;
  const Gaussian q = Gaussian::from_covariance(rng.normal_vector(d),
                                               Eigen::MatrixXd::Identity(d, d) + 0.3 * Eigen::MatrixXd::Ones(d, d));
  const Eigen::MatrixXd x = rng.normal_matrix(d, 5);
  const Eigen::MatrixXd L = q.chol();
  CHECK((L * FullCovariance::whiten(L, x) - x).cwiseAbs().maxCoeff() < 1e-13);
  const Eigen::MatrixXd few = x.leftCols(2);  // fewer columns than dimensions: the solve
  CHECK((L * FullCovariance::whiten(L, few) - few).cwiseAbs().maxCoeff() < 1e-13);
  CHECK((L.transpose() * FullCovariance::whiten_transpose(L, x) - x).cwiseAbs().maxCoeff() < 1e-13);
  CHECK(2 * FullCovariance::log_abs_det(L) == Approx(q.log_det_covariance()).epsilon(1e-13));
  const Eigen::VectorXd s = Eigen::Vector4d(0.5, 1, 2, 3);
  CHECK((DiagonalCovariance::whiten(s, x) - Eigen::MatrixXd(s.asDiagonal()).inverse() * x).cwiseAbs().maxCoeff() <
        1e-14);
  CHECK(DiagonalCovariance::log_abs_det(s) == Approx(std::log(3.0)).epsilon(1e-14));
  // Weighted second moments: Σ w θθᵀ and its diagonal.
  const Eigen::VectorXd w = normalised_weights(rng.normal_vector(5));
  Eigen::MatrixXd full_moment = FullCovariance::zero_second_moment(d);
  Eigen::VectorXd diagonal_moment = DiagonalCovariance::zero_second_moment(d);
  FullCovariance::add_weighted_second_moment(x, w, full_moment);
  DiagonalCovariance::add_weighted_second_moment(x, w, diagonal_moment);
  Eigen::MatrixXd direct = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index k = 0; k < 5; ++k) direct += w[k] * x.col(k) * x.col(k).transpose();
  CHECK((full_moment - direct).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((diagonal_moment - direct.diagonal()).cwiseAbs().maxCoeff() < 1e-14);
  const Eigen::VectorXd mean = x * w;
  CHECK((FullCovariance::covariance(mean, full_moment) - (direct - mean * mean.transpose())).cwiseAbs().maxCoeff() <
        1e-14);
}

TEST_CASE("the weighted moments minimise the reverse-KL objective in the full form", "[variational][covariance-form]") {
  Rng rng(6);
  const Eigen::Index d = 3;
  const Eigen::MatrixXd thetas = rng.normal_matrix(d, 40);
  const Eigen::VectorXd w = normalised_weights(rng.normal_vector(40));
  const Eigen::VectorXd mean = thetas * w;
  Eigen::MatrixXd second = FullCovariance::zero_second_moment(d);
  FullCovariance::add_weighted_second_moment(thetas, w, second);
  const Eigen::MatrixXd L = Eigen::LLT<Eigen::MatrixXd>(FullCovariance::covariance(mean, second)).matrixL();
  Eigen::VectorXd gm;
  Eigen::MatrixXd gL;
  const double at_minimum = weighted_negative_log_density<FullCovariance>(thetas, w, mean, L, &gm, &gL);
  CHECK(gm.cwiseAbs().maxCoeff() < 1e-12);
  CHECK(gL.cwiseAbs().maxCoeff() < 1e-12);
  // Any other Gaussian does worse.
  for (int trial = 0; trial < 5; ++trial) {
    const Eigen::VectorXd m = mean + 0.1 * rng.normal_vector(d);
    const Eigen::MatrixXd other = L + 0.05 * Eigen::MatrixXd(rng.normal_matrix(d, d).triangularView<Eigen::Lower>());
    CHECK(weighted_negative_log_density<FullCovariance>(thetas, w, m, other, nullptr, nullptr) > at_minimum);
  }
}
