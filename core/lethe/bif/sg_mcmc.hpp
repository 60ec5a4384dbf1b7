// Stochastic-gradient MCMC samplers for a posterior ∝ exp(−F(θ, S)):
//
//   SGLD  (Welling & Teh 2011):  θ ← θ − η_t ∇Ũ(θ) + N(0, 2η_t I)
//   SGHMC (Chen et al. 2014):    v ← v − η_t ∇Ũ(θ) − α v + N(0, 2αη_t I);  θ ← θ + v
//
// with the minibatch gradient ∇Ũ(θ) = (n/B) Σ_{z∈batch} ∇h(θ, z) + ∇f(θ) and the
// step η_t = a·t^b / n (t = 1, 2, … the iteration, n the number of rows in
// training). All randomness (minibatches and noise) comes from lethe::Rng, so a
// seed gives the same chain natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/names.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bif/energy.hpp>

namespace lethe {

enum class SamplerKind { sgld, sghmc };
template <>
struct EnumNames<SamplerKind> {
  static constexpr Named<SamplerKind> entries[] = {{SamplerKind::sgld, "sgld", "sgld"},
                                                   {SamplerKind::sghmc, "sghmc", "sghmc"}};
};

// "sgld" / "sghmc" (through EnumNames<SamplerKind>); InvalidArgument naming
// function and parameter otherwise.
SamplerKind parse_sampler_kind(const std::string& name, const char* function, const char* parameter);
const char* sampler_name(SamplerKind kind);

// SGHMC's friction α must lie in (0, 1]: α = 1 forgets the momentum every
// step, α > 1 would reverse it. InvalidArgument naming function and 'friction'.
void check_friction(const char* function, double friction);

struct SamplerOptions {
  SamplerKind kind = SamplerKind::sghmc;
  int batch = 64;                // B, rows per minibatch (drawn with replacement)
  double step_scale = 2.0;       // a
  double step_exponent = -0.15;  // b
  double friction = 0.4;         // α (SGHMC only), in (0, 1]
};

class SgMcmc {
 public:
  // Checks the options (InvalidArgument naming the field) and the start.
  SgMcmc(const SamplerOptions& options, Eigen::VectorXd start, std::uint64_t seed);

  // One update on F(·, rows); rows must be non-empty ids of the energy's data.
  void step(const Energy& energy, const std::vector<int>& rows);
  // One update on F(·, S) for a training set S of `population` rows of which `rows` is
  // a uniform sample: the minibatch is drawn from the sample and weighted n/B with
  // n = population, so ∇Ũ is unbiased for ∇F(·, S) over the sample's draw and η_t is
  // the step of n rows.
  void step(const Energy& energy, const std::vector<int>& rows, int population);
  // η_t for the next step with n rows in training.
  double next_step_size(int n) const;

  const Eigen::VectorXd& state() const { return theta_; }
  const Eigen::VectorXd& momentum() const { return v_; }
  long iteration() const { return t_; }
  const SamplerOptions& options() const { return options_; }
  // Moves the state (the forgetting step); the momentum is kept.
  void shift(const Eigen::VectorXd& delta) { theta_ += delta; }
  // A copy (state, momentum, iteration) whose generator is seeded from this
  // chain's stream (which advances by one draw): side runs that must not replay
  // the chain's own random numbers.
  SgMcmc fork();

 private:
  SamplerOptions options_;
  Eigen::VectorXd theta_, v_, grad_;
  Rng rng_;
  long t_ = 0;
};

}  // namespace lethe
