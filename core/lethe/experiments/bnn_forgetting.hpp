// The Bayesian-neural-network forgetting experiment: a BNN classifier (bnn/) learned by
// mean-field VI or by SGLD/SGHMC on a training set D; the rows D_e forgotten by each
// method; every result compared with the same protocol retrained on D_r = D − D_e
// (same seed, same options), on D_e, D_r and a held-out test set.
//
// Methods: "nothing" (the original posterior: the floor), "bif-vi" and "bif-sghmc"
// (influence forgetting, bnn/influence.hpp), "eubo" and "rkl" (variational unlearning of
// the mean-field q, bnn/variational_forgetting.hpp). A posterior predicts through S
// parameter vectors: VI through fixed draws θ_s = m + s∘ε_s (the same ε for the
// original, forgotten and retrained q, so that their comparison carries no draw noise),
// a chain through its kept states.
//
// Measures (BnnMeasures): mean predictive KL[p_retrained(y|x) ‖ p(y|x)] over the inputs
// of D_e and of D_r; accuracy on D_e, D_r, the test set, and the test rows of classes
// still in training; the membership audit — AUC of the threshold attack on the
// confidence in the true label, D_e against the test rows of the classes D_e holds
// (so that forgetting a whole class is audited against that class's unseen rows);
// seconds to train (original), retrain, forget.
//
// The canary audit (BnnOptions::canaries = N > 0, plant_canaries): 2N out-of-
// distribution rows with random labels are appended to the training set; N of them
// ("canaries", each BnnOptions::canary_copies times) are in D and added to D_e — so
// D_e = the forget request ∪ the canaries, and every method forgets them with it — the
// other N ("held-out canaries") are in no fit. K shadow models (BnnOptions::shadows)
// are fitted on D_r by the same protocol with other seeds; per canary row, a Gaussian
// of their φ = log(p/(1−p)) in its label calibrates the offline likelihood-ratio attack
// (bnn/membership.hpp). Each model reports canary_auc — the AUC of the z score,
// canaries against held-out canaries — and canary_auc_threshold, the plain confidence
// attack on the same rows. A model that remembers the canaries scores near 1, a model
// that never saw them near 0.5 (± about 0.5/√(3N), the AUC's spread under the null).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/names.hpp>
#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/chain.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/influence.hpp>
#include <lethe/bnn/mean_field.hpp>
#include <lethe/bnn/membership.hpp>
#include <lethe/bnn/mlp.hpp>
#include <lethe/bnn/variational_forgetting.hpp>

