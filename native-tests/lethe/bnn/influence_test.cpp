// BNN influence forgetting (bnn/influence.hpp): truncated CG against a direct solve
// and at negative curvature; the Hessian subsample; the VI and SG-MCMC steps solve
// their damped Newton systems (built here column by column from the energies'
// products); bad options and shapes rejected by name.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/influence.hpp>

namespace influence_test {
lethe::MlpShape tiny_shape() {
  lethe::MlpShape s;
  s.inputs = 2;
  s.hidden = {3};
  s.classes = 2;
  return s;
}
// The matrix of a linear map given by products, column by column.
Eigen::MatrixXd matrix_of(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& apply, Eigen::Index n) {
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index j = 0; j < n; ++j) m.col(j) = apply(Eigen::VectorXd::Unit(n, j));
  return m;
}
}  // namespace influence_test

TEST_CASE("influence: truncated CG solves a positive-definite system, stops at negative curvature",
          "[bnn][influence]") {
  lethe::Rng rng(6);
  const Eigen::MatrixXd q = rng.normal_matrix(10, 10);
  const Eigen::MatrixXd a = q * q.transpose() + 0.5 * Eigen::MatrixXd::Identity(10, 10);
  const Eigen::VectorXd b = rng.normal_vector(10);
  const auto apply = [&a](const Eigen::VectorXd& v) -> Eigen::VectorXd { return a * v; };
  const lethe::CgResult r = lethe::truncated_cg(apply, b, 100, 1e-10);
  CHECK_FALSE(r.negative_curvature);
  CHECK(r.relative_residual <= 1e-10);
  CHECK((a * r.x - b).norm() <= 1e-10 * b.norm() * 1.0001);
  CHECK((r.x - a.ldlt().solve(b)).norm() < 1e-8 * a.ldlt().solve(b).norm() * a.norm());
  CHECK(r.iterations <= 30);
  // An iteration cap: fewer steps, a larger reported residual, which is the true one.
  const lethe::CgResult capped = lethe::truncated_cg(apply, b, 2, 1e-12);
  CHECK(capped.iterations == 2);
  CHECK(capped.relative_residual == Approx((a * capped.x - b).norm() / b.norm()).epsilon(1e-8));
  CHECK(capped.relative_residual > r.relative_residual);
  // b = 0: x = 0 without a product.
  const lethe::CgResult zero = lethe::truncated_cg(apply, Eigen::VectorXd::Zero(10), 10, 1e-6);
  CHECK(zero.x.isZero(0.0));
  CHECK(zero.iterations == 0);
  // Indefinite: along b the curvature is 1 − 3 < 0, so the iterate stays at 0.
  const Eigen::Vector2d d(1.0, -3.0);
  const lethe::CgResult neg =
      lethe::truncated_cg([&d](const Eigen::VectorXd& v) -> Eigen::VectorXd { return d.cwiseProduct(v); },
                          Eigen::Vector2d(1.0, 1.0), 10, 1e-8);
  CHECK(neg.negative_curvature);
  CHECK(neg.x.isZero(0.0));
  CHECK(neg.relative_residual == Approx(1.0));
}

TEST_CASE("influence: the Hessian subsample is a sorted, distinct, seeded subset", "[bnn][influence]") {
  std::vector<int> rows;
  for (int i = 0; i < 50; ++i) rows.push_back(3 * i + 1);
  CHECK(lethe::hessian_subsample(rows, 0, 1) == rows);
  CHECK(lethe::hessian_subsample(rows, 50, 1) == rows);
  CHECK(lethe::hessian_subsample(rows, 80, 1) == rows);
  const std::vector<int> sub = lethe::hessian_subsample(rows, 12, 4);
  REQUIRE(sub.size() == 12);
  CHECK(std::is_sorted(sub.begin(), sub.end()));
  CHECK(std::set<int>(sub.begin(), sub.end()).size() == 12);
  for (int id : sub) CHECK(std::find(rows.begin(), rows.end(), id) != rows.end());
  CHECK(lethe::hessian_subsample(rows, 12, 4) == sub);
  CHECK(lethe::hessian_subsample(rows, 12, 5) != sub);
}

