#include <lethe/model/membership_audit.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <lethe/base/constants.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/bnn/membership.hpp>

namespace lethe {
namespace {

// −log p, with p floored so that a confidently wrong prediction gives a large,
// finite loss rather than infinity (ranks, not values, enter the AUC).
double negative_log(double p) { return -std::log(std::max(p, 1e-300)); }

std::string label_text(double y) { return detail::to_text(y); }

}  // namespace

Eigen::VectorXd row_losses(const ModelFamily& model, const TrainingRows& rows) {
  const char* fn = "row_losses";
  check_size(fn, "y", static_cast<long>(rows.y.size()), static_cast<long>(rows.x.rows()));
  const Eigen::MatrixXd p = model.predict(rows.x);
  const std::vector<std::string> columns = model.prediction_columns();
  const auto column = [&](const std::string& name) -> Eigen::Index {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<Eigen::Index>(it - columns.begin());
  };
  Eigen::VectorXd loss(rows.y.size());
  if (const Eigen::Index c = column("probability"); c >= 0) {
    // Binary: P(y = 1) in column c.
    for (Eigen::Index i = 0; i < loss.size(); ++i) {
      const double y = rows.y(i);
      if (y != 0.0 && y != 1.0) fail_argument(fn, "y", "must be 0 or 1 (got " + label_text(y) + ")");
      loss(i) = negative_log(y == 1.0 ? p(i, c) : 1.0 - p(i, c));
    }
  } else if (column("p_class0") == 0) {
    // Categorical: column k is P(y = k).
    for (Eigen::Index i = 0; i < loss.size(); ++i) {
      const double y = rows.y(i);
      if (!(y >= 0 && y < static_cast<double>(p.cols())) || y != std::floor(y))
        fail_argument(fn, "y", "must be a class 0.." + std::to_string(p.cols() - 1) + " (got " + label_text(y) + ")");
      loss(i) = negative_log(p(i, static_cast<Eigen::Index>(y)));
    }
  } else if (const Eigen::Index m = column("mean"), s = column("predictive_sd"); m >= 0 && s >= 0) {
    // Gaussian predictive N(y; mean, sd²): ½ log(2π sd²) + (y − mean)² / (2 sd²).
    for (Eigen::Index i = 0; i < loss.size(); ++i) {
      const double sd = p(i, s), r = rows.y(i) - p(i, m);
      loss(i) = 0.5 * std::log(2.0 * kPi * sd * sd) + r * r / (2.0 * sd * sd);
    }
  } else {
    fail_argument(fn, "model", "family '" + model.name() + "' has no prediction the audit can score");
  }
  return loss;
}

double loss_attack_auc(const Eigen::VectorXd& member_losses, const Eigen::VectorXd& audited_losses) {
  const char* fn = "loss_attack_auc";
  check_at_least(fn, "member_losses", static_cast<long>(member_losses.size()), 1);
  check_at_least(fn, "audited_losses", static_cast<long>(audited_losses.size()), 1);
  check_finite(fn, "member_losses", member_losses);
  check_finite(fn, "audited_losses", audited_losses);
  // Mann–Whitney: the audited rows' rank sum among all losses, ties given their mid-rank.
  struct Entry {
    double loss;
    bool audited;
  };
  std::vector<Entry> all;
  for (Eigen::Index i = 0; i < member_losses.size(); ++i) all.push_back({member_losses(i), false});
  for (Eigen::Index i = 0; i < audited_losses.size(); ++i) all.push_back({audited_losses(i), true});
  std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.loss < b.loss; });
  double rank_sum = 0.0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].loss == all[i].loss) ++j;
    const double mid_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1 … j
    for (std::size_t t = i; t < j; ++t)
      if (all[t].audited) rank_sum += mid_rank;
    i = j;
  }
  const auto n_a = static_cast<double>(audited_losses.size());
  const auto n_m = static_cast<double>(member_losses.size());
  return (rank_sum - n_a * (n_a + 1) / 2) / (n_a * n_m);
}

Eigen::VectorXd membership_statistic(const ModelFamily& model, const TrainingRows& rows) {
  const Eigen::VectorXd loss = row_losses(model, rows);
  const std::vector<std::string> columns = model.prediction_columns();
  // A Gaussian predictive's loss is a negative log density, not of a probability.
  if (std::find(columns.begin(), columns.end(), "predictive_sd") != columns.end()) return -loss;
  return logit_confidence((-loss).array().exp().matrix());
}

