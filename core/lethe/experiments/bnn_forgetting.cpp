#include <lethe/experiments/bnn_forgetting.hpp>

#include <algorithm>
#include <set>
#include <utility>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/format.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/base/row_selection.hpp>
#include <lethe/bnn/measures.hpp>
#include <lethe/experiments/idx_reader.hpp>
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
// The training set the models see: `train` with the canaries planted (if any).
ClassificationData with_canaries(const ClassificationData& train, const BnnOptions& o, std::uint64_t seed) {
  const char* fn = "BnnProblem";
  check_at_least(fn, "canaries", o.canaries, 0);
  if (o.canaries == 0) return train;
  // Two shadows at least: a Gaussian needs a spread.
  check_at_least(fn, "shadows", o.shadows, 2);
  return plant_canaries(train, o.canaries, o.canary_copies, seed, fn).train;
}

// Sorted union of two id lists.
std::vector<int> merged(std::vector<int> a, const std::vector<int>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  return a;
}

constexpr double kRepairLearningRate = 0.1;

std::uint64_t shadow_seed(std::uint64_t seed, int k) { return seed ^ (0x9e3779b97f4a7c15ULL * std::uint64_t(k + 1)); }

std::string solver_status(const CgResult& r, const BnnInfluenceOptions& o) {
  if (r.negative_curvature) return "negative curvature";
  return r.relative_residual <= o.cg_tolerance ? "converged" : "iteration limit";
}

// eubo and rkl say when their answer is not what they claim (BnnRun::reliable).
void judge_variational_run(BnnRun& run, const VariationalForgetResult& r, const VariationalForgetOptions& o,
                           Eigen::Index parameters) {
  const std::string P = std::to_string(parameters);
  if (r.inside == 0.0) {
    // In P dimensions a draw of q has Σ z² ≈ P, inside E_λ only for λ < e^{−P/2}.
    run.reliable = false;
    run.status = "no draw of q(theta|D) is inside E_lambda at lambda = " + format_number("%g", run.lambda) + " (in " +
                 P + " dimensions a typical draw needs lambda < e^(-" + P +
                 "/2)): q is unchanged and nothing is forgotten; lambda = 0 forgets";
    return;
  }
  if (run.method == BnnMethod::reverse_kl) {
    const double needed = std::max(kBnnReliableEss, kBnnReliableEssFraction * o.rkl_batch_draws);
    if (r.ess < needed) {
      run.reliable = false;
      run.status = "ESS " + format_number("%.1f", r.ess) + " of " + std::to_string(o.rkl_batch_draws) +
                   " draws per batch (at least " + format_number("%g", needed) +
                   " needed): the weights 1/p(D_e|theta) put each batch on a few draws of q(theta|D), so the "
                   "result is not the reverse-KL fit; bif-vi forgets this request from the same q";
    }
    return;
  }
  if (run.lambda == 0.0)
    run.status = "stopping rule: " + std::to_string(o.eubo_steps) + " Adam steps of " +
                 format_number("%g", o.learning_rate) +
                 " from q(theta|D); at lambda = 0 the EUBO has no minimiser, so the run length is its regulariser";
}

void record_refinement(BnnRun& run, const InfluenceRefinement& r, int repair_steps, double repair_cost) {
  run.cg_iterations = r.cg_iterations;
  run.newton_steps = r.accepted;
  run.newton_rejected = r.rejected;
  run.residuals = r.residuals;
  run.repair_steps = repair_steps;
  run.repair_cost = repair_cost;
}
}  // namespace

BnnData bnn_split(const ClassificationData& all, std::uint64_t seed) {
  const TrainTestSplit split = train_test_split(static_cast<int>(all.size()), 0.2, seed);
  return {select_rows(all, split.train), select_rows(all, split.test)};
}

int bnn_generated_rows(const std::string& name) {
  if (name == "moons") return 250;
  if (name == "spirals") return 2000;
  fail_argument("bnn_generated_rows", "dataset", "must be 'moons' or 'spirals' (got '" + name + "')");
}

std::vector<std::string> bnn_dataset_names() { return {"moons", "spirals", "digits", "fashion-mnist"}; }

BnnData bnn_generated_data(const std::string& name, std::uint64_t seed, const char* function, int rows) {
  if (name != "moons" && name != "spirals")
    fail_argument(function, "dataset", "must be 'moons' or 'spirals' (got '" + name + "')");
  // Ten points keep both classes in the training split and at least one test row.
  if (rows != 0 && rows < 10)
    fail_argument(function, "rows",
                  "must be 0 (the data set's own count) or at least 10 (got " + std::to_string(rows) + ")");
  const int n = rows == 0 ? bnn_generated_rows(name) : rows;
  return bnn_split(name == "moons" ? make_moons_data(n, 0.2, seed) : make_two_spirals(n, 0.08, seed), seed);
}

