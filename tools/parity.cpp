// `lethe parity exact|variational|bif`: fixed-seed results as JSON. The wasm tests
// run the same computations in the browser build and compare to 1e-12.
#include <iostream>

#include "base/datasets.hpp"
#include "base/rng.hpp"
#include "cli.hpp"
#include "exact/conjugate_regression.hpp"

namespace lethe::cli {

namespace {
std::vector<double> to_std(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }
std::vector<double> flatten_rows(const Eigen::MatrixXd& m) {
  std::vector<double> out;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) out.push_back(m(i, j));
  return out;
}
std::vector<double> labels(const Eigen::VectorXi& v) { return {v.data(), v.data() + v.size()}; }
}  // namespace

std::string parity_exact_json() {
  Rng rng(42);
  std::vector<double> uniforms, normals;
  for (int i = 0; i < 8; ++i) uniforms.push_back(rng.uniform());
  for (int i = 0; i < 8; ++i) normals.push_back(rng.normal());
  const LabelledPoints moons = make_moons(100, 0.2, 7);
  const LabelledPoints mixture = make_mixture(bif_mixture_preset(), 3);
  const Series1D series = make_regression_1d(40, 0.3, 11);

  ConjugateLinearRegression model(RbfFeatures(12, -3.0, 3.0, 0.6), 1.0, 0.09);
  model.fit(series.x, series.y);
  model.erase({3, 4, 5, 6, 20});
  model.erase({33});
  const Gaussian post = model.posterior();
  const Prediction pred = model.predict(Eigen::VectorXd::LinSpaced(9, -3.0, 3.0));

  std::string j = "{";
  j += "\"uniforms\":" + json_array(uniforms) + ",\"normals\":" + json_array(normals);
  j += ",\"moons\":{\"x\":" + json_array(flatten_rows(moons.x)) + ",\"labels\":" + json_array(labels(moons.labels)) + "}";
  j += ",\"mixture\":{\"x\":" + json_array(flatten_rows(mixture.x)) + ",\"labels\":" + json_array(labels(mixture.labels)) + "}";
  j += ",\"series\":{\"x\":" + json_array(to_std(series.x)) + ",\"y\":" + json_array(to_std(series.y)) + "}";
  j += ",\"posterior\":{\"mean\":" + json_array(to_std(post.mean())) +
       ",\"covariance\":" + json_array(flatten_rows(post.covariance())) + "}";
  j += ",\"prediction\":{\"mean\":" + json_array(to_std(pred.mean)) +
       ",\"std_dev\":" + json_array(to_std(pred.std_dev)) + "}";
  return j + "}";
}

int parity_main(const std::vector<std::string>& args) {
  const std::string area = args.empty() ? "exact" : args[0];
  if (area == "exact") std::cout << parity_exact_json() << "\n";
  else if (area == "variational") std::cout << parity_variational_json() << "\n";
  else if (area == "bif") std::cout << parity_bif_json() << "\n";
  else throw UsageError("unknown parity area '" + area + "' (exact, variational, bif)");
  return 0;
}

}  // namespace lethe::cli
