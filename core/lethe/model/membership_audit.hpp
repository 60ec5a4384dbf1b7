// The membership audit of `lethe verify --audit`: can an attacker who sees the model
// tell that the forgotten rows were ever in training?
//
// The attack is the loss (confidence) attack: a row whose loss under the model is
// low looks like a training member. Its power on the audited rows is the AUC
//   AUC(θ) = P(loss_θ(a) > loss_θ(m)) + ½ P(loss_θ(a) = loss_θ(m)),
// a drawn from the audited (forgotten) rows and m from rows still in training, the
// Mann–Whitney statistic. A model that never saw the audited rows — the one retrained
// now on the rows held — gives the AUC forgetting should reach: the audited rows are
// true non-members there. A forgotten model that still remembers them fits them
// better, so its AUC falls below the retrained one's. The audit passes when
//   |AUC(θ_forgotten) − AUC(θ_retrained)| ≤ tolerance   (0.05 by default),
// and it fails for a model that has not forgotten (tested on planted canaries).
//
// The canary audit (verify's --held-out): when the auditor planted rows (canaries),
// had them forgotten, and kept back rows of the same kind that were never sent (the
// held-out canaries), the same attack tells members from true non-members directly:
//   canary AUC(θ) = P(loss_θ(h) > loss_θ(c)) + ½ P(=),  c a forgotten canary, h held out,
// the confidence-threshold AUC of `lethe bnn-forget --canaries` (canary_auc_threshold).
// Before forgetting it is high (the model fits its canaries); a model that never saw
// them reads ≈ 0.5; the audit then also asks the forgotten model's canary AUC to be
// within the tolerance of the retrained one's.
//
// With shadow models too (verify's --shadows K), the offline likelihood-ratio attack of
// `lethe bnn-forget --canaries` (LiRA, bnn/membership.hpp) on the same rows: K copies of
// the family, each trained on a seeded random half of the rows held — models that never
// saw a canary nor a held-out row, whose spread is the training's own — give each canary
// row a Gaussian N(μ_out, σ_out²) of its statistic, and a model's score on the row is
//   z = (φ − μ_out) / σ_out,   φ = log(p / (1 − p)), p = p(y | x)
// (a Gaussian predictive: φ = its log density). The LiRA canary AUC is P(z_canary >
// z_held-out) + ½ P(=); the audit asks its gap to be within the tolerance as well.
//
// The loss is the negative log predictive of the row's target, read from the
// family's prediction columns: "probability" (P(y = 1)), "p_class0…" (one column per
// class) or "mean" with "predictive_sd" (a Gaussian predictive).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <Eigen/Dense>

#include <lethe/model/family.hpp>

namespace lethe {

struct MembershipAudit {
  std::uint64_t audited = 0;  // forgotten rows the auditor supplied
  std::uint64_t members = 0;  // rows still in training the attack compares them with
  double auc_forgotten = 0.5;
  double auc_retrained = 0.5;
  double gap = 0.0;  // auc_forgotten − auc_retrained
  double tolerance = 0.05;
  bool passes = true;
  // The canary audit, with held-out rows (absent otherwise).
  std::uint64_t held_out = 0;
  std::optional<double> canary_auc_forgotten, canary_auc_retrained, canary_gap;
  // The likelihood-ratio canary audit, with shadow models (absent otherwise).
  std::uint64_t shadows = 0;
  std::optional<double> canary_lira_auc_forgotten, canary_lira_auc_retrained, canary_lira_gap;
};

// −log p(y_i | x_i) under `model`, one per row (InvalidArgument for targets the
// family's predictions cannot score, e.g. a label outside its classes).
Eigen::VectorXd row_losses(const ModelFamily& model, const TrainingRows& rows);

// P(audited loss > member loss), ties counting ½: O((n + m) log(n + m)).
double loss_attack_auc(const Eigen::VectorXd& member_losses, const Eigen::VectorXd& audited_losses);

// The likelihood-ratio statistic φ per row: the logit of p(y_i | x_i) for a classifier,
// the log predictive density for a Gaussian predictive (not a probability).
Eigen::VectorXd membership_statistic(const ModelFamily& model, const TrainingRows& rows);

// `count` shadow models: untrained copies of `family`, shadow k trained on the first
// ⌈n/2⌉ rows of `rows` in the seeded order shuffled(·, k + 1). InvalidArgument naming
// 'shadows' for a count of 1 or more than kMaxShadows, or fewer than 4 rows.
inline constexpr int kMaxShadows = 64;
std::vector<std::unique_ptr<ModelFamily>> train_shadows(const ModelFamily& family, const TrainingRows& rows, int count);

// The audit of `forgotten` against `retrained` (a model that never saw `audited`).
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, double tolerance = 0.05);

// The same, plus the canary audit of `audited` (the forgotten canaries) against
// `held_out` (rows of their kind never trained on); it passes when both gaps are
// within the tolerance. InvalidArgument naming 'held_out' for no rows.
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, const TrainingRows& held_out,
                                 double tolerance = 0.05);

// The same, plus the likelihood-ratio canary audit on `shadows` (at least 2, none of
// which saw the audited or held-out rows); it passes when all three gaps are within
// the tolerance. InvalidArgument naming 'shadows' for fewer than 2.
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, const TrainingRows& held_out,
                                 const std::vector<std::unique_ptr<ModelFamily>>& shadows, double tolerance = 0.05);

}  // namespace lethe
