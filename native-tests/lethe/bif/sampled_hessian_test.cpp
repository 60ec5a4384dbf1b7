// The subsampled Hessian (bif/sampled_hessian.hpp) on Bayesian logistic regression:
// exact when the sample covers the rows, unbiased with an error shrinking like 1/√k
// otherwise, the product and the gradient change consistent with it; draws only from
// active rows; k < 1 rejected by name. The kept sample (KeptRowSample): its copy
// sums as the model's rows do, forgotten rows leave it, a half-empty one is redrawn.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/gaussian_mixture_model.hpp>
#include <lethe/bif/logistic_regression.hpp>
#include <lethe/bif/mean_field_vi.hpp>
#include <lethe/bif/sampled_hessian.hpp>

namespace sampled_hessian_test {
lethe::LogisticRegressionEnergy make_energy(int n) {
  const lethe::LabelledPoints d = lethe::make_logistic_data(n, 5);
  return lethe::LogisticRegressionEnergy(d.x, d.labels, 2.0);
}
Eigen::VectorXd some_state() { return Eigen::Vector3d(0.2, -0.7, 1.1); }
}  // namespace sampled_hessian_test

TEST_CASE("sampled_hessian: a sample covering the rows gives the exact Hessian, product and gradient change",
          "[bif][sampled_hessian]") {
  const lethe::LogisticRegressionEnergy energy = sampled_hessian_test::make_energy(60);
  lethe::ActiveRows rows(60);
  rows.forget({3, 10, 11, 40}, "test", "ids");
  lethe::Rng rng(1);
  const lethe::RowSample sample = lethe::sample_active_rows(rows, 56, rng, "test");
  CHECK(sample.scale == 1.0);
  std::vector<int> ids = sample.ids;
  std::sort(ids.begin(), ids.end());
  CHECK(ids == rows.active_ids());
  CHECK(lethe::sample_active_rows(rows, 1000, rng, "test").ids.size() == 56);

  const Eigen::VectorXd gamma = sampled_hessian_test::some_state();
  const Eigen::MatrixXd full = energy.hessian(gamma, rows.active_ids());
  CHECK((lethe::sampled_hessian(energy, gamma, sample, {}) - full).cwiseAbs().maxCoeff() < 1e-12 * full.norm());
  // Excluding a batch: the Hessian of the rows without it.
  const std::vector<int> batch = {0, 1, 2};
  std::vector<int> rest;
  for (int id : rows.active_ids())
    if (id > 2) rest.push_back(id);
  CHECK((lethe::sampled_hessian(energy, gamma, sample, batch) - energy.hessian(gamma, rest)).cwiseAbs().maxCoeff() <
        1e-12 * full.norm());
  const Eigen::VectorXd v(Eigen::Vector3d(1.0, -2.0, 0.5));
  CHECK((lethe::sampled_hvp(energy, gamma, sample, batch, v) - energy.hessian(gamma, rest) * v).cwiseAbs().maxCoeff() <
        1e-12 * full.norm());
  const Eigen::VectorXd shift(Eigen::Vector3d(0.05, 0.1, -0.08));
  const Eigen::VectorXd change = lethe::sampled_gradient_change(energy, gamma, shift, sample);
  const Eigen::VectorXd exact_change =
      energy.gradient(gamma + shift, rows.active_ids()) - energy.gradient(gamma, rows.active_ids());
  CHECK((change - exact_change).cwiseAbs().maxCoeff() < 1e-11);
  // A small shift: the change is the Hessian times the shift to first order.
  const Eigen::VectorXd tiny = 1e-6 * shift;
  CHECK((lethe::sampled_gradient_change(energy, gamma, tiny, sample) - full * tiny).norm() <
        1e-4 * (full * tiny).norm());
}

TEST_CASE("sampled_hessian: a small sample draws active rows with weight n/k", "[bif][sampled_hessian]") {
  lethe::ActiveRows rows(200);
  std::vector<int> forgotten;
  for (int i = 0; i < 200; i += 3) forgotten.push_back(i);
  rows.forget(forgotten, "test", "ids");
  lethe::Rng rng(9);
  const lethe::RowSample sample = lethe::sample_active_rows(rows, 25, rng, "test");
  REQUIRE(sample.ids.size() == 25);
  CHECK(sample.scale == Approx(double(rows.remaining()) / 25.0).epsilon(1e-15));
  for (int id : sample.ids) CHECK(rows.is_active(id));
}

