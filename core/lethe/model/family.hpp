// The model families a model file can hold, behind one interface: trained on the
// user's rows (k features, any k), asked to forget some of them, asked to predict,
// written to and read from the file's bytes. The lifecycle (model.hpp) owns the
// rows, the request log and the retrain policy; a family owns only its posterior.
//
// A family's state never holds a row's values: what the file keeps of the data is
// the row table, where an erased row's values are overwritten (model_file.hpp).
//
// Families:
//   linear    exact conjugate Bayesian linear regression on the features and a bias:
//             forgetting subtracts the rows' sufficient statistics, so it equals
//             retraining (certificate kind "exact").
//   logistic  Bayesian logistic regression, Gaussian prior, MAP + Laplace;
//             forgetting is one influence (Newton) step on the remaining data with a
//             proven bound on the gradient it leaves (kind "proof"; logistic_family.cpp).
//   gp        a sparse GP classifier (y ∈ {0, 1}), q(u) = N(m, LLᵀ) by the ELBO;
//             forgetting is EUBO or reverse KL with the adjusted likelihood p̃_λ, from
//             q and the erased rows alone (kind "estimate"; gp_family.hpp).
//   bnn       a one-hidden-layer tanh MLP classifier (labels 0..C−1), mean-field VI;
//             forgetting is the BIF VI influence step with the posterior's diagonal
//             precision as the Hessian (kind "estimate"; bnn_family.hpp).
//   mixture   class-conditional Gaussians (labels 0..C−1 the components), posterior by
//             SGHMC, SGLD or mean-field VI; forgetting is the BIF influence step with the
//             exact Hessian from the class counts (kind "estimate", the residual r_k;
//             mixture_family.hpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/errors.hpp>
#include <lethe/base/option_spec.hpp>
#include <lethe/model/byte_io.hpp>

namespace lethe {

// The values of a family's options, by name, in the order of its option set: what the
// model file keeps. A family's options are described once, as an OptionSet of its
// options struct (base/option_spec.hpp), named after the family, whose options are
// numbers, integers or choices (kept as the token's index in its table); the CLI's --kebab-name and usage line, the
// JavaScript camelCase key, the checks and the defaults all read it.
using OptionValues = std::vector<std::pair<std::string, double>>;

// The number the file keeps for a family option's value: the value of a number or an
// integer, the index in its table of a choice's token (-1 for a token it lacks).
inline double kept_number(const OptionInfo& info, const OptionValue& value) {
  if (info.type == OptionType::number || info.type == OptionType::integer) return value.number;
  if (info.type != OptionType::choice)
    throw InternalError("kept_number: family option '" + info.name + "' is neither a number nor a choice");
  for (std::size_t i = 0; i < info.choices.size(); ++i)
    if (info.choices[i] == value.text) return static_cast<double>(i);
  return -1.0;
}

// What a kept choice must be: "must be 'sghmc', 'sgld' or 'vi', or its index 0..2".
inline std::string kept_choice_requirement(const OptionInfo& info) {
  return "must be " + choices_text(info.choices) + ", or its index 0.." + std::to_string(info.choices.size() - 1);
}

// `options` as the values the file keeps, in the set's order.
template <class T>
OptionValues option_values(const OptionSet<T>& set, const T& options) {
  OptionValues out;
  for (const Option<T>& o : set.options()) out.emplace_back(o.info.name, kept_number(o.info, o.get(options)));
  return out;
}

// The set's defaults with `values` applied, each checked by its description: an
// unknown name or a bad value is InvalidArgument ("make_family", the option's name).
template <class T>
T options_from(const OptionSet<T>& set, const OptionValues& values) {
  T out = set.defaults();
  for (const auto& [name, value] : values) {
    const Option<T>* option = set.find(name);
    if (option == nullptr) {
      std::string known;
      for (const Option<T>& o : set.options()) known += (known.empty() ? "" : ", ") + o.info.name;
      fail_argument("make_family", name, "is not an option of family '" + set.name() + "' (options: " + known + ")");
    }
    const OptionInfo& info = option->info;
    OptionValue v;
    v.number = value;
    if (info.type == OptionType::choice) {
      // A choice is kept as its index in the table.
      const auto count = static_cast<double>(info.choices.size());
      if (!(value >= 0 && value < count && value == std::floor(value)))
        fail_argument("make_family", name, kept_choice_requirement(info) + " (got " + detail::to_text(value) + ")");
      v.text = info.choices[static_cast<std::size_t>(value)];
    }
    try {
      set.apply(out, name, v);
    } catch (const OptionError& e) {
      fail_argument("make_family", name, e.requirement());
    }
  }
  return out;
}

// What a forgetting step can say about how close it is to retraining.
//   exact     the result is the retrained posterior (up to rounding)
//   proof     `value` is a proven bound on this request's contribution to the
//             remaining-data gradient norm; `sum` bounds the gradient norm now, and
//             `distance_bound` = sum / μ bounds ‖θ − θ*_retrained‖ (μ-strong convexity)
//   estimate  `value` is an estimate (e.g. a Monte Carlo Newton decrement)
struct Certificate {
  std::string kind;
  double value = 0.0;
  double sum = 0.0;
  double budget = 0.0;           // the residual budget in force (0: none)
  double distance_bound = -1.0;  // proof only; −1 when not available
  // Certified removal (Guo et al. 2020): the (ε, δ) the budget was chosen for; 0 when not certified.
  double epsilon = 0.0, delta = 0.0;
  // Proof only: ‖∇L(θ; D′)‖ measured by one gradient pass over the rows still held,
  // the quantity `sum` bounds (Model::forget checks actual ≤ sum); −1 when not measured.
  double actual = -1.0;
};

// Rows as a family sees them: features (n×k) and targets (values or 0/1 labels).
struct TrainingRows {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

// Rows as the model file keeps them, one after another (row-major): a page of the file
// decodes into one with a single copy, and a pass over it reads each row once.
using RowMajorRows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A view of such rows, possibly strided: a page's slots read in place (a slot's id and
// target lie between two rows of features).
using RowsRef = Eigen::Ref<const RowMajorRows, 0, Eigen::OuterStride<>>;

// How far a forgotten posterior is from the retrained one, in the family's measure.
struct PosteriorDistance {
  std::string measure;  // e.g. "kl" (KL(forgotten ‖ retrained) of the Gaussians)
  double value;
  double parameter_distance;  // ‖θ_forgotten − θ_retrained‖ of the point estimates / means
};

// How well a model predicts labelled rows (FitScore ModelFamily::score): for a
// classification family the fraction of rows whose most probable class is their label
// ("accuracy"), for regression the root mean squared error of the predictive mean
// ("rmse"); NaN for no rows.
struct FitScore {
  std::string measure;
  double value = 0.0;
  std::uint64_t rows = 0;
};

class ModelFamily {
 public:
  virtual ~ModelFamily() = default;

