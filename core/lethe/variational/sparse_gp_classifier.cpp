#include <lethe/variational/sparse_gp_classifier.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/dense_product.hpp>
#include <lethe/base/errors.hpp>

namespace lethe {

namespace {
// Relative jitter on K_ZZ: inducing inputs closer than a fraction of a lengthscale
// make K_ZZ nearly singular; 10⁻⁶ σ² keeps the Cholesky factor well defined
// without changing any prediction visibly.
constexpr double kRelativeJitter = 1e-6;
// Gauss–Hermite nodes of the predictive: it is what the published metric compares, so
// it is integrated more finely than the likelihood expectations (32 nodes by default).
constexpr int kPredictiveNodes = 64;
// Below this standard deviation s of f, (∂E/∂s)/s is replaced by its s → 0 limit:
// ∂E/∂s is a sum of O(1) quadrature terms that cancel to O(s), so the quotient's
// relative error grows like 1e-16/s, already 1e-6 at this s.
constexpr double kTinyStandardDeviation = 1e-10;
// Rows per block of natural_statistics(): large enough for matrix products to run at
// speed, small enough that a block's n×M temporaries stay a few hundred kilobytes.
constexpr std::size_t kStatisticsBlock = 2048;
constexpr Eigen::Index kProjectionBlock = 4096;

// Gathers the rows `subset` of a.
Eigen::MatrixXd gather_rows(const Eigen::MatrixXd& a, const std::vector<int>& subset) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(subset.size()), a.cols());
  for (std::size_t k = 0; k < subset.size(); ++k) out.row(static_cast<Eigen::Index>(k)) = a.row(subset[k]);
  return out;
}
}  // namespace

void check_subset(const LikelihoodModel& model, const std::vector<int>& subset, const char* function,
                  const char* parameter) {
  for (int id : subset)
    if (id < 0 || id >= model.rows())
      fail_argument(function, parameter,
                    "holds row id " + std::to_string(id) + ", outside [0, " + std::to_string(model.rows()) + ")");
}

Eigen::MatrixXd SeArdKernel::operator()(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2) const {
  // k(x, x') = σ² exp(−½ ‖(x − x') ⊘ ℓ‖²), computed on inputs scaled by 1/ℓ.
  const Eigen::RowVectorXd inv = lengthscales.cwiseInverse().transpose();
  const Eigen::MatrixXd s1 = x1.array().rowwise() * inv.array();
  const Eigen::MatrixXd s2 = x2.array().rowwise() * inv.array();
  Eigen::MatrixXd gram(x1.rows(), x2.rows());
  for (Eigen::Index j = 0; j < x2.rows(); ++j)
    for (Eigen::Index i = 0; i < x1.rows(); ++i)
      gram(i, j) = variance * std::exp(-0.5 * (s1.row(i) - s2.row(j)).squaredNorm());
  return gram;
}

namespace {
Gaussian make_prior(const Eigen::LLT<Eigen::MatrixXd>& kzz, Eigen::Index m) {
  return Gaussian(Eigen::VectorXd::Zero(m), kzz.matrixL());
}

Eigen::LLT<Eigen::MatrixXd> factor_kzz(const Eigen::MatrixXd& inducing, const SeArdKernel& kernel) {
  const char* fn = "SparseGpClassifier";
  check_at_least(fn, "inducing rows", static_cast<long>(inducing.rows()), 1);
  check_size(fn, "kernel.lengthscales", static_cast<long>(kernel.lengthscales.size()),
             static_cast<long>(inducing.cols()));
  check_finite(fn, "inducing", inducing);
  for (Eigen::Index d = 0; d < kernel.lengthscales.size(); ++d)
    check_positive(fn, "kernel.lengthscales", kernel.lengthscales[d]);
  check_positive(fn, "kernel.variance", kernel.variance);
  Eigen::MatrixXd kzz = kernel(inducing, inducing);
  kzz.diagonal().array() += kRelativeJitter * kernel.variance;
  Eigen::LLT<Eigen::MatrixXd> llt(kzz);
  if (llt.info() != Eigen::Success)
    throw SingularMatrixError(fn, "inducing", "K_ZZ is not positive definite (repeated inducing inputs?)");
  return llt;
}
}  // namespace

