// The LikelihoodModel interface (variational/likelihood_model.hpp): the default
// log_likelihood_gradients goes through log_likelihood; check_subset's errors; and,
// for both library models, the batch gradients against finite differences and the
// expected log-likelihood (with its m and L gradients) against a quadrature of the
// log-likelihood itself.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/gauss_hermite.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/variational/gaussian_linear_likelihood.hpp>
#include <lethe/variational/likelihood_model.hpp>

#include "test_support.hpp"

namespace likelihood_model_test {

// log p(y_i | θ) = −½ (θ_0 − c_i)² − ¼ θ_1⁴ c_i² (only values and gradients given;
// the expectation is not needed here and throws).
class QuarticModel : public lethe::LikelihoodModel {
 public:
  explicit QuarticModel(Eigen::VectorXd c) : c_(std::move(c)) {}
  Eigen::Index dim() const override { return 2; }
  int rows() const override { return static_cast<int>(c_.size()); }
  Eigen::VectorXd log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                 Eigen::MatrixXd* gradients) const override {
    ++calls;
    Eigen::VectorXd out = Eigen::VectorXd::Zero(thetas.cols());
    if (gradients) *gradients = Eigen::MatrixXd::Zero(2, thetas.cols());
    for (Eigen::Index s = 0; s < thetas.cols(); ++s)
      for (int i : subset) {
        const double a = thetas(0, s) - c_[i], b = thetas(1, s);
        out[s] += -0.5 * a * a - 0.25 * b * b * b * b * c_[i] * c_[i];
        if (gradients) {
          (*gradients)(0, s) += -a;
          (*gradients)(1, s) += -b * b * b * c_[i] * c_[i];
        }
      }
    return out;
  }
  double expected_log_likelihood(const std::vector<int>&, const Eigen::VectorXd&, const Eigen::MatrixXd&,
                                 Eigen::VectorXd*, Eigen::MatrixXd*) const override {
    throw lethe::StateError("not needed");
  }
  mutable int calls = 0;

 private:
  Eigen::VectorXd c_;
};

// Largest relative gap between the batch gradients and central differences of the values.
double gradient_error(const lethe::LikelihoodModel& model, const std::vector<int>& subset,
                      const Eigen::MatrixXd& thetas) {
  Eigen::MatrixXd g;
  model.log_likelihood(subset, thetas, &g);
  double worst = 0.0;
  const double h = 1e-6;
  for (Eigen::Index k = 0; k < thetas.rows(); ++k) {
    Eigen::MatrixXd up = thetas, down = thetas;
    up.row(k).array() += h;
    down.row(k).array() -= h;
    const Eigen::VectorXd numeric =
        (model.log_likelihood(subset, up, nullptr) - model.log_likelihood(subset, down, nullptr)) / (2 * h);
    for (Eigen::Index s = 0; s < thetas.cols(); ++s)
      worst = std::max(worst, std::fabs(numeric[s] - g(k, s)) / std::max(1.0, std::fabs(g(k, s))));
  }
  return worst;
}

// E_{θ~N(m, LLᵀ)}[log p(D_S | θ)] by a tensor Gauss–Hermite rule in the whitened
// coordinates θ = m + L z (dimension ≤ 3 here: 30^d nodes).
double quadrature_expectation(const lethe::LikelihoodModel& model, const std::vector<int>& subset,
                              const Eigen::VectorXd& m, const Eigen::MatrixXd& L, int nodes) {
  const lethe::GaussHermite rule = lethe::gauss_hermite(nodes);
  const Eigen::Index d = m.size();
  long total = 1;
  for (Eigen::Index j = 0; j < d; ++j) total *= nodes;
  Eigen::MatrixXd thetas(d, total);
  Eigen::VectorXd weights(total);
  for (long k = 0; k < total; ++k) {
    Eigen::VectorXd z(d);
    double w = 1.0;
    long rest = k;
    for (Eigen::Index j = 0; j < d; ++j) {
      z[j] = rule.nodes[rest % nodes];
      w *= rule.weights[rest % nodes];
      rest /= nodes;
    }
    thetas.col(k) = m + L * z;
    weights[k] = w;
  }
  return weights.dot(model.log_likelihood(subset, thetas, nullptr));
}

void check_expectation(const lethe::LikelihoodModel& model, const std::vector<int>& subset, const Eigen::VectorXd& m,
                       const Eigen::MatrixXd& L, double tolerance) {
  Eigen::VectorXd gm;
  Eigen::MatrixXd gL;
  const double value = model.expected_log_likelihood(subset, m, L, &gm, &gL);
  CHECK(value == Approx(quadrature_expectation(model, subset, m, L, 30)).epsilon(tolerance));
  CHECK(model.expected_log_likelihood(subset, m, L, nullptr, nullptr) == value);
  // Gradients against central differences of the value (lower triangle of L).
  const double h = 1e-6;
  for (Eigen::Index j = 0; j < m.size(); ++j) {
    Eigen::VectorXd up = m, down = m;
    up[j] += h;
    down[j] -= h;
    const double numeric = (model.expected_log_likelihood(subset, up, L, nullptr, nullptr) -
                            model.expected_log_likelihood(subset, down, L, nullptr, nullptr)) /
                           (2 * h);
    CHECK(gm[j] == Approx(numeric).epsilon(1e-5).margin(1e-6));
  }
  for (Eigen::Index c = 0; c < L.cols(); ++c)
    for (Eigen::Index r = c; r < L.rows(); ++r) {
      Eigen::MatrixXd up = L, down = L;
      up(r, c) += h;
      down(r, c) -= h;
      const double numeric = (model.expected_log_likelihood(subset, m, up, nullptr, nullptr) -
                              model.expected_log_likelihood(subset, m, down, nullptr, nullptr)) /
                             (2 * h);
      CHECK(gL(r, c) == Approx(numeric).epsilon(1e-5).margin(1e-6));
    }
}

}  // namespace likelihood_model_test