BnnCanaries plant_canaries(const ClassificationData& train, int count, int copies, std::uint64_t seed,
                           const char* function) {
  check_at_least(function, "canaries", count, 1);
  check_at_least(function, "canary_copies", copies, 1);
  if (train.size() < 1 || train.classes < 2)
    fail_argument(function, "canaries", "needs a training set with rows and at least two classes");
  const Eigen::Index n = train.size(), d = train.x.cols();
  const Eigen::RowVectorXd lo = train.x.colwise().minCoeff(), hi = train.x.colwise().maxCoeff();
  Rng rng(seed ^ 0xc4a7a71e5ULL);
  // 2N rows: x uniform on the training set's box (per feature), a uniform label.
  Eigen::MatrixXd x(2 * count, d);
  Eigen::VectorXi y(2 * count);
  for (int i = 0; i < 2 * count; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) x(i, j) = lo[j] + (hi[j] - lo[j]) * rng.uniform();
    y[i] = static_cast<int>(rng.below(std::uint64_t(train.classes)));
  }
  // Appended in the order: the canaries, their further copies, the held-out canaries.
  const Eigen::Index added = Eigen::Index(count) * copies + count;
  BnnCanaries out;
  out.train.classes = train.classes;
  out.train.x.resize(n + added, d);
  out.train.labels.resize(n + added);
  out.train.x.topRows(n) = train.x;
  out.train.labels.head(n) = train.labels;
  Eigen::Index row = n;
  for (int c = 0; c < copies; ++c)
    for (int i = 0; i < count; ++i, ++row) {
      out.train.x.row(row) = x.row(i);
      out.train.labels[row] = y[i];
      out.members.push_back(static_cast<int>(row));
      if (c == 0) out.scored.push_back(static_cast<int>(row));
    }
  for (int i = count; i < 2 * count; ++i, ++row) {
    out.train.x.row(row) = x.row(i);
    out.train.labels[row] = y[i];
    out.held_out.push_back(static_cast<int>(row));
  }
  return out;
}

namespace {
// `take` of the n row ids in a seeded random order (0 or ≥ n: all), sorted.
std::vector<int> subset_rows(int n, int take, std::uint64_t seed) {
  std::vector<int> order = all_rows(n);
  if (take <= 0 || take >= n) return order;
  Rng rng(seed);
  for (int i = 0; i < take; ++i)
    std::swap(order[std::size_t(i)], order[std::size_t(i) + static_cast<std::size_t>(rng.below(std::uint64_t(n - i)))]);
  order.resize(std::size_t(take));
  std::sort(order.begin(), order.end());
  return order;
}

ClassificationData image_rows(const LabelledImages& images, const std::vector<int>& ids) {
  ClassificationData d;
  d.x = rows_of(images.x, ids);
  d.labels.resize(static_cast<Eigen::Index>(ids.size()));
  for (std::size_t i = 0; i < ids.size(); ++i) d.labels[Eigen::Index(i)] = images.labels[ids[i]];
  d.classes = 10;
  return d;
}
}  // namespace

BnnData bnn_fashion_mnist_data(const std::string& directory, const BnnDataOptions& options, std::uint64_t seed) {
  const char* fn = "bnn_fashion_mnist_data";
  check_at_least(fn, "train_rows", options.train_rows, 0);
  check_at_least(fn, "test_rows", options.test_rows, 0);
  const LabelledImages train = read_fashion_mnist(directory, "train");
  const LabelledImages test = read_fashion_mnist(directory, "t10k");
  BnnData d{image_rows(train, subset_rows(static_cast<int>(train.x.rows()), options.train_rows, seed)),
            image_rows(test, subset_rows(static_cast<int>(test.x.rows()), options.test_rows, seed + 1))};
  check_classification_data(d.train, fn);
  return d;
}

BnnPosterior family_of(BnnMethod method) {
  return method == BnnMethod::bif_sghmc ? BnnPosterior::chain : BnnPosterior::vi;
}

bool takes_lambda(BnnMethod method) { return method == BnnMethod::eubo || method == BnnMethod::reverse_kl; }

std::vector<BnnMethod> bnn_compared_methods() {
  return {BnnMethod::bif_vi, BnnMethod::eubo, BnnMethod::reverse_kl, BnnMethod::bif_sghmc};
}

