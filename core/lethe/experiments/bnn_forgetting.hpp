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
#include <lethe/bnn/mlp.hpp>
#include <lethe/bnn/variational_forgetting.hpp>

namespace lethe {

enum class BnnMethod { nothing, bif_vi, bif_sghmc, eubo, reverse_kl };
template <>
struct EnumNames<BnnMethod> {
  static constexpr Named<BnnMethod> entries[] = {{BnnMethod::nothing, "nothing", "nothing"},
                                                 {BnnMethod::bif_vi, "bif-vi", "bif-vi"},
                                                 {BnnMethod::bif_sghmc, "bif-sghmc", "bif-sghmc"},
                                                 {BnnMethod::eubo, "eubo", "eubo"},
                                                 {BnnMethod::reverse_kl, "rkl", "rkl"}};
};

// The generated 2-D data sets of the experiment with their fixed split (20 % test,
// train_test_split with the seed): "moons" (make_moons, 250 points, noise 0.2) and
// "spirals" (make_two_spirals, 300 points, noise 0.08); InvalidArgument naming
// `function` and 'dataset' otherwise. bnn_split splits any data set the same way.
struct BnnData {
  ClassificationData train, test;
};
BnnData bnn_split(const ClassificationData& all, std::uint64_t seed);
BnnData bnn_generated_data(const std::string& name, std::uint64_t seed, const char* function);

// The posterior a method works on.
enum class BnnFamily { vi, chain };
BnnFamily family_of(BnnMethod method);

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
  Eigen::VectorXd test_per_class;  // accuracy per class on the test set
};

// A fitted family: original and retrained, their measures and per-class test accuracy.
struct BnnFamilyFit {
  BnnMeasures original, retrained;
  Eigen::VectorXd original_per_class, retrained_per_class;
};

class BnnProblem {
 public:
  // Checks data (two classes, feature counts agree), forgotten ids (check_forget_ids) and
  // options; InvalidArgument naming 'BnnProblem' and the parameter.
  BnnProblem(ClassificationData train, ClassificationData test, std::vector<int> forgotten, BnnOptions options,
             std::uint64_t seed);

  // The energy refers to the MLP member: no copies.
  BnnProblem(const BnnProblem&) = delete;
  BnnProblem& operator=(const BnnProblem&) = delete;

  const Mlp& mlp() const { return mlp_; }
  const BnnOptions& options() const { return options_; }
  const std::vector<int>& forgotten() const { return forgotten_; }
  const std::vector<int>& remaining() const { return remaining_; }

  // Advances the family's training by up to `steps` optimiser/sampler steps — the
  // original on D first, then the retrained one on D_r — and returns the progress in
  // [0, 1] (1: both done and measured). For a user interface: any chunking gives the
  // same models as one call. Each model's seconds are summed over its chunks.
  double train(BnnFamily family, int steps);
  bool trained(BnnFamily family) const { return slot(family).done; }
  // Trains the family to the end (if needed) and returns its fit.
  const BnnFamilyFit& fit(BnnFamily family);
  // Forgets D_e from the family's original posterior (fitting it first if needed).
  BnnRun forget(BnnMethod method, double lambda);

  // Class probabilities of x under the family's original / retrained posterior or the
  // last forget() of that family. StateError if it was not computed.
  enum class Which { original, forgotten, retrained };
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x, BnnFamily family, Which which) const;

 private:
  struct Fitted {
    bool done = false;
    std::unique_ptr<MeanFieldTrainer> vi_original, vi_retrained;
    std::unique_ptr<ChainSampler> chain_original, chain_retrained;
    double train_seconds = 0.0, retrain_seconds = 0.0;
    Eigen::MatrixXd original, retrained, forgotten;  // P × S prediction parameters
    Eigen::VectorXd gamma;                           // VI: (m, ρ) of q(θ|D)
    BnnFamilyFit fit;
    Eigen::MatrixXd retrained_probs_train, retrained_probs_test;
  };
  Fitted& slot(BnnFamily family) { return family == BnnFamily::vi ? vi_ : chain_; }
  const Fitted& slot(BnnFamily family) const { return family == BnnFamily::vi ? vi_ : chain_; }
  void finish(BnnFamily family);
  BnnMeasures measure(const Eigen::MatrixXd& thetas, const Fitted* reference, double seconds,
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
  Fitted vi_, chain_;
};

}  // namespace lethe
