// SGLD and SGHMC against a posterior known in closed form, and their checks.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/sg_mcmc.hpp>

using namespace lethe;

namespace {

// One-component "mixture" with identity covariance and prior N(0, I): the
// posterior of μ given n points is N(Σx / (n + 1), I / (n + 1)).
struct GaussianTarget {
  Eigen::MatrixXd x;
  GaussianTarget() {
    Rng rng(21);
    x = rng.normal_matrix(50, 2);
    x.col(0).array() += 1.5;
    x.col(1).array() -= 0.5;
  }
  Eigen::Vector2d mean() const { return x.colwise().sum().transpose() / (static_cast<double>(x.rows()) + 1.0); }
  double variance() const { return 1.0 / (static_cast<double>(x.rows()) + 1.0); }
};

// Runs the chain and returns the sample mean and per-coordinate variance of the
// states after a burn-in.
std::pair<Eigen::Vector2d, Eigen::Vector2d> run(SamplerKind kind, double friction) {
  GaussianTarget t;
  GaussianMixtureEnergy e(t.x, 1);
  SamplerOptions o;
  o.kind = kind;
  o.batch = 50;
  o.step_scale = 0.05;
  o.step_exponent = 0.0;  // constant step: the stationary law is the target
  o.friction = friction;
  SgMcmc chain(o, Eigen::Vector2d(5.0, 5.0), 8);
  const std::vector<int> rows = all_rows(50);
  for (int i = 0; i < 500; ++i) chain.step(e, rows);
  Eigen::Vector2d sum = Eigen::Vector2d::Zero(), sq = sum;
  const int samples = 20000;
  for (int i = 0; i < samples; ++i) {
    chain.step(e, rows);
    sum += chain.state();
    sq += chain.state().cwiseAbs2();
  }
  const Eigen::Vector2d mean = sum / samples;
  return {mean, sq / samples - mean.cwiseAbs2()};
}

}  // namespace

TEST_CASE("SGLD samples the Gaussian posterior", "[bif][sampler]") {
  GaussianTarget t;
  const auto [mean, var] = run(SamplerKind::sgld, 0.4);
  const double sd = std::sqrt(t.variance());
  CHECK((mean - t.mean()).norm() < 0.2 * sd);
  for (int c = 0; c < 2; ++c) CHECK(var[c] == Approx(t.variance()).epsilon(0.25));
}

TEST_CASE("SGHMC samples the Gaussian posterior", "[bif][sampler]") {
  GaussianTarget t;
  const auto [mean, var] = run(SamplerKind::sghmc, 0.2);
  const double sd = std::sqrt(t.variance());
  CHECK((mean - t.mean()).norm() < 0.2 * sd);
  for (int c = 0; c < 2; ++c) CHECK(var[c] == Approx(t.variance()).epsilon(0.25));
}

TEST_CASE("SG-MCMC: step schedule, determinism, fork and checks", "[bif][sampler]") {
  GaussianTarget t;
  GaussianMixtureEnergy e(t.x, 1);
  SamplerOptions o;  // SGHMC, a = 2, b = −0.15
  SgMcmc a(o, Eigen::Vector2d::Zero(), 3), b(o, Eigen::Vector2d::Zero(), 3);
  CHECK(a.next_step_size(50) == Approx(2.0 / 50).epsilon(1e-15));  // t = 1
  const std::vector<int> rows = all_rows(50);
  for (int i = 0; i < 9; ++i) {
    a.step(e, rows);
    b.step(e, rows);
  }
  CHECK(a.iteration() == 9);
  CHECK(a.next_step_size(40) == Approx(2.0 * std::pow(10.0, -0.15) / 40).epsilon(1e-14));
  CHECK(a.state() == b.state());
  // A fork continues from the same state but with its own random stream.
  SgMcmc f = a.fork();
  CHECK(f.state() == a.state());
  CHECK(f.iteration() == a.iteration());
  f.step(e, rows);
  a.step(e, rows);
  CHECK(f.state() != a.state());

  REQUIRE_THROWS_WITH(SgMcmc(
                          [] {
                            SamplerOptions s;
                            s.friction = 1.5;
                            return s;
                          }(),
                          Eigen::Vector2d::Zero(), 0),
                      Catch::Contains("SgMcmc: parameter 'friction' must lie in (0, 1]"));
  REQUIRE_THROWS_WITH(SgMcmc(
                          [] {
                            SamplerOptions s;
                            s.batch = 0;
                            return s;
                          }(),
                          Eigen::Vector2d::Zero(), 0),
                      Catch::Contains("SgMcmc: parameter 'batch' must be at least 1"));
  REQUIRE_THROWS_WITH(a.step(e, {}), Catch::Contains("SgMcmc::step: parameter 'rows' is empty"));
  REQUIRE_THROWS_WITH(parse_sampler_kind("hmc", "fn", "sampler"),
                      Catch::Contains("fn: parameter 'sampler' must be 'sgld' or 'sghmc' (got 'hmc')"));
}
