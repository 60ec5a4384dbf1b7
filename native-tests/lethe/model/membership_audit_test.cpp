// The membership audit (model/membership_audit.hpp): the Mann–Whitney AUC against
// its pairwise definition, the losses against their formulas, and an audit that
// fails on a model that still remembers planted canaries and passes once they are
// forgotten.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/base/rng.hpp>
#include <lethe/model/linear_family.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/membership_audit.hpp>

#include "support.hpp"

using namespace lethe;

namespace {

// P(a > m) + ½ P(a = m) by counting every pair.
double pairwise_auc(const Eigen::VectorXd& members, const Eigen::VectorXd& audited) {
  double wins = 0.0;
  for (Eigen::Index i = 0; i < audited.size(); ++i)
    for (Eigen::Index j = 0; j < members.size(); ++j)
      wins += audited(i) > members(j) ? 1.0 : audited(i) == members(j) ? 0.5 : 0.0;
  return wins / static_cast<double>(audited.size() * members.size());
}

TrainingRows audit_rows_of(const RowTable& t, Eigen::Index from, Eigen::Index count) {
  return {t.x.middleRows(from, count), t.y.segment(from, count)};
}

// The canary audits' fixture: 12 rows with random labels, each trained on `copies` times
// (as bnn-forget plants them), and 12 more never trained on, beside 100 ordinary rows in
// 80 features: room for a linear model to fit them. The original trains on all, the
// retrained model on the ordinary rows, and the forgotten one forgets every copy.
struct CanaryFixture {
  TrainingRows planted, held_out, kept, all_copies;
  LogisticFamily original{80, 4.0, 100, true}, retrained{80, 4.0, 100, true}, forgotten{80, 4.0, 100, true};
};

CanaryFixture canary_fixture(int copies) {
  const int n = 100, k = 80, canaries = 12;
  const RowTable t = test::make_rows(n, k, true, 17);
  RowTable odd = test::make_rows(2 * canaries, k, true, 18);
  Rng rng(19);
  for (int i = 0; i < 2 * canaries; ++i) odd.y(i) = rng.uniform() < 0.5 ? 0.0 : 1.0;
  CanaryFixture f;
  f.planted = audit_rows_of(odd, 0, canaries);
  f.held_out = audit_rows_of(odd, canaries, canaries);
  f.kept = {t.x, t.y};
  f.all_copies = {Eigen::MatrixXd(copies * canaries, k), Eigen::VectorXd(copies * canaries)};
  for (int c = 0; c < copies; ++c) {
    f.all_copies.x.middleRows(c * canaries, canaries) = f.planted.x;
    f.all_copies.y.segment(c * canaries, canaries) = f.planted.y;
  }
  TrainingRows trained{Eigen::MatrixXd(n + copies * canaries, k), Eigen::VectorXd(n + copies * canaries)};
  trained.x << f.kept.x, f.all_copies.x;
  trained.y << f.kept.y, f.all_copies.y;
  f.original.train(trained);
  f.retrained.train(f.kept);
  f.forgotten = f.original;
  f.forgotten.forget(f.all_copies);
  return f;
}

}  // namespace

TEST_CASE("audit: the AUC is the pairwise win rate, ties counted half", "[model][audit]") {
  Rng rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    Eigen::VectorXd m(30 + trial), a(7 + trial);
    // Rounded values, so that ties occur within and across the two sets.
    for (Eigen::Index i = 0; i < m.size(); ++i) m(i) = std::round(4 * rng.normal()) / 4;
    for (Eigen::Index i = 0; i < a.size(); ++i) a(i) = std::round(4 * (rng.normal() + 0.3)) / 4;
    CHECK(loss_attack_auc(m, a) == Approx(pairwise_auc(m, a)).margin(1e-14));
  }
  const Eigen::VectorXd low = Eigen::VectorXd::LinSpaced(5, 0, 1), high = Eigen::VectorXd::LinSpaced(4, 2, 3);
  CHECK(loss_attack_auc(low, high) == 1.0);
  CHECK(loss_attack_auc(high, low) == 0.0);
  CHECK(loss_attack_auc(low, low) == 0.5);
  CHECK_THROWS_AS(loss_attack_auc(Eigen::VectorXd(), high), InvalidArgument);
  Eigen::VectorXd bad = high;
  bad(1) = std::nan("");
  CHECK_THROWS_WITH(loss_attack_auc(low, bad), Catch::Contains("audited_losses"));
}

