// The likelihood-ratio membership attack (LiRA, Carlini et al. 2022, "Membership
// inference attacks from first principles") on a classifier's predictive p(y|x).
//
// The statistic of a model on a row (x, y) is the logit-scaled confidence
//   φ = log(p / (1 − p)),  p = p(y | x),
// which is close to Gaussian over training runs (the paper's §IV). Shadow models
// trained without the row ("out") give, per row, a Gaussian N(μ_out, σ_out²) of φ; if
// shadows trained with it ("in") are available too, N(μ_in, σ_in²). The online attack
// scores a row by the log likelihood ratio
//   Λ = log N(φ; μ_in, σ_in²) − log N(φ; μ_out, σ_out²),
// the offline one (out-shadows only) by the one-sided z = (φ − μ_out) / σ_out: a model
// that trained on the row is more confident in its label than the out-shadows are, and
// the p-value 1 − Φ(z) is monotone in z, so an AUC over z is the offline attack's AUC.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace lethe {

// φ = log p − log(1 − p) for each entry, p clamped to [1e-15, 1 − 1e-15] (a model that
// is certain gives a large finite φ, not ±∞).
Eigen::VectorXd logit_confidence(const Eigen::VectorXd& p);

struct GaussianFit {
  double mean = 0.0, sd = 1.0;
};

// Per row i, the mean and standard deviation (divisor K − 1) of phis(i, ·), one column
// per shadow (K ≥ 2; InvalidArgument naming 'phis' otherwise); sd floored at
// `min_sd` > 0 so that a row all shadows agree on does not give an infinite z.
std::vector<GaussianFit> fit_row_gaussians(const Eigen::MatrixXd& phis, double min_sd = 1e-3);

// log N(φ; in) − log N(φ; out).
double lira_log_likelihood_ratio(double phi, const GaussianFit& in, const GaussianFit& out);
// (φ − μ_out) / σ_out.
double lira_offline_score(double phi, const GaussianFit& out);

}  // namespace lethe
