#include <lethe/model/family.hpp>

#include <cctype>
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

const std::vector<FamilyOption>& family_options(const std::string& name) {
  if (name == "linear") return LinearFamily::descriptions();
  if (name == "logistic") return LogisticFamily::descriptions();
  if (name == "gp") return GpFamily::descriptions();
  if (name == "bnn") return BnnFamily::descriptions();
  if (name == "mixture") return MixtureFamily::descriptions();
  fail_argument("family_options", "family",
                "must be 'linear', 'logistic', 'gp', 'bnn' or 'mixture' (got '" + name + "')");
}

namespace {

// The values of every described option: `values` checked, the rest defaulted.
std::vector<double> resolve(const std::string& family, const std::vector<FamilyOption>& described,
                            const OptionValues& values) {
  std::vector<double> out;
  for (const FamilyOption& d : described) out.push_back(d.default_value);
  for (const auto& [name, value] : values) {
    std::size_t i = 0;
    while (i < described.size() && name != described[i].name) ++i;
    if (i == described.size()) {
      std::string known;
      for (const FamilyOption& d : described) known += (known.empty() ? "" : ", ") + std::string(d.name);
      fail_argument("make_family", name.c_str(),
                    "is not an option of family '" + family + "' (options: " + known + ")");
    }
    const FamilyOption& d = described[i];
    if (!std::isfinite(value) || value < d.minimum || value > d.maximum)
      fail_argument("make_family", d.name,
                    "must lie in [" + detail::to_text(d.minimum) + ", " + detail::to_text(d.maximum) + "] (got " +
                        detail::to_text(value) + ")");
    if (d.integer && value != std::floor(value))
      fail_argument("make_family", d.name, "must be an integer (got " + detail::to_text(value) + ")");
    out[i] = value;
  }
  return out;
}

}  // namespace

std::unique_ptr<ModelFamily> make_family(const std::string& name, int feature_count, const OptionValues& values) {
  check_at_least("make_family", "feature_count", feature_count, 1);
  const std::vector<double> v = resolve(name, family_options(name), values);
  if (name == "linear") return std::make_unique<LinearFamily>(feature_count, v[0], v[1]);
  if (name == "gp") return std::make_unique<GpFamily>(feature_count, GpFamily::options_from(v));
  if (name == "bnn") return std::make_unique<BnnFamily>(feature_count, BnnFamily::options_from(v));
  if (name == "mixture") return std::make_unique<MixtureFamily>(feature_count, MixtureFamily::options_from(v));
  LogisticFamily::Certification certification;
  certification.sigma = v[3];
  certification.epsilon = v[4];
  certification.delta = v[5];
  certification.seed = static_cast<std::uint64_t>(v[6]);
  if (certification.epsilon > 0 && certification.sigma <= 0)
    fail_argument("make_family", "certify_epsilon",
                  "needs perturbation_sigma > 0 (the guarantee comes from the noise)");
  return std::make_unique<LogisticFamily>(feature_count, v[0], static_cast<int>(v[1]), v[2] != 0.0, certification);
}

std::string camel_case(const std::string& snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string kebab_case(const std::string& snake) {
  std::string out = snake;
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

}  // namespace lethe