TEST_CASE("audit: the losses are the negative log predictives", "[model][audit]") {
  const RowTable c = test::make_rows(80, 2, true, 3);
  LogisticFamily logistic(2, 1.0, 100, true);
  logistic.train({c.x, c.y});
  const TrainingRows probe = audit_rows_of(c, 0, 10);
  const Eigen::VectorXd loss = row_losses(logistic, probe);
  const Eigen::MatrixXd p = logistic.predict(probe.x);
  for (Eigen::Index i = 0; i < 10; ++i)
    CHECK(loss(i) == Approx(-std::log(probe.y(i) == 1 ? p(i, 0) : 1 - p(i, 0))).epsilon(1e-14));
  TrainingRows bad = probe;
  bad.y(3) = 2;
  CHECK_THROWS_WITH(row_losses(logistic, bad), Catch::Contains("row_losses") && Catch::Contains("'y'"));

  const RowTable r = test::make_rows(60, 2, false, 4);
  LinearFamily linear(2, 1.0, 0.25);
  linear.train({r.x, r.y});
  const TrainingRows rp = audit_rows_of(r, 0, 6);
  const Eigen::VectorXd gl = row_losses(linear, rp);
  const Eigen::MatrixXd q = linear.predict(rp.x);  // mean, sd, predictive_sd
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double s = q(i, 2), e = rp.y(i) - q(i, 0);
    CHECK(gl(i) == Approx(0.5 * std::log(2 * M_PI * s * s) + e * e / (2 * s * s)).epsilon(1e-13));
  }
}

// Canaries a flexible model memorises: with 40 features and 100 rows, logistic
// regression fits 12 rows with flipped labels individually. The model retrained
// without them gets them confidently wrong, so the loss attack sees them as
// non-members there; the original still fits them.
TEST_CASE("audit: fails on a model that remembers canaries, passes once they are forgotten", "[model][audit]") {
  const int n = 100, k = 40, canaries = 12;
  RowTable t = test::make_rows(n, k, true, 17);
  for (int i = 0; i < canaries; ++i) t.y(i) = 1 - t.y(i);  // flipped labels
  const TrainingRows all{t.x, t.y}, planted = audit_rows_of(t, 0, canaries),
                                    held = audit_rows_of(t, canaries, n - canaries);
  LogisticFamily original(k, 4.0, 100, true), retrained(k, 4.0, 100, true);
  original.train(all);
  retrained.train(held);
  LogisticFamily forgotten = original;
  forgotten.forget(planted);

  const MembershipAudit remembers = audit_membership(original, retrained, planted, held);
  INFO("original: AUC " << remembers.auc_forgotten << " vs retrained " << remembers.auc_retrained);
  CHECK(remembers.auc_retrained > 0.8);  // the audit can see: non-members stand out
  CHECK_FALSE(remembers.passes);
  CHECK(remembers.gap < -0.05);

  const MembershipAudit forgot = audit_membership(forgotten, retrained, planted, held);
  INFO("forgotten: AUC " << forgot.auc_forgotten << " vs retrained " << forgot.auc_retrained);
  CHECK(forgot.passes);
  CHECK(std::abs(forgot.gap) <= 0.05);
  CHECK(forgot.audited == canaries);
  CHECK(forgot.members == n - canaries);

  CHECK_THROWS_WITH(audit_membership(forgotten, retrained, planted, held, 0.7), Catch::Contains("tolerance"));
}