TEST_CASE("influence: the SG-MCMC step solves (H̄ + δI) shift = ḡ", "[bnn][influence]") {
  const lethe::Mlp mlp(influence_test::tiny_shape());
  const lethe::BnnEnergy energy(mlp, lethe::make_moons_data(30, 0.2, 8), 2.0);
  lethe::Rng rng(12);
  Eigen::MatrixXd states(mlp.parameter_count(), 3);
  for (int s = 0; s < 3; ++s) states.col(s) = mlp.initial_parameters(100 + s) + 0.1 * rng.normal_vector(states.rows());
  std::vector<int> remaining, forgotten;
  for (int i = 0; i < 30; ++i) (i % 5 == 0 ? forgotten : remaining).push_back(i);
  lethe::BnnInfluenceOptions options;
  options.damping = 0.5;
  options.hessian_rows = 0;  // all of D_r
  options.hessian_states = 2;
  options.cg_iterations = 500;
  options.cg_tolerance = 1e-12;
  options.gauss_newton = true;  // positive semi-definite: CG runs to the solution
  const lethe::InfluenceStep step = lethe::bif_chain_step(energy, states, remaining, forgotten, options, 1);
  REQUIRE_FALSE(step.solve.negative_curvature);
  CHECK(step.shift == step.solve.x);
  // ḡ over all three states; H̄ over the last two, with the prior's 1/σ_p² and δ.
  Eigen::VectorXd g = Eigen::VectorXd::Zero(states.rows());
  for (int s = 0; s < 3; ++s) g += energy.data_gradient(states.col(s), forgotten) / 3.0;
  const Eigen::MatrixXd h = influence_test::matrix_of(
      [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
        Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
        for (int s = 1; s < 3; ++s) energy.batch_hvp(states.col(s), remaining, 0.5, v, out, true);
        return out + (1.0 / 2.0 + 0.5) * v;
      },
      states.rows());
  const Eigen::VectorXd exact = h.ldlt().solve(g);
  CHECK((step.shift - exact).norm() < 1e-8 * exact.norm());
  // The exact Hessian (not Gauss–Newton), strongly damped, gives the corresponding solve.
  options.gauss_newton = false;
  options.damping = 50.0;
  const lethe::InfluenceStep exact_step = lethe::bif_chain_step(energy, states, remaining, forgotten, options, 1);
  const Eigen::MatrixXd he = influence_test::matrix_of(
      [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
        Eigen::VectorXd out = Eigen::VectorXd::Zero(v.size());
        for (int s = 1; s < 3; ++s) out += 0.5 * (energy.hessian(states.col(s), remaining) * v);
        return out + 50.0 * v;  // energy.hessian already holds the prior's 1/σ_p²
      },
      states.rows());
  CHECK((exact_step.shift - he.ldlt().solve(g)).norm() < 1e-8 * g.norm());
}

TEST_CASE("influence: the VI step solves (H + δI) shift = Σ_e ∇E_q[h]", "[bnn][influence]") {
  const lethe::Mlp mlp(influence_test::tiny_shape());
  const lethe::BnnEnergy base(mlp, lethe::make_moons_data(24, 0.2, 9), 1.0);
  const lethe::MeanFieldEnergy energy(base, 4, 3);
  const Eigen::Index p = mlp.parameter_count();
  Eigen::VectorXd gamma(2 * p);
  gamma << mlp.initial_parameters(5), Eigen::VectorXd::Constant(p, std::log(0.05));
  std::vector<int> remaining, forgotten = {0, 7, 13};
  for (int i = 0; i < 24; ++i)
    if (std::find(forgotten.begin(), forgotten.end(), i) == forgotten.end()) remaining.push_back(i);
  lethe::BnnInfluenceOptions options;
  options.damping = 20.0;  // dominates any negative curvature of the network
  options.hessian_rows = 0;
  options.cg_iterations = 1000;
  options.cg_tolerance = 1e-12;
  const lethe::InfluenceStep step = lethe::bif_vi_step(energy, gamma, remaining, forgotten, options, 1);
  REQUIRE_FALSE(step.solve.negative_curvature);
  Eigen::VectorXd b;
  energy.value(gamma, forgotten, 1.0, false, &b);
  const Eigen::MatrixXd h = influence_test::matrix_of(
      [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return energy.hvp(gamma, remaining, 1.0, v) + 20.0 * v; },
      2 * p);
  const Eigen::VectorXd exact = (0.5 * (h + h.transpose())).ldlt().solve(b);
  CHECK((step.shift - exact).norm() < 1e-7 * exact.norm());
  // A subsample of D_r changes the step (and is reproducible from the seed).
  options.hessian_rows = 8;
  const lethe::InfluenceStep sub = lethe::bif_vi_step(energy, gamma, remaining, forgotten, options, 1);
  CHECK((sub.shift - step.shift).norm() > 0.0);
  CHECK(lethe::bif_vi_step(energy, gamma, remaining, forgotten, options, 1).shift == sub.shift);
}

