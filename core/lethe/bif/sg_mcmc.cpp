#include <lethe/bif/sg_mcmc.hpp>

#include <cmath>

#include <lethe/base/errors.hpp>

namespace lethe {

SamplerKind parse_sampler_kind(const std::string& name, const char* function, const char* parameter) {
  return parse_name<SamplerKind>(name, function, parameter);
}

const char* sampler_name(SamplerKind kind) { return name_of(kind); }

void check_friction(const char* function, double friction) {
  if (!(friction > 0.0 && friction <= 1.0))
    fail_argument(function, "friction", "must lie in (0, 1] (got " + detail::to_text(friction) + ")");
}

SgMcmc::SgMcmc(const SamplerOptions& options, Eigen::VectorXd start, std::uint64_t seed)
    : options_(options), theta_(std::move(start)), rng_(seed) {
  const char* fn = "SgMcmc";
  check_at_least(fn, "batch", options.batch, 1);
  check_positive(fn, "step_scale", options.step_scale);
  check_finite(fn, "step_exponent", options.step_exponent);
  check_friction(fn, options.friction);
  check_at_least(fn, "start", static_cast<long>(theta_.size()), 1);
  check_finite(fn, "start", theta_);
  v_ = Eigen::VectorXd::Zero(theta_.size());
  grad_.resize(theta_.size());
}

SgMcmc SgMcmc::fork() {
  SgMcmc copy = *this;
  copy.rng_ = Rng(rng_.next_u64());
  return copy;
}

double SgMcmc::next_step_size(int n) const {
  // η_t = a t^b / n
  return options_.step_scale * std::pow(static_cast<double>(t_ + 1), options_.step_exponent) / static_cast<double>(n);
}

void SgMcmc::step(const Energy& energy, const std::vector<int>& rows) {
  step(energy, rows, static_cast<int>(rows.size()));
}

void SgMcmc::step(const Energy& energy, const std::vector<int>& rows, int population) {
  if (rows.empty()) fail_argument("SgMcmc::step", "rows", "is empty: no data to sample from");
  check_at_least("SgMcmc::step", "population", population, 1);
  const auto drawn = static_cast<std::uint64_t>(rows.size());
  const double eta = next_step_size(population);
  ++t_;
  // ∇Ũ(θ) = (n/B) Σ_batch ∇h + ∇f
  grad_ = energy.grad_f(theta_);
  const double scale = static_cast<double>(population) / options_.batch;
  for (int draw = 0; draw < options_.batch; ++draw) {
    const auto pick = static_cast<std::size_t>(rng_.below(drawn));
    energy.add_grad_h(theta_, rows[pick], scale, grad_);
  }
  if (options_.kind == SamplerKind::sgld) {
    const double noise = std::sqrt(2.0 * eta);
    for (Eigen::Index i = 0; i < theta_.size(); ++i) theta_[i] += -eta * grad_[i] + noise * rng_.normal();
  } else {
    const double alpha = options_.friction;
    const double noise = std::sqrt(2.0 * alpha * eta);
    for (Eigen::Index i = 0; i < theta_.size(); ++i) v_[i] += -eta * grad_[i] - alpha * v_[i] + noise * rng_.normal();
    theta_ += v_;
  }
}

}  // namespace lethe
