// Derivatives of the BIF energies against central finite differences: h and f
// gradients from values, Hessians from the analytic gradients, and the
// Hessian-vector products against the Hessians.
#include <catch2/catch.hpp>

#include <functional>

#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mean_field_vi.hpp>

using namespace lethe;

namespace {

using Scalar = std::function<double(const Eigen::VectorXd&)>;
using Vector = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

// Central differences: ∂φ/∂γ_j ≈ (φ(γ + εe_j) − φ(γ − εe_j)) / 2ε.
Eigen::VectorXd fd_gradient(const Scalar& phi, const Eigen::VectorXd& x, double eps = 1e-5) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    Eigen::VectorXd a = x, b = x;
    a[j] += eps;
    b[j] -= eps;
    g[j] = (phi(a) - phi(b)) / (2 * eps);
  }
  return g;
}

Eigen::MatrixXd fd_jacobian(const Vector& grad, const Eigen::VectorXd& x, double eps = 1e-5) {
  Eigen::MatrixXd j(x.size(), x.size());
  for (Eigen::Index c = 0; c < x.size(); ++c) {
    Eigen::VectorXd a = x, b = x;
    a[c] += eps;
    b[c] -= eps;
    j.col(c) = (grad(a) - grad(b)) / (2 * eps);
  }
  return j;
}

double relative(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).norm() / std::max(1.0, b.norm()); }

// Checks every derivative of h (rows `rows`) and f of `energy` at γ.
void check_energy_derivatives(const Energy& energy, const Eigen::VectorXd& gamma, const std::vector<int>& rows,
                              double tolerance) {
  const Eigen::Index d = energy.dim();
  Rng rng(99);
  const Eigen::VectorXd v = rng.normal_vector(d);
  for (int i : rows) {
    auto grad_h = [&](const Eigen::VectorXd& g) {
      Eigen::VectorXd out = Eigen::VectorXd::Zero(d);
      energy.add_grad_h(g, i, 1.0, out);
      return out;
    };
    Eigen::MatrixXd hess = Eigen::MatrixXd::Zero(d, d);
    energy.add_hess_h(gamma, i, 1.0, hess);
    Eigen::VectorXd hv = Eigen::VectorXd::Zero(d);
    energy.add_hvp_h(gamma, i, v, 1.0, hv);
    INFO("row " << i);
    CHECK(relative(grad_h(gamma), fd_gradient([&](const Eigen::VectorXd& g) { return energy.h(g, i); }, gamma)) <
          tolerance);
    CHECK(relative(hess, fd_jacobian(grad_h, gamma)) < tolerance);
    CHECK(relative(hess, hess.transpose()) < 1e-12);
    CHECK(relative(hv, hess * v) < 1e-12);
    // Accumulation honours the scale.
    Eigen::VectorXd twice = Eigen::VectorXd::Zero(d);
    energy.add_grad_h(gamma, i, 2.0, twice);
    CHECK(relative(twice, 2.0 * grad_h(gamma)) < 1e-14);
  }
  CHECK(relative(energy.grad_f(gamma), fd_gradient([&](const Eigen::VectorXd& g) { return energy.f(g); }, gamma)) <
        tolerance);
  CHECK(relative(energy.hess_f(gamma), fd_jacobian([&](const Eigen::VectorXd& g) { return energy.grad_f(g); }, gamma)) <
        tolerance);
  // The sums over rows agree with the per-row pieces.
  Eigen::MatrixXd hess = energy.hess_f(gamma);
  for (int i : rows) energy.add_hess_h(gamma, i, 1.0, hess);
  CHECK(relative(energy.hessian(gamma, rows), hess) < 1e-14);
  CHECK(relative(energy.hvp(gamma, rows, v), hess * v) < 1e-12);
  CHECK(relative(energy.gradient(gamma, rows),
                 fd_gradient([&](const Eigen::VectorXd& g) { return energy.value(g, rows); }, gamma)) < tolerance);
}

}  // namespace

TEST_CASE("GMM energy: h is the mixture's negative log density", "[bif][energy]") {
  Eigen::MatrixXd x(1, 2);
  x << 0.3, -0.4;
  GaussianMixtureEnergy e(x, 2);
  Eigen::VectorXd theta(4);
  theta << 0.0, 0.0, 1.0, 1.0;
  // p(x) = ½ N(x; μ0, I) + ½ N(x; μ1, I), computed directly.
  const double pi = 3.14159265358979323846;
  const double p = 0.5 * std::exp(-0.5 * (0.09 + 0.16)) / (2 * pi) + 0.5 * std::exp(-0.5 * (0.49 + 1.96)) / (2 * pi);
  CHECK(e.h(theta, 0) == Approx(-std::log(p)).epsilon(1e-13));
  // f = −log Π_k N(μ_k; 0, I)
  CHECK(e.f(theta) == Approx(0.5 * 2.0 + 2.0 * std::log(2 * pi)).epsilon(1e-13));
}

