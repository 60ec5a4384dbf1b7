// The settings shared by variational learning (learning.hpp), EUBO unlearning
// (eubo.hpp) and reverse-KL unlearning (reverse_kl.hpp): one options struct for all
// three, since the experiments run them with one configuration. Every routine runs
// under one of two protocols:
//
//   paper  the published set-up literally: Adam (learning rate 1e-3), `samples` fresh
//          reparameterised Monte Carlo samples per step, `steps` steps; learning
//          starts wherever the caller says (the experiment uses m = 0, L = I); the
//          indicator of the adjusted likelihood carries no gradient.
//   fast   the same optima sooner: quadrature and L-BFGS where the objective is
//          smooth, the paper's own iteration made cheaper where it is not (the EUBO
//          for 0 < λ < 1), and the reverse KL's optimum in closed form. Each header
//          says how its objective is solved.
#pragma once

#include <cstdint>

#include <lethe/base/names.hpp>

namespace lethe {

enum class Protocol { fast, paper };
template <>
struct EnumNames<Protocol> {
  static constexpr Named<Protocol> entries[] = {{Protocol::fast, "fast", "fast"}, {Protocol::paper, "paper", "paper"}};
};

// The two ways of forgetting from q(θ|D) and D_e alone: the EUBO and the reverse KL,
// both with the adjusted likelihood p̃_λ (eubo.hpp, reverse_kl.hpp).
enum class ForgetMethod { eubo, reverse_kl };
template <>
struct EnumNames<ForgetMethod> {
  static constexpr Named<ForgetMethod> entries[] = {{ForgetMethod::eubo, "eubo", "EUBO"},
                                                    {ForgetMethod::reverse_kl, "rkl", "rKL"}};
};

// The two readings of the reverse KL's Monte Carlo objective (see forget_reverse_kl).
enum class ReverseKlEstimator { published, adaptive };
template <>
struct EnumNames<ReverseKlEstimator> {
  static constexpr Named<ReverseKlEstimator> entries[] = {{ReverseKlEstimator::published, "published", "published"},
                                                          {ReverseKlEstimator::adaptive, "adaptive", "adaptive"}};
};

struct VariationalOptions {
  Protocol protocol = Protocol::fast;
  std::uint64_t seed = 0;

  // fast: L-BFGS on the (whitened) objective.
  int max_iterations = 2000;
  double gradient_tolerance = 1e-7;
  // fast EUBO with 0 < λ < 1: common random numbers, preconditioned steps
  // γ_t = mc_step_size / (1 + t/10)^0.6, and the Polyak average of the last half.
  int mc_samples = 1000;
  int mc_steps = 50;
  double mc_step_size = 0.5;
  // fast reverse KL: which optimum (see forget_reverse_kl), and for `published`
  // the number of batches of `samples` draws whose self-normalised moments are averaged.
  ReverseKlEstimator rkl_estimator = ReverseKlEstimator::published;
  int rkl_batches = 40;
  // adaptive reverse KL: importance samples per round, the fraction of the ESS each
  // tempering step keeps, the limit on tempering rounds, and the rounds at the
  // target (β = 1) whose estimates are pooled.
  int is_samples = 1500;
  double ess_fraction = 0.5;
  int max_rounds = 40;
  int final_rounds = 4;

  // paper: Adam (`samples` is also the published reverse KL's batch in fast).
  int steps = 30000;
  int samples = 1000;
  double learning_rate = 1e-3;
};

}  // namespace lethe
