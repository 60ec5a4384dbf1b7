// The BNN's multilayer perceptron: backpropagation gradients and R-operator
// Hessian-vector products against central finite differences (seeded random
// parameters and data; tanh and ReLU; logistic and softmax outputs), and bad input.
#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/mean_field.hpp>
#include <lethe/bnn/mlp.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

namespace {

ClassificationData bnn_random_data(int n, int features, int classes, std::uint64_t seed) {
  Rng rng(seed);
  ClassificationData d;
  d.x = rng.normal_matrix(n, features);
  d.labels.resize(n);
  for (int i = 0; i < n; ++i) d.labels[i] = i % classes;  // every class present
  d.classes = classes;
  return d;
}

MlpShape shape(int inputs, std::vector<int> hidden, int classes, Activation act) {
  MlpShape s;
  s.inputs = inputs;
  s.hidden = std::move(hidden);
  s.classes = classes;
  s.activation = act;
  return s;
}

double total_nll(const Mlp& mlp, const Eigen::VectorXd& theta, const ClassificationData& d) {
  return mlp.nll(theta, d.x, d.labels, Eigen::VectorXd::Ones(d.size()), nullptr);
}

Eigen::VectorXd total_grad(const Mlp& mlp, const Eigen::VectorXd& theta, const ClassificationData& d) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(theta.size());
  mlp.nll(theta, d.x, d.labels, Eigen::VectorXd::Ones(d.size()), &g);
  return g;
}

}  // namespace

TEST_CASE("MLP gradient and Hessian-vector product match finite differences", "[bnn]") {
  const auto [classes, act] = GENERATE(std::make_pair(2, Activation::tanh), std::make_pair(3, Activation::tanh),
                                       std::make_pair(4, Activation::relu), std::make_pair(2, Activation::relu));
  const Mlp mlp(shape(3, {5, 4}, classes, act));
  const ClassificationData d = bnn_random_data(7, 3, classes, 11);
  Rng rng(5);
  const Eigen::VectorXd theta = rng.normal_vector(mlp.parameter_count());
  const Eigen::VectorXd v = rng.normal_vector(mlp.parameter_count());
  const double eps = 1e-6;

  // ∇h against (h(θ+εe_j) − h(θ−εe_j)) / 2ε, coordinate by coordinate.
  const Eigen::VectorXd g = total_grad(mlp, theta, d);
  for (Eigen::Index j = 0; j < theta.size(); ++j) {
    Eigen::VectorXd a = theta, b = theta;
    a[j] += eps;
    b[j] -= eps;
    const double fd = (total_nll(mlp, a, d) - total_nll(mlp, b, d)) / (2 * eps);
    REQUIRE(g[j] == Approx(fd).margin(1e-6));
  }
  // Hv against (∇h(θ+εv) − ∇h(θ−εv)) / 2ε.
  Eigen::VectorXd hv = Eigen::VectorXd::Zero(theta.size());
  mlp.add_hvp(theta, d.x, d.labels, Eigen::VectorXd::Ones(d.size()), v, hv);
  const Eigen::VectorXd fd = (total_grad(mlp, theta + eps * v, d) - total_grad(mlp, theta - eps * v, d)) / (2 * eps);
  REQUIRE((hv - fd).norm() <= 1e-5 * (1.0 + fd.norm()));
  // The product is linear in v and not identically zero.
  REQUIRE(hv.norm() > 1e-3);
}

TEST_CASE("BNN energy: per-row sums, row weights, prior and dense Hessian agree", "[bnn]") {
  const Mlp mlp(shape(2, {4}, 3, Activation::tanh));
  const BnnEnergy energy(mlp, bnn_random_data(6, 2, 3, 2), 2.0);
  Rng rng(9);
  const Eigen::VectorXd theta = rng.normal_vector(energy.dim());
  const Eigen::VectorXd v = rng.normal_vector(energy.dim());
  const std::vector<int> rows = {0, 2, 3, 5};
  // Energy's per-row sums against the batched ones.
  Eigen::VectorXd g = Eigen::VectorXd::Zero(energy.dim());
  const double value = energy.batch_nll(theta, rows, 1.0, &g);
  REQUIRE(energy.value(theta, rows) == Approx(value + theta.squaredNorm() / 4.0));
  REQUIRE((energy.gradient(theta, rows) - (g + theta / 2.0)).norm() < 1e-12);
  const Eigen::MatrixXd H = energy.hessian(theta, rows);
  REQUIRE((H - H.transpose()).norm() < 1e-10);
  REQUIRE((H * v - energy.hvp(theta, rows, v)).norm() < 1e-10);
}

