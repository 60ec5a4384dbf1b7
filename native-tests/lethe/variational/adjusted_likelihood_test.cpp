// Every objective of the variational methods against finite differences, and the
// two optimisers on problems with known minima.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/lbfgs.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/eubo.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/reverse_kl.hpp>
#include "test_support.hpp"

using namespace lethe;
using Catch::Matchers::Contains;

TEST_CASE("packing round-trips and KL to a base", "[variational][objectives]") {
  Rng rng(1);
  const Gaussian base = Gaussian::from_covariance(Eigen::Vector3d(1, -1, 0.5),
                                                  Eigen::Matrix3d{{2, 0.3, 0}, {0.3, 1, 0.2}, {0, 0.2, 0.5}});
  Eigen::VectorXd m;
  Eigen::MatrixXd L;
  testing::random_factor(rng, base, m, L);
  Eigen::VectorXd m2;
  Eigen::MatrixXd L2;
  unpack(pack(m, L), 3, m2, L2);
  CHECK(m2 == m);
  CHECK(L2 == Eigen::MatrixXd(L.triangularView<Eigen::Lower>()));
  CHECK(kl_to_base(m, L, base, nullptr, nullptr) ==
        Approx(kl_divergence(gaussian_from_factor(m, L), base)).epsilon(1e-12));
  FactorObjective f = [&](const Eigen::VectorXd& mm, const Eigen::MatrixXd& ll, Eigen::VectorXd* gm,
                          Eigen::MatrixXd* gL) { return kl_to_base(mm, ll, base, gm, gL); };
  CHECK(testing::factor_gradient_error(f, m, L) < 1e-7);
  // Whitening: the base maps to [0; I] and the whitened KL is KL to N(0, I).
  const Eigen::VectorXd w = whiten(base, base);
  CHECK(w.head(3).norm() < 1e-14);
  CHECK(unwhiten(w, base).covariance().isApprox(base.covariance(), 1e-12));
  CHECK(testing::packed_gradient_error(whitened_objective(f, base), whiten(gaussian_from_factor(m, L), base)) < 1e-7);
  // A negative diagonal is the same Gaussian.
  Eigen::MatrixXd flipped = L;
  flipped.col(1) *= -1;
  CHECK(gaussian_from_factor(m, flipped).covariance().isApprox(gaussian_from_factor(m, L).covariance()));
}

TEST_CASE("ELBO and EUBO gradients match finite differences", "[variational][objectives]") {
  const SparseGpClassifier model = testing::small_moons_model(40, 8);
  Rng rng(9);
  const std::vector<int> all = [] {
    std::vector<int> v;
    for (int i = 0; i < 40; ++i) v.push_back(i);
    return v;
  }();
  const std::vector<int> forgotten = {30, 31, 32, 33};
  Eigen::VectorXd m;
  Eigen::MatrixXd L;
  testing::random_factor(rng, model.prior(), m, L);
  L *= 0.4;
  FactorObjective elbo = [&](const Eigen::VectorXd& mm, const Eigen::MatrixXd& ll, Eigen::VectorXd* gm,
                             Eigen::MatrixXd* gL) { return negative_elbo(model, all, model.prior(), mm, ll, gm, gL); };
  CHECK(testing::factor_gradient_error(elbo, m, L) < 1e-6);
  // The whitened objective the fast protocol minimises.
  CHECK(testing::packed_gradient_error(whitened_objective(elbo, model.prior()),
                                       whiten(gaussian_from_factor(m, L), model.prior())) < 1e-6);
  const Gaussian q_full = gaussian_from_factor(m, L);
  // A q_u near q(θ|D) in its own scale (whitened perturbation).
  const Eigen::VectorXd m2 = q_full.mean() + q_full.chol() * (0.5 * rng.normal_vector(model.dim()));
  Eigen::MatrixXd tweak = Eigen::MatrixXd::Identity(model.dim(), model.dim());
  for (Eigen::Index j = 0; j < model.dim(); ++j)
    for (Eigen::Index i = j; i < model.dim(); ++i) tweak(i, j) += 0.1 * rng.normal();
  const Eigen::MatrixXd L2 = q_full.chol() * tweak;
  SECTION("lambda = 0 by quadrature") {
    FactorObjective eubo = [&](const Eigen::VectorXd& mm, const Eigen::MatrixXd& ll, Eigen::VectorXd* gm,
                               Eigen::MatrixXd* gL) {
      return eubo_objective(model, forgotten, q_full, 0.0, Eigen::MatrixXd(model.dim(), 0), mm, ll, gm, gL);
    };
    CHECK(testing::factor_gradient_error(eubo, m2, L2) < 1e-6);
  }
  SECTION("0 < lambda < 1 by common random numbers (indicator fixed)") {
    // With the indicator constant on a neighbourhood the Monte Carlo objective is smooth,
    // and its gradient is the paper's.
    const Eigen::MatrixXd eps = rng.normal_matrix(model.dim(), 64);
    // λ with the region's boundary at the median sample: half inside, half outside.
    const Eigen::MatrixXd z =
        q_full.chol().triangularView<Eigen::Lower>().solve(((L2 * eps).colwise() + m2).colwise() - q_full.mean());
    std::vector<double> r2(64);
    for (int s = 0; s < 64; ++s) r2[static_cast<std::size_t>(s)] = z.col(s).squaredNorm();
    std::sort(r2.begin(), r2.end());
    const double lambda = std::exp(-0.25 * (r2[31] + r2[32]));
    const Eigen::VectorXd inside = AdjustedRegion(q_full, lambda).indicator((L2 * eps).colwise() + m2);
    REQUIRE(inside.sum() > 0);
    REQUIRE(inside.sum() < 64);
    FactorObjective eubo = [&](const Eigen::VectorXd& mm, const Eigen::MatrixXd& ll, Eigen::VectorXd* gm,
                               Eigen::MatrixXd* gL) {
      return eubo_objective(model, forgotten, q_full, lambda, eps, mm, ll, gm, gL);
    };
    CHECK(testing::factor_gradient_error(eubo, m2, L2, 1e-7) < 1e-5);
  }
  SECTION("Monte Carlo and quadrature agree at lambda = 0") {
    const Eigen::MatrixXd eps = rng.normal_matrix(model.dim(), 20000);
    const double mc = eubo_objective(model, forgotten, q_full, 0.0, eps, m2, L2, nullptr, nullptr);
    const double quad =
        eubo_objective(model, forgotten, q_full, 0.0, Eigen::MatrixXd(model.dim(), 0), m2, L2, nullptr, nullptr);
    CHECK(mc == Approx(quad).epsilon(0.02));
  }
}

