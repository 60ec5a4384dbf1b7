// Variational unlearning of the BNN's mean-field q(θ|D) (bnn/variational_forgetting.hpp)
// and the engine it shares with the sparse GP (variational/covariance_form.hpp,
// adjusted_likelihood.hpp, reverse_kl.hpp): the diagonal form agrees with the full
// form given a diagonal covariance, the reverse-KL objective's gradient matches
// finite differences and vanishes at the batch moments the estimator returns, and
// λ = 0, λ > 0 and λ = 1 behave as documented; bad input is refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <lethe/base/errors.hpp>
#include <lethe/base/importance_weights.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/bnn_energy.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/bnn/mlp.hpp>
#include <lethe/bnn/variational_forgetting.hpp>
#include <lethe/variational/adjusted_likelihood.hpp>
#include <lethe/variational/covariance_form.hpp>
#include <lethe/variational/reverse_kl.hpp>

using namespace lethe;
using Catch::Matchers::Contains;

namespace {

MlpShape forgetting_shape(std::vector<int> hidden) {
  MlpShape shape;
  shape.inputs = 2;
  shape.hidden = std::move(hidden);
  shape.classes = 2;
  shape.activation = Activation::tanh;
  return shape;
}

ClassificationData forgetting_data(int n, std::uint64_t seed) {
  Rng rng(seed);
  ClassificationData data;
  data.x = rng.normal_matrix(n, 2);
  data.labels.resize(n);
  for (int i = 0; i < n; ++i) data.labels[i] = data.x(i, 0) + 0.3 * data.x(i, 1) > 0 ? 1 : 0;
  data.labels[0] = 0;  // both classes present
  data.labels[1] = 1;
  data.classes = 2;
  return data;
}

// γ = (m, log s): m the network's initial parameters, s a spread of standard deviations.
Eigen::VectorXd forgetting_mean_field(const Mlp& mlp, std::uint64_t seed) {
  const Eigen::Index P = mlp.parameter_count();
  Rng rng(seed);
  Eigen::VectorXd gamma(2 * P);
  gamma.head(P) = mlp.initial_parameters(seed);
  gamma.tail(P) = (std::log(0.3) + 0.2 * rng.normal_vector(P).array()).matrix();
  return gamma;
}

// log p(D_e|θ) of the columns, every column.
ForgottenLogLikelihood forgetting_log_likelihood(const BnnEnergy& energy, const std::vector<int>& forgotten) {
  return [&energy, &forgotten](const Eigen::MatrixXd& thetas, const Eigen::VectorXd&) {
    Eigen::VectorXd ell(thetas.cols());
    for (Eigen::Index k = 0; k < thetas.cols(); ++k) ell[k] = -energy.batch_nll(thetas.col(k), forgotten, 1.0, nullptr);
    return ell;
  };
}

// d independent uniforms on [0, 1).
Eigen::VectorXd forgetting_uniforms(Rng& rng, Eigen::Index d) {
  Eigen::VectorXd u(d);
  for (Eigen::Index i = 0; i < d; ++i) u[i] = rng.uniform();
  return u;
}

const std::vector<int> kForgettingForgotten = {0, 3, 5, 8, 13};

}  // namespace

