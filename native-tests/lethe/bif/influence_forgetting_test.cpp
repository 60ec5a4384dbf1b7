// The forgetting step: exact on quadratic energies, O(1/n²) against retraining
// on MAP and VI logistic regression, the two solvers agree, a Hessian that is not
// positive definite is refused, and bad requests change nothing.
#include <catch2/catch.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/influence_forgetting.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mcmc_forgetting.hpp>
#include <lethe/bif/newton_minimiser.hpp>
#include <lethe/bif/sg_mcmc.hpp>
#include <lethe/experiments/forgetting_rate.hpp>

using namespace lethe;

namespace {

// A quadratic energy: h(γ, z_i) = b_iᵀγ + ½ γᵀ A_i γ, f(γ) = ½ γᵀ P γ, with
// A_i = c·a_i a_iᵀ (c = 0 makes every h linear). The minimiser over rows S is
// γ_S = −(P + Σ A_i)⁻¹ Σ b_i.
class QuadraticEnergy : public Energy {
 public:
  QuadraticEnergy(int n, int d, double curvature, std::uint64_t seed) : p_(d, d) {
    Rng rng(seed);
    b_ = rng.normal_matrix(d, n);
    a_ = rng.normal_matrix(d, n);
    const Eigen::MatrixXd m = rng.normal_matrix(d, d);
    p_ = m * m.transpose() + Eigen::MatrixXd::Identity(d, d);
    c_ = curvature;
  }
  Eigen::Index dim() const override { return b_.rows(); }
  int size() const override { return static_cast<int>(b_.cols()); }
  double h(const Eigen::VectorXd& g, int i) const override {
    const double ag = a_.col(i).dot(g);
    return b_.col(i).dot(g) + 0.5 * c_ * ag * ag;
  }
  void add_grad_h(const Eigen::VectorXd& g, int i, double s, Eigen::VectorXd& out) const override {
    out += s * (b_.col(i) + c_ * a_.col(i) * a_.col(i).dot(g));
  }
  void add_hess_h(const Eigen::VectorXd&, int i, double s, Eigen::MatrixXd& out) const override {
    out += s * c_ * a_.col(i) * a_.col(i).transpose();
  }
  double f(const Eigen::VectorXd& g) const override { return 0.5 * g.dot(p_ * g); }
  Eigen::VectorXd grad_f(const Eigen::VectorXd& g) const override { return p_ * g; }
  Eigen::MatrixXd hess_f(const Eigen::VectorXd&) const override { return p_; }

  Eigen::VectorXd minimiser(const std::vector<int>& rows) const {
    Eigen::MatrixXd h = p_;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(dim());
    for (int i : rows) {
      h += c_ * a_.col(i) * a_.col(i).transpose();
      b += b_.col(i);
    }
    return -h.ldlt().solve(b);
  }
  void negate_prior() { p_ = -p_; }

 private:
  Eigen::MatrixXd b_, a_, p_;
  double c_ = 0.0;
};

std::vector<int> without(int n, const std::vector<int>& removed) {
  std::vector<int> rows;
  for (int i = 0; i < n; ++i)
    if (std::find(removed.begin(), removed.end(), i) == removed.end()) rows.push_back(i);
  return rows;
}

}  // namespace

TEST_CASE("Influence step: exact when the energy is quadratic with h linear", "[bif][influence]") {
  // H does not change when points leave, so the Euler step along τ is exact.
  QuadraticEnergy e(40, 5, 0.0, 1);
  const std::vector<int> removed = {3, 17, 22};
  const Eigen::VectorXd fitted = e.minimiser(all_rows(40));
  for (InfluenceSolver solver : {InfluenceSolver::direct, InfluenceSolver::conjugate_gradient}) {
    InfluenceOptions o;
    o.solver = solver;
    const Eigen::VectorXd forgotten = fitted + influence_shift(e, fitted, all_rows(40), removed, o);
    CHECK((forgotten - e.minimiser(without(40, removed))).norm() < 1e-12);
  }
}

