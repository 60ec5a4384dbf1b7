// The shared variational options (variational/options.hpp): the protocol and
// estimator name tables, the defaults' validity, and every option the learning
// routine validates rejected under its protocol, by name.
#include <catch2/catch.hpp>

#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/names.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/gaussian_linear_likelihood.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/options.hpp>

namespace options_test {
struct Problem {
  lethe::GaussianLinearLikelihood model;
  lethe::Gaussian prior;
};
Problem make_problem() {
  lethe::Rng rng(2);
  const Eigen::MatrixXd design = rng.normal_matrix(12, 2);
  const Eigen::VectorXd y = design * Eigen::Vector2d(1.0, -0.5) + 0.3 * rng.normal_vector(12);
  return {lethe::GaussianLinearLikelihood(design, y, 0.09),
          lethe::Gaussian(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2))};
}
}  // namespace options_test

TEST_CASE("options: the protocol and estimator names", "[variational][options]") {
  CHECK(lethe::parse_name<lethe::Protocol>("fast", "f", "protocol") == lethe::Protocol::fast);
  CHECK(lethe::parse_name<lethe::Protocol>("paper", "f", "protocol") == lethe::Protocol::paper);
  CHECK(std::string(lethe::name_of(lethe::ReverseKlEstimator::adaptive)) == "adaptive");
  CHECK(lethe::names_of<lethe::ReverseKlEstimator>() == std::vector<std::string>{"published", "adaptive"});
  REQUIRE_THROWS_WITH(lethe::parse_name<lethe::Protocol>("slow", "moonsProblem", "protocol"),
                      "moonsProblem: parameter 'protocol' must be 'fast' or 'paper' (got 'slow')");
}

TEST_CASE("options: the defaults are the fast protocol and learn the exact posterior", "[variational][options]") {
  const lethe::VariationalOptions defaults;
  CHECK(defaults.protocol == lethe::Protocol::fast);
  CHECK(defaults.rkl_estimator == lethe::ReverseKlEstimator::published);
  const options_test::Problem p = options_test::make_problem();
  const std::vector<int> all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const lethe::VariationalFit fit = lethe::fit_elbo(p.model, all, p.prior, p.prior, defaults);
  CHECK(fit.converged);
  // Conjugate: the posterior is N(Λ⁻¹ Φᵀy/σ², Λ⁻¹), Λ = I + ΦᵀΦ/σ². Rebuild Φ, y from the seed.
  lethe::Rng rng(2);
  const Eigen::MatrixXd design = rng.normal_matrix(12, 2);
  const Eigen::VectorXd y = design * Eigen::Vector2d(1.0, -0.5) + 0.3 * rng.normal_vector(12);
  const Eigen::MatrixXd precision = Eigen::MatrixXd::Identity(2, 2) + design.transpose() * design / 0.09;
  const Eigen::VectorXd mean = precision.ldlt().solve(design.transpose() * y / 0.09);
  CHECK((fit.q.mean() - mean).cwiseAbs().maxCoeff() < 1e-6);
  CHECK((fit.q.covariance() - precision.inverse()).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("options: each protocol's options are validated by name", "[variational][options][errors]") {
  using Catch::Contains;
  const options_test::Problem p = options_test::make_problem();
  const std::vector<int> rows = {0, 1, 2};
  const auto fails_on = [&](const lethe::VariationalOptions& o, const char* parameter) {
    INFO("parameter " << parameter);
    REQUIRE_THROWS_AS(lethe::fit_elbo(p.model, rows, p.prior, p.prior, o), lethe::InvalidArgument);
    REQUIRE_THROWS_WITH(lethe::fit_elbo(p.model, rows, p.prior, p.prior, o),
                        Contains(std::string("parameter '") + parameter + "'"));
  };
  lethe::VariationalOptions o;
  o.max_iterations = 0;
  fails_on(o, "options.max_iterations");
  o = {};
  o.gradient_tolerance = 0.0;
  fails_on(o, "options.gradient_tolerance");
  o = {};
  o.mc_samples = 0;
  fails_on(o, "options.mc_samples");
  o = {};
  o.mc_steps = 0;
  fails_on(o, "options.mc_steps");
  o = {};
  o.mc_step_size = -0.5;
  fails_on(o, "options.mc_step_size");
  // The paper protocol checks its own options, and not the fast ones.
  o = {};
  o.protocol = lethe::Protocol::paper;
  o.steps = -1;
  fails_on(o, "options.steps");
  o.steps = 10;
  o.samples = 0;
  fails_on(o, "options.samples");
  o.samples = 5;
  o.learning_rate = 0.0;
  fails_on(o, "options.learning_rate");
  o.learning_rate = 1e-3;
  o.max_iterations = 0;  // ignored under paper
  REQUIRE_NOTHROW(lethe::fit_elbo(p.model, rows, p.prior, p.prior, o));
  // The function is named in the message.
  o = {};
  o.max_iterations = 0;
  REQUIRE_THROWS_WITH(lethe::fit_elbo(p.model, rows, p.prior, p.prior, o), Contains("fit_elbo"));
}