TEST_CASE("the diagonal form agrees with the full form given a diagonal covariance", "[bnn][variational][engine]") {
  Rng rng(21);
  const Eigen::Index d = 4;
  const DiagonalGaussian diagonal(rng.normal_vector(d), (0.5 + forgetting_uniforms(rng, d).array()).matrix());
  const Gaussian full = diagonal.to_full();
  CHECK(full.chol().isDiagonal(0.0));
  // A smooth log-likelihood with a fixed direction, so that the weights vary.
  const Eigen::VectorXd direction = rng.normal_vector(d);
  const ForgottenLogLikelihood log_likelihood = [direction](const Eigen::MatrixXd& thetas, const Eigen::VectorXd&) {
    return Eigen::VectorXd(-(0.5 * (direction.transpose() * thetas).array().square()).transpose());
  };
  // λ with r² = d: about half the draws of q(θ|D) inside E_λ.
  const double lambda = std::exp(-0.5 * static_cast<double>(d));
  const DiagonalAdjustedRegion diagonal_region(diagonal, lambda);
  const AdjustedRegion full_region(full, lambda);
  CHECK(diagonal_region.radius_squared() == Approx(static_cast<double>(d)).epsilon(1e-15));
  CHECK(adjusted_radius_squared(lambda) == diagonal_region.radius_squared());

  // The same points inside E_λ.
  const Eigen::MatrixXd points = full.sample(rng, 200);
  CHECK(diagonal_region.indicator(points) == full_region.indicator(points));

  // The batched estimator from the same seed: the same draws, weights and moments.
  Rng rng_diagonal(5), rng_full(5);
  const BatchMoments<DiagonalCovariance> a =
      average_weighted_batches(diagonal_region, log_likelihood, 6, 64, rng_diagonal);
  const BatchMoments<FullCovariance> b = average_weighted_batches(full_region, log_likelihood, 6, 64, rng_full);
  CHECK(a.inside == b.inside);
  CHECK(a.inside > 0);
  CHECK(a.inside < 6 * 64);
  CHECK(a.ess_sum == Approx(b.ess_sum).epsilon(1e-12));
  CHECK(a.ess_first == Approx(b.ess_first).epsilon(1e-12));
  CHECK((a.mean - b.mean).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((a.second - b.second.diagonal()).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((a.covariance() - b.covariance().diagonal()).cwiseAbs().maxCoeff() < 1e-12);

  // The reverse-KL objective: the same value, and the diagonal form's gradient is the
  // diagonal of the full form's.
  const Eigen::VectorXd w = normalised_weights(rng.normal_vector(points.cols()));
  const Eigen::VectorXd m = rng.normal_vector(d);
  const Eigen::VectorXd s = (0.7 + forgetting_uniforms(rng, d).array()).matrix();
  Eigen::VectorXd gm_diagonal, gs, gm_full;
  Eigen::MatrixXd gL;
  const double value_diagonal = weighted_negative_log_density<DiagonalCovariance>(points, w, m, s, &gm_diagonal, &gs);
  const double value_full = weighted_negative_log_density(points, w, m, Eigen::MatrixXd(s.asDiagonal()), &gm_full, &gL);
  CHECK(value_diagonal == Approx(value_full).epsilon(1e-13));
  CHECK((gm_diagonal - gm_full).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((gs - gL.diagonal()).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("the diagonal reverse-KL objective's gradient matches finite differences", "[bnn][variational][engine]") {
  Rng rng(8);
  const Eigen::Index d = 5;
  const Eigen::MatrixXd thetas = rng.normal_matrix(d, 30);
  const Eigen::VectorXd w = normalised_weights(rng.normal_vector(30));
  const Eigen::VectorXd m = 0.3 * rng.normal_vector(d);
  const Eigen::VectorXd s = (0.6 + forgetting_uniforms(rng, d).array()).matrix();
  Eigen::VectorXd gm, gs;
  weighted_negative_log_density<DiagonalCovariance>(thetas, w, m, s, &gm, &gs);
  auto value = [&](const Eigen::VectorXd& mm, const Eigen::VectorXd& ss) {
    return weighted_negative_log_density<DiagonalCovariance>(thetas, w, mm, ss, nullptr, nullptr);
  };
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < d; ++i) {
    const Eigen::VectorXd e = Eigen::VectorXd::Unit(d, i);
    CHECK((value(m + h * e, s) - value(m - h * e, s)) / (2 * h) == Approx(gm[i]).epsilon(1e-6).margin(1e-8));
    CHECK((value(m, s + h * e) - value(m, s - h * e)) / (2 * h) == Approx(gs[i]).epsilon(1e-6).margin(1e-8));
  }
  // Its minimiser is the weighted mean and variance: the gradient vanishes there.
  const Eigen::VectorXd mean = thetas * w;
  const Eigen::VectorXd variance = thetas.array().square().matrix() * w - mean.cwiseAbs2();
  weighted_negative_log_density<DiagonalCovariance>(thetas, w, mean, variance.cwiseSqrt(), &gm, &gs);
  CHECK(gm.cwiseAbs().maxCoeff() < 1e-12);
  CHECK(gs.cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("forget_reverse_kl is the batched engine on the BNN's likelihood", "[bnn][variational]") {
  const Mlp mlp(forgetting_shape({6}));
  const BnnEnergy energy(mlp, forgetting_data(24, 4), 1.0);
  const Eigen::Index P = energy.dim();
  const Eigen::VectorXd gamma_full = forgetting_mean_field(mlp, 2);
  const DiagonalGaussian q_full = DiagonalGaussian::from_log_scale(gamma_full);
  VariationalForgetOptions options;
  options.rkl_batches = 4;
  options.rkl_batch_draws = 50;

  SECTION("lambda = 0: every draw counts, and the result is the full engine's on diag(s)") {
    const VariationalForgetResult r = forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 17);
    CHECK(r.inside == 1.0);
    CHECK(r.ess >= 1.0);
    CHECK(r.ess < options.rkl_batch_draws);  // the forgotten rows' likelihood varies over q(θ|D)
    REQUIRE(r.gamma.allFinite());
    Rng rng(17);
    const BatchMoments<FullCovariance> full = average_weighted_batches(
        AdjustedRegion(q_full.to_full(), 0.0), forgetting_log_likelihood(energy, kForgettingForgotten), 4, 50, rng);
    CHECK((r.gamma.head(P) - full.mean).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((r.gamma.tail(P) - (0.5 * full.covariance().diagonal().array().log()).matrix()).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(r.ess == Approx(full.mean_ess()).epsilon(1e-12));
    // The same seed, the same result.
    CHECK(forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 17).gamma == r.gamma);
  }

  SECTION("0 < lambda < e^{-P/2}: only the draws inside E_lambda are reweighted") {
    options.lambda = std::exp(-0.5 * static_cast<double>(P));  // r² = P: about half inside
    const VariationalForgetResult r = forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 17);
    CHECK(r.inside > 0.2);
    CHECK(r.inside < 0.8);
    Rng rng(17);
    const BatchMoments<FullCovariance> full =
        average_weighted_batches(AdjustedRegion(q_full.to_full(), options.lambda),
                                 forgetting_log_likelihood(energy, kForgettingForgotten), 4, 50, rng);
    CHECK(r.inside == Approx(full.inside_fraction()));
    CHECK((r.gamma.head(P) - full.mean).cwiseAbs().maxCoeff() < 1e-12);
  }

  SECTION("lambda > 0 with no draw inside (and lambda = 1): uniform weights, the moments of q(theta|D)") {
    for (const double lambda : {0.5, 1.0}) {
      options.lambda = lambda;  // r² ≤ 1.4, while a draw of q has ‖z‖² ≈ P = 25
      options.rkl_batch_draws = 400;
      const VariationalForgetResult r = forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 3);
      CHECK(r.inside == 0.0);
      CHECK(r.ess == Approx(400.0).epsilon(1e-12));
      // The sample moments of 4 × 400 draws: within a few standard errors of (m, s).
      const Eigen::ArrayXd z = (r.gamma.head(P) - q_full.mean()).array() / q_full.standard_deviations().array();
      CHECK(z.abs().maxCoeff() < 5.0 / std::sqrt(1600.0));
      CHECK((r.gamma.tail(P) - gamma_full.tail(P)).cwiseAbs().maxCoeff() < 0.15);
    }
  }
}

TEST_CASE("forget_eubo moves only when draws fall inside E_lambda", "[bnn][variational]") {
  const Mlp mlp(forgetting_shape({6}));
  const BnnEnergy energy(mlp, forgetting_data(24, 4), 1.0);
  const Eigen::Index P = energy.dim();
  const Eigen::VectorXd gamma_full = forgetting_mean_field(mlp, 2);
  VariationalForgetOptions options;
  options.eubo_steps = 150;
  options.eubo_draws = 4;

  // U(γ) = E_q̃[log p(D_e|θ)] + KL(q̃ ‖ q(θ|D)) on common random numbers (λ = 0).
  Rng crn(99);
  const Eigen::MatrixXd eps = crn.normal_matrix(P, 2000);
  auto eubo = [&](const Eigen::VectorXd& gamma) {
    const Eigen::ArrayXd s = gamma.tail(P).array().exp(), s_full = gamma_full.tail(P).array().exp();
    double expected = 0.0;
    for (Eigen::Index k = 0; k < eps.cols(); ++k)
      expected -=
          energy.batch_nll(gamma.head(P) + (s * eps.col(k).array()).matrix(), kForgettingForgotten, 1.0, nullptr);
    expected /= static_cast<double>(eps.cols());
    const Eigen::ArrayXd dm = gamma.head(P).array() - gamma_full.head(P).array();
    const double kl =
        0.5 * (s.square() / s_full.square() + dm.square() / s_full.square() - 1.0 - 2.0 * (s / s_full).log()).sum();
    return expected + kl;
  };

  SECTION("lambda = 0: every draw counts and the EUBO decreases") {
    const VariationalForgetResult r = forget_eubo(energy, gamma_full, kForgettingForgotten, options, 5);
    CHECK(r.inside == 1.0);
    CHECK(r.ess == 0.0);
    REQUIRE(r.gamma.allFinite());
    CHECK(eubo(r.gamma) < eubo(gamma_full));
    CHECK((r.gamma - gamma_full).cwiseAbs().maxCoeff() > 1e-2);  // it moved
    CHECK(forget_eubo(energy, gamma_full, kForgettingForgotten, options, 5).gamma == r.gamma);
  }

  SECTION("lambda > 0 with no draw inside, and lambda = 1: q(theta|D) stays put") {
    for (const double lambda : {0.5, 1.0}) {
      options.lambda = lambda;
      const VariationalForgetResult r = forget_eubo(energy, gamma_full, kForgettingForgotten, options, 5);
      CHECK(r.inside == 0.0);
      // Only the KL term pulls, and it vanishes at q(θ|D) but for rounding (e^{2ρ} against
      // (e^ρ)²), which Adam's normalised steps turn into a jitter far below one step (1e-2).
      CHECK((r.gamma - gamma_full).cwiseAbs().maxCoeff() < 1e-4);
    }
  }
}

TEST_CASE("variational unlearning refuses bad input, naming the parameter", "[bnn][variational][errors]") {
  const Mlp mlp(forgetting_shape({6}));
  const BnnEnergy energy(mlp, forgetting_data(24, 4), 1.0);
  const Eigen::VectorXd gamma_full = forgetting_mean_field(mlp, 2);
  VariationalForgetOptions options;
  REQUIRE_THROWS_WITH(forget_reverse_kl(energy, gamma_full.head(5), kForgettingForgotten, options, 1),
                      Contains("forget_reverse_kl") && Contains("'gamma'"));
  REQUIRE_THROWS_WITH(forget_eubo(energy, gamma_full, {}, options, 1),
                      Contains("forget_eubo") && Contains("'forgotten'"));
  options.lambda = 1.5;
  REQUIRE_THROWS_WITH(forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 1), Contains("'lambda'"));
  options.lambda = 0.0;
  options.rkl_batch_draws = 1;
  REQUIRE_THROWS_WITH(forget_reverse_kl(energy, gamma_full, kForgettingForgotten, options, 1),
                      Contains("'rkl_batch_draws'"));
  REQUIRE_THROWS_AS(DiagonalGaussian(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 0)), InvalidArgument);
  REQUIRE_THROWS_WITH(DiagonalGaussian::from_log_scale(Eigen::Vector3d(0, 0, 0)), Contains("'mean_and_log_scale'"));
  const DiagonalAdjustedRegion region(DiagonalGaussian(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 1)), 0.5);
  Rng rng(1);
  const ForgottenLogLikelihood zero = [](const Eigen::MatrixXd& t, const Eigen::VectorXd&) {
    return Eigen::VectorXd(Eigen::VectorXd::Zero(t.cols()));
  };
  REQUIRE_THROWS_WITH(average_weighted_batches(region, zero, 1, 1, rng),
                      Contains("average_weighted_batches") && Contains("'samples'"));
  REQUIRE_THROWS_WITH(average_weighted_batches(region, zero, 0, 8, rng), Contains("'batches'"));
}
