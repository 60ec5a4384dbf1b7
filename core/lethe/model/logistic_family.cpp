#include <lethe/model/logistic_family.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/feature_scaling.hpp>

namespace lethe {

const OptionSet<LogisticFamilyOptions>& LogisticFamily::option_set() {
  using O = LogisticFamilyOptions;
  static const OptionSet<O> set(
      "logistic",
      {option<O>("prior_variance", &O::prior_variance, in_range(1e-8, 1e8),
                 "σ_p²: the prior w ~ N(0, σ_p² I); the energy is (1/σ_p²)-strongly convex"),
       option<O>("max_iterations", &O::max_iterations, in_range(1, 10000), "Newton iterations of training, at most"),
       option<O>("standardise", &O::standardise, in_range(0, 1),
                 "1: features centred and scaled by their training mean and sd, fixed for life"),
       option<O>(
           "perturbation_sigma", [](auto& o) -> auto& { return o.certification.sigma; }, in_range(0, 1e6),
           "σ > 0: certified removal, L + bᵀw with b ~ N(0, σ²I), rows scaled to ‖x̃‖ ≤ 1"),
       option<O>(
           "certify_epsilon", [](auto& o) -> auto& { return o.certification.epsilon; }, in_range(0, 1e6),
           "ε > 0 (with σ): the residual budget β = σε/√(2 log(1.5/δ))"),
       option<O>(
           "certify_delta", [](auto& o) -> auto& { return o.certification.delta; }, in_range(1e-12, 0.5),
           "δ of the (ε, δ) guarantee"),
       option<O>(
           "seed", [](auto& o) -> auto& { return o.certification.seed; }, any_value(), "seed of the perturbation b")});
  return set;
}

double LogisticFamily::budget_constant(double delta) { return std::sqrt(2.0 * std::log(1.5 / delta)); }

double LogisticFamily::prior_variance_of_regulariser(double lambda, long rows) {
  const char* fn = "LogisticFamily::prior_variance_of_regulariser";
  check_positive(fn, "lambda", lambda);
  check_at_least(fn, "rows", rows, 1L);
  return 1.0 / (lambda * static_cast<double>(rows));
}

double LogisticFamily::curvature_lipschitz() { return 1.0 / (6.0 * std::sqrt(3.0)); }

LogisticFamily::LogisticFamily(int feature_count, double prior_variance, int max_iterations, bool standardise,
                               Certification certification)
    : prior_variance_(prior_variance),
      max_iterations_(max_iterations),
      standardise_(standardise),
      certification_(certification) {
  perturbation_ = Eigen::VectorXd::Zero(feature_count + 1);
  feature_count_ = feature_count;
  centre_ = Eigen::VectorXd::Zero(feature_count);
  scale_ = Eigen::VectorXd::Ones(feature_count);
  const int d = feature_count + 1;
  weights_ = Eigen::VectorXd::Zero(d);
  base_point_ = weights_;
  hessian_ = Eigen::MatrixXd::Identity(d, d) / prior_variance_;
  gram_ = Eigen::MatrixXd::Zero(d, d);
  factor_ = Eigen::MatrixXd::Identity(d, d) / std::sqrt(prior_variance_);  // chol(I/σ_p²)
}

OptionValues LogisticFamily::options() const {
  return option_values(option_set(),
                       LogisticFamilyOptions{prior_variance_, max_iterations_, standardise_ ? 1 : 0, certification_});
}

Eigen::MatrixXd LogisticFamily::design(const Eigen::MatrixXd& x) const {
  Eigen::MatrixXd out(x.rows(), feature_count_ + 1);
  out.col(0).setOnes();
  out.rightCols(feature_count_) = standardise(x, centre_, scale_);
  if (row_scale_ != 1.0) out *= row_scale_;
  return out;
}

namespace {

// s_i = 2y_i − 1 ∈ {−1, +1}.
Eigen::VectorXd signs(const Eigen::VectorXd& y) { return (2.0 * y.array() - 1.0).matrix(); }

// The energy's pieces over a design X̃ (rows x̃_iᵀ) and signs s, so that training
// builds X̃ once.
// L(w) = Σ softplus(−s_i z_i) + ‖w‖²/(2σ_p²), z = X̃w.
double energy_of(const Eigen::MatrixXd& xt, const Eigen::VectorXd& s, const Eigen::VectorXd& w, double prior_variance) {
  const Eigen::VectorXd z = xt * w;
  double total = w.squaredNorm() / (2.0 * prior_variance);
  for (Eigen::Index i = 0; i < z.size(); ++i) total += softplus(-s(i) * z(i));
  return total;
}

// ∇L(w) = Σ −s_i σ(−s_i z_i) x̃_i + w/σ_p².
Eigen::VectorXd gradient_of(const Eigen::MatrixXd& xt, const Eigen::VectorXd& s, const Eigen::VectorXd& w,
                            double prior_variance) {
  const Eigen::VectorXd z = xt * w;
  Eigen::VectorXd coefficient(z.size());
  for (Eigen::Index i = 0; i < z.size(); ++i) coefficient(i) = -s(i) * sigmoid(-s(i) * z(i));
  Eigen::VectorXd g = w / prior_variance;
  g.noalias() += xt.transpose() * coefficient;
  return g;
}

// ∇²L(w) = Σ σ(z_i)σ(−z_i) x̃_i x̃_iᵀ + I/σ_p²  (ℓ″ does not depend on s).
Eigen::MatrixXd hessian_of(const Eigen::MatrixXd& xt, const Eigen::VectorXd& w, double prior_variance) {
  const Eigen::VectorXd z = xt * w;
  Eigen::VectorXd root(z.size());  // √ℓ″(z_i): H = (diag(√ℓ″) X̃)ᵀ(diag(√ℓ″) X̃)
  for (Eigen::Index i = 0; i < z.size(); ++i) root(i) = std::sqrt(sigmoid(z(i)) * sigmoid(-z(i)));
  const Eigen::MatrixXd weighted = root.asDiagonal() * xt;
  const Eigen::Index d = w.size();
  Eigen::MatrixXd h = Eigen::MatrixXd::Identity(d, d) / prior_variance;
  h.selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
  return h.selfadjointView<Eigen::Lower>();
}

}  // namespace

// With the perturbation: L_b(w) = L(w) + bᵀw, ∇L_b = ∇L + b.
double LogisticFamily::energy(const Eigen::VectorXd& w, const TrainingRows& rows) const {
  return energy_of(design(rows.x), signs(rows.y), w, prior_variance_) + perturbation_.dot(w);
}

Eigen::VectorXd LogisticFamily::gradient(const Eigen::VectorXd& w, const TrainingRows& rows) const {
  return gradient_of(design(rows.x), signs(rows.y), w, prior_variance_) + perturbation_;
}

// The data term of ∇L_b over one chunk of rows, Σ_i −s_i σ(−s_i z_i) x̃_i at the current w;
// summed over the chunks of D′ and finished by residual_from, it is ∇L_b(w; D′) without
// D′ ever held whole. Without the design matrix (a copy of the chunk): with
// x̃ = ρ(1, (x − c)/s) and w = (w₀, w₁), z = ρ(w₀ − cᵀv + xᵀv) for v = w₁/s, and with
// q_i = −s_i σ(−s_i z_i), Σ_i q_i x̃_i = ρ(Σq, (Xᵀq − c Σq)/s): two passes over the rows.
Eigen::VectorXd LogisticFamily::residual_terms(const RowsRef& x, const Eigen::VectorXd& y) const {
  check_size("LogisticFamily::residual_terms", "x", static_cast<long>(x.cols()), feature_count_);
  check_size("LogisticFamily::residual_terms", "y", static_cast<long>(y.size()), static_cast<long>(x.rows()));
  const Eigen::VectorXd v = (weights_.tail(feature_count_).array() / scale_.array()).matrix();
  const double offset = weights_(0) - centre_.dot(v);
  // One pass, a row at a time while it is in cache: q_i = ∂ℓ/∂(w·x̃_i), Σ q_i and Σ q_i x_i.
  double total = 0.0;
  Eigen::VectorXd xq = Eigen::VectorXd::Zero(feature_count_);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double si = 2.0 * y(i) - 1.0;
    const double q = -si * sigmoid(-si * row_scale_ * (offset + x.row(i).dot(v)));
    total += q;
    xq.noalias() += q * x.row(i).transpose();
  }
  Eigen::VectorXd terms(feature_count_ + 1);
  terms(0) = row_scale_ * total;
  terms.tail(feature_count_) = row_scale_ * ((xq - centre_ * total).array() / scale_.array()).matrix();
  return terms;
}

