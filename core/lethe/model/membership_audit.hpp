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
// The loss is the negative log predictive of the row's target, read from the
// family's prediction columns: "probability" (P(y = 1)), "p_class0…" (one column per
// class) or "mean" with "predictive_sd" (a Gaussian predictive).
#pragma once

#include <cstdint>

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
};

// −log p(y_i | x_i) under `model`, one per row (InvalidArgument for targets the
// family's predictions cannot score, e.g. a label outside its classes).
Eigen::VectorXd row_losses(const ModelFamily& model, const TrainingRows& rows);

// P(audited loss > member loss), ties counting ½: O((n + m) log(n + m)).
double loss_attack_auc(const Eigen::VectorXd& member_losses, const Eigen::VectorXd& audited_losses);

// The audit of `forgotten` against `retrained` (a model that never saw `audited`).
MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, double tolerance = 0.05);

}  // namespace lethe
