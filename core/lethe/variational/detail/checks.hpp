// Argument checks shared by learning, EUBO and reverse KL: each names the function
// and the parameter, so the same mistake reads the same in every routine.
#pragma once

#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/options.hpp>

namespace lethe::variational_detail {

// A non-empty subset of the model's rows, and a Gaussian over the model's θ.
inline void check_problem(const char* fn, const LikelihoodModel& model, const std::vector<int>& subset,
                          const char* subset_name, const Gaussian& q, const char* q_name) {
  if (subset.empty()) fail_argument(fn, subset_name, "is empty");
  check_subset(model, subset, fn, subset_name);
  check_size(fn, q_name, static_cast<long>(q.dim()), static_cast<long>(model.dim()));
}

// The paper protocol: Adam's steps, samples per step and learning rate.
inline void check_paper_options(const char* fn, const VariationalOptions& options) {
  check_at_least(fn, "options.steps", options.steps, 0);
  check_at_least(fn, "options.samples", options.samples, 1);
  check_positive(fn, "options.learning_rate", options.learning_rate);
}

// The fast protocol of learning and EUBO: L-BFGS and the averaged EUBO iteration.
inline void check_fast_options(const char* fn, const VariationalOptions& options) {
  check_at_least(fn, "options.max_iterations", options.max_iterations, 1);
  check_positive(fn, "options.gradient_tolerance", options.gradient_tolerance);
  check_at_least(fn, "options.mc_samples", options.mc_samples, 1);
  check_at_least(fn, "options.mc_steps", options.mc_steps, 1);
  check_positive(fn, "options.mc_step_size", options.mc_step_size);
}

// The options learning and EUBO read under their protocol.
inline void check_options(const char* fn, const VariationalOptions& options) {
  if (options.protocol == Protocol::fast)
    check_fast_options(fn, options);
  else
    check_paper_options(fn, options);
}

}  // namespace lethe::variational_detail
