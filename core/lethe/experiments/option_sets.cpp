#include <lethe/experiments/option_sets.hpp>

namespace lethe {

const OptionSet<MoonsSettings>& moons_option_set() {
  using S = MoonsSettings;
  static const OptionSet<S> set(
      "moons", {option<S>(
                    "seed", [](auto& s) -> auto& { return s.options.seed; }, at_least(0),
                    "seed of the data and of every random draw"),
                option<S>(
                    "protocol", [](auto& s) -> auto& { return s.options.protocol; }, any_value(),
                    "fast: the same optima sooner; paper: the published set-up literally"),
                option<S>("lengthscales", &S::lengthscales, entries(positive(), 2, 2), "the kernel's lengthscales a,b"),
                option<S>("variance", &S::variance, positive(), "the kernel's variance"),
                option<S>(
                    "mc_samples", [](auto& s) -> auto& { return s.options.mc_samples; }, at_least(1),
                    "fast EUBO, 0 < lambda < 1: Monte Carlo samples per step"),
                option<S>(
                    "mc_steps", [](auto& s) -> auto& { return s.options.mc_steps; }, at_least(1),
                    "fast EUBO, 0 < lambda < 1: steps"),
                option<S>(
                    "rkl_estimator", [](auto& s) -> auto& { return s.options.rkl_estimator; }, any_value(),
                    "fast reverse KL: the published estimator or the adaptive one"),
                option<S>(
                    "rkl_batches", [](auto& s) -> auto& { return s.options.rkl_batches; }, at_least(1),
                    "published reverse KL: batches of --samples draws"),
                option<S>(
                    "is_samples", [](auto& s) -> auto& { return s.options.is_samples; }, at_least(1),
                    "adaptive reverse KL: importance samples per round"),
                option<S>(
                    "steps", [](auto& s) -> auto& { return s.options.steps; }, at_least(1), "paper: Adam steps"),
                option<S>(
                    "samples", [](auto& s) -> auto& { return s.options.samples; }, at_least(1),
                    "paper: Monte Carlo samples per step (fast: the reverse KL's batch)"),
                option<S>(
                    "learning_rate", [](auto& s) -> auto& { return s.options.learning_rate; }, positive(),
                    "paper: Adam's learning rate")});
  return set;
}

const OptionSet<MoonsForgetRequest>& moons_forget_option_set() {
  using R = MoonsForgetRequest;
  static const OptionSet<R> set("moons_forget",
                                {option<R>("method", &R::method, any_value(), "EUBO or reverse KL"),
                                 option<R>("lambda", &R::lambda, in_range(0, 1),
                                           "lambda of the adjusted likelihood (0: remove D_e's likelihood)")});
  return set;
}

const OptionSet<MoonsSweepRequest>& moons_sweep_option_set() {
  using R = MoonsSweepRequest;
  static const OptionSet<R> set("moons_sweep", [] {
    std::string names;
    for (const std::string& name : moons_scenarios()) names += (names.empty() ? "" : "|") + name;
    return std::vector<Option<R>>{
        option<R>("scenario", &R::scenario, any_value(), "the rows to forget by preset (instead of --forget)",
                  names.c_str()),
        option<R>("lambdas", &R::lambdas, entries(in_range(0, 1), 1), "the values of lambda swept")};
  }());
  return set;
}

const OptionSet<GmmForgettingOptions>& gmm_option_set() {
  using G = GmmForgettingOptions;
  static const OptionSet<G> set(
      "gmm",
      {option<G>("sampler", &G::inference, any_value(), "how the mixture's means are fitted"),
       option<G>("iterations", &G::iterations, at_least(1), "sampler iterations (VI: stochastic-gradient iterations)"),
       option<G>("batch", &G::batch, at_least(1), "minibatch size"),
       option<G>("step_scale", &G::step_scale, at_least(0), "a in eta_t = a t^b / n; 0: 2 (SGHMC) or 4 (SGLD)"),
       option<G>("step_exponent", &G::step_exponent, any_value(), "b in eta_t = a t^b / n"),
       option<G>("friction", &G::friction, {0.0, 1.0, true, 0, 0}, "SGHMC's friction alpha"),
       option<G>("gradient_samples", &G::gradient_samples, at_least(1),
                 "M: sampler steps per batch estimating the mean gradient"),
       option<G>("hessian_samples", &G::hessian_samples, at_least(1), "M_H <= M of them estimating the mean Hessian"),
       option<G>("residual_budget", &G::residual_budget, at_least(0),
                 "recommend retraining once the accumulated residual passes this (0: never)"),
       option<G>("window", &G::window, at_least(1), "sample-set size of an SG-MCMC fit"),
       option<G>("vi_draws", &G::vi_draws, at_least(1), "fixed reparameterisation draws of the VI energy"),
       option<G>("vi_learning_rate", &G::vi_learning_rate, positive(), "Adam step of the stochastic VI phase"),
       option<G>("seed", &G::seed, at_least(0), "seed of the data and of the fits"),
       option<G>(
           "solver", [](auto& o) -> auto& { return o.influence.solver; }, any_value(),
           "how the influence step solves its linear system"),
       option<G>(
           "hessian_without_batch", [](auto& o) -> auto& { return o.influence.hessian_without_batch; }, any_value(),
           "leave the removed batch out of the step's Hessian")});
  return set;
}

const OptionSet<RateOptions>& rate_option_set() {
  using R = RateOptions;
  static const OptionSet<R> set(
      "bif_rate", {option<R>("removals", &R::removals, at_least(1), "removed points averaged over at each size"),
                   option<R>("vi_draws", &R::vi_draws, at_least(1), "fixed draws of the mean-field VI energy"),
                   option<R>("prior_variance", &R::prior_variance, positive(), "variance of the N(0, s I) prior"),
                   option<R>("seed", &R::seed, at_least(0), "seed of the synthetic data")});
  return set;
}

const OptionSet<BnnOptions>& bnn_option_set() {
  using B = BnnOptions;
  static const OptionSet<B> set(
      "bnn",
      {option<B>("hidden", &B::hidden, entries(in_range(1, 4096), 1),
                 "hidden-layer widths (2-D data 16,16, otherwise 32)"),
       option<B>("activation", &B::activation, any_value(), "hidden units' activation"),
       option<B>(
           "vi_steps", [](auto& o) -> auto& { return o.vi.steps; }, at_least(1), "Adam steps of mean-field VI"),
       option<B>(
           "burn_in", [](auto& o) -> auto& { return o.chain.burn_in; }, at_least(0), "SGHMC burn-in steps"),
       option<B>(
           "damping", [](auto& o) -> auto& { return o.influence.damping; }, at_least(0),
           "delta added to the influence step's Hessian"),
       option<B>(
           "hessian_rows", [](auto& o) -> auto& { return o.influence.hessian_rows; }, at_least(0),
           "rows of D_r in the Hessian estimate (0: all)"),
       option<B>(
           "gauss_newton", [](auto& o) -> auto& { return o.influence.gauss_newton; }, any_value(),
           "the Gauss-Newton Hessian instead of the exact one"),
       option<B>(
           "newton_steps", [](auto& o) -> auto& { return o.influence.newton_steps; }, in_range(1, 100),
           "bif-*: re-linearised Newton-CG steps on D_r at most (1: the BIF step alone)"),
       option<B>(
           "residual_budget", [](auto& o) -> auto& { return o.influence.residual_budget; }, at_least(0),
           "bif-*: stop once |grad F(., D_r)| / its value at the original is below this; above it: retrain"),
       option<B>(
           "repair_cap", [](auto& o) -> auto& { return o.influence.repair_cap; }, in_range(0, 1),
           "bif-*: the repair run on D_r from the forgotten state, a fraction of retraining's steps (0: none)"),
       option<B>("canaries", &B::canaries, in_range(0, 1e6),
                 "N random-label out-of-distribution rows added to D and to D_e, N more held out: the canary audit"),
       option<B>("canary_copies", &B::canary_copies, in_range(1, 1000), "times each canary is in D"),
       option<B>("shadows", &B::shadows, in_range(2, 64), "K shadow models fitted on D_r that calibrate the audit")},
      [] { return bnn_defaults(2); });
  return set;
}

const OptionSet<BnnDataOptions>& bnn_data_option_set() {
  using D = BnnDataOptions;
  static const OptionSet<D> set("bnn_data",
                                {option<D>("train_rows", &D::train_rows, in_range(0, 60000),
                                           "fashion-mnist: training images taken, a seeded subset (0: all 60000)"),
                                 option<D>("test_rows", &D::test_rows, in_range(0, 10000),
                                           "fashion-mnist: test images taken, a seeded subset (0: all 10000)")});
  return set;
}

const OptionSet<ScaleOptions>& scale_option_set() {
  using S = ScaleOptions;
  static const OptionSet<S> set("scale",
                                {option<S>("request", &S::request, in_range(1, 1e7), "rows per request (r)"),
                                 option<S>("repeats", &S::repeats, in_range(1, 1e7), "timings are medians over these"),
                                 option<S>("seed", &S::seed, at_least(0), "seed of the data and of the request"),
                                 option<S>("lambda", &S::lambda, in_range(0, 1), "lambda of EUBO and reverse KL"),
                                 option<S>("hessian_rows", &S::hessian_sample_rows, in_range(0, 1e7),
                                           "rows of the BIF step's sampled Hessian (0: every row)"),
                                 option<S>("mcmc_batch", &S::mcmc_batch, in_range(0, 1e7),
                                           "SG-MCMC forgets a request in steps of this many rows (0: one step)")});
  return set;
}

const OptionSet<MoonsDataOptions>& moons_data_option_set() {
  using M = MoonsDataOptions;
  static const OptionSet<M> set("make_moons",
                                {option<M>("n", &M::n, at_least(2), "points, half on each moon"),
                                 option<M>("noise", &M::noise, at_least(0), "standard deviation of the Gaussian noise"),
                                 option<M>("seed", &M::seed, at_least(0), "seed of the points and the noise")});
  return set;
}

const OptionSet<RegressionDataOptions>& regression_data_option_set() {
  using R = RegressionDataOptions;
  static const OptionSet<R> set("make_regression_1d",
                                {option<R>("n", &R::n, at_least(1), "points"),
                                 option<R>("noise", &R::noise, at_least(0), "standard deviation of the Gaussian noise"),
                                 option<R>("seed", &R::seed, at_least(0), "seed of the inputs and the noise")});
  return set;
}

const OptionSet<MixtureDataOptions>& mixture_data_option_set() {
  using M = MixtureDataOptions;
  static const OptionSet<M> set("make_bif_mixture",
                                {option<M>("n", &M::n, at_least(1), "points, shared by the clusters as in the preset"),
                                 option<M>("seed", &M::seed, at_least(0), "seed of the points")});
  return set;
}

const OptionSet<ExactRegressionOptions>& exact_regression_option_set() {
  using E = ExactRegressionOptions;
  static const OptionSet<E> set(
      "exact_regression",
      {option<E>("features", &E::features, at_least(1), "Gaussian radial basis functions"),
       option<E>("lo", &E::lo, any_value(), "centre of the first basis function"),
       option<E>("hi", &E::hi, any_value(), "centre of the last basis function"),
       option<E>("width", &E::width, positive(), "width of each basis function"),
       option<E>("prior_precision", &E::prior_precision, positive(),
                 "precision of the N(0, I / a) prior on the weights"),
       option<E>("noise_variance", &E::noise_variance, positive(), "variance of the Gaussian observation noise")});
  return set;
}

const OptionSet<BnnDatasetOptions>& bnn_dataset_option_set() {
  using D = BnnDatasetOptions;
  static const OptionSet<D> set(
      "bnn_dataset",
      {option<D>("dataset", &D::dataset, any_value(),
                 "a generated data set (the CLI also reads the bundled digits and Debian's fashion-mnist)",
                 [] {
                   std::string names;
                   for (const std::string& n : bnn_dataset_names()) names += (names.empty() ? "" : "|") + n;
                   return names;
                 }()
                     .c_str()),
       option<D>("seed", &D::seed, at_least(0), "seed of the data, its split, the fits and the scenario"),
       option<D>("rows", &D::rows, at_least(0),
                 ("moons and spirals: points generated (0: moons " + std::to_string(bnn_generated_rows("moons")) +
                  ", spirals " + std::to_string(bnn_generated_rows("spirals")) + "), 20 % of them held out")
                     .c_str())});
  return set;
}

const OptionSet<BnnForgetRequest>& bnn_forget_option_set() {
  using R = BnnForgetRequest;
  static const OptionSet<R> set(
      "bnn_forget",
      {option<R>("lambda", &R::lambda, in_range(0, 1), "lambda of EUBO and reverse KL (0: remove D_e's likelihood)")});
  return set;
}

const OptionSet<GmmRequestOptions>& gmm_request_option_set() {
  using Q = GmmRequestOptions;
  static const OptionSet<Q> set("gmm_requests", [] {
    std::string names;
    for (const BifScenario& s : bif_scenario_table()) names += (names.empty() ? "" : "|") + std::string(s.name);
    return std::vector<Option<Q>>{
        option<Q>("scenario", &Q::scenario, any_value(), "the rows to forget by preset (instead of --forget)",
                  names.c_str()),
        with_deprecated_name(option<Q>("request_size", &Q::request_size, at_least(1), "rows forgotten per request"),
                             "remove_batch")};
  }());
  return set;
}

std::vector<std::pair<std::string, std::vector<OptionInfo>>> option_set_infos() {
  return {{moons_option_set().name(), moons_option_set().infos()},
          {moons_forget_option_set().name(), moons_forget_option_set().infos()},
          {moons_sweep_option_set().name(), moons_sweep_option_set().infos()},
          {gmm_option_set().name(), gmm_option_set().infos()},
          {rate_option_set().name(), rate_option_set().infos()},
          {bnn_option_set().name(), bnn_option_set().infos()},
          {scale_option_set().name(), scale_option_set().infos()},
          {moons_data_option_set().name(), moons_data_option_set().infos()},
          {regression_data_option_set().name(), regression_data_option_set().infos()},
          {mixture_data_option_set().name(), mixture_data_option_set().infos()},
          {exact_regression_option_set().name(), exact_regression_option_set().infos()},
          {bnn_dataset_option_set().name(), bnn_dataset_option_set().infos()},
          {bnn_forget_option_set().name(), bnn_forget_option_set().infos()},
          {gmm_request_option_set().name(), gmm_request_option_set().infos()},
          {forget_request_option_set().name(), forget_request_option_set().infos()},
          {retrain_request_option_set().name(), retrain_request_option_set().infos()}};
}

}  // namespace lethe
