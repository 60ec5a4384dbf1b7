// The Energy base class (bif/energy.hpp): its sums over row sets and its default
// Hessian-vector product, on a small concrete energy written here (a Poisson-style
// per-datum term and a non-diagonal quadratic prior, only h, f and their analytic
// derivatives given): value/gradient/Hessian against finite differences, the
// accumulating scale, repeated rows, and check_state's typed errors.
// (energy_test.cpp checks the library's own energies' derivatives.)
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/energy.hpp>

namespace energy_interface_test {

// h(γ, i) = exp(a_iᵀγ) − b_i a_iᵀγ,  f(γ) = ½ γᵀPγ + cᵀγ.
class PoissonEnergy : public lethe::Energy {
 public:
  PoissonEnergy(Eigen::MatrixXd a, Eigen::VectorXd b, Eigen::MatrixXd p, Eigen::VectorXd c)
      : a_(std::move(a)), b_(std::move(b)), p_(std::move(p)), c_(std::move(c)) {}
  Eigen::Index dim() const override { return a_.cols(); }
  int size() const override { return static_cast<int>(a_.rows()); }
  double h(const Eigen::VectorXd& g, int i) const override {
    const double t = a_.row(i).dot(g);
    return std::exp(t) - b_[i] * t;
  }
  void add_grad_h(const Eigen::VectorXd& g, int i, double scale, Eigen::VectorXd& out) const override {
    const double t = a_.row(i).dot(g);
    out += scale * (std::exp(t) - b_[i]) * a_.row(i).transpose();
  }
  void add_hess_h(const Eigen::VectorXd& g, int i, double scale, Eigen::MatrixXd& out) const override {
    const double t = a_.row(i).dot(g);
    out += scale * std::exp(t) * a_.row(i).transpose() * a_.row(i);
  }
  double f(const Eigen::VectorXd& g) const override { return 0.5 * g.dot(p_ * g) + c_.dot(g); }
  Eigen::VectorXd grad_f(const Eigen::VectorXd& g) const override { return p_ * g + c_; }
  Eigen::MatrixXd hess_f(const Eigen::VectorXd&) const override { return p_; }

 private:
  Eigen::MatrixXd a_;
  Eigen::VectorXd b_;
  Eigen::MatrixXd p_;
  Eigen::VectorXd c_;
};

PoissonEnergy make_energy(lethe::Rng& rng) {
  const Eigen::MatrixXd a = 0.5 * rng.normal_matrix(9, 3);
  Eigen::VectorXd b(9);
  for (int i = 0; i < 9; ++i) b[i] = static_cast<double>(rng.below(4));
  const Eigen::MatrixXd q = rng.normal_matrix(3, 3);
  return PoissonEnergy(a, b, q * q.transpose() + Eigen::MatrixXd::Identity(3, 3), rng.normal_vector(3));
}

}  // namespace energy_interface_test

