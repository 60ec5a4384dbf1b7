#include <lethe/model/family.hpp>

#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>
#include <lethe/model/bnn_family.hpp>
#include <lethe/model/class_labels.hpp>
#include <lethe/model/gp_family.hpp>
#include <lethe/model/linear_family.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/mixture_family.hpp>

namespace lethe {

namespace {

// The index of the column named `name`, or of the first whose name starts with it.
Eigen::Index column_named(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c].compare(0, name.size(), name) == 0) return static_cast<Eigen::Index>(c);
  return -1;
}

}  // namespace

FitScore ModelFamily::score(const TrainingRows& rows) const {
  const char* fn = "ModelFamily::score";
  check_size(fn, "y", static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
  const bool classification = target_kind() == "classification";
  FitScore out;
  out.measure = classification ? "accuracy" : "rmse";
  out.rows = static_cast<std::uint64_t>(rows.x.rows());
  if (rows.x.rows() == 0) {
    out.value = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  const Eigen::VectorXi labels = classification ? class_labels(rows.y, 0, fn) : Eigen::VectorXi();
  const Eigen::MatrixXd p = predict(rows.x);
  const std::vector<std::string> columns = prediction_columns();
  const auto n = static_cast<double>(rows.x.rows());
  if (!classification) {
    // RMSE = √(Σ (μ(x_i) − y_i)² / n).
    const Eigen::Index mean = column_named(columns, "mean");
    if (mean < 0) throw InternalError(std::string(fn) + ": family '" + name() + "' predicts no 'mean' column");
    out.value = std::sqrt((p.col(mean) - rows.y).squaredNorm() / n);
    return out;
  }
  const Eigen::Index probability = column_named(columns, "probability");
  const Eigen::Index first_class = column_named(columns, "p_class");
  if (probability < 0 && first_class < 0)
    throw InternalError(std::string(fn) + ": family '" + name() + "' predicts no 'probability' or 'p_class' column");
  long right = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    Eigen::Index predicted = 0;
    if (probability >= 0)
      predicted = p(i, probability) > 0.5 ? 1 : 0;
    else
      p.row(i).segment(first_class, p.cols() - first_class).maxCoeff(&predicted);
    right += predicted == labels[i] ? 1 : 0;
  }
  out.value = static_cast<double>(right) / n;
  return out;
}

std::vector<std::string> family_names() { return {"linear", "logistic", "gp", "bnn", "mixture"}; }

std::vector<OptionInfo> family_options(const std::string& name) {
  if (name == "linear") return LinearFamily::option_set().infos();
  if (name == "logistic") return LogisticFamily::option_set().infos();
  if (name == "gp") return GpFamily::option_set().infos();
  if (name == "bnn") return BnnFamily::option_set().infos();
  if (name == "mixture") return MixtureFamily::option_set().infos();
  fail_argument("family_options", "family",
                "must be 'linear', 'logistic', 'gp', 'bnn' or 'mixture' (got '" + name + "')");
}

std::unique_ptr<ModelFamily> make_family(const std::string& name, int feature_count, const OptionValues& values) {
  check_at_least("make_family", "feature_count", feature_count, 1);
  static_cast<void>(family_options(name));  // an unknown family is refused before its options
  if (name == "linear") {
    const LinearFamilyOptions o = options_from(LinearFamily::option_set(), values);
    return std::make_unique<LinearFamily>(feature_count, o.prior_precision, o.noise_variance);
  }
  if (name == "gp") return std::make_unique<GpFamily>(feature_count, options_from(GpFamily::option_set(), values));
  if (name == "bnn") return std::make_unique<BnnFamily>(feature_count, options_from(BnnFamily::option_set(), values));
  if (name == "mixture")
    return std::make_unique<MixtureFamily>(feature_count, options_from(MixtureFamily::option_set(), values));
  const LogisticFamilyOptions o = options_from(LogisticFamily::option_set(), values);
  if (o.certification.epsilon > 0 && o.certification.sigma <= 0)
    fail_argument("make_family", "certify_epsilon",
                  "needs perturbation_sigma > 0 (the guarantee comes from the noise)");
  return std::make_unique<LogisticFamily>(feature_count, o.prior_variance, o.max_iterations, o.standardise != 0,
                                          o.certification);
}

}  // namespace lethe