std::string default_bnn_scenario(int features) { return features == 2 ? "tip" : "class:3"; }

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
    : train_(with_canaries(train, options, seed)),
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
  if (options_.canaries == 0 || !forgotten_.empty()) check_forget_ids(train_, forgotten_, fn, "forgotten");
  std::sort(forgotten_.begin(), forgotten_.end());
  if (options_.canaries > 0) {
    // D_e = the request ∪ the canaries; the held-out canaries are in no fit.
    const BnnCanaries c = plant_canaries(train, options_.canaries, options_.canary_copies, seed, fn);
    canaries_ = c.scored;
    held_out_ = c.held_out;
    forgotten_ = merged(forgotten_, c.members);
    canary_rows_ = canaries_;
    canary_rows_.insert(canary_rows_.end(), held_out_.begin(), held_out_.end());
    canary_labels_ = labels_of(train_.labels, canary_rows_);
  }
  check_mean_field_options(options_.vi, fn);
  check_chain_options(options_.chain, fn);
  check_influence_options(options_.influence, fn);
  check_variational_forget_options(options_.forgetting, fn);
  check_at_least(fn, "predictive_draws", options_.predictive_draws, 1);
  remaining_ = complement(static_cast<int>(train_.size()), merged(forgotten_, held_out_));
  fitted_ = complement(static_cast<int>(train_.size()), held_out_);
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

BnnMeasures BnnProblem::measure(const Eigen::MatrixXd& thetas, const Fitted& fitted, bool compare, double seconds,
                                Eigen::VectorXd* per_class) const {
  const Eigen::MatrixXd p_train = ensemble_probabilities(mlp_, thetas, train_.x);
  const Eigen::MatrixXd p_test = ensemble_probabilities(mlp_, thetas, test_.x);
  const Eigen::MatrixXd pe = rows_of(p_train, forgotten_), pr = rows_of(p_train, remaining_);
  const Eigen::VectorXi ye = labels_of(train_.labels, forgotten_), yr = labels_of(train_.labels, remaining_);
  BnnMeasures m;
  m.seconds = seconds;
  if (compare) {
    m.kl_forgotten = mean_categorical_kl(rows_of(fitted.retrained_probs_train, forgotten_), pe);
    m.kl_remaining = mean_categorical_kl(rows_of(fitted.retrained_probs_train, remaining_), pr);
  }
  m.accuracy_forgotten = accuracy(pe, ye);
  m.accuracy_remaining = accuracy(pr, yr);
  m.accuracy_test = accuracy(p_test, test_.labels);
  m.accuracy_test_kept = accuracy(rows_of(p_test, test_kept_), labels_of(test_.labels, test_kept_));
  if (!test_audit_.empty())
    m.mia_auc =
        membership_auc(true_label_confidence(pe, ye),
                       true_label_confidence(rows_of(p_test, test_audit_), labels_of(test_.labels, test_audit_)));
  if (!fitted.shadow_fits.empty()) {
    // Offline LiRA: z_i = (φ_i − μ_i) / σ_i against the shadows' Gaussian of row i.
    const Eigen::MatrixXd pc = rows_of(p_train, canary_rows_);
    const Eigen::VectorXd conf = true_label_confidence(pc, canary_labels_);
    const Eigen::VectorXd phi = logit_confidence(conf);
    Eigen::VectorXd z(phi.size());
    for (Eigen::Index i = 0; i < phi.size(); ++i) z[i] = lira_offline_score(phi[i], fitted.shadow_fits[std::size_t(i)]);
    const auto n = static_cast<Eigen::Index>(canaries_.size());
    m.canary_auc = membership_auc(z.head(n), z.tail(phi.size() - n));
    m.canary_auc_threshold = membership_auc(conf.head(n), conf.tail(phi.size() - n));
  }
  if (per_class != nullptr) *per_class = per_class_accuracy(p_test, test_.labels, train_.classes);
  return m;
}