TEST_CASE("GMM energy: gradients and Hessians match finite differences", "[bif][energy]") {
  const LabelledPoints d = make_mixture(bif_mixture_preset(), 4);
  GaussianMixtureEnergy e(d.x.topRows(30), 4);
  Rng rng(5);
  // A point where several responsibilities are far from 0 and 1 (means close
  // together), and one near a fitted state.
  Eigen::VectorXd mixed = 0.5 * rng.normal_vector(8);
  check_energy_derivatives(e, mixed, {0, 1, 7, 29}, 1e-6);
  Eigen::VectorXd fitted(8);
  fitted << -2.0, -2.2, -1.5, 2.0, 2.1, 3.0, 1.2, -1.0;
  check_energy_derivatives(e, fitted, {2, 3, 11}, 1e-6);
}

TEST_CASE("Logistic regression energy: derivatives match finite differences", "[bif][energy]") {
  const LabelledPoints d = make_logistic_data(20, 3);
  LogisticRegressionEnergy e(d.x, d.labels, 2.0);
  Eigen::VectorXd w(3);
  w << 0.3, -1.2, 0.8;
  check_energy_derivatives(e, w, {0, 5, 19}, 1e-6);
  // Far in the tails softplus must not overflow.
  Eigen::VectorXd big = 400.0 * w;
  CHECK(std::isfinite(e.h(big, 0)));
  Eigen::VectorXd g = Eigen::VectorXd::Zero(3);
  e.add_grad_h(big, 0, 1.0, g);
  CHECK(g.allFinite());
}

TEST_CASE("Mean-field VI energy: derivatives match finite differences", "[bif][energy]") {
  const LabelledPoints lr = make_logistic_data(15, 8);
  LogisticRegressionEnergy base(lr.x, lr.labels, 1.5);
  MeanFieldVI vi(base, 1.5, 6, 2);
  Eigen::VectorXd mean(3), sd(3);
  mean << 0.2, 0.9, -0.4;
  sd << 0.3, 0.5, 0.2;
  check_energy_derivatives(vi, MeanFieldVI::pack(mean, sd), {0, 4, 14}, 1e-6);

  const LabelledPoints mix = make_mixture(bif_mixture_preset(), 2);
  GaussianMixtureEnergy gmm(mix.x.topRows(10), 3);
  MeanFieldVI vi_gmm(gmm, 1.0, 4, 9);
  Rng rng(1);
  check_energy_derivatives(vi_gmm, MeanFieldVI::pack(rng.normal_vector(6), Eigen::VectorXd::Constant(6, 0.3)), {0, 9},
                           1e-6);
}

TEST_CASE("Mean-field VI: the fixed draws make the ELBO exact for a quadratic likelihood", "[bif][energy]") {
  // Base: h(θ, x) = ½ (θ − x)² per coordinate, via a one-component mixture
  // (−log N(x; μ, I) = ½‖x − μ‖² + log 2π). E_q[h] = ½‖x − m‖² + ½‖s‖² + log 2π.
  Eigen::MatrixXd x(2, 2);
  x << 0.5, -1.0, 2.0, 0.25;
  GaussianMixtureEnergy base(x, 1);
  MeanFieldVI vi(base, 1.0, 4, 11);
  Eigen::Vector2d m(0.1, 0.2), s(0.3, 0.7);
  const Eigen::VectorXd gamma = MeanFieldVI::pack(m, s);
  const double log2pi = std::log(2 * 3.14159265358979323846);
  for (int i = 0; i < 2; ++i)
    CHECK(vi.h(gamma, i) ==
          Approx(0.5 * (x.row(i).transpose() - m).squaredNorm() + 0.5 * s.squaredNorm() + log2pi).epsilon(1e-13));
  // KL(N(m, diag s²) ‖ N(0, I)) in closed form, via the Gaussian class.
  const Gaussian q = vi.posterior(gamma);
  const Gaussian prior(Eigen::Vector2d::Zero(), Eigen::Matrix2d::Identity());
  CHECK(vi.f(gamma) == Approx(kl_divergence(q, prior)).epsilon(1e-12));
}

TEST_CASE("BIF energies reject bad arguments by name", "[bif][energy][errors]") {
  Eigen::MatrixXd x(3, 2);
  x << 0, 0, 1, 1, 2, 2;
  REQUIRE_THROWS_WITH(GaussianMixtureEnergy(x, 0),
                      Catch::Contains("GaussianMixtureEnergy: parameter 'components' must be at least 1"));
  Eigen::MatrixXd bad = x;
  bad(1, 1) = std::nan("");
  REQUIRE_THROWS_WITH(GaussianMixtureEnergy(bad, 2), Catch::Contains("parameter 'x' must be finite"));
  Eigen::VectorXi labels(3);
  labels << 0, 1, 2;
  REQUIRE_THROWS_WITH(LogisticRegressionEnergy(x, labels, 1.0),
                      Catch::Contains("parameter 'labels' must hold 0 or 1 (got 2 at row 2)"));
  labels << 0, 1, 1;
  REQUIRE_THROWS_WITH(LogisticRegressionEnergy(x, labels, 0.0),
                      Catch::Contains("parameter 'prior_variance' must be positive"));
  LogisticRegressionEnergy lr(x, labels, 1.0);
  REQUIRE_THROWS_WITH(MeanFieldVI(lr, 1.0, 3, 0), Catch::Contains("parameter 'draws' must be even"));
  REQUIRE_THROWS_WITH(lr.check_state(Eigen::VectorXd::Zero(2), "fn", "gamma"),
                      Catch::Contains("fn: parameter 'gamma' has size 2, expected 3"));
}