TEST_CASE("sampled_hessian: unbiased, relative error shrinking like 1/√k", "[bif][sampled_hessian]") {
  const int n = 400;
  const lethe::LogisticRegressionEnergy energy = sampled_hessian_test::make_energy(n);
  const lethe::ActiveRows rows(n);
  const Eigen::VectorXd gamma = sampled_hessian_test::some_state();
  // The data part only, so the prior does not hide the sampling error.
  const Eigen::MatrixXd data = energy.hessian(gamma, lethe::all_rows(n)) - energy.hess_f(gamma);
  lethe::Rng rng(42);
  const int repeats = 200;
  std::vector<double> rms;
  Eigen::MatrixXd mean_small = Eigen::MatrixXd::Zero(3, 3);
  for (int k : {8, 32, 128}) {
    double squared = 0.0;
    for (int r = 0; r < repeats; ++r) {
      const lethe::RowSample sample = lethe::sample_active_rows(rows, k, rng, "test");
      const Eigen::MatrixXd est = lethe::sampled_hessian(energy, gamma, sample, {}) - energy.hess_f(gamma);
      squared += (est - data).squaredNorm() / data.squaredNorm();
      if (k == 8) mean_small += est / repeats;
      // Its product is the same matrix applied.
      const Eigen::VectorXd v = rng.normal_vector(3);
      CHECK((lethe::sampled_hvp(energy, gamma, sample, {}, v) - (est + energy.hess_f(gamma)) * v).norm() <
            1e-12 * data.norm() * v.norm());
    }
    rms.push_back(std::sqrt(squared / repeats));
  }
  // Quadrupling k halves the error (within the noise of 200 repeats).
  CHECK(rms[1] / rms[0] == Approx(0.5).margin(0.15));
  CHECK(rms[2] / rms[1] == Approx(0.5).margin(0.15));
  // Unbiased: the mean of 200 estimates from 8 rows is ~√60 closer than one of them.
  CHECK((mean_small - data).norm() / data.norm() < 3.0 * rms[0] / std::sqrt(double(repeats)));
}

TEST_CASE("sampled_hessian: fewer than one row rejected by name", "[bif][sampled_hessian][errors]") {
  const lethe::ActiveRows rows(10);
  lethe::Rng rng(0);
  REQUIRE_THROWS_AS(lethe::sample_active_rows(rows, 0, rng, "forgetStep"), lethe::InvalidArgument);
  REQUIRE_THROWS_WITH(lethe::sample_active_rows(rows, -3, rng, "forgetStep"),
                      Catch::Contains("forgetStep: parameter 'hessian_sample_rows'"));
}

TEST_CASE("copy_rows: the copies of the logistic, mixture and mean-field energies give the same sums",
          "[bif][sampled_hessian]") {
  const lethe::LabelledPoints mixture = lethe::make_mixture(lethe::bif_mixture_preset(400), 2);
  const lethe::GaussianMixtureEnergy gmm(mixture.x, 4);
  const lethe::LogisticRegressionEnergy logistic = sampled_hessian_test::make_energy(300);
  const lethe::MeanFieldVI vi(logistic, 2.0, 6, 9);
  const std::vector<int> ids = {7, 250, 7, 31, 0, 199};  // a repeated id is copied twice
  std::vector<int> local(ids.size());
  for (std::size_t j = 0; j < local.size(); ++j) local[j] = static_cast<int>(j);
  const std::vector<std::pair<const lethe::Energy*, Eigen::VectorXd>> cases = {
      {&gmm, lethe::state_from_means(lethe::label_means(mixture.x, mixture.labels, "test"))},
      {&logistic, sampled_hessian_test::some_state()},
      {&vi, lethe::MeanFieldVI::pack(sampled_hessian_test::some_state(), Eigen::Vector3d(0.3, 0.5, 0.2))}};
  for (const auto& [energy, gamma] : cases) {
    const std::unique_ptr<lethe::Energy> copy = energy->copy_rows(ids);
    REQUIRE(copy != nullptr);
    CHECK(copy->size() == static_cast<int>(ids.size()));
    CHECK(copy->value(gamma, local) == Approx(energy->value(gamma, ids)).epsilon(1e-13));
    CHECK((copy->gradient(gamma, local) - energy->gradient(gamma, ids)).norm() <
          1e-12 * energy->gradient(gamma, ids).norm());
    CHECK((copy->hessian(gamma, local) - energy->hessian(gamma, ids)).norm() <
          1e-12 * energy->hessian(gamma, ids).norm());
  }
}

