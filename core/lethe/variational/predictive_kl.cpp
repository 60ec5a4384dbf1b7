#include <lethe/variational/predictive_kl.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {
// p log(p/q), with the conventions 0 log(0/q) = 0 and p log(p/0) = +∞.
double kl_term(double p, double q) {
  if (p <= 0.0) return 0.0;
  if (q <= 0.0) return std::numeric_limits<double>::infinity();
  return p * std::log(p / q);
}
}  // namespace

Eigen::VectorXd bernoulli_kl(const BernoulliPredictive& p, const BernoulliPredictive& q) {
  const char* fn = "bernoulli_kl";
  check_size(fn, "p.p0", static_cast<long>(p.p0.size()), static_cast<long>(p.p1.size()));
  check_size(fn, "q.p1", static_cast<long>(q.p1.size()), static_cast<long>(p.p1.size()));
  check_size(fn, "q.p0", static_cast<long>(q.p0.size()), static_cast<long>(p.p1.size()));
  Eigen::VectorXd kl(p.p1.size());
  for (Eigen::Index i = 0; i < kl.size(); ++i)
    // Clamp at 0: the two terms can cancel to a tiny negative number by rounding.
    kl[i] = std::max(0.0, kl_term(p.p1[i], q.p1[i]) + kl_term(p.p0[i], q.p0[i]));
  return kl;
}

double averaged_predictive_kl(const BernoulliPredictive& reference, const BernoulliPredictive& approx) {
  if (reference.p1.size() == 0) fail_argument("averaged_predictive_kl", "reference", "is empty");
  return bernoulli_kl(reference, approx).mean();
}

}  // namespace lethe