double BnnProblem::train(BnnPosterior family, int steps) {
  check_at_least("BnnProblem::train", "steps", steps, 1);
  Fitted& f = slot(family);
  if (f.done) return 1.0;
  // Stages in order: the original on D (all rows but the held-out canaries), the
  // retrained model on D_r, then the K shadows on D_r with their own seeds.
  const int stages = 2 + (canary_rows_.empty() ? 0 : options_.shadows);
  auto rows_of_stage = [&](int k) { return k == 0 ? fitted_ : remaining_; };
  auto seed_of_stage = [&](int k) { return k < 2 ? seed_ : shadow_seed(seed_, k - 2); };
  double done = 0.0, total = 0.0;
  int left = steps;
  auto run = [&](auto& trainers, auto make, auto length) {
    if (trainers.empty())
      for (int k = 0; k < stages; ++k) trainers.push_back(make(rows_of_stage(k), seed_of_stage(k)));
    for (int k = 0; k < stages && left > 0; ++k) {
      auto& t = *trainers[std::size_t(k)];
      if (t.done()) continue;
      Stopwatch watch;
      const int before = t.steps_done();
      t.step(left);
      (k == 0 ? f.train_seconds : k == 1 ? f.retrain_seconds : f.shadow_seconds) += watch.seconds();
      left -= t.steps_done() - before;
    }
    for (const auto& t : trainers) {
      done += t->steps_done();
      total += length(*t);
    }
  };
  if (family == BnnPosterior::vi)
    run(
        f.vi_stages,
        [&](std::vector<int> rows, std::uint64_t seed) {
          return std::make_unique<MeanFieldTrainer>(energy_, std::move(rows), options_.vi, seed);
        },
        [&](const MeanFieldTrainer&) { return double(options_.vi.steps); });
  else
    run(
        f.chain_stages,
        [&](std::vector<int> rows, std::uint64_t seed) {
          return std::make_unique<ChainSampler>(energy_, std::move(rows), options_.chain, seed);
        },
        [&](const ChainSampler& c) { return double(c.total_steps()); });
  if (done < total) return done / total;
  finish(family);
  return 1.0;
}

std::string BnnProblem::fit_check(const Eigen::MatrixXd& thetas, const std::vector<int>& rows,
                                  const Eigen::VectorXd& gamma) const {
  const Eigen::VectorXi y = labels_of(train_.labels, rows);
  const double fitted = accuracy(ensemble_probabilities(mlp_, thetas, rows_of(train_.x, rows)), y);
  Eigen::VectorXi counts = Eigen::VectorXi::Zero(train_.classes);
  for (Eigen::Index i = 0; i < y.size(); ++i) ++counts[y[i]];
  const double largest = double(counts.maxCoeff()) / double(y.size());
  // A model that knows its own rows no better than their largest class (within 5
  // points) has learned nothing from them.
  if (fitted > largest + 0.05) return "";
  const std::string rates = "classifies its " + std::to_string(y.size()) + " training rows no better than their " +
                            "largest class does (accuracy " + format_number("%.3f", fitted) + " against " +
                            format_number("%.3f", largest) + ")";
  if (gamma.size() == 0) return "the SGHMC samples have not fitted the data: the ensemble " + rates;
  const double kl = mean_field_prior_kl(gamma, energy_.prior_variance(), nullptr);
  return "mean-field VI fitted the prior: it " + rates + "; KL(q || prior) is " + format_number("%.1f", kl) +
         " nats over " + std::to_string(mlp_.parameter_count()) +
         " weights: too few rows for mean-field VI at this prior (or too few steps) — more rows, more steps, or the "
         "SGHMC family";
}

void BnnProblem::finish(BnnPosterior family) {
  Fitted& f = slot(family);
  // The prediction parameters of stage k (P × S).
  auto thetas_of = [&](std::size_t k) -> Eigen::MatrixXd {
    if (family == BnnPosterior::vi) return mean_field_samples(f.vi_stages[k]->gamma(), eps_);
    return f.chain_stages[k]->kept();
  };
  if (family == BnnPosterior::vi) f.gamma = f.vi_stages[0]->gamma();
  f.original = thetas_of(0);
  f.retrained = thetas_of(1);
  const std::size_t stages = std::max(f.vi_stages.size(), f.chain_stages.size());
  if (stages > 2) {
    // φ of each canary row (its flipped label) under each shadow: one column per shadow.
    Eigen::MatrixXd phis(static_cast<Eigen::Index>(canary_rows_.size()), static_cast<Eigen::Index>(stages - 2));
    const Eigen::MatrixXd x = rows_of(train_.x, canary_rows_);
    for (std::size_t k = 2; k < stages; ++k)
      phis.col(static_cast<Eigen::Index>(k - 2)) =
          logit_confidence(true_label_confidence(ensemble_probabilities(mlp_, thetas_of(k), x), canary_labels_));
    f.shadow_fits = fit_row_gaussians(phis);
  }
  f.retrained_probs_train = ensemble_probabilities(mlp_, f.retrained, train_.x);
  f.retrained_probs_test = ensemble_probabilities(mlp_, f.retrained, test_.x);
  f.fit.original = measure(f.original, f, true, f.train_seconds, &f.fit.original_per_class);
  f.fit.retrained = measure(f.retrained, f, false, f.retrain_seconds, &f.fit.retrained_per_class);
  const auto gamma_of = [&](std::size_t k) {
    return family == BnnPosterior::vi ? f.vi_stages[k]->gamma() : Eigen::VectorXd();
  };
  f.fit.original.fit_status = fit_check(f.original, fitted_, gamma_of(0));
  f.fit.retrained.fit_status = fit_check(f.retrained, remaining_, gamma_of(1));
  f.vi_stages.clear();
  f.chain_stages.clear();
  f.done = true;
}