TEST_CASE("KeptRowSample: forgotten rows leave the sample, the weight follows, half-empty samples are redrawn",
          "[bif][sampled_hessian]") {
  const lethe::LogisticRegressionEnergy energy = sampled_hessian_test::make_energy(2000);
  lethe::ActiveRows rows(2000);
  lethe::KeptRowSample kept(energy, rows, 200, 3, "test");
  REQUIRE(kept.ids().size() == 200);
  CHECK(kept.sample().scale == Approx(10.0));
  // The copy's rows are the drawn rows: its Hessian is the sum over them.
  const Eigen::VectorXd gamma = sampled_hessian_test::some_state();
  const Eigen::MatrixXd by_ids = energy.hessian(gamma, kept.ids()) - energy.hess_f(gamma);
  const Eigen::MatrixXd by_copy = kept.energy().hessian(gamma, kept.sample().ids) - energy.hess_f(gamma);
  CHECK((by_ids - by_copy).norm() < 1e-12 * by_ids.norm());
  // A request holding 30 drawn rows: they leave, the others stay in order.
  std::vector<int> request(kept.ids().begin(), kept.ids().begin() + 30);
  std::sort(request.begin(), request.end());
  request.erase(std::unique(request.begin(), request.end()), request.end());
  const std::vector<int> before = kept.ids();
  rows.forget(request, "test", "ids");
  kept.forget(request, rows);
  for (int id : kept.ids()) CHECK_FALSE(std::binary_search(request.begin(), request.end(), id));
  std::vector<int> expected;
  for (int id : before)
    if (!std::binary_search(request.begin(), request.end(), id)) expected.push_back(id);
  CHECK(kept.ids() == expected);
  CHECK(kept.sample().scale == Approx(static_cast<double>(rows.remaining()) / static_cast<double>(expected.size())));
  const Eigen::MatrixXd after = kept.energy().hessian(gamma, kept.sample().ids) - energy.hess_f(gamma);
  CHECK((after - (energy.hessian(gamma, expected) - energy.hess_f(gamma))).norm() < 1e-12 * after.norm());
  // Forgetting more than half of the draws: a fresh sample of 200 from the rows left.
  std::vector<int> most(kept.ids().begin(), kept.ids().begin() + 120);
  std::sort(most.begin(), most.end());
  most.erase(std::unique(most.begin(), most.end()), most.end());
  rows.forget(most, "test", "ids");
  kept.forget(most, rows);
  CHECK(kept.ids().size() == 200);
  for (int id : kept.ids()) CHECK(rows.is_active(id));
}

TEST_CASE("KeptRowSample: with k >= n it stays the exact sum over the rows in training", "[bif][sampled_hessian]") {
  const lethe::LogisticRegressionEnergy energy = sampled_hessian_test::make_energy(80);
  lethe::ActiveRows rows(80);
  lethe::KeptRowSample kept(energy, rows, 500, 1, "test");
  const Eigen::VectorXd gamma = sampled_hessian_test::some_state();
  for (const std::vector<int>& request : {std::vector<int>{4, 9}, std::vector<int>{70, 0, 33}}) {
    rows.forget(request, "test", "ids");
    kept.forget(request, rows);
    CHECK(kept.sample().scale == 1.0);
    const Eigen::MatrixXd exact = energy.hessian(gamma, rows.active_ids());
    CHECK((lethe::sampled_hessian(energy, gamma, kept, {}) - exact).norm() < 1e-12 * exact.norm());
  }
  REQUIRE_THROWS_WITH(lethe::KeptRowSample(energy, rows, 0, 1, "forgetStep"),
                      Catch::Contains("forgetStep: parameter 'hessian_sample_rows'"));
}
