#include <lethe/bnn/measures.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <lethe/base/errors.hpp>

namespace lethe {

double mean_categorical_kl(const Eigen::MatrixXd& reference, const Eigen::MatrixXd& p) {
  check_size("mean_categorical_kl", "p", static_cast<long>(p.size()), static_cast<long>(reference.size()));
  if (reference.rows() == 0) return 0.0;
  double total = 0.0;
  for (Eigen::Index i = 0; i < reference.rows(); ++i)
    for (Eigen::Index k = 0; k < reference.cols(); ++k) {
      const double r = reference(i, k);
      if (r > 0.0) total += r * (std::log(r) - std::log(std::max(p(i, k), 1e-300)));
    }
  return total / double(reference.rows());
}

double accuracy(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels) {
  check_size("accuracy", "labels", static_cast<long>(labels.size()), static_cast<long>(p.rows()));
  if (p.rows() == 0) return 0.0;
  long right = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    Eigen::Index best = 0;
    p.row(i).maxCoeff(&best);
    right += best == labels[i] ? 1 : 0;
  }
  return double(right) / double(p.rows());
}

Eigen::VectorXd true_label_confidence(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels) {
  check_size("true_label_confidence", "labels", static_cast<long>(labels.size()), static_cast<long>(p.rows()));
  Eigen::VectorXd c(p.rows());
  for (Eigen::Index i = 0; i < p.rows(); ++i) c[i] = p(i, labels[i]);
  return c;
}

double membership_auc(const Eigen::VectorXd& members, const Eigen::VectorXd& others) {
  check_at_least("membership_auc", "members", static_cast<long>(members.size()), 1);
  check_at_least("membership_auc", "others", static_cast<long>(others.size()), 1);
  // Rank statistic: sort the others once, count those below and equal for each member.
  std::vector<double> sorted(others.data(), others.data() + others.size());
  std::sort(sorted.begin(), sorted.end());
  double wins = 0.0;
  for (Eigen::Index i = 0; i < members.size(); ++i) {
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), members[i]);
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), members[i]);
    wins += double(lo - sorted.begin()) + 0.5 * double(hi - lo);
  }
  return wins / (double(members.size()) * double(others.size()));
}

Eigen::VectorXd per_class_accuracy(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels, int classes) {
  Eigen::VectorXd right = Eigen::VectorXd::Zero(classes), count = Eigen::VectorXd::Zero(classes);
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    Eigen::Index best = 0;
    p.row(i).maxCoeff(&best);
    count[labels[i]] += 1.0;
    right[labels[i]] += best == labels[i] ? 1.0 : 0.0;
  }
  return (right.array() / count.array().max(1.0)).matrix();
}

}  // namespace lethe