const BnnFamilyFit& BnnProblem::fit(BnnPosterior family) {
  while (train(family, 1 << 20) < 1.0) {
  }
  return slot(family).fit;
}

BnnRun BnnProblem::forget(BnnMethod method, double lambda) {
  const char* fn = "BnnProblem::forget";
  if (takes_lambda(method)) check_unit_interval(fn, "lambda", lambda);
  const BnnPosterior family = family_of(method);
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
      const BnnInfluenceOptions& o = options_.influence;
      const InfluenceRefinement r = refine_vi(energy, f.gamma, remaining_, forgotten_, o, seed);
      Eigen::VectorXd gamma = f.gamma + r.shift;
      const int steps = repair_steps(o.repair_cap, options_.vi.steps);
      record_refinement(run, r, steps, double(steps) / double(options_.vi.steps));
      run.solver_status = solver_status(r.solve, o);
      if (steps > 0) {
        // The same VI on D_r from the forgotten q, for a fraction of retraining's steps.
        // A fresh Adam's first steps move every coordinate by about its learning rate,
        // whatever the gradient's size: the repair takes kRepairLearningRate of training's.
        MeanFieldOptions vi = options_.vi;
        vi.learning_rate *= kRepairLearningRate;
        MeanFieldTrainer repair(energy_, remaining_, vi, seed + 1, gamma);
        repair.step(steps);
        gamma = repair.gamma();
        Eigen::VectorXd g;
        vi_remaining_energy(energy, gamma, remaining_, o, seed, &g);
        run.residuals.push_back(refinement_residual(r, g));
      }
      run.decision = run.residuals.empty() || run.residuals.back() > o.residual_budget ? "retrain" : "forget";
      f.forgotten = mean_field_samples(gamma, eps_);
      break;
    }
    case BnnMethod::bif_sghmc: {
      const BnnInfluenceOptions& o = options_.influence;
      const InfluenceRefinement r = refine_chain(energy_, f.original, remaining_, forgotten_, o, seed);
      Eigen::MatrixXd states = f.original.colwise() + r.shift;
      const long total = long(options_.chain.burn_in) + long(options_.chain.samples) * options_.chain.thin;
      // Each of the S states runs ⌊c·T / S⌋ steps: c·T steps in all at most.
      const int per_state = repair_steps(o.repair_cap, total) / static_cast<int>(states.cols());
      const int steps = per_state * static_cast<int>(states.cols());
      record_refinement(run, r, steps, double(steps) / double(total));
      run.solver_status = solver_status(r.solve, o);
      if (per_state > 0) {
        states = repair_chain_states(energy_, states, remaining_, options_.chain.sampler, per_state, seed + 1);
        Eigen::VectorXd g;
        chain_remaining_energy(energy_, states, remaining_, o, seed, &g);
        run.residuals.push_back(refinement_residual(r, g));
      }
      run.decision = run.residuals.empty() || run.residuals.back() > o.residual_budget ? "retrain" : "forget";
      f.forgotten = std::move(states);
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
      judge_variational_run(run, r, u, mlp_.parameter_count());
      break;
    }
  }
  const double seconds = watch.seconds();
  run.measures = measure(f.forgotten, f, true, seconds, &run.test_per_class);
  return run;
}

Eigen::MatrixXd BnnProblem::predict(const Eigen::MatrixXd& x, BnnPosterior family, Which which) const {
  const Fitted& f = slot(family);
  const Eigen::MatrixXd& thetas = which == Which::original    ? f.original
                                  : which == Which::retrained ? f.retrained
                                                              : f.forgotten;
  if (!f.done || thetas.size() == 0) throw StateError("BnnProblem::predict: that model has not been computed yet");
  mlp_.check_inputs("BnnProblem::predict", thetas.col(0), x, nullptr, nullptr);
  return ensemble_probabilities(mlp_, thetas, x);
}

}  // namespace lethe
