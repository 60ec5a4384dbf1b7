#include <lethe/experiments/bnn_forgetting.hpp>

#include <algorithm>
#include <set>
#include <utility>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/base/row_selection.hpp>
#include <lethe/bnn/measures.hpp>
#include <lethe/experiments/stopwatch.hpp>

namespace lethe {

namespace {
MlpShape shape_of(const ClassificationData& train, const BnnOptions& options) {
  MlpShape shape;
  shape.inputs = train.features();
  shape.hidden = options.hidden;
  shape.classes = train.classes;
  shape.activation = options.activation;
  return shape;
}

std::vector<int> complement(int n, const std::vector<int>& ids) {
  std::vector<bool> out(std::size_t(n), false);
  for (int id : ids) out[std::size_t(id)] = true;
  std::vector<int> rest;
  for (int i = 0; i < n; ++i)
    if (!out[std::size_t(i)]) rest.push_back(i);
  return rest;
}

Eigen::VectorXi labels_of(const Eigen::VectorXi& y, const std::vector<int>& ids) {
  Eigen::VectorXi out(static_cast<Eigen::Index>(ids.size()));
  for (std::size_t k = 0; k < ids.size(); ++k) out[Eigen::Index(k)] = y[ids[k]];
  return out;
}
std::string solver_status(const CgResult& r, const BnnInfluenceOptions& o) {
  if (r.negative_curvature) return "negative curvature";
  return r.relative_residual <= o.cg_tolerance ? "converged" : "iteration limit";
}
}  // namespace

BnnData bnn_split(const ClassificationData& all, std::uint64_t seed) {
  const TrainTestSplit split = train_test_split(static_cast<int>(all.size()), 0.2, seed);
  return {select_rows(all, split.train), select_rows(all, split.test)};
}

BnnData bnn_generated_data(const std::string& name, std::uint64_t seed, const char* function) {
  if (name == "moons") return bnn_split(make_moons_data(250, 0.2, seed), seed);
  if (name == "spirals") return bnn_split(make_two_spirals(300, 0.08, seed), seed);
  fail_argument(function, "dataset", "must be 'moons' or 'spirals' (got '" + name + "')");
}

BnnFamily family_of(BnnMethod method) { return method == BnnMethod::bif_sghmc ? BnnFamily::chain : BnnFamily::vi; }

BnnOptions bnn_defaults(int features) {
  BnnOptions o;
  if (features == 2) {
    o.hidden = {16, 16};
    o.vi.steps = 2000;
    o.vi.batch = 32;
    o.chain.burn_in = 1500;
  } else {
    o.hidden = {32};
    o.vi.steps = 3000;
    o.vi.batch = 64;
    o.chain.burn_in = 3000;
  }
  o.vi.learning_rate = 1e-2;
  o.influence.damping = 30.0;
  // The λ = 0 EUBO has no minimiser (it pushes q̃ away from D_e without bound, the
  // KL only slowing it), so its run length is its regulariser: 20 Adam steps of 3e-3
  // from q(θ|D), chosen on moons and digits (README "BNN").
  o.forgetting.eubo_steps = 20;
  o.forgetting.learning_rate = 3e-3;
  o.chain.sampler.kind = SamplerKind::sghmc;
  o.chain.sampler.batch = 32;
  o.chain.sampler.step_scale = 0.5;
  o.chain.sampler.step_exponent = 0.0;
  o.chain.sampler.friction = 0.1;
  o.chain.samples = 20;
  o.chain.thin = 25;
  return o;
}

BnnProblem::BnnProblem(ClassificationData train, ClassificationData test, std::vector<int> forgotten,
                       BnnOptions options, std::uint64_t seed)
    : train_(std::move(train)),
      test_(std::move(test)),
      forgotten_(std::move(forgotten)),
      options_(std::move(options)),
      seed_(seed),
      mlp_(shape_of(train_, options_)),
      energy_(mlp_, train_, options_.prior_variance) {
  const char* fn = "BnnProblem";
  if (test_.features() != train_.features())
    fail_argument(fn, "test",
                  "has " + std::to_string(test_.features()) + " features per row, the training set " +
                      std::to_string(train_.features()));
  check_at_least(fn, "test", static_cast<long>(test_.size()), 1);
  for (Eigen::Index i = 0; i < test_.size(); ++i)
    if (test_.labels[i] < 0 || test_.labels[i] >= train_.classes)
      fail_argument(fn, "test",
                    "holds label " + std::to_string(test_.labels[i]) + " at row " + std::to_string(i) +
                        ", outside the training classes [0, " + std::to_string(train_.classes) + ")");
  check_forget_ids(train_, forgotten_, fn, "forgotten");
  std::sort(forgotten_.begin(), forgotten_.end());
  check_mean_field_options(options_.vi, fn);
  check_chain_options(options_.chain, fn);
  check_influence_options(options_.influence, fn);
  check_variational_forget_options(options_.forgetting, fn);
  check_at_least(fn, "predictive_draws", options_.predictive_draws, 1);
  remaining_ = complement(static_cast<int>(train_.size()), forgotten_);
  Rng rng(seed ^ 0x5bd1e995ULL);
  eps_ = rng.normal_matrix(mlp_.parameter_count(), options_.predictive_draws);
  std::set<int> forgotten_classes, kept_classes;
  for (int id : forgotten_) forgotten_classes.insert(train_.labels[id]);
  for (int id : remaining_) kept_classes.insert(train_.labels[id]);
  for (int i = 0; i < static_cast<int>(test_.size()); ++i) {
    if (forgotten_classes.count(test_.labels[i])) test_audit_.push_back(i);
    if (kept_classes.count(test_.labels[i])) test_kept_.push_back(i);
  }
}

BnnMeasures BnnProblem::measure(const Eigen::MatrixXd& thetas, const Fitted* reference, double seconds,
                                Eigen::VectorXd* per_class) const {
  const Eigen::MatrixXd p_train = ensemble_probabilities(mlp_, thetas, train_.x);
  const Eigen::MatrixXd p_test = ensemble_probabilities(mlp_, thetas, test_.x);
  const Eigen::MatrixXd pe = rows_of(p_train, forgotten_), pr = rows_of(p_train, remaining_);
  const Eigen::VectorXi ye = labels_of(train_.labels, forgotten_), yr = labels_of(train_.labels, remaining_);
  BnnMeasures m;
  m.seconds = seconds;
  if (reference != nullptr) {
    m.kl_forgotten = mean_categorical_kl(rows_of(reference->retrained_probs_train, forgotten_), pe);
    m.kl_remaining = mean_categorical_kl(rows_of(reference->retrained_probs_train, remaining_), pr);
  }
  m.accuracy_forgotten = accuracy(pe, ye);
  m.accuracy_remaining = accuracy(pr, yr);
  m.accuracy_test = accuracy(p_test, test_.labels);
  m.accuracy_test_kept = accuracy(rows_of(p_test, test_kept_), labels_of(test_.labels, test_kept_));
  if (!test_audit_.empty())
    m.mia_auc =
        membership_auc(true_label_confidence(pe, ye),
                       true_label_confidence(rows_of(p_test, test_audit_), labels_of(test_.labels, test_audit_)));
  if (per_class != nullptr) *per_class = per_class_accuracy(p_test, test_.labels, train_.classes);
  return m;
}

double BnnProblem::train(BnnFamily family, int steps) {
  check_at_least("BnnProblem::train", "steps", steps, 1);
  Fitted& f = slot(family);
  if (f.done) return 1.0;
  const std::vector<int> all = all_rows(static_cast<int>(train_.size()));
  double done = 0.0, total = 0.0;
  if (family == BnnFamily::vi) {
    if (!f.vi_original) {
      f.vi_original = std::make_unique<MeanFieldTrainer>(energy_, all, options_.vi, seed_);
      f.vi_retrained = std::make_unique<MeanFieldTrainer>(energy_, remaining_, options_.vi, seed_);
    }
    Stopwatch watch;
    const int before = f.vi_original->steps_done();
    f.vi_original->step(steps);
    f.train_seconds += watch.seconds();
    const int left = steps - (f.vi_original->steps_done() - before);
    if (left > 0 && f.vi_original->done()) {
      watch.restart();
      f.vi_retrained->step(left);
      f.retrain_seconds += watch.seconds();
    }
    done = f.vi_original->steps_done() + f.vi_retrained->steps_done();
    total = 2.0 * options_.vi.steps;
  } else {
    if (!f.chain_original) {
      f.chain_original = std::make_unique<ChainSampler>(energy_, all, options_.chain, seed_);
      f.chain_retrained = std::make_unique<ChainSampler>(energy_, remaining_, options_.chain, seed_);
    }
    Stopwatch watch;
    const int before = f.chain_original->steps_done();
    f.chain_original->step(steps);
    f.train_seconds += watch.seconds();
    const int left = steps - (f.chain_original->steps_done() - before);
    if (left > 0 && f.chain_original->done()) {
      watch.restart();
      f.chain_retrained->step(left);
      f.retrain_seconds += watch.seconds();
    }
    done = f.chain_original->steps_done() + f.chain_retrained->steps_done();
    total = 2.0 * f.chain_original->total_steps();
  }
  if (done < total) return done / total;
  finish(family);
  return 1.0;
}

void BnnProblem::finish(BnnFamily family) {
  Fitted& f = slot(family);
  if (family == BnnFamily::vi) {
    f.gamma = f.vi_original->gamma();
    f.original = mean_field_samples(f.gamma, eps_);
    f.retrained = mean_field_samples(f.vi_retrained->gamma(), eps_);
  } else {
    f.original = f.chain_original->kept();
    f.retrained = f.chain_retrained->kept();
  }
  f.retrained_probs_train = ensemble_probabilities(mlp_, f.retrained, train_.x);
  f.retrained_probs_test = ensemble_probabilities(mlp_, f.retrained, test_.x);
  f.fit.original = measure(f.original, &f, f.train_seconds, &f.fit.original_per_class);
  f.fit.retrained = measure(f.retrained, nullptr, f.retrain_seconds, &f.fit.retrained_per_class);
  f.vi_original.reset();
  f.vi_retrained.reset();
  f.chain_original.reset();
  f.chain_retrained.reset();
  f.done = true;
}

const BnnFamilyFit& BnnProblem::fit(BnnFamily family) {
  while (train(family, 1 << 20) < 1.0) {
  }
  return slot(family).fit;
}

BnnRun BnnProblem::forget(BnnMethod method, double lambda) {
  const char* fn = "BnnProblem::forget";
  if (method == BnnMethod::eubo || method == BnnMethod::reverse_kl) check_unit_interval(fn, "lambda", lambda);
  const BnnFamily family = family_of(method);
  fit(family);
  Fitted& f = slot(family);
  BnnRun run;
  run.method = method;
  run.lambda = lambda;
  Stopwatch watch;
  const std::uint64_t seed = seed_ + 7;
  switch (method) {
    case BnnMethod::nothing:
      f.forgotten = f.original;
      break;
    case BnnMethod::bif_vi: {
      const MeanFieldEnergy energy(energy_, options_.vi_energy_draws, seed);
      const InfluenceStep step = bif_vi_step(energy, f.gamma, remaining_, forgotten_, options_.influence, seed);
      f.forgotten = mean_field_samples(f.gamma + step.shift, eps_);
      run.cg_iterations = step.solve.iterations;
      run.solver_status = solver_status(step.solve, options_.influence);
      break;
    }
    case BnnMethod::bif_sghmc: {
      const InfluenceStep step = bif_chain_step(energy_, f.original, remaining_, forgotten_, options_.influence, seed);
      f.forgotten = f.original.colwise() + step.shift;
      run.cg_iterations = step.solve.iterations;
      run.solver_status = solver_status(step.solve, options_.influence);
      break;
    }
    case BnnMethod::eubo:
    case BnnMethod::reverse_kl: {
      VariationalForgetOptions u = options_.forgetting;
      u.lambda = lambda;
      const VariationalForgetResult r = method == BnnMethod::eubo
                                            ? forget_eubo(energy_, f.gamma, forgotten_, u, seed)
                                            : forget_reverse_kl(energy_, f.gamma, forgotten_, u, seed);
      f.forgotten = mean_field_samples(r.gamma, eps_);
      if (method == BnnMethod::reverse_kl) run.ess = r.ess;
      break;
    }
  }
  const double seconds = watch.seconds();
  run.measures = measure(f.forgotten, &f, seconds, &run.test_per_class);
  return run;
}

Eigen::MatrixXd BnnProblem::predict(const Eigen::MatrixXd& x, BnnFamily family, Which which) const {
  const Fitted& f = slot(family);
  const Eigen::MatrixXd& thetas = which == Which::original    ? f.original
                                  : which == Which::retrained ? f.retrained
                                                              : f.forgotten;
  if (!f.done || thetas.size() == 0) throw StateError("BnnProblem::predict: that model has not been computed yet");
  mlp_.check_inputs("BnnProblem::predict", thetas.col(0), x, nullptr, nullptr);
  return ensemble_probabilities(mlp_, thetas, x);
}

}  // namespace lethe