TEST_CASE("BNN model and data reject bad input by name", "[bnn]") {
  const Mlp mlp(shape(2, {4}, 3, Activation::tanh));
  SECTION("wrong feature count") {
    REQUIRE_THROWS_WITH(BnnEnergy(mlp, bnn_random_data(6, 3, 3, 1), 1.0),
                        Contains("BnnEnergy: parameter 'data' has 3 features per row, the model expects 2"));
  }
  SECTION("one class only") {
    ClassificationData d = bnn_random_data(6, 2, 3, 1);
    d.labels.setZero();
    REQUIRE_THROWS_WITH(BnnEnergy(mlp, d, 1.0), Contains("parameter 'labels' must hold at least two classes (got 1)"));
  }
  SECTION("label out of range") {
    ClassificationData d = bnn_random_data(6, 2, 3, 1);
    d.labels[4] = 3;
    REQUIRE_THROWS_WITH(BnnEnergy(mlp, d, 1.0), Contains("parameter 'labels' holds 3 at row 4, outside [0, 3)"));
  }
  SECTION("bad shape") {
    REQUIRE_THROWS_AS(Mlp{shape(2, {0}, 3, Activation::tanh)}, InvalidArgument);
    REQUIRE_THROWS_WITH(Mlp{shape(2, {4}, 1, Activation::tanh)},
                        Contains("Mlp: parameter 'shape.classes' must be at least 2"));
  }
  SECTION("probabilities of rows with the wrong width") {
    const Eigen::VectorXd theta = Eigen::VectorXd::Zero(mlp.parameter_count());
    REQUIRE_THROWS_WITH(mlp.probabilities(theta, Eigen::MatrixXd::Zero(2, 5)),
                        Contains("Mlp::probabilities: parameter 'x' has 5 features per row"));
  }
  SECTION("scenarios") {
    const ClassificationData d = bnn_random_data(20, 2, 2, 3);
    REQUIRE_THROWS_WITH(scenario_ids(d, "class:7", 0, "bnn"),
                        Contains("bnn: parameter 'scenario' 'class:7': class must be an integer in [0, 2)"));
    REQUIRE_THROWS_WITH(scenario_ids(d, "everything", 0, "bnn"), Contains("must be 'class:K', 'random:P' or 'tip'"));
    REQUIRE_THROWS_WITH(scenario_ids(bnn_random_data(20, 3, 2, 3), "tip", 0, "bnn"), Contains("'tip' needs 2-D data"));
    std::vector<int> all(20);
    for (int i = 0; i < 20; ++i) all[std::size_t(i)] = i;
    REQUIRE_THROWS_AS(check_forget_ids(d, all, "bnn", "ids"), InvalidArgument);
    // Forgetting a class of a two-class problem would leave one class: refused.
    REQUIRE_THROWS_WITH(scenario_ids(d, "class:1", 0, "bnn"), Contains("would leave a single class in training"));
    REQUIRE(scenario_ids(bnn_random_data(21, 2, 3, 3), "class:1", 0, "bnn").size() == 7);
    REQUIRE(scenario_ids(d, "random:0.25", 4, "bnn").size() == 5);
  }
  SECTION("CSV") {
    REQUIRE_THROWS_WITH(parse_classification_csv("1,2,0\n1,2\n", "f.csv"),
                        Contains("f.csv:2: has 2 fields, the first row has 3"));
    REQUIRE_THROWS_WITH(parse_classification_csv("1,2,0.5\n", "f.csv"),
                        Contains("f.csv:1: label must be a non-negative integer"));
    const ClassificationData d = parse_classification_csv("a,b,label\n1,2,0\n3,4,2\n", "f.csv");
    REQUIRE(d.size() == 2);
    REQUIRE(d.classes == 3);
  }
}

TEST_CASE("Two spirals and the split are deterministic in the seed", "[bnn]") {
  const ClassificationData a = make_two_spirals(50, 0.1, 3), b = make_two_spirals(50, 0.1, 3);
  REQUIRE(a.x == b.x);
  REQUIRE(a.labels.sum() == 25);
  const TrainTestSplit s = train_test_split(50, 0.2, 1);
  REQUIRE(s.test.size() == 10);
  REQUIRE(s.train.size() == 40);
  REQUIRE(train_test_split(50, 0.2, 1).test == s.test);
  REQUIRE(train_test_split(50, 0.2, 2).test != s.test);
}

