#include <lethe/bif/gaussian_mixture_model.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>

namespace lethe {

GaussianMixtureEnergy::GaussianMixtureEnergy(const Eigen::MatrixXd& x, int components)
    : x_(x), components_(components) {
  const char* fn = "GaussianMixtureEnergy";
  check_at_least(fn, "components", components, 1);
  check_size(fn, "x (columns)", static_cast<long>(x.cols()), 2);
  check_at_least(fn, "x (rows)", static_cast<long>(x.rows()), 1);
  check_finite(fn, "x", x);
  d_.resize(2, components);
  r_.resize(components);
  rd_.resize(2 * components);
}

double GaussianMixtureEnergy::responsibilities(const Eigen::VectorXd& theta, int i) const {
  const int k_count = components_;
  const double x0 = x_(i, 0), x1 = x_(i, 1);
  double a_max = -std::numeric_limits<double>::infinity();
  for (int k = 0; k < k_count; ++k) {
    d_(0, k) = x0 - theta[2 * k];
    d_(1, k) = x1 - theta[2 * k + 1];
    r_[k] = -0.5 * (d_(0, k) * d_(0, k) + d_(1, k) * d_(1, k));  // a_k
    a_max = std::max(a_max, r_[k]);
  }
  // log Σ exp(a_k) = a_max + log Σ exp(a_k − a_max); r_k = exp(a_k − lse).
  double sum = 0.0;
  for (int k = 0; k < k_count; ++k) {
    r_[k] = std::exp(r_[k] - a_max);
    sum += r_[k];
  }
  r_ /= sum;
  return a_max + std::log(sum);
}

// h = −log Σ_k (1/K)(2π)⁻¹ exp(a_k) = −lse(a) + log K + log 2π
double GaussianMixtureEnergy::h(const Eigen::VectorXd& theta, int i) const {
  const double lse = responsibilities(theta, i);
  return -lse + std::log(static_cast<double>(components_)) + kLog2Pi;
}

// ∂h/∂μ_k = −r_k d_k   (d_k = x − μ_k, r = softmax(a))
void GaussianMixtureEnergy::add_grad_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::VectorXd& out) const {
  responsibilities(theta, i);
  for (int k = 0; k < components_; ++k) {
    out[2 * k] -= scale * r_[k] * d_(0, k);
    out[2 * k + 1] -= scale * r_[k] * d_(1, k);
  }
}

// ∂²h/∂μ_k∂μ_l = δ_kl r_k (I − d_k d_kᵀ) + r_k r_l d_k d_lᵀ
// (from ∂r_k/∂μ_l = r_k (δ_kl − r_l) d_l and ∂d_k/∂μ_k = −I): a rank-one term
// (r∘d)(r∘d)ᵀ over all of θ plus 2×2 diagonal blocks.
void GaussianMixtureEnergy::add_hess_h(const Eigen::VectorXd& theta, int i, double scale, Eigen::MatrixXd& out) const {
  responsibilities(theta, i);
  for (int k = 0; k < components_; ++k) {
    rd_[2 * k] = r_[k] * d_(0, k);
    rd_[2 * k + 1] = r_[k] * d_(1, k);
  }
  out.selfadjointView<Eigen::Lower>().rankUpdate(rd_, scale);
  for (int k = 0; k < components_; ++k) {
    const double c = scale * r_[k];  // scale · r_k
    const double d0 = d_(0, k), d1 = d_(1, k);
    out(2 * k, 2 * k) += c * (1.0 - d0 * d0);
    out(2 * k + 1, 2 * k) -= c * d1 * d0;
    out(2 * k + 1, 2 * k + 1) += c * (1.0 - d1 * d1);
  }
  // The rank-one update filled the lower triangle only: mirror it.
  out.triangularView<Eigen::StrictlyUpper>() = out.transpose().triangularView<Eigen::StrictlyUpper>();
}