// ‖Σ_chunks terms + w/σ_p² + b‖.
double LogisticFamily::residual_from(const Eigen::VectorXd& terms) const {
  check_size("LogisticFamily::residual_from", "terms", static_cast<long>(terms.size()), feature_count_ + 1);
  return (terms + weights_ / prior_variance_ + perturbation_).norm();
}

double LogisticFamily::measured_residual(const TrainingRows& remaining) const {
  check_size("LogisticFamily::measured_residual", "x", static_cast<long>(remaining.x.cols()), feature_count_);
  return residual_from(residual_terms(RowMajorRows(remaining.x), remaining.y));
}

Eigen::MatrixXd LogisticFamily::hessian(const Eigen::VectorXd& w, const TrainingRows& rows) const {
  return hessian_of(design(rows.x), w, prior_variance_);
}

void LogisticFamily::train(const TrainingRows& rows) {
  check_size("LogisticFamily::train", "x", static_cast<long>(rows.x.cols()), feature_count_);
  for (Eigen::Index i = 0; i < rows.y.size(); ++i)
    if (rows.y(i) != 0.0 && rows.y(i) != 1.0)
      fail_argument("LogisticFamily::train", "y", "must be 0 or 1 (got " + detail::to_text(rows.y(i)) + ")");
  if (standardise_ && !scaling_fixed_ && rows.x.rows() > 0) {
    fit_feature_scaling(rows.x, centre_, scale_);
  }
  if (certification_.sigma > 0 && !scaling_fixed_ && rows.x.rows() > 0) {
    row_scale_ = 1.0;
    const double largest = design(rows.x).rowwise().norm().maxCoeff();
    row_scale_ = 1.0 / largest;  // ‖x̃_i‖ ≤ 1 on the training rows
  }
  scaling_fixed_ = true;
  if (certification_.sigma > 0) {
    // b ~ N(0, σ²I), the draw_-th of this seed: the same numbers natively and in wasm.
    Rng rng(certification_.seed * 0x9E3779B97F4A7C15ULL + draw_);
    for (Eigen::Index j = 0; j < perturbation_.size(); ++j) perturbation_(j) = certification_.sigma * rng.normal();
  }
  const Eigen::MatrixXd xt = design(rows.x);
  const Eigen::VectorXd s = signs(rows.y);
  const auto energy_b = [&](const Eigen::VectorXd& v) {
    return energy_of(xt, s, v, prior_variance_) + perturbation_.dot(v);
  };
  const auto gradient_b = [&](const Eigen::VectorXd& v) {
    Eigen::VectorXd g = gradient_of(xt, s, v, prior_variance_);
    g += perturbation_;
    return g;
  };
  Eigen::VectorXd w = Eigen::VectorXd::Zero(feature_count_ + 1);
  double value = energy_b(w);
  // Newton's method with backtracking; the energy is strictly convex, so it converges
  // from any start. It stops when a step no longer lowers the energy.
  for (int iteration = 0; iteration < max_iterations_; ++iteration) {
    const Eigen::VectorXd g = gradient_b(w);
    const Eigen::VectorXd step = hessian_of(xt, w, prior_variance_).llt().solve(g);
    if (step.norm() <= 1e-14 * (1.0 + w.norm())) break;
    double t = 1.0;
    Eigen::VectorXd candidate = w - step;
    double candidate_value = energy_b(candidate);
    // Armijo: L(w − t·step) ≤ L(w) − c t gᵀstep.
    while (candidate_value > value - 1e-4 * t * g.dot(step) && t > 1e-10) {
      t *= 0.5;
      candidate = w - t * step;
      candidate_value = energy_b(candidate);
    }
    if (!(candidate_value < value)) break;  // at the minimiser, to rounding
    w = candidate;
    value = candidate_value;
  }
  weights_ = w;
  base_point_ = w;
  hessian_ = hessian_of(xt, w, prior_variance_);
  gram_ = Eigen::MatrixXd::Zero(w.size(), w.size());
  gram_.selfadjointView<Eigen::Lower>().rankUpdate(xt.transpose());
  gram_ = gram_.selfadjointView<Eigen::Lower>();
  // Λ = λ_max(G) once: every later G′ ⪯ G (the header), so √Λ bounds ‖X′‖₂ for life.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram_, Eigen::EigenvaluesOnly);
  gram_top_ = std::max(0.0, eigen.eigenvalues().maxCoeff());
  factorise("LogisticFamily::train");
  max_row_norm_ = rows.x.rows() ? xt.rowwise().norm().maxCoeff() : 0.0;
  gradient_bound_ = gradient_b(w).norm();
}

