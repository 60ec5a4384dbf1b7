#include <lethe/bnn/classification_data.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <set>
#include <sstream>

#include <lethe/base/active_rows.hpp>
#include <lethe/base/constants.hpp>
#include <lethe/base/csv.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

void check_classification_data(const ClassificationData& data, const char* function) {
  check_finite(function, "x", data.x);
  check_size(function, "labels", static_cast<long>(data.labels.size()), static_cast<long>(data.x.rows()));
  check_at_least(function, "classes", data.classes, 2);
  std::set<int> seen;
  for (Eigen::Index i = 0; i < data.labels.size(); ++i) {
    const int y = data.labels[i];
    if (y < 0 || y >= data.classes)
      fail_argument(function, "labels",
                    "holds " + std::to_string(y) + " at row " + std::to_string(i) + ", outside [0, " +
                        std::to_string(data.classes) + ")");
    seen.insert(y);
  }
  if (seen.size() < 2)
    fail_argument(function, "labels", "must hold at least two classes (got " + std::to_string(seen.size()) + ")");
}

ClassificationData make_two_spirals(int n, double noise, std::uint64_t seed) {
  check_at_least("make_two_spirals", "n", n, 4);
  check_nonnegative("make_two_spirals", "noise", noise);
  Rng rng(seed);
  ClassificationData d;
  d.x.resize(n, 2);
  d.labels.resize(n);
  d.classes = 2;
  const int first = n / 2;
  for (int i = 0; i < n; ++i) {
    const int c = i < first ? 0 : 1;
    const int count = c == 0 ? first : n - first;
    const int j = c == 0 ? i : i - first;
    const double u = 0.05 + 0.95 * (count > 1 ? double(j) / (count - 1) : 0.0);
    // angle t = 3π u, radius 2u, class 1 rotated by π.
    const double t = 3.0 * kPi * u + c * kPi;
    const double r = 2.0 * u;
    d.x(i, 0) = r * std::cos(t) + noise * rng.normal();
    d.x(i, 1) = r * std::sin(t) + noise * rng.normal();
    d.labels[i] = c;
  }
  return d;
}

ClassificationData make_moons_data(int n, double noise, std::uint64_t seed) {
  const LabelledPoints p = make_moons(n, noise, seed);
  ClassificationData d;
  d.x = p.x;
  d.labels = p.labels;
  d.classes = 2;
  return d;
}

namespace {
// The numbers of one CSV line; false if a field is not a number.
bool parse_fields(const std::string& line, std::vector<double>& out) {
  out.clear();
  std::stringstream s(line);
  std::string field;
  while (std::getline(s, field, ',')) {
    const char* begin = field.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    while (end != nullptr && (*end == ' ' || *end == '\t' || *end == '\r')) ++end;
    if (end == begin || *end != '\0') return false;
    out.push_back(v);
  }
  return !out.empty();
}
}  // namespace

ClassificationData parse_classification_csv(const std::string& text, const std::string& source) {
  std::stringstream in(text);
  std::string line;
  std::vector<std::vector<double>> rows;
  std::vector<double> fields;
  long number = 0;
  std::size_t width = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!parse_fields(line, fields)) {
      if (rows.empty() && width == 0 && number == 1) continue;  // a header
      throw ParseError(source, number, "expected numbers f1,...,fk,label");
    }
    if (fields.size() < 2) throw ParseError(source, number, "expected at least one feature and a label");
    if (width == 0) width = fields.size();
    if (fields.size() != width)
      throw ParseError(source, number,
                       "has " + std::to_string(fields.size()) + " fields, the first row has " + std::to_string(width));
    for (double v : fields)
      if (!std::isfinite(v)) throw ParseError(source, number, "holds a non-finite number");
    const double label = fields.back();
    if (label < 0 || label != std::floor(label) || label >= kMaxClassLabels)
      throw ParseError(source, number, "label must be a non-negative integer");
    rows.push_back(fields);
  }
  if (rows.empty()) throw ParseError(source, number, "no data rows");
  ClassificationData d;
  d.x.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(width - 1));
  d.labels.resize(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j + 1 < width; ++j) d.x(Eigen::Index(i), Eigen::Index(j)) = rows[i][j];
    d.labels[Eigen::Index(i)] = static_cast<int>(rows[i].back());
  }
  d.classes = d.labels.maxCoeff() + 1;
  return d;
}

ClassificationData read_classification_csv(const std::string& path) {
  return parse_classification_csv(read_text_file(path), path);
}

ClassificationData read_uci_digits(const std::string& path) {
  ClassificationData d = read_classification_csv(path);
  d.x /= kDigitsPixelMax;
  return d;
}