TEST_CASE("influence: bad options and shapes are rejected by name", "[bnn][influence][errors]") {
  using Catch::Contains;
  const lethe::BnnInfluenceOptions good;
  REQUIRE_NOTHROW(lethe::check_influence_options(good, "bnnForget"));
  lethe::BnnInfluenceOptions bad = good;
  bad.damping = -1.0;
  REQUIRE_THROWS_AS(lethe::check_influence_options(bad, "bnnForget"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("bnnForget: parameter 'damping'"));
  bad = good;
  bad.cg_iterations = 0;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'cg_iterations'"));
  bad = good;
  bad.cg_tolerance = 0.0;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'cg_tolerance'"));
  bad = good;
  bad.hessian_rows = -1;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'hessian_rows'"));
  bad = good;
  bad.hessian_states = 0;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'hessian_states'"));

  const lethe::Mlp mlp(influence_test::tiny_shape());
  const lethe::BnnEnergy base(mlp, lethe::make_moons_data(10, 0.2, 9), 1.0);
  const lethe::MeanFieldEnergy vi(base, 2, 3);
  REQUIRE_THROWS_WITH(lethe::bif_vi_step(vi, Eigen::VectorXd::Zero(3), {1, 2}, {0}, good, 1),
                      Contains("bif_vi_step: parameter 'gamma'"));
  REQUIRE_THROWS_WITH(lethe::bif_chain_step(base, Eigen::MatrixXd::Zero(3, 2), {1, 2}, {0}, good, 1),
                      Contains("bif_chain_step: parameter 'states'"));
  bad = good;
  bad.damping = std::nan("");
  REQUIRE_THROWS_WITH(lethe::bif_chain_step(base, Eigen::MatrixXd::Zero(mlp.parameter_count(), 2), {1, 2}, {0}, bad, 1),
                      Contains("bif_chain_step: parameter 'damping'"));
}

namespace influence_test {
// A small VI problem whose q has learned something: 40 moons rows, 6 forgotten.
struct RefineCase {
  lethe::Mlp mlp{tiny_shape()};
  lethe::BnnEnergy base{mlp, lethe::make_moons_data(40, 0.2, 21), 1.0};
  lethe::MeanFieldEnergy energy{base, 4, 3};
  std::vector<int> remaining, forgotten;
  Eigen::VectorXd gamma;
  RefineCase() {
    for (int i = 0; i < 40; ++i) (i % 7 == 3 ? forgotten : remaining).push_back(i);
    lethe::MeanFieldOptions vi;
    vi.steps = 400;
    vi.batch = 16;
    std::vector<int> all(40);
    for (int i = 0; i < 40; ++i) all[std::size_t(i)] = i;
    gamma = lethe::train_mean_field(base, all, vi, 5);
  }
  // F̃(x) = F(γ + x, D_r) − cᵀx, c = ∇F(γ, D_r) + b, computed here from the energy.
  double tilted(const Eigen::VectorXd& x, Eigen::VectorXd* grad) const {
    Eigen::VectorXd g0, b, g;
    energy.value(gamma, remaining, 1.0, true, &g0);
    energy.value(gamma, forgotten, 1.0, false, &b);
    const Eigen::VectorXd c = g0 + b;
    const double f = energy.value(gamma + x, remaining, 1.0, true, &g) - c.dot(x);
    if (grad != nullptr) *grad = g - c;
    return f;
  }
  double request_norm() const {
    Eigen::VectorXd b;
    energy.value(gamma, forgotten, 1.0, false, &b);
    return b.norm();
  }
};
}  // namespace influence_test

TEST_CASE("refine: each accepted Newton step lowers the tilted remaining energy; r is its gradient's norm",
          "[bnn][influence][refine]") {
  const influence_test::RefineCase p;
  lethe::BnnInfluenceOptions options;
  options.damping = 5.0;
  options.hessian_rows = 0;
  options.newton_steps = 6;
  options.residual_budget = 0.0;  // take every step that is accepted
  const lethe::InfluenceRefinement r = lethe::refine_vi(p.energy, p.gamma, p.remaining, p.forgotten, options, 1);
  INFO("accepted " << r.accepted << ", rejected " << r.rejected);
  REQUIRE(r.accepted >= 2);
  REQUIRE(r.energies.size() == std::size_t(r.accepted));
  REQUIRE(r.residuals.size() == std::size_t(r.accepted));
  // Strictly decreasing, from F̃(0) = F(γ, D_r).
  double previous = p.tilted(Eigen::VectorXd::Zero(p.gamma.size()), nullptr);
  for (double e : r.energies) {
    CHECK(e < previous);
    previous = e;
  }
  // The last energy and residual, recomputed at the returned shift.
  Eigen::VectorXd g;
  CHECK(p.tilted(r.shift, &g) == Approx(r.energies.back()).epsilon(1e-10));
  CHECK(g.norm() / p.request_norm() == Approx(r.residuals.back()).epsilon(1e-10));
  // Re-linearising does what one step cannot: the residual after the last step is
  // below the first step's.
  CHECK(r.residuals.back() < r.residuals.front());
  // Step 1 is the BIF step (bif_vi_step) when it is accepted whole.
  options.newton_steps = 1;
  const lethe::InfluenceRefinement one = lethe::refine_vi(p.energy, p.gamma, p.remaining, p.forgotten, options, 1);
  REQUIRE(one.accepted == 1);
  REQUIRE(one.fractions.front() == 1.0);
  CHECK((one.shift - lethe::bif_vi_step(p.energy, p.gamma, p.remaining, p.forgotten, options, 1).shift).norm() <=
        1e-12 * one.shift.norm());
  // The budget stops the refinement once r ≤ budget.
  options.newton_steps = 6;
  options.residual_budget = r.residuals.front() * 1.0001;
  CHECK(lethe::refine_vi(p.energy, p.gamma, p.remaining, p.forgotten, options, 1).accepted == 1);
}

TEST_CASE("refine: the chain's accepted steps lower the states' tilted mean energy", "[bnn][influence][refine]") {
  const lethe::Mlp mlp(influence_test::tiny_shape());
  const lethe::BnnEnergy energy(mlp, lethe::make_moons_data(40, 0.2, 22), 1.0);
  lethe::Rng rng(13);
  Eigen::MatrixXd states(mlp.parameter_count(), 4);
  for (int s = 0; s < 4; ++s) states.col(s) = mlp.initial_parameters(7) + 0.05 * rng.normal_vector(states.rows());
  std::vector<int> remaining, forgotten;
  for (int i = 0; i < 40; ++i) (i % 5 == 0 ? forgotten : remaining).push_back(i);
  lethe::BnnInfluenceOptions options;
  options.damping = 2.0;
  options.hessian_rows = 16;
  options.newton_steps = 4;
  options.residual_budget = 0.0;
  const lethe::InfluenceRefinement r = lethe::refine_chain(energy, states, remaining, forgotten, options, 3);
  REQUIRE(r.accepted >= 1);
  Eigen::VectorXd g0, g, b = Eigen::VectorXd::Zero(states.rows());
  const double f0 = lethe::chain_remaining_energy(energy, states, remaining, options, 3, &g0);
  for (int s = 0; s < 4; ++s) energy.batch_nll(states.col(s), forgotten, 0.25, &b);
  const Eigen::VectorXd c = g0 + b;
  const double f =
      lethe::chain_remaining_energy(energy, states.colwise() + r.shift, remaining, options, 3, &g) - c.dot(r.shift);
  CHECK(f == Approx(r.energies.back()).epsilon(1e-10));
  CHECK(f < f0);
  for (std::size_t k = 1; k < r.energies.size(); ++k) CHECK(r.energies[k] < r.energies[k - 1]);
  CHECK((g - c).norm() / b.norm() == Approx(r.residuals.back()).epsilon(1e-10));
  CHECK(lethe::refinement_residual(r, g) == Approx(r.residuals.back()).epsilon(1e-12));
}

TEST_CASE("refine: bad refinement options are rejected by name", "[bnn][influence][refine][errors]") {
  using Catch::Contains;
  lethe::BnnInfluenceOptions bad;
  bad.newton_steps = 0;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"),
                      Contains("bnnForget: parameter 'newton_steps'"));
  bad = {};
  bad.residual_budget = -0.1;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'residual_budget'"));
  bad = {};
  bad.repair_cap = 1.5;
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'repair_cap'"));
  bad.repair_cap = std::nan("");
  REQUIRE_THROWS_WITH(lethe::check_influence_options(bad, "bnnForget"), Contains("parameter 'repair_cap'"));
  REQUIRE_THROWS_WITH(lethe::repair_steps(-0.5, 100), Contains("repair_steps: parameter 'repair_cap'"));
  CHECK(lethe::repair_steps(0.05, 3000) == 150);
  CHECK(lethe::repair_steps(0.0, 3000) == 0);
}