namespace lethe {

enum class BnnMethod { nothing, bif_vi, bif_sghmc, eubo, reverse_kl };
template <>
struct EnumNames<BnnMethod> {
  // Tokens as users type them; labels as the page and tables show them.
  static constexpr Named<BnnMethod> entries[] = {{BnnMethod::nothing, "nothing", "nothing"},
                                                 {BnnMethod::bif_vi, "bif-vi", "BIF · VI"},
                                                 {BnnMethod::bif_sghmc, "bif-sghmc", "BIF · SGHMC"},
                                                 {BnnMethod::eubo, "eubo", "EUBO"},
                                                 {BnnMethod::reverse_kl, "rkl", "reverse KL"}};
};

// The generated 2-D data sets of the experiment with their fixed split (20 % test,
// train_test_split with the seed): "moons" (make_moons, noise 0.2) and "spirals"
// (make_two_spirals, noise 0.08), `rows` points (0: bnn_generated_rows). InvalidArgument
// naming `function` and 'dataset' for another name, 'rows' for 1…9 points. bnn_split
// splits any data set the same way.
struct BnnData {
  ClassificationData train, test;
};
BnnData bnn_split(const ClassificationData& all, std::uint64_t seed);
BnnData bnn_generated_data(const std::string& name, std::uint64_t seed, const char* function, int rows = 0);
// The points a generated data set has by default: moons 250; spirals 2000, because at
// 300 the mean-field ELBO is higher at the prior than at any fit of the spirals (the
// network's 337 weights cost more KL than 240 rows of likelihood repay: README "BNN").
int bnn_generated_rows(const std::string& name);
// The data sets `lethe bnn-forget --dataset` reads by name: the generated moons and
// spirals, the bundled UCI digits and Debian's Fashion-MNIST.
std::vector<std::string> bnn_dataset_names();

// Fashion-MNIST (idx_reader.hpp; 784 features, pixels / 255, 10 classes) as the
// experiment's data: `train_rows` of the 60 000 training images and `test_rows` of the
// 10 000 test images (0: all of that part), each a seeded random subset (Fisher–Yates
// with lethe::Rng(seed) and Rng(seed + 1); the rows kept in file order). The defaults
// keep one run on 2 cores at minutes, not hours (README "BNN"). FormatError if the
// files are missing or malformed.
struct BnnDataOptions {
  int train_rows = 3000;
  int test_rows = 2000;
};
BnnData bnn_fashion_mnist_data(const std::string& directory, const BnnDataOptions& options, std::uint64_t seed);

// The posterior a method works on.
enum class BnnPosterior { vi, chain };
BnnPosterior family_of(BnnMethod method);
// Whether a method forgets with the adjusted likelihood p̃_λ (eubo, rkl), and so reads λ.
bool takes_lambda(BnnMethod method);
// The methods a comparison runs ("all" on the command line): every one but nothing,
// which is the floor each is shown against.
std::vector<BnnMethod> bnn_compared_methods();
// The scenario (scenario_ids) a run forgets when none is named: "tip" on 2-D data,
// "class:3" beyond.
std::string default_bnn_scenario(int features);

// The canaries of the audit (see the top of this file), appended to a training set of
// n rows. The rule: 2N out-of-distribution rows, each feature uniform on the training
// set's range [min_j, max_j] and the label uniform on {0, …, K − 1} (lethe::Rng(seed ^
// 0xc4a7a71e5ULL), feature by feature, then the label, row by row). The first N are the
// canaries, appended `copies` times (rows n … n + N·copies − 1: a row seen several
// times is one a model memorises, as with Carlini et al.'s inserted canaries); the
// other N are the held-out canaries (the last N rows), never fitted. The given rows
// and their ids are unchanged. InvalidArgument naming `function` and 'canaries' or
// 'canary_copies' for a count below 1.
struct BnnCanaries {
  ClassificationData train;  // the given rows, then the canaries and the held-out ones
  std::vector<int> members;  // every canary row (all copies): what D_e gains
  std::vector<int> scored;   // the first copy of each canary: the audited members
  std::vector<int> held_out;
};
BnnCanaries plant_canaries(const ClassificationData& train, int count, int copies, std::uint64_t seed,
                           const char* function);

struct BnnOptions {
  std::vector<int> hidden = {16, 16};
  Activation activation = Activation::tanh;
  double prior_variance = 1.0;
  MeanFieldOptions vi;
  ChainOptions chain;
  BnnInfluenceOptions influence;
  VariationalForgetOptions forgetting;
  int vi_energy_draws = 4;    // M, fixed draws of the variational energy for bif-vi
  int predictive_draws = 32;  // S, draws of q for predictions
  int canaries = 0;           // N planted canaries (0: no canary audit)
  int canary_copies = 4;      // times each canary is in D (and in D_e)
  int shadows = 4;            // K shadow models of the canary audit
};

// Defaults by data: 2-D data 2 × 16 tanh units, otherwise 1 × 32; the step sizes and
// lengths of each stage tuned once on moons and digits (README "BNN").
BnnOptions bnn_defaults(int features);

struct BnnMeasures {
  double seconds = 0.0;
  std::optional<double> kl_forgotten, kl_remaining;  // absent on the retrained model
  double accuracy_forgotten = 0.0, accuracy_remaining = 0.0, accuracy_test = 0.0;
  double accuracy_test_kept = 0.0;
  double mia_auc = 0.0;
  // The canary audit (absent without canaries): LiRA (offline z) and threshold AUC.
  std::optional<double> canary_auc, canary_auc_threshold;
  // Original and retrained models: empty, or why the fit is not one — it predicts its
  // own training rows no better than their largest class does (fit_check below).
  std::string fit_status;
};

struct BnnRun {
  BnnMethod method = BnnMethod::nothing;
  double lambda = 0.0;
  BnnMeasures measures;
  // bif-*: CG iterations and whether it stopped at negative curvature; rkl: ESS.
  std::optional<double> cg_iterations, ess;
  // bif-*: how the conjugate gradients ended ("converged", "negative curvature",
  // "iteration limit"); empty for the other methods.
  std::string solver_status;
  // bif-*: the refinement (bnn/influence.hpp): Newton steps accepted and rejected, the
  // residual r after each accepted step and after the repair, the repair run's steps and
  // its cost as a fraction of retraining's steps, and the policy's decision ("forget":
  // the last r is within the budget, "retrain": it is not). Absent / empty otherwise.
  std::optional<double> newton_steps, newton_rejected, repair_steps, repair_cost;
  std::vector<double> residuals;
  std::string decision;
  // Whether the method's answer is what it claims to be, and the reason in words:
  // rkl whose importance weights rest on a few draws, eubo/rkl with no draw inside E_λ
  // (q unchanged), and eubo's stopping rule at λ = 0 (stated, reliable).
  bool reliable = true;
  std::string status;
  Eigen::VectorXd test_per_class;  // accuracy per class on the test set
};

// The reverse-KL estimate is reliable when each batch's importance weights carry at
// least this many effective draws (and this fraction of the batch): fewer, and its
// moments are those of a handful of draws of q(θ|D), not of the reweighted target.
constexpr double kBnnReliableEss = 10.0;
constexpr double kBnnReliableEssFraction = 0.05;

// A fitted family: original and retrained, their measures and per-class test accuracy.
struct BnnFamilyFit {
  BnnMeasures original, retrained;
  Eigen::VectorXd original_per_class, retrained_per_class;
};

class BnnProblem {
 public:
  // Checks data (two classes, feature counts agree), forgotten ids (check_forget_ids) and
  // options; InvalidArgument naming 'BnnProblem' and the parameter. With canaries,
  // `forgotten` may be empty (D_e is then the canaries alone).
  BnnProblem(ClassificationData train, ClassificationData test, std::vector<int> forgotten, BnnOptions options,
             std::uint64_t seed);

