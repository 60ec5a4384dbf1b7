// L-BFGS: the known minimisers of a quadratic (A⁻¹b), Rosenbrock's valley (1, 1) and
// a function that is +∞ on half the line; the stopping reasons; bad options and a
// non-finite start rejected with typed errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/base/lbfgs.hpp>
#include <lethe/base/rng.hpp>

namespace lbfgs_test {
// f(x) = ½ xᵀAx − bᵀx with A = BBᵀ + I symmetric positive definite.
struct Quadratic {
  Eigen::MatrixXd a;
  Eigen::VectorXd b;
  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad = a * x - b;
    return 0.5 * x.dot(a * x) - b.dot(x);
  }
};

double rosenbrock(const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
  const double u = 1.0 - x[0], w = x[1] - x[0] * x[0];
  grad[0] = -2.0 * u - 400.0 * x[0] * w;
  grad[1] = 200.0 * w;
  return u * u + 100.0 * w * w;
}
}  // namespace lbfgs_test

TEST_CASE("lbfgs: minimises a random positive-definite quadratic to A⁻¹b", "[base][lbfgs]") {
  lethe::Rng rng(17);
  const Eigen::MatrixXd b = rng.normal_matrix(8, 8);
  const lbfgs_test::Quadratic q{b * b.transpose() + Eigen::MatrixXd::Identity(8, 8), rng.normal_vector(8)};
  const lethe::LbfgsResult r = lethe::minimise_lbfgs(q, Eigen::VectorXd::Zero(8));
  const Eigen::VectorXd exact = q.a.ldlt().solve(q.b);
  CHECK(r.converged);
  CHECK((r.x - exact).cwiseAbs().maxCoeff() < 1e-7);
  CHECK(r.value == Approx(-0.5 * q.b.dot(exact)).epsilon(1e-12));
  CHECK(r.gradient_norm <= 1e-6);
  Eigen::VectorXd g(8);
  CHECK(q(r.x, g) == Approx(r.value).epsilon(1e-14));
  CHECK(g.cwiseAbs().maxCoeff() == Approx(r.gradient_norm).margin(1e-12));
  CHECK(r.evaluations >= r.iterations);
  CHECK(r.iterations < 200);
}

TEST_CASE("lbfgs: finds Rosenbrock's minimum (1, 1) from (−1.2, 1)", "[base][lbfgs]") {
  Eigen::VectorXd x0(2);
  x0 << -1.2, 1.0;
  const lethe::LbfgsResult r = lethe::minimise_lbfgs(lbfgs_test::rosenbrock, x0);
  INFO(r.status);
  CHECK(r.converged);
  CHECK(r.x[0] == Approx(1.0).margin(1e-6));
  CHECK(r.x[1] == Approx(1.0).margin(1e-6));
  CHECK(r.value < 1e-12);
}

TEST_CASE("lbfgs: a non-finite value is 'too far' for the line search", "[base][lbfgs]") {
  // f(x) = x − log x, +∞ (NaN) for x ≤ 0; minimum at x = 1. The first step from 5 is
  // scaled to length 1, later steps may overshoot into x ≤ 0 and must be cut back.
  const lethe::Objective f = [](const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
    grad[0] = 1.0 - 1.0 / x[0];
    return x[0] > 0 ? x[0] - std::log(x[0]) : std::numeric_limits<double>::quiet_NaN();
  };
  const lethe::LbfgsResult r = lethe::minimise_lbfgs(f, Eigen::VectorXd::Constant(1, 20.0));
  CHECK(r.converged);
  CHECK(r.x[0] == Approx(1.0).margin(1e-6));
  CHECK(r.value == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("lbfgs: stopping reasons are reported, not thrown", "[base][lbfgs]") {
  Eigen::VectorXd x0(2);
  x0 << -1.2, 1.0;
  lethe::LbfgsOptions few;
  few.max_iterations = 3;
  const lethe::LbfgsResult limited = lethe::minimise_lbfgs(lbfgs_test::rosenbrock, x0, few);
  CHECK_FALSE(limited.converged);
  CHECK(limited.status == "iteration limit reached");
  CHECK(limited.iterations == 3);
  Eigen::VectorXd g(2);
  CHECK(limited.value < lbfgs_test::rosenbrock(x0, g));  // it still went downhill
  few.max_iterations = 0;
  const lethe::LbfgsResult none = lethe::minimise_lbfgs(lbfgs_test::rosenbrock, x0, few);
  CHECK(none.x == x0);
  CHECK(none.evaluations == 1);
  CHECK_FALSE(none.converged);
  // Starting at the minimiser: converged at once on the gradient.
  const lethe::LbfgsResult at_min = lethe::minimise_lbfgs(lbfgs_test::rosenbrock, Eigen::VectorXd::Ones(2));
  CHECK(at_min.converged);
  CHECK(at_min.iterations == 0);
  CHECK(at_min.status == "gradient tolerance reached");
}

TEST_CASE("lbfgs: bad options and a non-finite start throw typed errors", "[base][lbfgs][errors]") {
  lethe::LbfgsOptions bad;
  bad.history = 0;
  REQUIRE_THROWS_AS(lethe::minimise_lbfgs(lbfgs_test::rosenbrock, Eigen::VectorXd::Zero(2), bad),
                    lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::minimise_lbfgs(lbfgs_test::rosenbrock, Eigen::VectorXd::Zero(2), bad),
                      Catch::Contains("minimise_lbfgs: parameter 'options.history'"));
  bad = {};
  bad.max_iterations = -1;
  REQUIRE_THROWS_WITH(lethe::minimise_lbfgs(lbfgs_test::rosenbrock, Eigen::VectorXd::Zero(2), bad),
                      Catch::Contains("parameter 'options.max_iterations'"));
  const lethe::Objective nan_start = [](const Eigen::VectorXd&, Eigen::VectorXd& grad) {
    grad.setZero();
    return std::numeric_limits<double>::infinity();
  };
  REQUIRE_THROWS_AS(lethe::minimise_lbfgs(nan_start, Eigen::VectorXd::Zero(1)), lethe::NumericalError);
}
