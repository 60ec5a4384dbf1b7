#include <lethe/model/class_labels.hpp>

#include <cmath>
#include <string>

#include <lethe/base/errors.hpp>

namespace lethe {

Eigen::VectorXi class_labels(const Eigen::VectorXd& y, int classes, const char* function) {
  const int limit = classes > 0 ? classes : kMaxClassLabels;
  Eigen::VectorXi out(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double v = y(i);
    // NaN fails every comparison, so it is refused here too.
    if (!(v >= 0.0 && v == std::floor(v) && v < limit))
      fail_argument(function, "y",
                    "must be a class label 0.." + std::to_string(limit - 1) + " (got " + detail::to_text(v) + ")");
    out(i) = static_cast<int>(v);
  }
  return out;
}

}  // namespace lethe