void LogisticFamily::factorise(const char* fn) {
  const Eigen::LLT<Eigen::MatrixXd> llt(hessian_);
  if (llt.info() != Eigen::Success)
    throw NumericalError(std::string(fn) + ": the remaining Hessian is not positive definite");
  factor_ = llt.matrixL();
}

// Ĥ⁻¹v = L⁻ᵀ(L⁻¹v).
Eigen::VectorXd LogisticFamily::solve(const Eigen::VectorXd& v) const {
  const Eigen::VectorXd half = factor_.triangularView<Eigen::Lower>().solve(v);
  return factor_.transpose().triangularView<Eigen::Upper>().solve(half);
}

namespace {

// LLᵀ − vvᵀ = L̃L̃ᵀ in place, O(d²): column k is rotated against v so that v_k is
// eliminated, r = √(L_kk² − v_k²), c = r/L_kk, s = v_k/L_kk,
//   L̃_ik = (L_ik − s v_i)/c,  v_i ← c v_i − s L̃_ik   (i > k).
// False (L left partly downdated) when LLᵀ − vvᵀ is not positive definite to rounding.
bool cholesky_downdate(Eigen::MatrixXd& l, Eigen::VectorXd v) {
  const Eigen::Index d = l.rows();
  for (Eigen::Index k = 0; k < d; ++k) {
    const double lkk = l(k, k);
    const double r2 = (lkk - v(k)) * (lkk + v(k));
    if (!(r2 > 0.0)) return false;
    const double r = std::sqrt(r2);
    const double c = r / lkk, s = v(k) / lkk;
    l(k, k) = r;
    if (k + 1 == d) break;
    const Eigen::Index tail = d - k - 1;
    l.col(k).tail(tail) = (l.col(k).tail(tail) - s * v.tail(tail)) / c;
    v.tail(tail) = c * v.tail(tail) - s * l.col(k).tail(tail);
  }
  return true;
}

}  // namespace