  virtual std::string name() const = 0;
  // The option values (family_options(name()) describes them).
  virtual OptionValues options() const = 0;
  // "regression" (y any real number) or "classification" (y a class label: {0, 1}, or
  // 0..C−1 for bnn, whose prediction columns are the C class probabilities).
  virtual std::string target_kind() const = 0;
  // The kind of certificate forget() gives: "exact", "proof" or "estimate".
  virtual std::string certificate_kind() const { return "estimate"; }

  // Trains from scratch on `rows`, replacing any earlier state.
  virtual void train(const TrainingRows& rows) = 0;
  // Forgets the given rows, which were part of the training data. The certificate's
  // `sum` is the family's running sum since its last training.
  virtual Certificate forget(const TrainingRows& erased) = 0;
  // One row per input; columns named by prediction_columns().
  virtual Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const = 0;
  virtual std::vector<std::string> prediction_columns() const = 0;
  virtual PosteriorDistance distance_to(const ModelFamily& retrained) const = 0;
  // The fit of `rows` by predict() (FitScore above). A classification family's class is
  // its "probability" column (p(y = 1)) over one half, or its largest "p_class" column;
  // regression reads its "mean" column. InvalidArgument ("ModelFamily::score", 'y')
  // for labels that are not classes.
  FitScore score(const TrainingRows& rows) const;
  // A fresh, untrained family with the same options (verify's reference).
  virtual std::unique_ptr<ModelFamily> untrained_copy() const = 0;
  // The family the retrain policy trains: the same, but where training draws noise
  // (objective perturbation), a fresh draw.
  virtual std::unique_ptr<ModelFamily> retraining_copy() const { return untrained_copy(); }
  // A residual budget the family's guarantee requires (certified removal: β = σε/c), or 0.
  // Past it the lifecycle retrains whatever the caller asked.
  virtual double certified_budget() const { return 0.0; }
  // Proof families: the quantity the certificate's `sum` bounds, measured on the rows
  // now in training (one pass over them); −1 for families without a proof.
  virtual double measured_residual(const TrainingRows& remaining) const {
    static_cast<void>(remaining);
    return -1.0;
  }
  // The same quantity streamed: residual_terms(chunk) is the chunk's additive share of
  // it (for the gradient norm: the chunk's Σ_i ∇ℓ_i), the shares summed over chunks that
  // partition the rows held and passed to residual_from give measured_residual of them
  // all, to rounding, without the rows held whole. Empty / −1 for families without a proof.
  // The chunk comes row-major, as the file's pages hold it (x: rows × features, y: targets).
  virtual Eigen::VectorXd residual_terms(const RowsRef& x, const Eigen::VectorXd& y) const {
    static_cast<void>(x);
    static_cast<void>(y);
    return Eigen::VectorXd();
  }
  virtual double residual_from(const Eigen::VectorXd& terms) const {
    static_cast<void>(terms);
    return -1.0;
  }

  virtual void write_state(ByteWriter& out) const = 0;
  virtual void read_state(ByteReader& in) = 0;

  int feature_count() const { return feature_count_; }

 protected:
  int feature_count_ = 0;
};

// The family names in the order the CLI lists them.
std::vector<std::string> family_names();
// The options of family `name`, as its option set describes them (InvalidArgument
// for an unknown family).
std::vector<OptionInfo> family_options(const std::string& name);
// A family with `values` (names from its description; the rest take their
// defaults). Unknown names, non-integers for integer options and values out of
// range are InvalidArgument naming the option.
std::unique_ptr<ModelFamily> make_family(const std::string& name, int feature_count, const OptionValues& values);

}  // namespace lethe
