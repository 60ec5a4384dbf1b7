// Adam: the first step is α·sign(g) (both bias corrections), the update matches a
// direct transcription of Kingma & Ba's algorithm, the two corrections agree to
// rounding, a quadratic is minimised to its known minimiser; bad options and sizes
// are rejected by name.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace adam_test {
// f(x) = ½ Σ_i a_i (x_i − c_i)², ∇f = a ∘ (x − c).
Eigen::VectorXd quadratic_gradient(const Eigen::VectorXd& x, const Eigen::VectorXd& a, const Eigen::VectorXd& c) {
  return a.cwiseProduct(x - c);
}
}  // namespace adam_test

TEST_CASE("adam: the first step moves every coordinate by the learning rate against the gradient's sign",
          "[base][adam]") {
  for (const lethe::AdamBiasCorrection correction :
       {lethe::AdamBiasCorrection::running_product, lethe::AdamBiasCorrection::power_quotient}) {
    lethe::AdamOptions options;
    options.learning_rate = 0.1;
    options.epsilon = 1e-12;
    options.bias_correction = correction;
    lethe::Adam adam(3, options);
    Eigen::VectorXd x(3);
    x << 1.0, -2.0, 0.5;
    const Eigen::Vector3d start = x;
    Eigen::VectorXd g(3);
    g << 3.0, -1e-3, 250.0;
    adam.step(x, g);
    CHECK(adam.steps() == 1);
    CHECK(x[0] == Approx(start[0] - 0.1).epsilon(1e-10));
    CHECK(x[1] == Approx(start[1] + 0.1).epsilon(1e-8));
    CHECK(x[2] == Approx(start[2] - 0.1).epsilon(1e-10));
  }
}

TEST_CASE("adam: steps match a direct transcription of the algorithm, and the two corrections agree", "[base][adam]") {
  lethe::Rng rng(3);
  lethe::AdamOptions options;
  options.learning_rate = 0.01;
  options.beta1 = 0.8;
  options.beta2 = 0.99;
  options.epsilon = 1e-6;
  lethe::Adam running(4, options);
  options.bias_correction = lethe::AdamBiasCorrection::power_quotient;
  lethe::Adam power(4, options);
  Eigen::VectorXd x_run = rng.normal_vector(4), x_pow = x_run, x_ref = x_run;
  Eigen::VectorXd m = Eigen::VectorXd::Zero(4), v = Eigen::VectorXd::Zero(4);
  for (int t = 1; t <= 50; ++t) {
    const Eigen::VectorXd g = rng.normal_vector(4);
    running.step(x_run, g);
    power.step(x_pow, g);
    m = 0.8 * m + 0.2 * g;
    v = 0.99 * v + 0.01 * g.cwiseAbs2();
    for (Eigen::Index i = 0; i < 4; ++i) {
      const double m_hat = m[i] / (1.0 - std::pow(0.8, t)), v_hat = v[i] / (1.0 - std::pow(0.99, t));
      x_ref[i] -= 0.01 * m_hat / (std::sqrt(v_hat) + 1e-6);
    }
  }
  CHECK(running.steps() == 50);
  CHECK((x_run - x_ref).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((x_pow - x_ref).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("adam: minimises an ill-scaled quadratic to its minimiser", "[base][adam]") {
  Eigen::VectorXd a(3), c(3);
  a << 1.0, 100.0, 0.01;
  c << 2.0, -1.0, 0.5;
  lethe::AdamOptions options;
  options.learning_rate = 0.05;
  lethe::Adam adam(3, options);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  for (int t = 0; t < 4000; ++t) adam.step(x, adam_test::quadratic_gradient(x, a, c));
  // Adam's steps are scale-free: the flat coordinate (a = 0.01) converges as fast as the steep one.
  CHECK((x - c).cwiseAbs().maxCoeff() < 1e-3);
  CHECK(adam_test::quadratic_gradient(x, a, c).norm() < 1e-3);
}

TEST_CASE("adam: bad options and sizes throw InvalidArgument naming the parameter", "[base][adam][errors]") {
  using Catch::Contains;
  lethe::AdamOptions bad;
  bad.learning_rate = 0.0;
  REQUIRE_THROWS_AS(lethe::Adam(2, bad), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::Adam(2, bad), Contains("Adam: parameter 'options.learning_rate'"));
  bad = {};
  bad.beta1 = 1.5;
  REQUIRE_THROWS_WITH(lethe::Adam(2, bad), Contains("parameter 'options.beta1'"));
  bad = {};
  bad.beta2 = -0.1;
  REQUIRE_THROWS_WITH(lethe::Adam(2, bad), Contains("parameter 'options.beta2'"));
  bad = {};
  bad.epsilon = std::nan("");
  REQUIRE_THROWS_WITH(lethe::Adam(2, bad), Contains("parameter 'options.epsilon'"));
  lethe::Adam adam(2);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(2), wrong = Eigen::VectorXd::Zero(3);
  REQUIRE_THROWS_AS(adam.step(x, wrong), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(adam.step(x, wrong), Contains("Adam::step: parameter 'grad' has size 3, expected 2"));
  REQUIRE_THROWS_WITH(adam.step(wrong, x), Contains("Adam::step: parameter 'x'"));
  CHECK(adam.steps() == 0);
}