Certificate LogisticFamily::forget(const TrainingRows& erased) {
  const char* fn = "LogisticFamily::forget";
  check_size(fn, "x", static_cast<long>(erased.x.cols()), feature_count_);
  const Eigen::MatrixXd xe = design(erased.x);
  const Eigen::VectorXd s = signs(erased.y);
  const Eigen::Index d = weights_.size();
  // Δ = Σ_e ∇ℓ_e(w); with v_e = √ℓ″(z_e(w_ref)) x̃_e: Ĥ ← Ĥ − Σ_e v_e v_eᵀ and L downdated
  // by each v_e; G′ ← G − Σ_e x̃_e x̃_eᵀ. O(r d²) in all.
  Eigen::VectorXd delta_gradient = Eigen::VectorXd::Zero(d);
  bool downdated = true;
  for (Eigen::Index i = 0; i < xe.rows(); ++i) {
    const double z = xe.row(i).dot(weights_);
    delta_gradient += (-s(i) * sigmoid(-s(i) * z)) * xe.row(i).transpose();
    const double zr = xe.row(i).dot(base_point_);
    const Eigen::VectorXd v = std::sqrt(sigmoid(zr) * sigmoid(-zr)) * xe.row(i).transpose();
    hessian_.noalias() -= v * v.transpose();
    if (downdated) downdated = cholesky_downdate(factor_, v);
  }
  // The lower triangle, mirrored: G′ stays exactly symmetric, as its stored triangle is.
  gram_.selfadjointView<Eigen::Lower>().rankUpdate(xe.transpose(), -1.0);
  gram_ = gram_.selfadjointView<Eigen::Lower>();
  if (!downdated) factorise(fn);  // a downdate lost definiteness to rounding: start afresh
  Eigen::VectorXd step = solve(delta_gradient);
  double solve_residual = (hessian_ * step - delta_gradient).norm();
  if (downdated && solve_residual > 1e-8 * delta_gradient.norm()) {
    // The downdated factor has drifted from Ĥ by rounding: a fresh one keeps the bound tight.
    factorise(fn);
    step = solve(delta_gradient);
    solve_residual = (hessian_ * step - delta_gradient).norm();
  }
  const Eigen::VectorXd next = weights_ + step;

  // The bound of the header: γ R ρ √Λ ‖X′δ‖ + ‖Ĥδ − Δ‖.
  const double rho = std::max((weights_ - base_point_).norm(), (next - base_point_).norm());
  const double x_norm = std::sqrt(gram_top_);
  const double x_step = std::sqrt(std::max(0.0, step.dot(gram_ * step)));
  const double bound = curvature_lipschitz() * max_row_norm_ * rho * x_norm * x_step + solve_residual;

  weights_ = next;
  gradient_bound_ += bound;
  Certificate c;
  c.kind = "proof";
  c.value = bound;
  c.sum = gradient_bound_;
  c.distance_bound = gradient_bound_ / strong_convexity();
  if (certified_budget() > 0) {
    c.epsilon = certification_.epsilon;
    c.delta = certification_.delta;
  }
  return c;
}