TEST_CASE("Variational energy: gradient and HVP in (m, log s) match finite differences", "[bnn]") {
  const Mlp mlp(shape(2, {4}, 3, Activation::tanh));
  const BnnEnergy base(mlp, bnn_random_data(6, 2, 3, 4), 1.5);
  const MeanFieldEnergy energy(base, 4, 8);
  Rng rng(12);
  Eigen::VectorXd gamma(energy.dim());
  gamma.head(base.dim()) = rng.normal_vector(base.dim());
  gamma.tail(base.dim()) = -1.0 + 0.3 * rng.normal_vector(base.dim()).array();
  const Eigen::VectorXd v = rng.normal_vector(energy.dim());
  const std::vector<int> rows = {0, 1, 3, 4, 5};
  auto value = [&](const Eigen::VectorXd& g) { return energy.value(g, rows, 2.0, true, nullptr); };
  auto gradient = [&](const Eigen::VectorXd& g) {
    Eigen::VectorXd out;
    energy.value(g, rows, 2.0, true, &out);
    return out;
  };
  const double eps = 1e-6;
  const Eigen::VectorXd g = gradient(gamma);
  for (Eigen::Index j = 0; j < gamma.size(); ++j) {
    Eigen::VectorXd a = gamma, b = gamma;
    a[j] += eps;
    b[j] -= eps;
    REQUIRE(g[j] == Approx((value(a) - value(b)) / (2 * eps)).margin(1e-6));
  }
  const Eigen::VectorXd fd = (gradient(gamma + eps * v) - gradient(gamma - eps * v)) / (2 * eps);
  const Eigen::VectorXd hv = energy.hvp(gamma, rows, 2.0, v);
  REQUIRE((hv - fd).norm() <= 1e-5 * (1.0 + fd.norm()));
}

TEST_CASE("Gauss-Newton products: symmetric, positive semi-definite, exact without hidden layers", "[bnn]") {
  const ClassificationData d = bnn_random_data(9, 3, 3, 21);
  const Eigen::VectorXd w = Eigen::VectorXd::Ones(d.size());
  Rng rng(22);
  auto product = [&](const Mlp& mlp, const Eigen::VectorXd& theta, const Eigen::VectorXd& v, bool gn) {
    Eigen::VectorXd out = Eigen::VectorXd::Zero(theta.size());
    mlp.add_hvp(theta, d.x, d.labels, w, v, out, gn);
    return out;
  };
  const Mlp deep(shape(3, {5}, 3, Activation::tanh));
  const Eigen::VectorXd theta = rng.normal_vector(deep.parameter_count());
  const Eigen::VectorXd u = rng.normal_vector(theta.size()), v = rng.normal_vector(theta.size());
  REQUIRE(u.dot(product(deep, theta, v, true)) == Approx(v.dot(product(deep, theta, u, true))));
  for (int k = 0; k < 5; ++k) {
    const Eigen::VectorXd z = rng.normal_vector(theta.size());
    REQUIRE(z.dot(product(deep, theta, z, true)) >= 0.0);
  }
  // No hidden layer (softmax regression): the logits are linear in θ, J has no
  // curvature, and the Gauss–Newton matrix is the Hessian.
  const Mlp linear(shape(3, {}, 3, Activation::tanh));
  const Eigen::VectorXd t2 = rng.normal_vector(linear.parameter_count());
  const Eigen::VectorXd v2 = rng.normal_vector(t2.size());
  REQUIRE((product(linear, t2, v2, true) - product(linear, t2, v2, false)).norm() < 1e-12);
}

TEST_CASE("read_uci_digits: the shipped digits, pixels scaled from counts 0-16 to [0, 1]", "[bnn]") {
  const std::string path = std::string(LETHE_SOURCE_DIR) + "/data/digits.csv";
  const lethe::ClassificationData raw = lethe::read_classification_csv(path);
  const lethe::ClassificationData d = lethe::read_uci_digits(path);
  CHECK(d.x.rows() == 1797);
  CHECK(d.x.cols() == 64);
  CHECK(d.classes == 10);
  CHECK(d.labels == raw.labels);
  CHECK(raw.x.maxCoeff() == lethe::kDigitsPixelMax);
  CHECK(d.x.minCoeff() == 0.0);
  CHECK(d.x.maxCoeff() == 1.0);
  CHECK((d.x * lethe::kDigitsPixelMax - raw.x).cwiseAbs().maxCoeff() == 0.0);
}