TEST_CASE("canary audit: sees the planted canaries, reads chance once they are forgotten", "[model][audit][canary]") {
  // canary_fixture with 4 copies of each canary.
  const int k = 80, canaries = 12;
  const CanaryFixture f = canary_fixture(4);
  const TrainingRows &planted = f.planted, &held_out = f.held_out, &kept = f.kept;
  const LogisticFamily &original = f.original, &retrained = f.retrained, &forgotten = f.forgotten;

  const MembershipAudit remembers = audit_membership(original, retrained, planted, kept, held_out);
  INFO("canary AUC: original " << *remembers.canary_auc_forgotten << ", retrained " << *remembers.canary_auc_retrained);
  CHECK(*remembers.canary_auc_forgotten >= 0.9);  // the audit can see the canaries
  CHECK(std::abs(*remembers.canary_auc_retrained - 0.5) <= 0.2);
  CHECK_FALSE(remembers.passes);
  CHECK(remembers.held_out == canaries);

  const MembershipAudit forgot = audit_membership(forgotten, retrained, planted, kept, held_out);
  INFO("canary AUC: forgotten " << *forgot.canary_auc_forgotten << ", retrained " << *forgot.canary_auc_retrained);
  CHECK(std::abs(*forgot.canary_gap) <= 0.05);
  CHECK(forgot.passes);
  // The canary AUC is the loss attack with the canaries as the members and the held-out rows audited.
  CHECK(*forgot.canary_auc_forgotten ==
        Approx(pairwise_auc(row_losses(forgotten, planted), row_losses(forgotten, held_out))).epsilon(1e-12));

  const TrainingRows none{Eigen::MatrixXd(0, k), Eigen::VectorXd(0)};
  CHECK_THROWS_WITH(audit_membership(forgotten, retrained, planted, kept, none), Catch::Contains("'held_out'"));
}

TEST_CASE("statistic: the logit of p(y|x) for a classifier, the log density for a Gaussian predictive",
          "[model][audit][lira]") {
  const RowTable c = test::make_rows(80, 2, true, 3);
  LogisticFamily logistic(2, 1.0, 100, true);
  logistic.train({c.x, c.y});
  const TrainingRows probe = audit_rows_of(c, 0, 10);
  const Eigen::VectorXd phi = membership_statistic(logistic, probe);
  const Eigen::MatrixXd p = logistic.predict(probe.x);
  for (Eigen::Index i = 0; i < 10; ++i) {
    const double py = probe.y(i) == 1 ? p(i, 0) : 1 - p(i, 0);
    CHECK(phi(i) == Approx(std::log(py / (1 - py))).epsilon(1e-10));
  }
  const RowTable r = test::make_rows(60, 2, false, 4);
  LinearFamily linear(2, 1.0, 0.25);
  linear.train({r.x, r.y});
  const TrainingRows rp = audit_rows_of(r, 0, 6);
  CHECK((membership_statistic(linear, rp) + row_losses(linear, rp)).norm() == 0.0);
}

TEST_CASE("shadows: each on a seeded half of the rows, different halves, the same shadows every call",
          "[model][audit][lira]") {
  const RowTable t = test::make_rows(41, 3, true, 21);
  const TrainingRows rows{t.x, t.y};
  const LogisticFamily family(3, 1.0, 100, true);
  const auto a = train_shadows(family, rows, 5), b = train_shadows(family, rows, 5);
  REQUIRE(a.size() == 5);
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK((a[k]->predict(t.x) - b[k]->predict(t.x)).norm() == 0.0);  // seeded
    // Shadow k is the family trained on the first ⌈n/2⌉ rows of shuffled(0..n−1, k + 1).
    std::vector<Eigen::Index> half = shuffled(
        [] {
          std::vector<Eigen::Index> v(41);
          for (Eigen::Index i = 0; i < 41; ++i) v[static_cast<std::size_t>(i)] = i;
          return v;
        }(),
        k + 1);
    half.resize(21);
    std::sort(half.begin(), half.end());
    LogisticFamily expected(3, 1.0, 100, true);
    expected.train({t.x(half, Eigen::all), t.y(half)});
    CHECK((a[k]->predict(t.x) - expected.predict(t.x)).norm() == 0.0);
    if (k > 0) CHECK((a[k]->predict(t.x) - a[0]->predict(t.x)).norm() > 1e-6);  // other halves, other models
  }
  CHECK_THROWS_WITH(train_shadows(family, rows, 1), Catch::Contains("'shadows'"));
  CHECK_THROWS_WITH(train_shadows(family, rows, kMaxShadows + 1), Catch::Contains("'shadows'"));
  CHECK_THROWS_WITH(train_shadows(family, audit_rows_of(t, 0, 3), 2), Catch::Contains("at least 4 rows"));
}