Eigen::MatrixXd LogisticFamily::predict(const Eigen::MatrixXd& x) const {
  check_size("LogisticFamily::predict", "x", static_cast<long>(x.cols()), feature_count_);
  const Eigen::MatrixXd xt = design(x);
  Eigen::MatrixXd out(x.rows(), 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Eigen::VectorXd row = xt.row(i).transpose();
    const double mean = row.dot(weights_);
    const double variance = factor_.triangularView<Eigen::Lower>().solve(row).squaredNorm();  // x̃ᵀĤ⁻¹x̃
    // MacKay's probit approximation of ∫ σ(z) N(z; mean, variance) dz.
    out(i, 0) = sigmoid(mean / std::sqrt(1.0 + M_PI * variance / 8.0));
    out(i, 1) = mean;
    out(i, 2) = std::sqrt(variance);
  }
  return out;
}

PosteriorDistance LogisticFamily::distance_to(const ModelFamily& retrained) const {
  const auto* other = dynamic_cast<const LogisticFamily*>(&retrained);
  if (!other) fail_argument("LogisticFamily::distance_to", "retrained", "must be a logistic model");
  const Gaussian a = Gaussian::from_natural(hessian_ * weights_, hessian_);
  const Gaussian b = Gaussian::from_natural(other->hessian_ * other->weights_, other->hessian_);
  return {"kl", kl_divergence(a, b), (weights_ - other->weights_).norm()};
}

std::unique_ptr<ModelFamily> LogisticFamily::untrained_copy() const {
  auto copy =
      std::make_unique<LogisticFamily>(feature_count_, prior_variance_, max_iterations_, standardise_, certification_);
  // Retraining keeps the parametrisation (the scaling of the first training).
  copy->centre_ = centre_;
  copy->scale_ = scale_;
  copy->scaling_fixed_ = scaling_fixed_;
  copy->row_scale_ = row_scale_;
  copy->draw_ = draw_;
  return copy;
}

std::unique_ptr<ModelFamily> LogisticFamily::retraining_copy() const {
  auto copy = untrained_copy();
  static_cast<LogisticFamily&>(*copy).draw_ = draw_ + 1;  // a fresh b
  return copy;
}

double LogisticFamily::certified_budget() const {
  if (certification_.sigma <= 0 || certification_.epsilon <= 0) return 0.0;
  return certification_.sigma * certification_.epsilon / budget_constant(certification_.delta);
}

namespace {

// Layout 2's first u64. A layout-1 state starts with the length of the centre vector
// (the feature count, below 2³¹), so this value tells the layouts apart.
constexpr std::uint64_t kLogisticStateLayout2 = 0x4c45544845000002ULL;  // "LETHE" 0 0 2

// A symmetric or lower-triangular d×d matrix as d, then its lower triangle by columns:
// d(d+1)/2 values where the full matrix took d².
// Column j's entries from the diagonal down, j = 0, 1, …: contiguous in a column-major
// matrix, so each column crosses in one copy.
void write_lower(ByteWriter& out, const Eigen::MatrixXd& m) {
  out.u64(static_cast<std::uint64_t>(m.rows()));
  for (Eigen::Index j = 0; j < m.cols(); ++j) out.f64s(&m(j, j), static_cast<std::size_t>(m.rows() - j));
}

// `symmetric`: the upper triangle mirrored from the lower; else left zero (a factor).
Eigen::MatrixXd read_lower(ByteReader& in, const char* field, Eigen::Index d, bool symmetric) {
  const std::uint64_t n = in.u64(field);
  const auto dd = static_cast<std::uint64_t>(d);
  if (n != dd) in.fail(field, "has " + std::to_string(n) + " rows, the state " + std::to_string(dd));
  if (in.remaining() / 8 < dd * (dd + 1) / 2) in.fail(field, "is cut short");
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index j = 0; j < d; ++j) in.f64s(field, &m(j, j), static_cast<std::size_t>(d - j));
  if (symmetric) m.triangularView<Eigen::StrictlyUpper>() = m.transpose();
  return m;
}

}  // namespace