TEST_CASE("Influence step: the Newton variant is exact on any quadratic energy", "[bif][influence]") {
  QuadraticEnergy e(30, 4, 1.0, 2);
  const Eigen::VectorXd fitted = e.minimiser(all_rows(30));
  InfluenceOptions paper, newton;
  newton.hessian_without_batch = true;
  InfluenceForgetter a(e, fitted, newton);
  a.forget({0, 1, 2, 3});
  a.forget({10});
  CHECK((a.state() - e.minimiser(without(30, {0, 1, 2, 3, 10}))).norm() < 1e-12);
  // With H over S (the paper's step) the step is H_S⁻¹ Σ∇h exactly — and, the
  // energy's curvature changing with the data, not exact: the difference is the
  // second-order term.
  const Eigen::VectorXd step = influence_shift(e, fitted, all_rows(30), {0, 1}, paper);
  const Eigen::VectorXd expected = e.hessian(fitted, all_rows(30)).llt().solve(e.data_gradient(fitted, {0, 1}));
  CHECK((step - expected).norm() < 1e-12 * expected.norm());
  const double error = (fitted + step - e.minimiser(without(30, {0, 1}))).norm();
  CHECK(error > 1e-8);
  CHECK(error < 0.2 * step.norm());
}

TEST_CASE("Influence step: direct and conjugate-gradient solvers agree", "[bif][influence]") {
  const LabelledPoints d = make_logistic_data(200, 4);
  LogisticRegressionEnergy e(d.x, d.labels, 1.0);
  const Eigen::VectorXd w = minimise_newton(e, Eigen::VectorXd::Zero(3), all_rows(200)).gamma;
  InfluenceOptions cg;
  cg.solver = InfluenceSolver::conjugate_gradient;
  const Eigen::VectorXd a = influence_shift(e, w, all_rows(200), {5, 6, 7});
  const Eigen::VectorXd b = influence_shift(e, w, all_rows(200), {5, 6, 7}, cg);
  CHECK((a - b).norm() < 1e-10 * a.norm());
}

TEST_CASE("Influence step: O(1/n²) against retraining for MAP and VI logistic regression", "[bif][influence][rate]") {
  RateOptions o;
  o.removals = 3;
  const RateResult r = measure_forgetting_rate({100, 200, 400, 800, 1600}, o);
  INFO("MAP slope " << r.map_slope << ", VI slope " << r.vi_slope);
  CHECK(r.map_slope <= -1.7);
  CHECK(r.vi_slope <= -1.7);
  // The removal itself moves the state O(1/n): the step is not trivially small.
  std::vector<double> ns, shifts;
  for (const auto& p : r.points) {
    ns.push_back(p.n);
    shifts.push_back(p.map_shift);
    CHECK(p.map_error < 0.2 * p.map_shift);
    CHECK(p.vi_error < 0.2 * p.vi_shift);
  }
  CHECK(loglog_slope(ns, shifts) == Approx(-1.0).margin(0.25));
}

TEST_CASE("Influence step: a Hessian that is not positive definite is refused", "[bif][influence][errors]") {
  QuadraticEnergy e(10, 3, 0.0, 3);
  e.negate_prior();  // H = −P: negative definite
  const Eigen::VectorXd gamma = Eigen::VectorXd::Zero(3);
  REQUIRE_THROWS_AS(influence_shift(e, gamma, all_rows(10), {1}), NumericalError);
  REQUIRE_THROWS_WITH(influence_shift(e, gamma, all_rows(10), {1}),
                      Catch::Contains("influence_shift: the Hessian of the energy is not positive definite"));
  InfluenceOptions cg;
  cg.solver = InfluenceSolver::conjugate_gradient;
  REQUIRE_THROWS_WITH(influence_shift(e, gamma, all_rows(10), {1}, cg), Catch::Contains("not positive definite (pᵀHp"));
  // The forgetter changes nothing when the step is refused.
  InfluenceForgetter f(e, gamma);
  REQUIRE_THROWS_AS(f.forget({2}), NumericalError);
  CHECK(f.rows().remaining() == 10);
  CHECK(f.state() == gamma);
}

TEST_CASE("Influence forgetter: batches in sequence, bad requests rejected by name", "[bif][influence][errors]") {
  QuadraticEnergy e(12, 2, 0.0, 4);
  InfluenceForgetter f(e, e.minimiser(all_rows(12)));
  f.forget_in_batches({0, 1, 2, 3, 4}, 2);
  CHECK(f.rows().remaining() == 7);
  CHECK((f.state() - e.minimiser(without(12, {0, 1, 2, 3, 4}))).norm() < 1e-12);
  const Eigen::VectorXd before = f.state();
  REQUIRE_THROWS_WITH(f.forget({}), Catch::Contains("InfluenceForgetter::forget: parameter 'batch' is empty"));
  REQUIRE_THROWS_WITH(f.forget({12}), Catch::Contains("holds row id 12, outside [0, 12)"));
  REQUIRE_THROWS_WITH(f.forget({6, 6}), Catch::Contains("holds row id 6 twice"));
  REQUIRE_THROWS_WITH(f.forget({3}), Catch::Contains("holds row id 3, which is already forgotten"));
  REQUIRE_THROWS_WITH(f.forget({5, 6, 7, 8, 9, 10, 11}), Catch::Contains("would forget every remaining row"));
  REQUIRE_THROWS_WITH(f.forget_in_batches({5, 40}, 1),
                      Catch::Contains("forget_in_batches: parameter 'ids' holds row id 40"));
  REQUIRE_THROWS_WITH(f.forget_in_batches({5}, 0), Catch::Contains("parameter 'batch_size' must be at least 1"));
  CHECK(f.state() == before);
  CHECK(f.rows().remaining() == 7);
}