SparseGpClassifier::SparseGpClassifier(Eigen::MatrixXd x, Eigen::VectorXi labels, Eigen::MatrixXd inducing,
                                       SeArdKernel kernel, int quadrature_nodes)
    : x_(std::move(x)),
      labels_(std::move(labels)),
      inducing_(std::move(inducing)),
      kernel_(std::move(kernel)),
      kzz_(factor_kzz(inducing_, kernel_)),
      prior_(make_prior(kzz_, inducing_.rows())),
      rule_(gauss_hermite(quadrature_nodes)),
      predictive_rule_(gauss_hermite(kPredictiveNodes)) {
  const char* fn = "SparseGpClassifier";
  check_at_least(fn, "x rows", static_cast<long>(x_.rows()), 1);
  check_size(fn, "x cols", static_cast<long>(x_.cols()), static_cast<long>(inducing_.cols()));
  check_size(fn, "labels", static_cast<long>(labels_.size()), static_cast<long>(x_.rows()));
  check_finite(fn, "x", x_);
  sign_.resize(labels_.size());
  for (Eigen::Index i = 0; i < labels_.size(); ++i) {
    if (labels_[i] != 0 && labels_[i] != 1)
      fail_argument(fn, "labels",
                    "must be 0 or 1 (row " + std::to_string(i) + " has " + std::to_string(labels_[i]) + ")");
    sign_[i] = labels_[i] == 1 ? 1.0 : -1.0;
  }
  // a(x_i) in blocks of rows: projection() forms M×rows temporaries, which for the
  // whole data at once would triple the memory of a_ itself.
  a_.resize(x_.rows(), inducing_.rows());
  for (Eigen::Index start = 0; start < x_.rows(); start += kProjectionBlock) {
    const Eigen::Index count = std::min<Eigen::Index>(kProjectionBlock, x_.rows() - start);
    a_.middleRows(start, count) = projection(x_.middleRows(start, count));
  }
}

Eigen::MatrixXd SparseGpClassifier::projection(const Eigen::MatrixXd& xs) const {
  check_size("SparseGpClassifier::projection", "xs cols", static_cast<long>(xs.cols()),
             static_cast<long>(inducing_.cols()));
  // a(x)ᵀ = k_xZ K_ZZ⁻¹  ⇔  K_ZZ a(x) = k_Z(x).
  return kzz_.solve(kernel_(inducing_, xs)).transpose();
}

Eigen::VectorXd SparseGpClassifier::log_likelihood(const std::vector<int>& subset, const Eigen::MatrixXd& thetas,
                                                   Eigen::MatrixXd* gradients) const {
  const char* fn = "SparseGpClassifier::log_likelihood";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "thetas rows", static_cast<long>(thetas.rows()), static_cast<long>(dim()));
  const Eigen::MatrixXd a = gather_rows(a_, subset);
  // F_is = f(x_i; θ_s) = a_iᵀ θ_s;  ℓ_s = Σ_i log σ(s_i F_is).
  Eigen::MatrixXd f = multiply(a, thetas);
  Eigen::VectorXd ell = Eigen::VectorXd::Zero(thetas.cols());
  for (Eigen::Index s = 0; s < f.cols(); ++s)
    for (Eigen::Index k = 0; k < f.rows(); ++k) {
      const double sign = sign_[subset[static_cast<std::size_t>(k)]];
      const double t = sign * f(k, s);
      // One exponential for both: e = e^{−|t|}, log σ(t) = min(t, 0) − log(1 + e),
      // σ(−t) = e/(1+e) for t ≥ 0 and 1/(1+e) for t < 0.
      const double e = std::exp(-std::fabs(t));
      ell[s] += std::min(t, 0.0) - std::log1p(e);
      // d/dF log σ(sF) = s σ(−sF); reuse f to hold it for the gradient.
      if (gradients) f(k, s) = sign * (t >= 0 ? e : 1.0) / (1.0 + e);
    }
  // ∇_θ ℓ_s = Σ_i a_i s_i σ(−s_i F_is).
  if (gradients) *gradients = multiply_transposed(a, f);
  return ell;
}

