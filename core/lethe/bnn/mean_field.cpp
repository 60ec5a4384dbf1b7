#include <lethe/bnn/mean_field.hpp>

#include <cmath>
#include <utility>

#include <lethe/base/adam.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

using Eigen::Index;
using Eigen::VectorXd;

void check_mean_field_options(const MeanFieldOptions& o, const char* function) {
  check_at_least(function, "steps", o.steps, 1);
  check_at_least(function, "batch", o.batch, 1);
  check_positive(function, "learning_rate", o.learning_rate);
  check_positive(function, "initial_std", o.initial_std);
}

double mean_field_prior_kl(const VectorXd& gamma, double prior_variance, VectorXd* grad) {
  const Index P = gamma.size() / 2;
  const auto m = gamma.head(P).array();
  const auto rho = gamma.tail(P).array();
  const Eigen::ArrayXd s2 = (2.0 * rho).exp();
  // KL = ½ Σ ((s² + m²)/σ_p² − 1 − 2ρ + log σ_p²); ∂/∂m = m/σ_p², ∂/∂ρ = s²/σ_p² − 1.
  const double kl = 0.5 * ((s2 + m.square()) / prior_variance - 1.0 - 2.0 * rho + std::log(prior_variance)).sum();
  if (grad != nullptr) {
    grad->head(P) += (m / prior_variance).matrix();
    grad->tail(P) += (s2 / prior_variance - 1.0).matrix();
  }
  return kl;
}

Eigen::MatrixXd mean_field_samples(const VectorXd& gamma, const Eigen::MatrixXd& eps) {
  const Index P = gamma.size() / 2;
  const VectorXd s = gamma.tail(P).array().exp().matrix();
  Eigen::MatrixXd thetas = s.asDiagonal() * eps;
  thetas.colwise() += gamma.head(P);
  return thetas;
}

namespace {
AdamOptions adam_with(double learning_rate) {
  AdamOptions o;
  o.learning_rate = learning_rate;
  return o;
}
}  // namespace

MeanFieldTrainer::MeanFieldTrainer(const BnnEnergy& energy, std::vector<int> rows, const MeanFieldOptions& options,
                                   std::uint64_t seed)
    : energy_(energy),
      rows_(std::move(rows)),
      options_(options),
      rng_(seed ^ 0x9e3779b97f4a7c15ULL),
      adam_(2 * energy.dim(), adam_with(options.learning_rate)) {
  const char* fn = "train_mean_field";
  check_mean_field_options(options, fn);
  check_at_least(fn, "rows", static_cast<long>(rows_.size()), 1);
  const Index P = energy.dim();
  gamma_.resize(2 * P);
  gamma_.head(P) = energy.mlp().initial_parameters(seed);
  gamma_.tail(P).setConstant(std::log(options.initial_std));
}

MeanFieldTrainer::MeanFieldTrainer(const BnnEnergy& energy, std::vector<int> rows, const MeanFieldOptions& options,
                                   std::uint64_t seed, const Eigen::VectorXd& start)
    : MeanFieldTrainer(energy, std::move(rows), options, seed) {
  check_size("train_mean_field", "start", static_cast<long>(start.size()), static_cast<long>(2 * energy.dim()));
  check_finite("train_mean_field", "start", start);
  gamma_ = start;
}

int MeanFieldTrainer::step(int k) {
  const Index P = energy_.dim();
  const double scale = double(rows_.size()) / options_.batch;
  std::vector<int> batch(std::size_t(options_.batch));
  VectorXd g(P), grad(2 * P);
  for (int i = 0; i < k && t_ < options_.steps; ++i, ++t_) {
    for (int& r : batch) r = rows_[static_cast<std::size_t>(rng_.below(rows_.size()))];
    const VectorXd eps = rng_.normal_vector(P);
    const VectorXd s = gamma_.tail(P).array().exp().matrix();
    const VectorXd theta = gamma_.head(P) + s.cwiseProduct(eps);
    g.setZero();
    energy_.batch_nll(theta, batch, scale, &g);
    grad.head(P) = g;
    grad.tail(P) = g.cwiseProduct(eps).cwiseProduct(s);
    mean_field_prior_kl(gamma_, energy_.prior_variance(), &grad);
    adam_.step(gamma_, grad);
  }
  return t_;
}

