#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/exact/conjugate_regression.hpp>

using namespace lethe;

namespace {

ConjugateLinearRegression make_model() { return ConjugateLinearRegression(RbfFeatures(10, -3.0, 3.0, 0.7), 2.0, 0.09); }

// Relative difference of two matrices in the Frobenius norm.
double relative(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return (a - b).norm() / std::max(b.norm(), 1e-300);
}

// A fresh model fitted on exactly the given rows: the retraining reference.
ConjugateLinearRegression fitted_on(const Series1D& d, const std::vector<int>& rows) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(rows.size())), y(x.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    x[static_cast<Eigen::Index>(i)] = d.x[rows[i]];
    y[static_cast<Eigen::Index>(i)] = d.y[rows[i]];
  }
  ConjugateLinearRegression m = make_model();
  m.fit(x, y);
  return m;
}
Gaussian fit_on(const Series1D& d, const std::vector<int>& rows) { return fitted_on(d, rows).posterior(); }

std::vector<int> shuffled(int n, Rng& rng) {
  std::vector<int> ids(static_cast<std::size_t>(n));
  std::iota(ids.begin(), ids.end(), 0);
  for (int i = n - 1; i > 0; --i)
    std::swap(ids[static_cast<std::size_t>(i)], ids[rng.below(static_cast<std::uint64_t>(i + 1))]);
  return ids;
}

}  // namespace

TEST_CASE("Exact unlearning equals retraining for random sizes and request sequences", "[exact]") {
  Rng rng(20261126);
  for (int trial = 0; trial < 25; ++trial) {
    const int n = 5 + static_cast<int>(rng.below(120));
    const Series1D d = make_regression_1d(n, 0.3, 1000 + static_cast<std::uint64_t>(trial));
    ConjugateLinearRegression model = make_model();
    model.fit(d.x, d.y);
    std::vector<int> order = shuffled(n, rng);
    const int forget_count = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(n - 1)));
    // Split the forgotten rows into random consecutive requests.
    std::size_t at = 0;
    while (at < static_cast<std::size_t>(forget_count)) {
      const std::size_t len = std::min<std::size_t>(1 + rng.below(6), static_cast<std::size_t>(forget_count) - at);
      model.forget(
          std::vector<int>(order.begin() + static_cast<long>(at), order.begin() + static_cast<long>(at + len)));
      at += len;
    }
    const Gaussian reference = fit_on(d, model.rows().active_ids());
    const Gaussian forgotten = model.posterior();
    INFO("trial " << trial << " n=" << n << " forgotten=" << forget_count);
    CHECK(relative(forgotten.mean(), reference.mean()) < 1e-9);
    CHECK(relative(forgotten.covariance(), reference.covariance()) < 1e-9);
    // retrained() is the same reference, computed inside the model.
    CHECK(relative(model.retrained().posterior().mean(), reference.mean()) < 1e-12);
  }
}

TEST_CASE("Forgetting in any order gives the same posterior", "[exact]") {
  const Series1D d = make_regression_1d(60, 0.3, 77);
  const std::vector<int> forget = {3, 17, 18, 40, 41, 42, 59};
  ConjugateLinearRegression forward = make_model(), backward = make_model(), together = make_model();
  forward.fit(d.x, d.y);
  backward.fit(d.x, d.y);
  together.fit(d.x, d.y);
  for (int id : forget) forward.forget({id});
  for (auto it = forget.rbegin(); it != forget.rend(); ++it) backward.forget({*it});
  together.forget(forget);
  CHECK(relative(forward.posterior().mean(), together.posterior().mean()) < 1e-12);
  CHECK(relative(backward.posterior().mean(), together.posterior().mean()) < 1e-12);
  CHECK(relative(backward.posterior().covariance(), together.posterior().covariance()) < 1e-12);
}

TEST_CASE("Forgetting everything returns the prior exactly", "[exact]") {
  const Series1D d = make_regression_1d(12, 0.3, 5);
  ConjugateLinearRegression model = make_model();
  model.fit(d.x, d.y);
  model.forget({0, 1, 2, 3, 4, 5});
  model.forget({6, 7, 8, 9, 10, 11});
  CHECK(model.rows().remaining() == 0);
  CHECK(model.posterior().mean() == model.prior().mean());
  CHECK(relative(model.posterior().covariance(), model.prior().covariance()) < 1e-15);
}