Eigen::MatrixXd SparseGpClassifier::log_likelihood_gradients(const std::vector<int>& subset,
                                                             const Eigen::MatrixXd& thetas) const {
  const char* fn = "SparseGpClassifier::log_likelihood_gradients";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "thetas rows", static_cast<long>(thetas.rows()), static_cast<long>(dim()));
  const Eigen::MatrixXd a = gather_rows(a_, subset);
  Eigen::MatrixXd f = multiply(a, thetas);
  for (Eigen::Index s = 0; s < f.cols(); ++s)
    for (Eigen::Index k = 0; k < f.rows(); ++k) {
      const double sign = sign_[subset[static_cast<std::size_t>(k)]];
      const double t = sign * f(k, s);
      const double e = std::exp(-std::fabs(t));
      f(k, s) = sign * (t >= 0 ? e : 1.0) / (1.0 + e);  // s σ(−sF)
    }
  return multiply_transposed(a, f);
}

double SparseGpClassifier::expected_log_likelihood(const std::vector<int>& subset, const Eigen::VectorXd& m,
                                                   const Eigen::MatrixXd& L, Eigen::VectorXd* grad_m,
                                                   Eigen::MatrixXd* grad_L) const {
  const char* fn = "SparseGpClassifier::expected_log_likelihood";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "m", static_cast<long>(m.size()), static_cast<long>(dim()));
  const Eigen::MatrixXd a = gather_rows(a_, subset);
  // f_i ~ N(μ_i, s_i²) with μ = A m, s_i = ‖b_i‖, b_i = Lᵀ a_i (rows of B = A L).
  const Eigen::VectorXd mu = a * m;
  const Eigen::MatrixXd b = a * L;
  const Eigen::VectorXd sd = b.rowwise().norm();
  const Eigen::Index terms = a.rows();
  Eigen::VectorXd d_mu(terms), d_sd_over_sd(terms);
  double total = 0.0;
  for (Eigen::Index k = 0; k < terms; ++k) {
    const double sign = sign_[subset[static_cast<std::size_t>(k)]];
    // E_k = Σ_j w_j log σ(sign (μ + s z_j)); the quadrature is differentiated
    // exactly, so that objective and gradient agree to rounding:
    //   ∂E/∂μ = Σ_j w_j sign σ(−t_j),  ∂E/∂s = Σ_j w_j z_j sign σ(−t_j).
    double e = 0.0, dm = 0.0, ds = 0.0;
    for (Eigen::Index j = 0; j < rule_.nodes.size(); ++j) {
      const double t = sign * (mu[k] + sd[k] * rule_.nodes[j]);
      const double w = rule_.weights[j];
      const double slope = sign * sigmoid(-t);
      e += w * log_sigmoid(t);
      dm += w * slope;
      ds += w * rule_.nodes[j] * slope;
    }
    total += e;
    d_mu[k] = dm;
    // ∂s/∂L = a bᵀ / s. As s → 0, (∂E/∂s)/s → g''(μ) = −σ(μ)σ(−μ) (the rule is
    // symmetric), so the tiny-s case uses that limit instead of dividing by zero.
    d_sd_over_sd[k] = sd[k] > kTinyStandardDeviation ? ds / sd[k] : -sigmoid(mu[k]) * sigmoid(-mu[k]);
  }
  if (grad_m) *grad_m = a.transpose() * d_mu;
  if (grad_L) *grad_L = a.transpose() * (d_sd_over_sd.asDiagonal() * b);
  return total;
}