TEST_CASE("Energy sums: value, gradient and Hessian over a row set agree with finite differences",
          "[bif][energy_interface]") {
  lethe::Rng rng(101);
  const energy_interface_test::PoissonEnergy energy = energy_interface_test::make_energy(rng);
  const std::vector<int> rows = {0, 2, 3, 5, 8};
  const Eigen::VectorXd gamma = 0.4 * rng.normal_vector(3);
  double expected = energy.f(gamma);
  for (int i : rows) expected += energy.h(gamma, i);
  CHECK(energy.value(gamma, rows) == Approx(expected).epsilon(1e-15));
  const Eigen::VectorXd grad = energy.gradient(gamma, rows);
  const Eigen::MatrixXd hess = energy.hessian(gamma, rows);
  const double eps = 1e-5;
  for (Eigen::Index j = 0; j < 3; ++j) {
    Eigen::VectorXd up = gamma, down = gamma;
    up[j] += eps;
    down[j] -= eps;
    CHECK(grad[j] == Approx((energy.value(up, rows) - energy.value(down, rows)) / (2 * eps)).epsilon(1e-8));
    const Eigen::VectorXd column = (energy.gradient(up, rows) - energy.gradient(down, rows)) / (2 * eps);
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(hess(i, j) == Approx(column[i]).epsilon(1e-7).margin(1e-9));
  }
  // The data part alone: the gradient minus the prior's.
  CHECK((energy.data_gradient(gamma, rows) - (grad - energy.grad_f(gamma))).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("Energy sums: the default Hessian-vector product, its scale and accumulation", "[bif][energy_interface]") {
  lethe::Rng rng(7);
  const energy_interface_test::PoissonEnergy energy = energy_interface_test::make_energy(rng);
  const Eigen::VectorXd gamma = 0.3 * rng.normal_vector(3), v = rng.normal_vector(3);
  const std::vector<int> rows = {1, 4, 6, 7};
  CHECK((energy.hvp(gamma, rows, v) - energy.hessian(gamma, rows) * v).cwiseAbs().maxCoeff() < 1e-12);
  // add_hvp_h accumulates scale·∇²h·v into out.
  Eigen::VectorXd out = rng.normal_vector(3);
  const Eigen::VectorXd before = out;
  energy.add_hvp_h(gamma, 4, v, -2.5, out);
  Eigen::MatrixXd h4 = Eigen::MatrixXd::Zero(3, 3);
  energy.add_hess_h(gamma, 4, 1.0, h4);
  CHECK((out - (before - 2.5 * h4 * v)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("Energy sums: no rows is the prior alone, a repeated row counts twice", "[bif][energy_interface]") {
  lethe::Rng rng(3);
  const energy_interface_test::PoissonEnergy energy = energy_interface_test::make_energy(rng);
  const Eigen::VectorXd gamma = rng.normal_vector(3), v = rng.normal_vector(3);
  CHECK(energy.value(gamma, {}) == energy.f(gamma));
  CHECK(energy.gradient(gamma, {}) == energy.grad_f(gamma));
  CHECK(energy.hessian(gamma, {}) == energy.hess_f(gamma));
  CHECK(energy.data_gradient(gamma, {}).isZero(0.0));
  CHECK(energy.value(gamma, {2, 2}) - energy.f(gamma) == Approx(2 * energy.h(gamma, 2)).epsilon(1e-14));
  CHECK((energy.hessian(gamma, {2, 2}) - energy.hess_f(gamma) - 2 * (energy.hessian(gamma, {2}) - energy.hess_f(gamma)))
            .cwiseAbs()
            .maxCoeff() < 1e-12);
  CHECK((energy.hvp(gamma, {2, 2}, v) - energy.hessian(gamma, {2, 2}) * v).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("Energy::check_state rejects a state of the wrong size or with non-finite entries by name",
          "[bif][energy_interface][errors]") {
  lethe::Rng rng(1);
  const energy_interface_test::PoissonEnergy energy = energy_interface_test::make_energy(rng);
  REQUIRE_NOTHROW(energy.check_state(Eigen::VectorXd::Zero(3), "forget", "gamma"));
  REQUIRE_THROWS_AS(energy.check_state(Eigen::VectorXd::Zero(2), "forget", "gamma"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(energy.check_state(Eigen::VectorXd::Zero(4), "forget", "gamma"),
                      Catch::Contains("forget: parameter 'gamma' has size 4, expected 3"));
  Eigen::VectorXd bad = Eigen::VectorXd::Zero(3);
  bad[1] = std::nan("");
  REQUIRE_THROWS_AS(energy.check_state(bad, "forget", "gamma"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(energy.check_state(bad, "forget", "gamma"), Catch::Contains("parameter 'gamma' must be finite"));
  bad[1] = std::numeric_limits<double>::infinity();
  REQUIRE_THROWS_WITH(energy.check_state(bad, "restart", "state"), Catch::Contains("restart: parameter 'state'"));
}