ClassificationData select_rows(const ClassificationData& data, const std::vector<int>& ids) {
  ClassificationData out;
  out.classes = data.classes;
  out.x.resize(static_cast<Eigen::Index>(ids.size()), data.x.cols());
  out.labels.resize(static_cast<Eigen::Index>(ids.size()));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.x.row(Eigen::Index(i)) = data.x.row(ids[i]);
    out.labels[Eigen::Index(i)] = data.labels[ids[i]];
  }
  return out;
}

TrainTestSplit train_test_split(int n, double test_fraction, std::uint64_t seed) {
  check_at_least("train_test_split", "n", n, 2);
  if (!(test_fraction > 0.0 && test_fraction < 1.0))
    fail_argument("train_test_split", "test_fraction",
                  "must lie in (0, 1) (got " + detail::to_text(test_fraction) + ")");
  std::vector<int> order = all_rows(n);
  Rng rng(seed);
  for (int i = n - 1; i > 0; --i)
    std::swap(order[std::size_t(i)], order[static_cast<std::size_t>(rng.below(std::uint64_t(i) + 1))]);
  const int test = std::clamp(static_cast<int>(std::lround(test_fraction * n)), 1, n - 1);
  TrainTestSplit split;
  split.test.assign(order.begin(), order.begin() + test);
  split.train.assign(order.begin() + test, order.end());
  std::sort(split.test.begin(), split.test.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

void check_forget_ids(const ClassificationData& train, const std::vector<int>& ids, const char* function,
                      const char* parameter) {
  ActiveRows rows(static_cast<int>(train.size()));
  rows.validate(ids, function, parameter, /*allow_all=*/false);
  std::vector<bool> forgotten(std::size_t(train.size()), false);
  for (int id : ids) forgotten[std::size_t(id)] = true;
  std::set<int> left;
  for (Eigen::Index i = 0; i < train.size(); ++i)
    if (!forgotten[std::size_t(i)]) left.insert(train.labels[i]);
  if (left.size() < 2)
    fail_argument(function, parameter, "would leave a single class in training (a classifier needs two)");
}

std::vector<int> scenario_ids(const ClassificationData& train, const std::string& scenario, std::uint64_t seed,
                              const char* function) {
  const int n = static_cast<int>(train.size());
  std::vector<int> ids;
  auto number_after = [&](const std::string& prefix, double& value) {
    const std::string rest = scenario.substr(prefix.size());
    char* end = nullptr;
    value = std::strtod(rest.c_str(), &end);
    if (rest.empty() || *end != '\0')
      fail_argument(function, "scenario", "'" + scenario + "': expected a number after '" + prefix + "'");
  };
  if (scenario.rfind("class:", 0) == 0) {
    double k = 0;
    number_after("class:", k);
    if (k != std::floor(k) || k < 0 || k >= train.classes)
      fail_argument(function, "scenario",
                    "'" + scenario + "': class must be an integer in [0, " + std::to_string(train.classes) + ")");
    for (int i = 0; i < n; ++i)
      if (train.labels[i] == int(k)) ids.push_back(i);
    if (ids.empty()) fail_argument(function, "scenario", "'" + scenario + "': no training row has that class");
  } else if (scenario.rfind("random:", 0) == 0) {
    double p = 0;
    number_after("random:", p);
    if (!(p > 0.0 && p < 1.0)) fail_argument(function, "scenario", "'" + scenario + "': fraction must lie in (0, 1)");
    const int count = std::max(1, static_cast<int>(std::lround(p * n)));
    std::vector<int> order = all_rows(n);
    Rng rng(seed);
    for (int i = 0; i < count; ++i)
      std::swap(order[std::size_t(i)],
                order[std::size_t(i) + static_cast<std::size_t>(rng.below(std::uint64_t(n - i)))]);
    ids.assign(order.begin(), order.begin() + count);
  } else if (scenario == "tip") {
    if (train.features() != 2)
      fail_argument(function, "scenario",
                    "'tip' needs 2-D data (got " + std::to_string(train.features()) + " features)");
    std::vector<int> order = all_rows(n);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return train.x(a, 0) > train.x(b, 0); });
    ids.assign(order.begin(), order.begin() + std::max(1, n / 10));
  } else {
    fail_argument(function, "scenario", "must be 'class:K', 'random:P' or 'tip' (got '" + scenario + "')");
  }
  std::sort(ids.begin(), ids.end());
  check_forget_ids(train, ids, function, "scenario");
  return ids;
}

}  // namespace lethe