TEST_CASE("Unlearning moves the prediction towards the retrained one, not elsewhere", "[exact]") {
  const Series1D d = make_regression_1d(80, 0.3, 8);
  ConjugateLinearRegression model = make_model();
  model.fit(d.x, d.y);
  const Eigen::VectorXd grid = Eigen::VectorXd::LinSpaced(50, -3, 3);
  const Prediction before = model.predict(grid);
  std::vector<int> right_half;
  for (int i = 0; i < 80; ++i)
    if (d.x[i] > 1.0) right_half.push_back(i);
  model.forget(right_half);
  const Prediction after = model.predict(grid), retrained = model.retrained().predict(grid);
  CHECK((after.mean - retrained.mean).cwiseAbs().maxCoeff() < 1e-10);
  CHECK((after.std_dev - retrained.std_dev).cwiseAbs().maxCoeff() < 1e-10);
  // Without data on the right, the uncertainty there grows.
  CHECK(after.std_dev[49] > 2 * before.std_dev[49]);
}

TEST_CASE("Bad forget requests throw, name the parameter, and change nothing", "[exact][errors]") {
  using Catch::Contains;
  const Series1D d = make_regression_1d(10, 0.3, 4);
  ConjugateLinearRegression model = make_model();
  model.fit(d.x, d.y);
  model.forget({2});
  const Gaussian before = model.posterior();
  const std::string fn_name = "ConjugateLinearRegression::forget: parameter 'ids'";
  const auto fn = [&] { return Contains(fn_name); };
  REQUIRE_THROWS_AS(model.forget({}), InvalidArgument);
  REQUIRE_THROWS_WITH(model.forget({}), fn() && Contains("empty"));
  REQUIRE_THROWS_WITH(model.forget({10}), fn() && Contains("outside [0, 10)"));
  REQUIRE_THROWS_WITH(model.forget({-1}), fn() && Contains("outside"));
  REQUIRE_THROWS_WITH(model.forget({4, 5, 4}), fn() && Contains("twice"));
  REQUIRE_THROWS_WITH(model.forget({1, 2}), fn() && Contains("already forgotten"));
  CHECK(model.rows().remaining() == 9);
  CHECK(model.posterior().mean() == before.mean());
  CHECK(model.posterior().covariance() == before.covariance());

  REQUIRE_THROWS_WITH(ConjugateLinearRegression(RbfFeatures(5, -1, 1, 0.5), -1.0, 0.1),
                      Contains("ConjugateLinearRegression") && Contains("'prior_precision'"));
  REQUIRE_THROWS_WITH(RbfFeatures(5, 1, -1, 0.5), Contains("RbfFeatures") && Contains("'hi'"));
  Eigen::VectorXd bad = d.x;
  bad[3] = std::numeric_limits<double>::infinity();
  ConjugateLinearRegression other = make_model();
  REQUIRE_THROWS_WITH(other.fit(bad, d.y), Contains("fit") && Contains("'x'") && Contains("finite"));
  REQUIRE_THROWS_WITH(other.fit(d.x, Eigen::VectorXd::Zero(3)), Contains("'y'") && Contains("size"));
}

TEST_CASE("compare_exact_forgetting: forgotten equals retrained on the grid, and the original differs", "[exact]") {
  const Series1D d = make_regression_1d(60, 0.3, 4);
  ConjugateLinearRegression model = make_model();
  model.fit(d.x, d.y);
  const Eigen::VectorXd grid = Eigen::VectorXd::LinSpaced(50, -3.0, 3.0);
  std::vector<int> forget;
  for (int i = 0; i < 60; ++i)
    if (d.x[i] > 1.0) forget.push_back(i);  // one end of the curve: the fit there moves
  REQUIRE(forget.size() >= 5);
  const ExactForgetComparison c = compare_exact_forgetting(model, forget, grid);
  // The reference, built here without the comparison: a fresh fit on the rows left.
  std::vector<int> kept;
  for (int i = 0; i < 60; ++i)
    if (std::find(forget.begin(), forget.end(), i) == forget.end()) kept.push_back(i);
  const Prediction reference = fitted_on(d, kept).predict(grid);
  CHECK((c.retrained.mean - reference.mean).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((c.forgotten.mean - reference.mean).cwiseAbs().maxCoeff() < 1e-8);
  CHECK(c.max_prediction_difference < 1e-8);
  CHECK(c.max_posterior_difference < 1e-8);
  // The differences are measured, not zero by construction: they equal the largest
  // entries computed here, and the original prediction is far from the retrained one.
  const double measured = std::max((c.forgotten.mean - c.retrained.mean).cwiseAbs().maxCoeff(),
                                   (c.forgotten.std_dev - c.retrained.std_dev).cwiseAbs().maxCoeff());
  CHECK(c.max_prediction_difference == measured);
  CHECK((c.original.mean - c.retrained.mean).cwiseAbs().maxCoeff() > 0.05);
  // The model passed in is a copy: still fitted on every row.
  CHECK(model.rows().remaining() == 60);
}