TEST_CASE("Conjugate gradients: reports a budget that is too small", "[bif][influence][errors]") {
  Eigen::MatrixXd h(3, 3);
  h << 4, 1, 0, 1, 3, 1, 0, 1, 2;
  auto product = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return h * v; };
  const Eigen::Vector3d b(1, 2, 3);
  CHECK((conjugate_gradient(product, b, 10, 1e-13, "t") - h.llt().solve(b)).norm() < 1e-12);
  REQUIRE_THROWS_WITH(conjugate_gradient(product, b, 1, 1e-13, "t"),
                      Catch::Contains("t: conjugate gradients did not reach"));
}

TEST_CASE("Newton minimiser: converges to the logistic MAP", "[bif][influence]") {
  const LabelledPoints d = make_logistic_data(300, 6);
  LogisticRegressionEnergy e(d.x, d.labels, 1.0);
  const NewtonResult r = minimise_newton(e, Eigen::VectorXd::Zero(3), all_rows(300));
  CHECK(r.converged);
  CHECK(e.gradient(r.gamma, all_rows(300)).norm() < 1e-9);
  // The classes sit at ±(1, 0.5): the weights point that way.
  CHECK(r.gamma[1] > 0.5);
  CHECK(r.gamma[2] > 0.2);
}

TEST_CASE("Certificate: zero after an exact step on a quadratic energy, the step's error otherwise",
          "[bif][influence][certificate]") {
  QuadraticEnergy e(30, 4, 1.0, 2);
  const Eigen::VectorXd fitted = e.minimiser(all_rows(30));
  InfluenceOptions newton;
  newton.hessian_without_batch = true;
  InfluenceForgetter exact(e, fitted, newton);
  exact.forget({0, 1, 2, 3});
  exact.forget({10});
  REQUIRE(exact.residuals().size() == 2);
  // r = √(ρᵀH⁻¹ρ) with ρ a difference of gradients of size ~ the data's: zero up to
  // the rounding of those gradients.
  const double scale = e.data_gradient(fitted, all_rows(30)).norm();
  for (double r : exact.residuals()) CHECK(r < 1e-12 * scale);

  // The paper's H (batch included): r is the Newton decrement of F(·, S − S′) at the
  // processed state, measured here independently of the forgetter.
  InfluenceForgetter paper(e, fitted);
  const Eigen::VectorXd shift = paper.forget({0, 1});
  const std::vector<int> rest = without(30, {0, 1});
  const Eigen::VectorXd rho = e.gradient(fitted + shift, rest) - e.gradient(fitted, all_rows(30));
  const double expected = std::sqrt(rho.dot(e.hessian(fitted, all_rows(30)).llt().solve(rho)));
  CHECK(expected > 1e-6);
  CHECK(paper.residuals().at(0) == Approx(expected).epsilon(1e-10));
}

TEST_CASE("Certificate: the SG-MCMC estimate is zero on a quadratic energy with H without the batch",
          "[bif][influence][certificate]") {
  QuadraticEnergy e(40, 3, 1.0, 5);
  SamplerOptions so;
  so.kind = SamplerKind::sghmc;
  so.batch = 10;
  so.step_scale = 0.5;
  SgMcmc chain(so, e.minimiser(all_rows(40)), 11);
  for (int t = 0; t < 50; ++t) chain.step(e, all_rows(40));
  McmcForgettingOptions o;
  o.gradient_samples = 8;
  o.hessian_samples = 3;
  o.influence.hessian_without_batch = true;
  McmcForgetter forgetter(e, chain, o);
  forgetter.forget({1, 2, 3});
  // The Hessian is the same at every state, so the full-data part of ρ is H_S Δ and
  // the batch part ḡ + H_{S′} Δ: they cancel exactly when H̄ = H_{S − S′}.
  CHECK(forgetter.residuals().at(0) < 1e-10);
  o.hessian_samples = 9;
  REQUIRE_THROWS_WITH(McmcForgetter(e, chain, o),
                      "McmcForgetter: parameter 'hessian_samples' must not exceed gradient_samples "
                      "(8; got 9)");
}
