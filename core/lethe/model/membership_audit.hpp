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
// within the tolerance of the retrained one's. (bnn-forget's likelihood-ratio version
// needs shadow models trained with other seeds, which a model file does not define.)
//
// The loss is the negative log predictive of the row's target, read from the
// family's prediction columns: "probability" (P(y = 1)), "p_class0…" (one column per
// class) or "mean" with "predictive_sd" (a Gaussian predictive).
#pragma once

#include <cstdint>
#include <optional>

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
};

// −log p(y_i | x_i) under `model`, one per row (InvalidArgument for targets the
// family's predictions cannot score, e.g. a label outside its classes).
Eigen::VectorXd row_losses(const ModelFamily& model, const TrainingRows& rows);

// P(audited loss > member loss), ties counting ½: O((n + m) log(n + m)).
double loss_attack_auc(const Eigen::VectorXd& member_losses, const Eigen::VectorXd& audited_losses);

// The audit of `forgotten` against `retrained` (a model that never saw `audited`).
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, double tolerance = 0.05);

// The same, plus the canary audit of `audited` (the forgotten canaries) against
// `held_out` (rows of their kind never trained on); it passes when both gaps are
// within the tolerance. InvalidArgument naming 'held_out' for no rows.
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, const TrainingRows& held_out,
                                 double tolerance = 0.05);

}  // namespace lethe