// (∇²h v)_k = r_k (v_k − d_k (d_k·v_k)) + r_k d_k Σ_l r_l (d_l·v_l) — O(K) per row.
void GaussianMixtureEnergy::add_hvp_h(const Eigen::VectorXd& theta, int i, const Eigen::VectorXd& v, double scale,
                                      Eigen::VectorXd& out) const {
  responsibilities(theta, i);
  double mixed = 0.0;
  for (int l = 0; l < components_; ++l) mixed += r_[l] * d_.col(l).dot(v.segment<2>(2 * l));
  for (int k = 0; k < components_; ++k) {
    const double dv = d_.col(k).dot(v.segment<2>(2 * k));
    out.segment<2>(2 * k) += (scale * r_[k]) * (v.segment<2>(2 * k) - d_.col(k) * dv + d_.col(k) * mixed);
  }
}

std::unique_ptr<Energy> GaussianMixtureEnergy::copy_rows(const std::vector<int>& rows) const {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), 2);
  for (Eigen::Index j = 0; j < x.rows(); ++j) x.row(j) = x_.row(rows[static_cast<std::size_t>(j)]);
  return std::make_unique<GaussianMixtureEnergy>(x, components_);
}

double GaussianMixtureEnergy::f(const Eigen::VectorXd& theta) const {
  return 0.5 * theta.squaredNorm() + components_ * kLog2Pi;
}

Eigen::VectorXd GaussianMixtureEnergy::grad_f(const Eigen::VectorXd& theta) const { return theta; }

Eigen::MatrixXd GaussianMixtureEnergy::hess_f(const Eigen::VectorXd&) const {
  return Eigen::MatrixXd::Identity(dim(), dim());
}

Eigen::MatrixXd means_from_state(const Eigen::VectorXd& theta) {
  const Eigen::Index k = theta.size() / 2;
  Eigen::MatrixXd m(k, 2);
  for (Eigen::Index i = 0; i < k; ++i) m.row(i) << theta[2 * i], theta[2 * i + 1];
  return m;
}

Eigen::VectorXd state_from_means(const Eigen::MatrixXd& means) {
  Eigen::VectorXd theta(2 * means.rows());
  for (Eigen::Index i = 0; i < means.rows(); ++i) {
    theta[2 * i] = means(i, 0);
    theta[2 * i + 1] = means(i, 1);
  }
  return theta;
}

namespace {

// k-means++ seeding: the first centre uniformly, each next one with probability
// proportional to the squared distance to the nearest centre chosen so far.
Eigen::MatrixXd kmeans_plus_plus_seeds(const Eigen::MatrixXd& x, const std::vector<int>& rows, int components,
                                       Rng& rng) {
  const std::size_t count = rows.size();
  Eigen::MatrixXd centres(components, 2);
  centres.row(0) = x.row(rows[static_cast<std::size_t>(rng.below(count))]);
  // nearest[j]: squared distance from row j to its nearest chosen centre.
  std::vector<double> nearest(count, std::numeric_limits<double>::infinity());
  for (int c = 1; c < components; ++c) {
    double total = 0.0;
    for (std::size_t j = 0; j < count; ++j) {
      nearest[j] = std::min(nearest[j], (x.row(rows[j]) - centres.row(c - 1)).squaredNorm());
      total += nearest[j];
    }
    // Inverse-CDF draw: walk the rows until the mass left of u is used up.
    double mass = rng.uniform() * total;
    std::size_t pick = count - 1;
    for (std::size_t j = 0; j < count; ++j) {
      mass -= nearest[j];
      if (mass < 0.0) {
        pick = j;
        break;
      }
    }
    centres.row(c) = x.row(rows[pick]);
  }
  return centres;
}

// One Lloyd iteration: assign each row to its nearest centre, move every centre
// that got rows to their mean.
void lloyd_step(const Eigen::MatrixXd& x, const std::vector<int>& rows, Eigen::MatrixXd& centres) {
  const Eigen::Index components = centres.rows();
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(components, 2);
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(components);
  for (int id : rows) {
    Eigen::Index best;
    (centres.rowwise() - x.row(id)).rowwise().squaredNorm().minCoeff(&best);
    sums.row(best) += x.row(id);
    counts[best] += 1.0;
  }
  for (Eigen::Index c = 0; c < components; ++c)
    if (counts[c] > 0) centres.row(c) = sums.row(c) / counts[c];
}

}  // namespace