void LogisticFamily::write_state(ByteWriter& out) const {
  out.u64(kLogisticStateLayout2);
  out.vector(centre_);
  out.vector(scale_);
  out.f64(row_scale_);
  out.u64(draw_);
  out.vector(perturbation_);
  out.vector(weights_);
  out.vector(base_point_);
  write_lower(out, hessian_);
  write_lower(out, gram_);
  write_lower(out, factor_);
  out.f64(gram_top_);
  out.f64(max_row_norm_);
  out.f64(gradient_bound_);
}

void LogisticFamily::read_state(ByteReader& in) {
  const Eigen::Index d = feature_count_ + 1;
  const std::uint64_t first = in.u64("logistic state layout");
  const bool layout2 = first == kLogisticStateLayout2;
  Eigen::VectorXd centre;
  if (layout2) {
    centre = in.vector("logistic centre");
  } else {
    // Layout 1: `first` was the centre's length.
    if (first != static_cast<std::uint64_t>(feature_count_))
      in.fail("logistic scaling", "does not match " + std::to_string(feature_count_) + " features");
    centre.resize(feature_count_);
    for (Eigen::Index j = 0; j < centre.size(); ++j) centre(j) = in.f64("logistic centre");
  }
  Eigen::VectorXd scale = in.vector("logistic scale");
  const double row_scale = in.f64("logistic row scale");
  const std::uint64_t draw = in.u64("logistic draw");
  Eigen::VectorXd perturbation = in.vector("logistic perturbation");
  if (perturbation.size() != feature_count_ + 1 || !(row_scale > 0))
    in.fail("logistic perturbation", "does not match " + std::to_string(feature_count_) + " features");
  if (centre.size() != feature_count_ || scale.size() != feature_count_ || (scale.array() <= 0).any())
    in.fail("logistic scaling", "does not match " + std::to_string(feature_count_) + " features");
  Eigen::VectorXd w = in.vector("logistic weights");
  Eigen::VectorXd base = in.vector("logistic base point");
  if (w.size() != d || base.size() != d)
    in.fail("logistic state", "dimensions do not match " + std::to_string(feature_count_) + " features");
  Eigen::MatrixXd h, g, l;
  double top = 0.0;
  if (layout2) {
    h = read_lower(in, "logistic hessian", d, true);
    g = read_lower(in, "logistic gram", d, true);
    l = read_lower(in, "logistic factor", d, false);
    top = in.f64("logistic gram top");
  } else {
    h = in.matrix("logistic hessian");
    g = in.matrix("logistic gram");
    if (h.rows() != d || h.cols() != d || g.rows() != d || g.cols() != d)
      in.fail("logistic state", "dimensions do not match " + std::to_string(feature_count_) + " features");
  }
  const double r = in.f64("logistic max row norm");
  const double bound = in.f64("logistic gradient bound");
  if (!layout2) {
    // Once per layout-1 state (its next commit writes layout 2): Λ from the G′ it holds
    // (every later G″ ⪯ G′), and the factor of its Ĥ.
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(g, Eigen::EigenvaluesOnly);
    top = std::max(0.0, eigen.eigenvalues().maxCoeff());
    const Eigen::LLT<Eigen::MatrixXd> llt(h);
    if (llt.info() != Eigen::Success) in.fail("logistic hessian", "is not positive definite");
    l = llt.matrixL();
  }
  if (!(top >= 0) || !std::isfinite(top)) in.fail("logistic gram top", "must be a finite λ ≥ 0");
  centre_ = std::move(centre);
  scale_ = std::move(scale);
  row_scale_ = row_scale;
  draw_ = draw;
  perturbation_ = std::move(perturbation);
  scaling_fixed_ = true;
  weights_ = std::move(w);
  base_point_ = std::move(base);
  hessian_ = std::move(h);
  gram_ = std::move(g);
  factor_ = std::move(l);
  gram_top_ = top;
  max_row_norm_ = r;
  gradient_bound_ = bound;
}

}  // namespace lethe