  // The energy refers to the MLP member: no copies.
  BnnProblem(const BnnProblem&) = delete;
  BnnProblem& operator=(const BnnProblem&) = delete;

  const Mlp& mlp() const { return mlp_; }
  const BnnOptions& options() const { return options_; }
  const std::vector<int>& forgotten() const { return forgotten_; }
  const std::vector<int>& remaining() const { return remaining_; }
  // The canary audit's rows (empty without canaries) and the training set the models
  // see (the given one with the canaries relabelled).
  const std::vector<int>& canaries() const { return canaries_; }
  const std::vector<int>& held_out_canaries() const { return held_out_; }
  const ClassificationData& training_data() const { return train_; }

  // Advances the family's training by up to `steps` optimiser/sampler steps — the
  // original on D first, then the retrained one on D_r, then the canary audit's
  // shadows on D_r — and returns the progress in
  // [0, 1] (1: both done and measured). For a user interface: any chunking gives the
  // same models as one call. Each model's seconds are summed over its chunks.
  double train(BnnPosterior family, int steps);
  bool trained(BnnPosterior family) const { return slot(family).done; }
  // Trains the family to the end (if needed) and returns its fit.
  const BnnFamilyFit& fit(BnnPosterior family);
  // Forgets D_e from the family's original posterior (fitting it first if needed).
  BnnRun forget(BnnMethod method, double lambda);

  // Class probabilities of x under the family's original / retrained posterior or the
  // last forget() of that family. StateError if it was not computed.
  enum class Which { original, forgotten, retrained };
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x, BnnPosterior family, Which which) const;

 private:
  struct Fitted {
    bool done = false;
    // Stage 0 the original, 1 the retrained model, 2… the shadows; one family's kind.
    std::vector<std::unique_ptr<MeanFieldTrainer>> vi_stages;
    std::vector<std::unique_ptr<ChainSampler>> chain_stages;
    double train_seconds = 0.0, retrain_seconds = 0.0, shadow_seconds = 0.0;
    std::vector<GaussianFit> shadow_fits;            // per canary row (canaries, then held-out)
    Eigen::MatrixXd original, retrained, forgotten;  // P × S prediction parameters
    Eigen::VectorXd gamma;                           // VI: (m, ρ) of q(θ|D)
    BnnFamilyFit fit;
    Eigen::MatrixXd retrained_probs_train, retrained_probs_test;
  };
  Fitted& slot(BnnPosterior family) { return family == BnnPosterior::vi ? vi_ : chain_; }
  const Fitted& slot(BnnPosterior family) const { return family == BnnPosterior::vi ? vi_ : chain_; }
  void finish(BnnPosterior family);
  // BnnMeasures::fit_status of a model fitted on `rows` (γ: its q for VI, empty for the chain).
  std::string fit_check(const Eigen::MatrixXd& thetas, const std::vector<int>& rows,
                        const Eigen::VectorXd& gamma) const;
  // `compare`: the KLs against the family's retrained model (not for that model itself).
  BnnMeasures measure(const Eigen::MatrixXd& thetas, const Fitted& fitted, bool compare, double seconds,
                      Eigen::VectorXd* per_class) const;

  ClassificationData train_, test_;
  std::vector<int> forgotten_, remaining_;
  BnnOptions options_;
  std::uint64_t seed_;
  Mlp mlp_;
  BnnEnergy energy_;
  Eigen::MatrixXd eps_;          // P × S predictive draws of q
  std::vector<int> test_audit_;  // test rows of the classes in D_e
  std::vector<int> test_kept_;   // test rows of classes still in training
  std::vector<int> fitted_;      // rows of the original's fit: all but the held-out canaries
  std::vector<int> canaries_, held_out_;
  std::vector<int> canary_rows_;   // canaries_ then held_out_
  Eigen::VectorXi canary_labels_;  // their (flipped) labels
  Fitted vi_, chain_;
};

}  // namespace lethe
