// The options of every experiment, described once (see base/option_spec.hpp): the CLI
// parses, checks and lists them from these sets, the bindings read JavaScript objects
// by them, and the JavaScript layer checks its arguments against them
// (lethe.optionSpecs()). Defaults are the structs' own default member initialisers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <lethe/base/option_spec.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/scale_sweep.hpp>

namespace lethe {

// --forget FILE|IDS of moons-kl, gmm-forget and bnn-forget: the rows to forget by id
// (--data's id column, else its row number from 0), a file of ids or "17,23", stored
// as text in `member`. The deprecated --erase is the same option.
template <class T>
Option<T> forget_ids_option(std::string T::*member, const char* doc) {
  return with_deprecated_name(option<T>("forget", member, any_value(), doc, "FILE|IDS"), "erase");
}

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

// Every set by name ("moons", "gmm", "bif_rate", "bnn", "scale"), for the bindings.
std::vector<std::pair<std::string, std::vector<OptionInfo>>> option_set_infos();

}  // namespace lethe