TEST_CASE("reverse-KL objective gradient and its closed-form maximiser", "[variational][objectives]") {
  Rng rng(10);
  const Eigen::MatrixXd thetas = rng.normal_matrix(3, 50) * 2.0;
  Eigen::VectorXd w = rng.normal_vector(50).cwiseAbs();
  w /= w.sum();
  FactorObjective f = [&](const Eigen::VectorXd& m, const Eigen::MatrixXd& L, Eigen::VectorXd* gm,
                          Eigen::MatrixXd* gL) { return weighted_negative_log_density(thetas, w, m, L, gm, gL); };
  const Gaussian start = Gaussian::from_covariance(Eigen::Vector3d(0.1, 0.2, -0.3), 2.0 * Eigen::Matrix3d::Identity());
  CHECK(testing::factor_gradient_error(f, start.mean(), start.chol()) < 1e-7);
  // The weighted mean and covariance zero the gradient.
  const Eigen::VectorXd mean = thetas * w;
  const Eigen::MatrixXd c = thetas.colwise() - mean;
  const Gaussian mm = Gaussian::from_covariance(mean, c * w.asDiagonal() * c.transpose());
  Eigen::VectorXd gm;
  Eigen::MatrixXd gL;
  f(mm.mean(), mm.chol(), &gm, &gL);
  CHECK(gm.cwiseAbs().maxCoeff() < 1e-10);
  CHECK(gL.cwiseAbs().maxCoeff() < 1e-10);
  CHECK(effective_sample_size(normalised_weights(Eigen::VectorXd::Zero(7))) == Approx(7.0));
  CHECK(effective_sample_size(normalised_weights(Eigen::Vector3d(0, -1000, -1000))) == Approx(1.0));
}

TEST_CASE("adjusted-likelihood region is the ellipsoid", "[variational][objectives]") {
  const Gaussian q = Gaussian::from_covariance(Eigen::Vector2d(1, 2), Eigen::Matrix2d{{4, 0}, {0, 1}});
  Eigen::MatrixXd pts(2, 3);
  pts << 1, 3.1, 1, 2, 2, 2.9;                // centre; 1.55 sd along x; 0.9 sd along y
  const AdjustedRegion r(q, std::exp(-0.5));  // radius² = 1
  CHECK(r.indicator(pts) == Eigen::Vector3d(1, 0, 1));
  CHECK(AdjustedRegion(q, 0.0).indicator(pts) == Eigen::Vector3d(1, 1, 1));
  CHECK(AdjustedRegion(q, 1.0).indicator(pts) == Eigen::Vector3d(0, 0, 0));
  REQUIRE_THROWS_WITH(AdjustedRegion(q, 1.5), Contains("'lambda'"));
  REQUIRE_THROWS_WITH(AdjustedRegion(q, -0.1), Contains("[0, 1]"));
}

TEST_CASE("L-BFGS and Adam find known minima", "[variational][optimisers]") {
  // Rosenbrock: minimum 0 at (1, 1).
  Objective rosen = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const double a = 1 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };
  const LbfgsResult r = minimise_lbfgs(rosen, Eigen::Vector2d(-1.2, 1.0));
  CHECK(r.converged);
  CHECK((r.x - Eigen::Vector2d(1, 1)).norm() < 1e-6);
  // Adam on a quadratic with noise-free gradients.
  Eigen::VectorXd x = Eigen::Vector2d(3, -2);
  Adam adam(2, {0.05});
  for (int t = 0; t < 3000; ++t) adam.step(x, 2 * (x - Eigen::Vector2d(0.5, 0.25)));
  CHECK((x - Eigen::Vector2d(0.5, 0.25)).norm() < 1e-3);
  REQUIRE_THROWS_WITH(Adam(2, {-1.0}), Contains("learning_rate"));
  Objective nan = [](const Eigen::VectorXd&, Eigen::VectorXd& g) {
    g.setZero();
    return std::nan("");
  };
  REQUIRE_THROWS_AS(minimise_lbfgs(nan, Eigen::Vector2d(0, 0)), NumericalError);
}
