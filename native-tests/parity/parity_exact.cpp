// The foundation: the random stream, the data sets, and exact unlearning of the
// conjugate regression after two forget calls.
#include <lethe/base/datasets.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/exact/conjugate_regression.hpp>
#include "parity.hpp"

namespace lethe::parity {

namespace {
std::string points_json(const LabelledPoints& d) {
  JsonObject out;
  out.raw("x", json_flat_rows(d.x));
  out.raw("labels", json_array(d.labels));
  return out.str();
}
}  // namespace

std::string exact_json() {
  Rng rng(42);
  std::vector<double> uniforms, normals;
  for (int i = 0; i < 8; ++i) uniforms.push_back(rng.uniform());
  for (int i = 0; i < 8; ++i) normals.push_back(rng.normal());
  const Series1D series = make_regression_1d(40, 0.3, 11);

  ConjugateLinearRegression model(RbfFeatures(12, -3.0, 3.0, 0.6), 1.0, 0.09);
  model.fit(series.x, series.y);
  model.forget({3, 4, 5, 6, 20});
  model.forget({33});
  const Gaussian post = model.posterior();
  const Prediction pred = model.predict(Eigen::VectorXd::LinSpaced(9, -3.0, 3.0));

  JsonObject out;
  out.vector("uniforms", uniforms);
  out.vector("normals", normals);
  std::vector<double> order;
  for (int row : shuffled(std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 42)) order.push_back(row);
  out.vector("shuffled_rows", order);
  out.raw("moons", points_json(make_moons(100, 0.2, 7)));
  out.raw("mixture", points_json(make_mixture(bif_mixture_preset(), 3)));
  JsonObject series_json;
  series_json.vector("x", series.x);
  series_json.vector("y", series.y);
  out.raw("series", series_json.str());
  JsonObject posterior;
  posterior.vector("mean", post.mean());
  posterior.raw("covariance", json_flat_rows(post.covariance()));
  out.raw("posterior", posterior.str());
  JsonObject prediction;
  prediction.vector("mean", pred.mean);
  prediction.vector("std_dev", pred.std_dev);
  out.raw("prediction", prediction.str());
  return out.str();
}

}  // namespace lethe::parity
