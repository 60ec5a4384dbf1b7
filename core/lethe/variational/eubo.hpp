// EUBO unlearning (method report §3, Nguyen et al. 2020): from q(θ|D) and the forgotten
// rows D_e alone, minimise
//
//     U(q_u) = E_{q_u}[log p̃_λ(D_e|θ)] + KL[q_u ‖ q(θ|D)]   → q̃_u ≈ q(θ|D_r)
//
// over q_u = N(m, L Lᵀ), with the adjusted likelihood p̃_λ of adjusted_likelihood.hpp.
//
// paper  Adam from q(θ|D), `samples` fresh samples per step, the indicator of the
//        adjusted likelihood held fixed in the gradient.
// fast   λ = 0: U is a sum of 1-D Gaussian expectations (quadrature), minimised by
//        L-BFGS in coordinates whitened by q(θ|D). For 0 < λ < 1 the indicator needs
//        Monte Carlo, and the paper's update (indicator held fixed) is not the
//        gradient of any function: its fixed point is the zero of a vector field that
//        is smooth only in expectation. A quasi-Newton minimiser oscillates across the
//        ellipsoid's boundary there, so the fast protocol runs the paper's own
//        iteration with three changes: one fixed set of common random numbers
//        θ_s = m + L ε_s, steps preconditioned by whitening (KL[q ‖ q(θ|D)] has
//        Hessian ≈ I), and a Polyak average of the second half of the iterates; 50
//        steps land where 30 000 Adam steps do.
// λ = 1 returns q(θ|D) unchanged (the adjusted likelihood is 1 everywhere).
#pragma once

#include <vector>

#include <Eigen/Dense>

#include <lethe/base/gaussian.hpp>
#include <lethe/variational/learning.hpp>
#include <lethe/variational/likelihood_model.hpp>
#include <lethe/variational/options.hpp>

namespace lethe {

// EUBO unlearning of the rows `forgotten` from q_full = q(θ|D), starting from q_full.
VariationalFit forget_eubo(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                           double lambda, const VariationalOptions& options = {});

// U at q_u = N(m, L Lᵀ), exposed for gradient checks; the gradients are with respect
// to m and the lower triangle of L. Monte Carlo over θ_s = m + L ε_s for the columns
// of `eps` (the indicator held fixed in the gradient); with `eps` empty, quadrature
// (requires λ = 0 or 1).
double eubo_objective(const LikelihoodModel& model, const std::vector<int>& forgotten, const Gaussian& q_full,
                      double lambda, const Eigen::MatrixXd& eps, const Eigen::VectorXd& m, const Eigen::MatrixXd& L,
                      Eigen::VectorXd* grad_m, Eigen::MatrixXd* grad_L);

}  // namespace lethe