TEST_CASE("likelihood model: the default gradients are those of log_likelihood", "[variational][likelihood_model]") {
  lethe::Rng rng(13);
  const likelihood_model_test::QuarticModel model(rng.normal_vector(6));
  const Eigen::MatrixXd thetas = rng.normal_matrix(2, 4);
  const std::vector<int> subset = {0, 3, 3, 5};  // a multiset: row 3 counts twice
  Eigen::MatrixXd through_values;
  model.log_likelihood(subset, thetas, &through_values);
  const int before = model.calls;
  const Eigen::MatrixXd gradients = model.log_likelihood_gradients(subset, thetas);
  CHECK(model.calls == before + 1);
  CHECK(gradients == through_values);
  CHECK(likelihood_model_test::gradient_error(model, subset, thetas) < 1e-7);
  // Repeats count: {3, 3} is twice {3}.
  CHECK((model.log_likelihood({3, 3}, thetas, nullptr) - 2 * model.log_likelihood({3}, thetas, nullptr))
            .cwiseAbs()
            .maxCoeff() < 1e-13);
}

TEST_CASE("likelihood model: check_subset names function and parameter, allows repeats",
          "[variational][likelihood_model][errors]") {
  const likelihood_model_test::QuarticModel model(Eigen::VectorXd::Zero(4));
  REQUIRE_NOTHROW(lethe::check_subset(model, {0, 3, 3, 1}, "forget", "forgotten"));
  REQUIRE_NOTHROW(lethe::check_subset(model, {}, "forget", "forgotten"));
  REQUIRE_THROWS_AS(lethe::check_subset(model, {0, 4}, "forget", "forgotten"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::check_subset(model, {0, 4}, "forget", "forgotten"),
                      "forget: parameter 'forgotten' holds row id 4, outside [0, 4)");
  REQUIRE_THROWS_WITH(lethe::check_subset(model, {-1}, "learn", "subset"),
                      Catch::Contains("learn: parameter 'subset'"));
}

TEST_CASE("likelihood model: the conjugate model's gradients and closed-form expectation",
          "[variational][likelihood_model]") {
  lethe::Rng rng(17);
  const Eigen::MatrixXd design = rng.normal_matrix(10, 2);
  const lethe::GaussianLinearLikelihood model(design, rng.normal_vector(10), 0.5);
  const std::vector<int> subset = {1, 2, 5, 9};
  CHECK(likelihood_model_test::gradient_error(model, subset, rng.normal_matrix(2, 3)) < 1e-6);
  CHECK(model.log_likelihood_gradients(subset, Eigen::MatrixXd::Ones(2, 2)).rows() == 2);
  Eigen::MatrixXd L(2, 2);
  L << 0.7, 0.0, -0.3, 0.4;
  likelihood_model_test::check_expectation(model, subset, Eigen::Vector2d(0.2, -1.0), L, 1e-12);
}

TEST_CASE("likelihood model: the sparse GP classifier's gradients and quadrature expectation",
          "[variational][likelihood_model]") {
  // Three inducing inputs, so that the tensor quadrature below (30^3 nodes) is cheap.
  const lethe::LabelledPoints d = lethe::make_moons(12, 0.2, 4);
  Eigen::MatrixXd inducing(3, 2);
  inducing << -0.5, 0.5, 0.5, 0.0, 1.5, -0.3;
  const lethe::SparseGpClassifier model(d.x, d.labels, inducing, lethe::SeArdKernel{Eigen::Vector2d(0.8, 0.7), 2.0});
  REQUIRE(model.dim() == 3);
  lethe::Rng rng(5);
  const std::vector<int> subset = {0, 4, 7, 11};
  const Eigen::MatrixXd thetas = rng.normal_matrix(model.dim(), 3);
  CHECK(likelihood_model_test::gradient_error(model, subset, thetas) < 1e-6);
  Eigen::MatrixXd via_values;
  model.log_likelihood(subset, thetas, &via_values);
  CHECK((model.log_likelihood_gradients(subset, thetas) - via_values).cwiseAbs().maxCoeff() < 1e-12);
  Eigen::VectorXd m;
  Eigen::MatrixXd L;
  lethe::testing::random_factor(rng, model.prior(), m, L);
  likelihood_model_test::check_expectation(model, subset, m, L, 1e-6);
}