NaturalStatistics SparseGpClassifier::natural_statistics(const std::vector<int>& subset, const Eigen::VectorXd& m,
                                                         const Eigen::MatrixXd& L) const {
  const char* fn = "SparseGpClassifier::natural_statistics";
  check_subset(*this, subset, fn, "subset");
  check_size(fn, "m", static_cast<long>(m.size()), static_cast<long>(dim()));
  check_size(fn, "L", static_cast<long>(L.rows()), static_cast<long>(dim()));
  NaturalStatistics out;
  out.gradient = Eigen::VectorXd::Zero(dim());
  out.curvature = Eigen::MatrixXd::Zero(dim(), dim());
  const std::size_t total = subset.size();
  for (std::size_t start = 0; start < total; start += kStatisticsBlock) {
    const std::size_t end = std::min(total, start + kStatisticsBlock);
    const std::vector<int> block(subset.begin() + static_cast<long>(start), subset.begin() + static_cast<long>(end));
    // Consecutive ids (a pass over all rows) read a_'s columns as contiguous strips;
    // others are gathered row by row.
    const bool consecutive =
        std::adjacent_find(block.begin(), block.end(), [](int a, int b) { return b != a + 1; }) == block.end();
    const Eigen::MatrixXd a =
        consecutive ? Eigen::MatrixXd(a_.middleRows(block.front(), static_cast<Eigen::Index>(block.size())))
                    : gather_rows(a_, block);
    const Eigen::VectorXd mu = a * m;                            // E[f_i]
    const Eigen::VectorXd sd = multiply(a, L).rowwise().norm();  // sd[f_i]
    Eigen::VectorXd slope(a.rows()), weight(a.rows());
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
      const double sign = sign_[block[static_cast<std::size_t>(k)]];
      double e = 0.0, d1 = 0.0, d2 = 0.0;
      for (Eigen::Index j = 0; j < rule_.nodes.size(); ++j) {
        // t = s f at the node; one exponential gives log σ(t), σ(t) and σ(−t).
        const double t = sign * (mu[k] + sd[k] * rule_.nodes[j]);
        const double x = std::exp(-std::fabs(t));
        const double upper = 1.0 / (1.0 + x), lower = x / (1.0 + x);  // σ(|t|), σ(−|t|)
        const double sig_minus = t >= 0 ? lower : upper;              // σ(−t)
        const double w = rule_.weights[j];
        e += w * (std::min(t, 0.0) - std::log1p(x));  // log σ(t)
        d1 += w * sign * sig_minus;                   // ℓ′ = s σ(−t)
        d2 += w * upper * lower;                      // −ℓ″ = σ(t) σ(−t)
      }
      out.value += e;
      slope[k] = d1;
      weight[k] = d2;
    }
    out.gradient.noalias() += a.transpose() * slope;
    out.curvature += multiply_transposed(weight.asDiagonal() * a, a);
  }
  return out;
}

BernoulliPredictive SparseGpClassifier::predict(const Gaussian& q, const Eigen::MatrixXd& xs) const {
  return predict_projected(q, projection(xs));
}

BernoulliPredictive SparseGpClassifier::predict_projected(const Gaussian& q, const Eigen::MatrixXd& projected) const {
  const char* fn = "SparseGpClassifier::predict";
  check_size(fn, "q dimension", static_cast<long>(q.dim()), static_cast<long>(dim()));
  check_size(fn, "projected cols", static_cast<long>(projected.cols()), static_cast<long>(dim()));
  const Eigen::VectorXd mu = projected * q.mean();
  const Eigen::VectorXd sd = (projected * q.chol()).rowwise().norm();
  BernoulliPredictive out;
  out.p1.resize(mu.size());
  out.p0.resize(mu.size());
  for (Eigen::Index k = 0; k < mu.size(); ++k) {
    // p(y=1|x) = E[σ(f)], p(y=0|x) = E[σ(−f)], f ~ N(μ, s²).
    double p1 = 0.0, p0 = 0.0;
    for (Eigen::Index j = 0; j < predictive_rule_.nodes.size(); ++j) {
      const double f = mu[k] + sd[k] * predictive_rule_.nodes[j];
      p1 += predictive_rule_.weights[j] * sigmoid(f);
      p0 += predictive_rule_.weights[j] * sigmoid(-f);
    }
    out.p1[k] = p1;
    out.p0[k] = p0;
  }
  return out;
}

}  // namespace lethe