Eigen::MatrixXd kmeans_start(const Eigen::MatrixXd& x, const std::vector<int>& rows, int components, Rng& rng,
                             int lloyd_steps) {
  const char* fn = "kmeans_start";
  check_at_least(fn, "components", components, 1);
  check_at_least(fn, "rows", static_cast<long>(rows.size()), components);
  Eigen::MatrixXd centres = kmeans_plus_plus_seeds(x, rows, components, rng);
  for (int step = 0; step < lloyd_steps; ++step) lloyd_step(x, rows, centres);
  return centres;
}

Eigen::MatrixXd label_means(const Eigen::MatrixXd& x, const Eigen::VectorXi& labels, const char* function) {
  check_size(function, "labels", static_cast<long>(labels.size()), static_cast<long>(x.rows()));
  if (labels.size() == 0) fail_argument(function, "labels", "is empty");
  if (labels.minCoeff() < 0) fail_argument(function, "labels", "must be non-negative");
  const int k = labels.maxCoeff() + 1;
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, 2);
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    sums.row(labels[i]) += x.row(i);
    counts[labels[i]] += 1.0;
  }
  for (int c = 0; c < k; ++c) {
    if (counts[c] == 0)
      fail_argument(
          function, "labels",
          "must use every label 0.." + std::to_string(k - 1) + " (label " + std::to_string(c) + " has no points)");
    sums.row(c) /= counts[c];
  }
  return sums;
}

namespace {

// Up to this many components the matching tries every permutation (8! = 40 320
// sums of K costs: instant); beyond it the factorial growth makes greedy the
// only practical choice.
constexpr int kMaxExhaustiveComponents = 8;

// The permutation minimising Σ_r cost(r, perm[r]), by enumeration.
std::vector<int> best_permutation(const Eigen::MatrixXd& cost) {
  const auto count = static_cast<std::size_t>(cost.rows());
  std::vector<int> perm(count);
  std::iota(perm.begin(), perm.end(), 0);
  std::vector<int> best = perm;
  double best_cost = std::numeric_limits<double>::infinity();
  do {
    double total = 0.0;
    for (std::size_t ref = 0; ref < count; ++ref) total += cost(static_cast<Eigen::Index>(ref), perm[ref]);
    if (total < best_cost) {
      best_cost = total;
      best = perm;
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

// Greedy: repeatedly match the cheapest (reference, component) pair left.
std::vector<int> greedy_matching(const Eigen::MatrixXd& cost) {
  const int count = static_cast<int>(cost.rows());
  // Starts as the identity, so that a reference no finite cost reaches keeps its
  // own index.
  std::vector<int> perm(static_cast<std::size_t>(count));
  std::iota(perm.begin(), perm.end(), 0);
  std::vector<bool> ref_used(static_cast<std::size_t>(count), false), comp_used(ref_used);
  for (int step = 0; step < count; ++step) {
    double best = std::numeric_limits<double>::infinity();
    int best_ref = 0, best_comp = 0;
    for (int ref = 0; ref < count; ++ref)
      for (int comp = 0; comp < count; ++comp)
        if (!ref_used[static_cast<std::size_t>(ref)] && !comp_used[static_cast<std::size_t>(comp)] &&
            cost(ref, comp) < best) {
          best = cost(ref, comp);
          best_ref = ref;
          best_comp = comp;
        }
    ref_used[static_cast<std::size_t>(best_ref)] = comp_used[static_cast<std::size_t>(best_comp)] = true;
    perm[static_cast<std::size_t>(best_ref)] = best_comp;
  }
  return perm;
}

}  // namespace

std::vector<int> match_components(const Eigen::MatrixXd& centres, const Eigen::MatrixXd& reference) {
  const char* fn = "match_components";
  check_size(fn, "centres", static_cast<long>(centres.rows()), static_cast<long>(reference.rows()));
  const Eigen::Index count = reference.rows();
  Eigen::MatrixXd cost(count, count);  // cost(ref, comp): squared distance reference ↔ component
  for (Eigen::Index ref = 0; ref < count; ++ref)
    for (Eigen::Index comp = 0; comp < count; ++comp)
      cost(ref, comp) = (reference.row(ref) - centres.row(comp)).squaredNorm();
  return count <= kMaxExhaustiveComponents ? best_permutation(cost) : greedy_matching(cost);
}

}  // namespace lethe