VectorXd train_mean_field(const BnnEnergy& energy, const std::vector<int>& rows, const MeanFieldOptions& options,
                          std::uint64_t seed) {
  MeanFieldTrainer trainer(energy, rows, options, seed);
  trainer.step(options.steps);
  return trainer.gamma();
}

MeanFieldEnergy::MeanFieldEnergy(const BnnEnergy& base, int draws, std::uint64_t seed) : base_(base) {
  const char* fn = "MeanFieldEnergy";
  check_at_least(fn, "draws", draws, 2);
  if (draws % 2 != 0) fail_argument(fn, "draws", "must be even (antithetic pairs; got " + std::to_string(draws) + ")");
  // Antithetic pairs and each coordinate rescaled to unit mean square: the draws
  // have mean 0 and variance 1 exactly (as in bif/mean_field_vi.cpp).
  Rng rng(seed);
  const Index P = base.dim();
  const int half = draws / 2;
  eps_.resize(P, draws);
  eps_.leftCols(half) = rng.normal_matrix(P, half);
  eps_.rightCols(half) = -eps_.leftCols(half);
  for (Index d = 0; d < P; ++d) eps_.row(d) /= std::sqrt(eps_.row(d).squaredNorm() / draws);
}

double MeanFieldEnergy::value(const VectorXd& gamma, const std::vector<int>& rows, double row_scale, bool with_prior,
                              VectorXd* grad) const {
  const Index P = base_.dim();
  const int M = static_cast<int>(eps_.cols());
  const VectorXd s = gamma.tail(P).array().exp().matrix();
  if (grad != nullptr) grad->setZero(2 * P);
  double total = 0.0;
  VectorXd g(P);
  for (int j = 0; j < M; ++j) {
    const VectorXd theta = gamma.head(P) + s.cwiseProduct(eps_.col(j));
    g.setZero();
    total += base_.batch_nll(theta, rows, row_scale / M, grad != nullptr ? &g : nullptr);
    if (grad != nullptr) {
      grad->head(P) += g;
      grad->tail(P) += g.cwiseProduct(s).cwiseProduct(eps_.col(j));
    }
  }
  if (with_prior) total += mean_field_prior_kl(gamma, base_.prior_variance(), grad);
  return total;
}

VectorXd MeanFieldEnergy::hvp(const VectorXd& gamma, const std::vector<int>& rows, double row_scale,
                              const VectorXd& v) const {
  const Index P = base_.dim();
  const int M = static_cast<int>(eps_.cols());
  const VectorXd s = gamma.tail(P).array().exp().matrix();
  const auto a = v.head(P);
  const auto b = v.tail(P);
  VectorXd out = VectorXd::Zero(2 * P), g(P), hu(P);
  for (int j = 0; j < M; ++j) {
    const VectorXd se = s.cwiseProduct(eps_.col(j));
    const VectorXd theta = gamma.head(P) + se;
    const VectorXd u = a + se.cwiseProduct(b);
    g.setZero();
    hu.setZero();
    base_.batch_nll(theta, rows, row_scale / M, &g);
    base_.batch_hvp(theta, rows, row_scale / M, u, hu);
    out.head(P) += hu;
    out.tail(P) += se.cwiseProduct(hu) + g.cwiseProduct(se).cwiseProduct(b);
  }
  // KL: ∂²/∂m² = 1/σ_p², ∂²/∂ρ² = 2s²/σ_p², no cross terms.
  const double sp = base_.prior_variance();
  out.head(P) += a / sp;
  out.tail(P) += (2.0 * s.array().square() * b.array() / sp).matrix();
  return out;
}

}  // namespace lethe
