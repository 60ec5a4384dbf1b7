#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>

using lethe::Gaussian;

namespace {
Gaussian example_2d() {
  Eigen::Vector2d mean(1.0, -2.0);
  Eigen::Matrix2d cov;
  cov << 2.0, 0.6, 0.6, 1.0;
  return Gaussian::from_covariance(mean, cov);
}
}  // namespace

TEST_CASE("Gaussian log density matches the hand-computed value", "[gaussian]") {
  const Gaussian g = example_2d();
  // |Σ| = 2·1 − 0.36 = 1.64, Σ⁻¹ = [1, −0.6; −0.6, 2]/1.64; x − μ = (1, 1):
  // quadratic form = (1 − 1.2 + 2)/1.64 = 1.8/1.64.
  const double expected = -0.5 * (2 * std::log(2 * M_PI) + std::log(1.64) + 1.8 / 1.64);
  CHECK(g.log_density(Eigen::Vector2d(2.0, -1.0)) == Approx(expected).epsilon(1e-14));
  CHECK(g.log_density_at_mode() == Approx(-0.5 * (2 * std::log(2 * M_PI) + std::log(1.64))));
  CHECK(g.entropy() == Approx(0.5 * (2 * (1 + std::log(2 * M_PI)) + std::log(1.64))));
  Eigen::MatrixXd pts(2, 2);
  pts << 2.0, 1.0, -1.0, -2.0;
  const Eigen::VectorXd cols = g.log_density_columns(pts);
  CHECK(cols[0] == Approx(expected).epsilon(1e-14));
  CHECK(cols[1] == Approx(g.log_density_at_mode()).epsilon(1e-14));
}

TEST_CASE("Gaussian KL: closed form against hand values and Monte Carlo", "[gaussian]") {
  // 1-D: KL(N(0,1) ‖ N(1,4)) = log 2 + (1 + 1)/8 − ½.
  const Gaussian a(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1));
  const Gaussian b(Eigen::VectorXd::Ones(1), 2.0 * Eigen::MatrixXd::Identity(1, 1));
  CHECK(lethe::kl_divergence(a, b) == Approx(std::log(2.0) + 0.25 - 0.5).epsilon(1e-14));
  CHECK(lethe::kl_divergence(a, a) == Approx(0.0).margin(1e-15));

  // 2-D: E_a[log a − log b] by Monte Carlo.
  const Gaussian p = example_2d();
  Eigen::Matrix2d cq;
  cq << 1.0, -0.3, -0.3, 0.5;
  const Gaussian q = Gaussian::from_covariance(Eigen::Vector2d(0.5, -1.5), cq);
  lethe::Rng rng(2024);
  const Eigen::MatrixXd s = p.sample(rng, 200000);
  const double mc = (p.log_density_columns(s) - q.log_density_columns(s)).mean();
  CHECK(lethe::kl_divergence(p, q) == Approx(mc).epsilon(0.01));
}

TEST_CASE("Gaussian sampling reproduces mean, covariance and entropy", "[gaussian]") {
  const Gaussian g = example_2d();
  lethe::Rng rng(99);
  const Eigen::MatrixXd s = g.sample(rng, 200000);
  const Eigen::VectorXd mean = s.rowwise().mean();
  const Eigen::MatrixXd centred = s.colwise() - mean;
  const Eigen::MatrixXd cov = centred * centred.transpose() / (s.cols() - 1.0);
  CHECK((mean - g.mean()).norm() < 0.01);
  CHECK((cov - g.covariance()).norm() < 0.02);
  // Entropy = −E[log p]
  CHECK(-g.log_density_columns(s).mean() == Approx(g.entropy()).epsilon(0.005));
}

TEST_CASE("Gaussian natural parameters round-trip", "[gaussian]") {
  const Gaussian g = example_2d();
  const Eigen::MatrixXd precision = g.precision();
  const Gaussian h = Gaussian::from_natural(precision * g.mean(), precision);
  CHECK((h.mean() - g.mean()).norm() < 1e-12);
  CHECK((h.covariance() - g.covariance()).norm() < 1e-12);
}

TEST_CASE("Gaussian rejects bad input with named parameters", "[gaussian][errors]") {
  Eigen::Matrix2d not_pd;
  not_pd << 1.0, 2.0, 2.0, 1.0;
  REQUIRE_THROWS_AS(Gaussian::from_covariance(Eigen::Vector2d::Zero(), not_pd), lethe::NumericalError);
  REQUIRE_THROWS_WITH(Gaussian(Eigen::Vector2d::Zero(), Eigen::Matrix3d::Identity()),
                      Catch::Contains("Gaussian") && Catch::Contains("chol_lower"));
  REQUIRE_THROWS_WITH(Gaussian(Eigen::Vector2d(NAN, 0.0), Eigen::Matrix2d::Identity()),
                      Catch::Contains("'mean'") && Catch::Contains("finite"));
  const Gaussian g = example_2d();
  REQUIRE_THROWS_WITH(g.log_density(Eigen::Vector3d::Zero()), Catch::Contains("log_density") && Catch::Contains("'x'"));
}
