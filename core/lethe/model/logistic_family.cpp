#include <lethe/model/logistic_family.hpp>

#include <algorithm>
#include <cmath>

#include <lethe/base/errors.hpp>
#include <lethe/base/gaussian.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/feature_scaling.hpp>

namespace lethe {

const std::vector<FamilyOption>& LogisticFamily::descriptions() {
  static const std::vector<FamilyOption> d = {
      {"prior_variance", 1.0, 1e-8, 1e8, false,
       "σ_p²: the prior w ~ N(0, σ_p² I); the energy is (1/σ_p²)-strongly convex"},
      {"max_iterations", 100, 1, 10000, true, "Newton iterations of training, at most"},
      {"standardise", 1, 0, 1, true, "1: features centred and scaled by their training mean and sd, fixed for life"},
      {"perturbation_sigma", 0, 0, 1e6, false,
       "σ > 0: certified removal, L + bᵀw with b ~ N(0, σ²I), rows scaled to ‖x̃‖ ≤ 1"},
      {"certify_epsilon", 0, 0, 1e6, false, "ε > 0 (with σ): the residual budget β = σε/√(2 log(1.5/δ))"},
      {"certify_delta", 1e-4, 1e-12, 0.5, false, "δ of the (ε, δ) guarantee"},
      {"seed", 0, 0, 9007199254740991.0, true, "seed of the perturbation b"},
  };
  return d;
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
}

OptionValues LogisticFamily::options() const {
  return {{"prior_variance", prior_variance_},
          {"max_iterations", static_cast<double>(max_iterations_)},
          {"standardise", standardise_ ? 1.0 : 0.0},
          {"perturbation_sigma", certification_.sigma},
          {"certify_epsilon", certification_.epsilon},
          {"certify_delta", certification_.delta},
          {"seed", static_cast<double>(certification_.seed)}};
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

double LogisticFamily::measured_residual(const TrainingRows& remaining) const {
  check_size("LogisticFamily::measured_residual", "x", static_cast<long>(remaining.x.cols()), feature_count_);
  return gradient(weights_, remaining).norm();
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
  max_row_norm_ = rows.x.rows() ? xt.rowwise().norm().maxCoeff() : 0.0;
  gradient_bound_ = gradient_b(w).norm();
}

Certificate LogisticFamily::forget(const TrainingRows& erased) {
  check_size("LogisticFamily::forget", "x", static_cast<long>(erased.x.cols()), feature_count_);
  const Eigen::MatrixXd xe = design(erased.x);
  const Eigen::VectorXd s = signs(erased.y);
  const Eigen::Index d = weights_.size();
  // Δ = Σ_e ∇ℓ_e(w); Ĥ ← Ĥ − Σ_e ℓ″(z_e(w_ref)) x̃_e x̃_eᵀ; G′ ← G − Σ_e x̃_e x̃_eᵀ.
  Eigen::VectorXd delta_gradient = Eigen::VectorXd::Zero(d);
  for (Eigen::Index i = 0; i < xe.rows(); ++i) {
    const double z = xe.row(i).dot(weights_);
    delta_gradient += (-s(i) * sigmoid(-s(i) * z)) * xe.row(i).transpose();
    const double zr = xe.row(i).dot(base_point_);
    hessian_.noalias() -= (sigmoid(zr) * sigmoid(-zr)) * xe.row(i).transpose() * xe.row(i);
  }
  gram_.noalias() -= xe.transpose() * xe;
  const Eigen::LLT<Eigen::MatrixXd> llt(hessian_);
  if (llt.info() != Eigen::Success)
    throw NumericalError("LogisticFamily::forget: the remaining Hessian is not positive definite");
  const Eigen::VectorXd step = llt.solve(delta_gradient);
  const Eigen::VectorXd next = weights_ + step;

  // The bound of the header: γ R ρ ‖X′‖₂ ‖X′δ‖ + ‖Ĥδ − Δ‖.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram_, Eigen::EigenvaluesOnly);
  const double gram_norm = std::max(0.0, eigen.eigenvalues().maxCoeff());
  const double rho = std::max((weights_ - base_point_).norm(), (next - base_point_).norm());
  const double x_norm = std::sqrt(gram_norm);
  const double x_step = std::sqrt(std::max(0.0, step.dot(gram_ * step)));
  const double solve_residual = (hessian_ * step - delta_gradient).norm();
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
  const Eigen::LLT<Eigen::MatrixXd> llt(hessian_);
  const Eigen::MatrixXd xt = design(x);
  Eigen::MatrixXd out(x.rows(), 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Eigen::VectorXd row = xt.row(i).transpose();
    const double mean = row.dot(weights_);
    const double variance = row.dot(llt.solve(row));
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
  const double c = std::sqrt(2.0 * std::log(1.5 / certification_.delta));
  return certification_.sigma * certification_.epsilon / c;
}

void LogisticFamily::write_state(ByteWriter& out) const {
  out.vector(centre_);
  out.vector(scale_);
  out.f64(row_scale_);
  out.u64(draw_);
  out.vector(perturbation_);
  out.vector(weights_);
  out.vector(base_point_);
  out.matrix(hessian_);
  out.matrix(gram_);
  out.f64(max_row_norm_);
  out.f64(gradient_bound_);
}

void LogisticFamily::read_state(ByteReader& in) {
  Eigen::VectorXd centre = in.vector("logistic centre");
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
  Eigen::MatrixXd h = in.matrix("logistic hessian");
  Eigen::MatrixXd g = in.matrix("logistic gram");
  const double r = in.f64("logistic max row norm");
  const double bound = in.f64("logistic gradient bound");
  const Eigen::Index d = feature_count_ + 1;
  if (w.size() != d || base.size() != d || h.rows() != d || h.cols() != d || g.rows() != d || g.cols() != d)
    in.fail("logistic state", "dimensions do not match " + std::to_string(feature_count_) + " features");
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
  max_row_norm_ = r;
  gradient_bound_ = bound;
}

}  // namespace lethe