std::vector<std::unique_ptr<ModelFamily>> train_shadows(const ModelFamily& family, const TrainingRows& rows,
                                                        int count) {
  const char* fn = "train_shadows";
  if (count < 2 || count > kMaxShadows)
    fail_argument(fn, "shadows",
                  "must be an integer in [2, " + std::to_string(kMaxShadows) + "] (got " + std::to_string(count) + ")");
  const Eigen::Index n = rows.x.rows();
  if (n < 4)
    fail_argument(fn, "shadows", "need at least 4 rows held to train on halves (got " + std::to_string(n) + ")");
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::vector<std::unique_ptr<ModelFamily>> shadows;
  for (int k = 0; k < count; ++k) {
    // Half of the rows held, a different half per shadow: the spread of a model trained
    // without a row comes from which rows it saw, also for a family whose training is
    // deterministic given its rows.
    std::vector<Eigen::Index> half = shuffled(order, static_cast<std::uint64_t>(k) + 1);
    half.resize(static_cast<std::size_t>((n + 1) / 2));
    std::sort(half.begin(), half.end());
    TrainingRows part{rows.x(half, Eigen::all), rows.y(half)};
    std::unique_ptr<ModelFamily> shadow = family.untrained_copy();
    shadow->train(part);
    shadows.push_back(std::move(shadow));
  }
  return shadows;
}

MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, double tolerance) {
  const char* fn = "audit_membership";
  check_at_least(fn, "audited", static_cast<long>(audited.x.rows()), 1);
  check_at_least(fn, "members", static_cast<long>(members.x.rows()), 1);
  if (!(tolerance > 0 && tolerance < 0.5)) fail_argument(fn, "tolerance", "must be in (0, 0.5)");
  MembershipAudit a;
  a.audited = static_cast<std::uint64_t>(audited.x.rows());
  a.members = static_cast<std::uint64_t>(members.x.rows());
  a.auc_forgotten = loss_attack_auc(row_losses(forgotten, members), row_losses(forgotten, audited));
  a.auc_retrained = loss_attack_auc(row_losses(retrained, members), row_losses(retrained, audited));
  a.gap = a.auc_forgotten - a.auc_retrained;
  a.tolerance = tolerance;
  a.passes = std::abs(a.gap) <= tolerance;
  return a;
}

MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, const TrainingRows& held_out,
                                 double tolerance) {
  check_at_least("audit_membership", "held_out", static_cast<long>(held_out.x.rows()), 1);
  MembershipAudit a = audit_membership(forgotten, retrained, audited, members, tolerance);
  a.held_out = static_cast<std::uint64_t>(held_out.x.rows());
  // P(held-out loss > canary loss): the canaries play the members' part here.
  a.canary_auc_forgotten = loss_attack_auc(row_losses(forgotten, audited), row_losses(forgotten, held_out));
  a.canary_auc_retrained = loss_attack_auc(row_losses(retrained, audited), row_losses(retrained, held_out));
  a.canary_gap = *a.canary_auc_forgotten - *a.canary_auc_retrained;
  a.passes = a.passes && std::abs(*a.canary_gap) <= tolerance;
  return a;
}

MembershipAudit audit_membership(const ModelFamily& forgotten, const ModelFamily& retrained,
                                 const TrainingRows& audited, const TrainingRows& members, const TrainingRows& held_out,
                                 const std::vector<std::unique_ptr<ModelFamily>>& shadows, double tolerance) {
  const char* fn = "audit_membership";
  check_at_least(fn, "shadows", static_cast<long>(shadows.size()), 2);
  MembershipAudit a = audit_membership(forgotten, retrained, audited, members, held_out, tolerance);
  a.shadows = shadows.size();
  // The canary rows: the audited (forgotten) canaries, then the held-out ones.
  const Eigen::Index na = audited.x.rows(), nh = held_out.x.rows();
  TrainingRows rows{Eigen::MatrixXd(na + nh, audited.x.cols()), Eigen::VectorXd(na + nh)};
  rows.x << audited.x, held_out.x;
  rows.y << audited.y, held_out.y;
  Eigen::MatrixXd phis(na + nh, static_cast<Eigen::Index>(shadows.size()));
  for (std::size_t k = 0; k < shadows.size(); ++k)
    phis.col(static_cast<Eigen::Index>(k)) = membership_statistic(*shadows[k], rows);
  const std::vector<GaussianFit> out = fit_row_gaussians(phis);
  // P(z_canary > z_held-out): loss_attack_auc with the held-out scores as the "members".
  const auto lira_auc = [&](const ModelFamily& model) {
    const Eigen::VectorXd phi = membership_statistic(model, rows);
    Eigen::VectorXd z(phi.size());
    for (Eigen::Index i = 0; i < z.size(); ++i) z(i) = lira_offline_score(phi(i), out[static_cast<std::size_t>(i)]);
    return loss_attack_auc(z.tail(nh), z.head(na));
  };
  a.canary_lira_auc_forgotten = lira_auc(forgotten);
  a.canary_lira_auc_retrained = lira_auc(retrained);
  a.canary_lira_gap = *a.canary_lira_auc_forgotten - *a.canary_lira_auc_retrained;
  a.passes = a.passes && std::abs(*a.canary_lira_gap) <= tolerance;
  return a;
}

}  // namespace lethe
