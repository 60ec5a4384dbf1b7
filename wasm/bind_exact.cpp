// Bindings for the foundation: random numbers, data sets, CSV, Gaussians and
// exact Bayesian unlearning. Thin by design: convert, call the core, convert back.
#include <malloc.h>

#include <emscripten/bind.h>
#include <emscripten/heap.h>

#include <lethe/base/csv.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/exact/conjugate_regression.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

val series_to_js(const Series1D& s) {
  val out = val::object();
  out.set("x", to_js(s.x));
  out.set("y", to_js(s.y));
  return out;
}

// 0, 1, …, count − 1 in the seeded random order of the core's shuffled().
val shuffled_rows_js(double seed, int count) {
  return guarded([&] {
    const char* fn = "shuffledRows";
    check_at_least(fn, "count", count, 0);
    std::vector<int> rows(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = i;
    return to_js(shuffled(std::move(rows), to_seed(seed, fn)));
  });
}

val random_stream(double seed, int count) {
  return guarded([&] {
    const char* fn = "randomStream";
    check_at_least(fn, "count", count, 0);
    Rng rng(to_seed(seed, fn));
    Eigen::VectorXd u(count), z(count);
    for (int i = 0; i < count; ++i) u[i] = rng.uniform();
    for (int i = 0; i < count; ++i) z[i] = rng.normal();
    val out = val::object();
    out.set("uniforms", to_js(u));
    out.set("normals", to_js(z));
    return out;
  });
}

// The generators' arguments are read by the core's descriptions (option_sets.hpp).
val make_moons_js(const val& options) {
  return guarded([&] {
    MoonsDataOptions o;
    read_options(moons_data_option_set(), options, o, "makeMoons");
    return labelled_to_js(make_moons(o.n, o.noise, o.seed));
  });
}

val make_bif_mixture_js(const val& options) {
  return guarded([&] {
    MixtureDataOptions o;
    read_options(mixture_data_option_set(), options, o, "makeBifMixture");
    return labelled_to_js(make_mixture(bif_mixture_preset(o.n), o.seed));
  });
}

val make_regression_1d_js(const val& options) {
  return guarded([&] {
    RegressionDataOptions o;
    read_options(regression_data_option_set(), options, o, "makeRegression1d");
    return series_to_js(make_regression_1d(o.n, o.noise, o.seed));
  });
}

val parse_labelled_csv_js(const std::string& text, const std::string& source) {
  return guarded([&] { return labelled_to_js(parse_labelled_csv(text, source)); });
}

val parse_series_csv_js(const std::string& text, const std::string& source) {
  return guarded([&] { return series_to_js(parse_series_csv(text, source)); });
}

double gaussian_kl_js(const val& mean_a, const val& cov_a, const val& mean_b, const val& cov_b) {
  return guarded([&] {
    const char* fn = "gaussianKl";
    Eigen::VectorXd ma = to_vector(mean_a, fn, "meanA"), mb = to_vector(mean_b, fn, "meanB");
    Gaussian a = Gaussian::from_covariance(ma, to_matrix(cov_a, ma.size(), fn, "covarianceA"));
    Gaussian b = Gaussian::from_covariance(mb, to_matrix(cov_b, mb.size(), fn, "covarianceB"));
    return kl_divergence(a, b);
  });
}

// Heap figures for leak checks: bytes in use by malloc, and the wasm memory size.
val heap_stats() {
  const struct mallinfo info = mallinfo();
  val out = val::object();
  out.set("allocatedBytes", static_cast<double>(info.uordblks));
  out.set("heapBytes", static_cast<double>(emscripten_get_heap_size()));
  return out;
}

ConjugateLinearRegression fitted_regression(const val& x, const val& y, const val& options, const char* fn) {
  ExactRegressionOptions o;
  read_options(exact_regression_option_set(), options, o, fn);
  ConjugateLinearRegression model(RbfFeatures(o.features, o.lo, o.hi, o.width), o.prior_precision, o.noise_variance);
  model.fit(to_vector(x, fn, "x"), to_vector(y, fn, "y"));
  return model;
}

val prediction_to_js(const Prediction& p) {
  val out = val::object();
  out.set("mean", to_js(p.mean));
  out.set("stdDev", to_js(p.std_dev));
  return out;
}

// The core's one-shot comparison (compare_exact_forgetting) of forgetting `forget`
// with retraining on the rest: { original, forgotten, retrained (each {mean, stdDev}
// on the grid), maxPredictionDifference, maxPosteriorDifference }.
val exact_forget_js(const val& x, const val& y, const val& forget, const val& grid, const val& options) {
  return guarded([&] {
    const char* fn = "exactForget";
    const ExactForgetComparison c = compare_exact_forgetting(
        fitted_regression(x, y, options, fn), to_ints(forget, fn, "forget"), to_vector(grid, fn, "grid"));
    val out = val::object();
    out.set("original", prediction_to_js(c.original));
    out.set("forgotten", prediction_to_js(c.forgotten));
    out.set("retrained", prediction_to_js(c.retrained));
    out.set("maxPredictionDifference", c.max_prediction_difference);
    out.set("maxPosteriorDifference", c.max_posterior_difference);
    return out;
  });
}

// Stateful exact-unlearning model; JavaScript owns it and must call delete().
class ExactRegression {
 public:
  ExactRegression(const val& x, const val& y, const val& options)
      : model_(guarded([&] { return fitted_regression(x, y, options, "ExactRegression"); })) {}

  void forget(const val& ids) {
    guarded([&] {
      model_.forget(to_ints(ids, "ConjugateLinearRegression::forget", "ids"));
      return 0;
    });
  }
  val posterior() const {
    return guarded([&] { return gaussian_to_js(model_.posterior()); });
  }
  val retrained_posterior() const {
    return guarded([&] { return gaussian_to_js(model_.retrained().posterior()); });
  }
  val predict(const val& xs) const {
    return guarded([&] { return prediction_to_js(model_.predict(to_vector(xs, "ExactRegression::predict", "xs"))); });
  }
  val predict_retrained(const val& xs) const {
    return guarded([&] {
      return prediction_to_js(model_.retrained().predict(to_vector(xs, "ExactRegression::predictRetrained", "xs")));
    });
  }
  int remaining() const { return model_.rows().remaining(); }
  val forgotten_ids() const { return to_js(model_.rows().forgotten_ids()); }

 private:
  ConjugateLinearRegression model_;
};

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_exact) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("randomStream", &random_stream);
  function("shuffledRows", &shuffled_rows_js);
  function("makeMoons", &make_moons_js);
  function("makeBifMixture", &make_bif_mixture_js);
  function("makeRegression1d", &make_regression_1d_js);
  function("parseLabelledCsv", &parse_labelled_csv_js);
  function("parseSeriesCsv", &parse_series_csv_js);
  function("gaussianKl", &gaussian_kl_js);
  function("heapStats", &heap_stats);
  function("exactForget", &exact_forget_js);
  class_<ExactRegression>("ExactRegression")
      .constructor<const val&, const val&, const val&>()
      .function("forget", &ExactRegression::forget)
      .function("posterior", &ExactRegression::posterior)
      .function("retrainedPosterior", &ExactRegression::retrained_posterior)
      .function("predict", &ExactRegression::predict)
      .function("predictRetrained", &ExactRegression::predict_retrained)
      .function("remaining", &ExactRegression::remaining)
      .function("forgottenIds", &ExactRegression::forgotten_ids);
}