TEST_CASE("likelihood-ratio canary audit: sees the planted canaries, reads chance once they are forgotten",
          "[model][audit][canary][lira]") {
  // canary_fixture with 2 copies of each canary. At 4 copies the one Newton step of forgetting leaves a
  // difference this attack sees: a gap of 0.056 against the tolerance 0.05, where the
  // threshold attack passes (the test above): the likelihood ratio is the stronger audit.
  const int shadow_count = 8;
  const CanaryFixture f = canary_fixture(2);
  const TrainingRows &planted = f.planted, &held_out = f.held_out, &kept = f.kept;
  const LogisticFamily &original = f.original, &retrained = f.retrained, &forgotten = f.forgotten;
  const auto shadows = train_shadows(retrained, kept, shadow_count);

  const MembershipAudit remembers = audit_membership(original, retrained, planted, kept, held_out, shadows);
  INFO("LiRA canary AUC: original " << *remembers.canary_lira_auc_forgotten << ", retrained "
                                    << *remembers.canary_lira_auc_retrained);
  CHECK(*remembers.canary_lira_auc_forgotten >= 0.9);  // the audit can see the canaries
  CHECK(std::abs(*remembers.canary_lira_auc_retrained - 0.5) <= 0.25);
  CHECK_FALSE(remembers.passes);
  CHECK(remembers.shadows == static_cast<std::uint64_t>(shadow_count));

  const MembershipAudit forgot = audit_membership(forgotten, retrained, planted, kept, held_out, shadows);
  INFO("LiRA canary AUC: forgotten " << *forgot.canary_lira_auc_forgotten << ", retrained "
                                     << *forgot.canary_lira_auc_retrained);
  CHECK(std::abs(*forgot.canary_lira_gap) <= 0.05);
  CHECK(forgot.passes);

  // The AUC is P(z_canary > z_held-out), z = (φ − μ_out)/σ_out over the shadows (sd: divisor K − 1).
  const auto z_of = [&](const ModelFamily& model, const TrainingRows& rows) {
    Eigen::MatrixXd phis(rows.x.rows(), shadow_count);
    for (int s = 0; s < shadow_count; ++s) phis.col(s) = membership_statistic(*shadows[std::size_t(s)], rows);
    const Eigen::VectorXd phi = membership_statistic(model, rows);
    Eigen::VectorXd z(rows.x.rows());
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const double mean = phis.row(i).mean();
      const double sd = std::max(std::sqrt((phis.row(i).array() - mean).square().sum() / (shadow_count - 1)), 1e-3);
      z(i) = (phi(i) - mean) / sd;
    }
    return z;
  };
  CHECK(*forgot.canary_lira_auc_forgotten ==
        Approx(pairwise_auc(z_of(forgotten, held_out), z_of(forgotten, planted))).epsilon(1e-12));
  CHECK(*remembers.canary_lira_auc_forgotten ==
        Approx(pairwise_auc(z_of(original, held_out), z_of(original, planted))).epsilon(1e-12));

  const std::vector<std::unique_ptr<ModelFamily>> one(1);
  CHECK_THROWS_WITH(audit_membership(forgotten, retrained, planted, kept, held_out, one), Catch::Contains("'shadows'"));
}
