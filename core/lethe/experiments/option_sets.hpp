// The options of every experiment, described once (see base/option_spec.hpp): the CLI
// parses, checks and lists them from these sets, the bindings read JavaScript objects
// by them, and the JavaScript layer checks its arguments against them
// (lethe.optionSpecs()). Defaults are the structs' own default member initialisers.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <lethe/base/option_spec.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include <lethe/model/model.hpp>

namespace lethe {

// --forget FILE|IDS of moons-kl, gmm-forget and bnn-forget: the rows to forget by id
// (--data's id column, else its row number from 0), a file of ids or "17,23", stored
// as text in `member`. The deprecated --erase is the same option.
template <class T>
Option<T> forget_ids_option(std::string T::*member, const char* doc) {
  return with_deprecated_name(option<T>("forget", member, any_value(), doc, "FILE|IDS"), "erase");
}

// The arguments of the generators and of the exact-regression model, as option
// structs: makeRegression1d, makeBifMixture, ExactRegression and bnnDataset read them
// (makeMoons reads MoonsDataOptions, moons_forgetting.hpp).
struct RegressionDataOptions {  // make_regression_1d(n, noise, seed)
  int n = 40;
  double noise = 0.3;
  std::uint64_t seed = 0;
};
struct MixtureDataOptions {  // make_mixture(bif_mixture_preset(n), seed)
  int n = kBifMixtureSize;
  std::uint64_t seed = 0;
};
// ConjugateLinearRegression(RbfFeatures(features, lo, hi, width), prior_precision, noise_variance).
struct ExactRegressionOptions {
  int features = 12;
  double lo = -3.0, hi = 3.0, width = 0.6;
  double prior_precision = 1.0, noise_variance = 0.09;
};
// bnn_generated_data(dataset, seed, rows); `lethe bnn-forget` also reads the bundled digits.
struct BnnDatasetOptions {
  std::string dataset = "moons";
  std::uint64_t seed = 0;
  int rows = 0;  // points generated; 0: the data set's own count (bnn_generated_rows)
};
// BnnProblem::forget(method, lambda): what `lethe bnn-forget --lambda` and
// BnnProblem.forget({method, lambda}) pass besides the method.
struct BnnForgetRequest {
  double lambda = 0.0;
};

// makeMoons.
const OptionSet<MoonsDataOptions>& moons_data_option_set();
// makeRegression1d.
const OptionSet<RegressionDataOptions>& regression_data_option_set();
// makeBifMixture.
const OptionSet<MixtureDataOptions>& mixture_data_option_set();
// ExactRegression / fitExactRegression / exactForget's `options`.
const OptionSet<ExactRegressionOptions>& exact_regression_option_set();
// bnnDataset, and `lethe bnn-forget`'s --dataset, --seed and --rows.
const OptionSet<BnnDatasetOptions>& bnn_dataset_option_set();
// bnn-forget's --lambda; BnnProblem.forget's lambda.
const OptionSet<BnnForgetRequest>& bnn_forget_option_set();
// `lethe gmm-forget`'s --scenario and --request-size, gmmForget, GmmRetrainPolicy.start
// and the mixture panel: which rows, in requests of how many.
const OptionSet<GmmRequestOptions>& gmm_request_option_set();

// MoonsProblem.forget's method and lambda.
const OptionSet<MoonsForgetRequest>& moons_forget_option_set();
// `lethe moons-kl`'s --scenario and --lambdas, moonsKlSweep's.
const OptionSet<MoonsSweepRequest>& moons_sweep_option_set();
// `lethe moons-kl`, moonsProblem / moonsKlSweep: the kernel and VariationalOptions.
const OptionSet<MoonsSettings>& moons_option_set();
// `lethe gmm-forget`, GmmForgetting / gmmForget.
const OptionSet<GmmForgettingOptions>& gmm_option_set();
// `lethe bif-rate`, bifRate.
const OptionSet<RateOptions>& rate_option_set();
// `lethe bnn-forget`, BnnProblem; the defaults shown are bnn_defaults(2) (2-D data).
const OptionSet<BnnOptions>& bnn_option_set();
// `lethe bnn-forget --dataset fashion-mnist`: how many images it takes.
const OptionSet<BnnDataOptions>& bnn_data_option_set();
// `lethe scale`, runScale.
const OptionSet<ScaleOptions>& scale_option_set();

// Every set by name ("moons", "gmm", "bif_rate", "bnn", "scale", "make_moons", ...,
// and the lifecycle's "model_forget" and "model_retrain"), for the bindings.
std::vector<std::pair<std::string, std::vector<OptionInfo>>> option_set_infos();

}  // namespace lethe
