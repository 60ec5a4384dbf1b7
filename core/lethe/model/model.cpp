#include <lethe/model/model.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/model/checksum.hpp>

namespace lethe {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::unique_ptr<ModelFamily> family_from(const ModelMeta& meta, std::size_t features, const std::string& source) {
  std::unique_ptr<ModelFamily> family;
  try {
    family = make_family(meta.family, static_cast<int>(features), meta.options);
  } catch (const InvalidArgument& e) {
    throw FormatError(source + ": " + e.what());
  }
  ByteReader in(meta.family_state, source + ": " + meta.family + " state");
  family->read_state(in);
  in.expect_end();
  return family;
}

std::vector<unsigned char> state_of(const ModelFamily& family) {
  ByteWriter out;
  family.write_state(out);
  return std::move(out.bytes());
}

// The rows of `all` whose ids are not in `gone`.
RowTable rows_without(const RowTable& all, const std::set<std::int64_t>& gone) {
  RowTable kept;
  std::size_t dropped = 0;
  for (std::int64_t id : all.ids) dropped += gone.count(id);
  kept.x.resize(static_cast<Eigen::Index>(all.ids.size() - dropped), all.x.cols());
  kept.y.resize(kept.x.rows());
  Eigen::Index row = 0;
  for (std::size_t i = 0; i < all.ids.size(); ++i) {
    if (gone.count(all.ids[i])) continue;
    kept.ids.push_back(all.ids[i]);
    kept.x.row(row) = all.x.row(static_cast<Eigen::Index>(i));
    kept.y(row++) = all.y(static_cast<Eigen::Index>(i));
  }
  return kept;
}

// At most `limit` rows of `rows`, evenly spaced: the audit's members, the same every run.
RowTable evenly_spaced(const RowTable& rows, std::size_t limit) {
  if (rows.ids.size() <= limit) return rows;
  RowTable out;
  out.x.resize(static_cast<Eigen::Index>(limit), rows.x.cols());
  out.y.resize(static_cast<Eigen::Index>(limit));
  for (std::size_t i = 0; i < limit; ++i) {
    const std::size_t at = i * rows.ids.size() / limit;
    out.ids.push_back(rows.ids[at]);
    out.x.row(static_cast<Eigen::Index>(i)) = rows.x.row(static_cast<Eigen::Index>(at));
    out.y(static_cast<Eigen::Index>(i)) = rows.y(static_cast<Eigen::Index>(at));
  }
  return out;
}

// Rounding slack of a proof's comparison: the bound is computed in floating point too.
bool within_bound(double measured, double bound) { return measured <= bound * (1 + 1e-9) + 1e-12; }

}  // namespace

TrainingRows training_rows(const RowTable& rows) { return {rows.x, rows.y}; }

void Model::train(Volume& volume, const std::string& name, const RowTable& rows, const TrainSpec& spec) {
  check_at_least("Model::train", "rows", static_cast<long>(rows.ids.size()), 1);
  check_nonnegative("Model::train", "residual_budget", spec.residual_budget);
  check_finite("Model::train", "x", rows.x);
  check_finite("Model::train", "y", rows.y);
  const auto k = static_cast<int>(rows.x.cols());
  if (!spec.feature_names.empty())
    check_size("Model::train", "feature_names", static_cast<long>(spec.feature_names.size()), k);
  std::unique_ptr<ModelFamily> family = make_family(spec.family, k, spec.options);

  // The table is kept sorted by id, so that a request finds its rows by binary search.
  std::vector<std::size_t> order(rows.ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows.ids[a] < rows.ids[b]; });
  RowTable sorted;
  sorted.x.resize(rows.x.rows(), k);
  sorted.y.resize(rows.y.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && rows.ids[order[i]] == rows.ids[order[i - 1]])
      fail_argument("Model::train", "ids", "holds id " + std::to_string(rows.ids[order[i]]) + " twice");
    sorted.ids.push_back(rows.ids[order[i]]);
    sorted.x.row(static_cast<Eigen::Index>(i)) = rows.x.row(static_cast<Eigen::Index>(order[i]));
    sorted.y(static_cast<Eigen::Index>(i)) = rows.y(static_cast<Eigen::Index>(order[i]));
  }
  family->train(training_rows(sorted));

  ModelMeta meta;
  meta.family = spec.family;
  meta.options = family->options();
  meta.feature_names = spec.feature_names;
  if (meta.feature_names.empty())
    for (int j = 0; j < k; ++j) meta.feature_names.push_back("x" + std::to_string(j + 1));
  meta.target_name = spec.target_name;
  // A certified family brings its own budget (β = σε/c) unless the caller sets one.
  meta.residual_budget = spec.residual_budget > 0 ? spec.residual_budget : family->certified_budget();
  meta.created = spec.now;
  meta.family_state = state_of(*family);
  std::uint64_t uid = spec.uid;
  if (uid == 0) {
    const std::uint64_t salt = static_cast<std::uint64_t>(spec.now) ^
                               static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    uid = xxh64(meta.family_state.data(), meta.family_state.size(), salt) | 1;
  }
  ModelStore::create(volume, name, sorted, std::move(meta), uid);
}

Model::Model(Volume& volume, const std::string& name)
    : store_(volume, name), family_(family_from(store_.meta(), store_.meta().feature_names.size(), name)) {}

ModelMeta Model::meta_with(const ModelFamily& family) const {
  ModelMeta meta = store_.meta();
  meta.family_state = state_of(family);
  return meta;
}

const OptionSet<ForgetRequest>& forget_request_option_set() {
  using R = ForgetRequest;
  static const OptionSet<R> set(
      "model_forget",
      {option<R>("request_id", &R::request_id, any_value(),
                 "the request's id (default request-<n>); the same id with the same ids again changes nothing", "ID"),
       option<R>("auto_retrain", &R::auto_retrain, any_value(),
                 "past the residual budget, retrain on the rows left at once (decision 'retrained')"),
       option<R>("check", &R::check, any_value(),
                 "proof families: measure the residual the bound bounds (one pass over the rows held) and refuse "
                 "to commit if the bound does not hold")});
  return set;
}

const OptionSet<RetrainRequest>& retrain_request_option_set() {
  using R = RetrainRequest;
  static const OptionSet<R> set("model_retrain", {option<R>("request_id", &R::request_id, any_value(),
                                                            "the request's id (default retrain-<n>)", "ID")});
  return set;
}

ForgetOutcome Model::forget(const std::vector<std::int64_t>& ids, const std::string& request_id, bool auto_retrain,
                            std::int64_t now, bool check_residual) {
  const ModelMeta& meta = store_.meta();
  const std::string id = request_id.empty() ? "request-" + std::to_string(meta.requests.size() + 1) : request_id;
  // The same request again: reported, nothing changes.
  for (const RequestRecord& r : meta.requests) {
    if (r.request_id != id) continue;
    std::vector<std::int64_t> a = r.ids, b = ids;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (r.kind != "forget" || a != b)
      fail_argument("Model::forget", "request_id", "'" + id + "' was already used for another request");
    return {r, true, meta.alive_rows};
  }
  if (ids.empty()) fail_argument("Model::forget", "ids", "must name at least one id");
  std::vector<std::uint64_t> slots;
  std::set<std::int64_t> seen;
  for (std::int64_t row : ids) {
    if (!seen.insert(row).second) fail_argument("Model::forget", "ids", "holds id " + std::to_string(row) + " twice");
    SlotInfo slot{};
    if (!store_.find(row, slot))
      fail_argument("Model::forget", "ids", "names id " + std::to_string(row) + ", which the model never held");
    if (!slot.alive) {
      std::string by;
      for (const RequestRecord& r : meta.requests)
        if (std::find(r.ids.begin(), r.ids.end(), row) != r.ids.end()) by = " by request '" + r.request_id + "'";
      fail_argument("Model::forget", "ids", "names id " + std::to_string(row) + ", already forgotten" + by);
    }
    slots.push_back(slot.index);
  }
  if (slots.size() == meta.alive_rows)
    fail_argument("Model::forget", "ids", "would leave no row in training (retrain on new data instead)");

  // The family works on a copy: a failure below leaves the model as it was.
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ModelFamily> next = family_from(meta, meta.feature_names.size(), store_.name());
  const RowTable erased = store_.read_slots(slots);
  RequestRecord record;
  record.request_id = id;
  record.kind = "forget";
  record.time = now;
  record.ids = ids;
  record.certificate = next->forget(training_rows(erased));
  record.certificate.budget = meta.residual_budget;
  record.decision = "forgotten";
  const bool over =
      record.certificate.kind != "exact" && meta.residual_budget > 0 && record.certificate.sum > meta.residual_budget;
  // A certified family's guarantee ends at its budget: it retrains whatever was asked.
  const std::set<std::int64_t> gone(ids.begin(), ids.end());
  if (over && (auto_retrain || next->certified_budget() > 0)) {
    next = family_->retraining_copy();
    next->train(training_rows(rows_without(store_.read_alive_rows(), gone)));
    record.decision = "retrained";
  } else if (over) {
    record.decision = "retrain-recommended";
  }
  if (check_residual && next->certificate_kind() == "proof") {
    // ‖∇L(θ; D′)‖ streamed page by page (D′: the rows held but this request's), so the
    // check holds one page of rows at a time, never a copy of them all.
    Eigen::VectorXd terms;
    store_.for_each_alive_page(
        [&](const std::vector<std::int64_t>& page_ids, const RowsRef& x, const Eigen::VectorXd& y) {
          std::vector<Eigen::Index> kept;
          for (std::size_t r = 0; r < page_ids.size(); ++r)
            if (gone.count(page_ids[r]) == 0) kept.push_back(static_cast<Eigen::Index>(r));
          if (kept.empty()) return;
          // A page holding some of this request's rows: its other rows only.
          const Eigen::VectorXd share = kept.size() == page_ids.size()
                                            ? next->residual_terms(x, y)
                                            : next->residual_terms(RowMajorRows(x(kept, Eigen::all)), y(kept));
          if (terms.size() == 0)
            terms = share;
          else
            terms += share;
        });
    if (terms.size() == 0) {  // no row held (forget refuses that, but the sum of no shares is defined)
      terms = next->residual_terms(RowMajorRows(0, family_->feature_count()), Eigen::VectorXd(0));
    }
    record.certificate.actual = next->residual_from(terms);
    // A retrained model starts a new sum; the request's own sum no longer bounds it.
    if (record.decision != "retrained" && !within_bound(record.certificate.actual, record.certificate.sum))
      throw InternalError("Model::forget: the measured residual " + detail::to_text(record.certificate.actual) +
                          " exceeds the proven bound " + detail::to_text(record.certificate.sum) +
                          "; nothing was written");
  }
  record.seconds = seconds_since(start);
  ModelMeta updated = meta_with(*next);
  updated.requests.push_back(record);
  store_.commit(slots, std::move(updated));
  family_ = std::move(next);
  return {record, false, store_.meta().alive_rows};
}

RequestRecord Model::retrain(const std::string& request_id, std::int64_t now) {
  const ModelMeta& meta = store_.meta();
  const std::string id = request_id.empty() ? "retrain-" + std::to_string(meta.requests.size() + 1) : request_id;
  for (const RequestRecord& r : meta.requests)
    if (r.request_id == id) {
      if (r.kind != "retrain") fail_argument("Model::retrain", "request_id", "'" + id + "' was already used");
      return r;
    }
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ModelFamily> next = family_->retraining_copy();
  next->train(training_rows(store_.read_alive_rows()));
  RequestRecord record;
  record.request_id = id;
  record.kind = "retrain";
  record.time = now;
  record.certificate.kind = next->certificate_kind();
  record.certificate.budget = meta.residual_budget;
  record.decision = "retrained";
  record.seconds = seconds_since(start);
  ModelMeta updated = meta_with(*next);
  updated.requests.push_back(record);
  store_.commit({}, std::move(updated));
  family_ = std::move(next);
  return record;
}

ModelStatus Model::status(bool verify_rows) const {
  if (verify_rows) store_.verify_pages();
  const ModelMeta& meta = store_.meta();
  const ModelHeader& header = store_.header();
  ModelStatus s;
  s.format_version = header.format_version;
  s.family = meta.family;
  s.options = meta.options;
  s.feature_names = meta.feature_names;
  s.target_name = meta.target_name;
  s.rows = meta.alive_rows;
  s.forgotten = header.slot_count - meta.alive_rows;
  s.residual_budget = meta.residual_budget;
  s.certificate_sum = 0.0;
  for (const RequestRecord& r : meta.requests)
    s.certificate_sum = r.kind == "retrain" || r.decision == "retrained" ? 0.0 : r.certificate.sum;
  s.budget_left =
      meta.residual_budget > 0 ? meta.residual_budget - s.certificate_sum : std::numeric_limits<double>::infinity();
  s.requests = meta.requests;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(header.checksum));
  s.checksum = hex;
  s.generation = header.generation;
  s.file_bytes = header.file_bytes;
  s.created = meta.created;
  return s;
}

Eigen::MatrixXd Model::predict(const Eigen::MatrixXd& x) const {
  check_finite("Model::predict", "x", x);
  if (x.cols() != family_->feature_count())
    fail_argument(
        "Model::predict", "x",
        "has " + std::to_string(x.cols()) + " features, the model " + std::to_string(family_->feature_count()));
  return family_->predict(x);
}

FitScore Model::score() const { return family_->score(training_rows(store_.read_alive_rows())); }

VerifyReport Model::verify(const RowTable* audited, const RowTable* held_out, int shadows) const {
  const char* fn = "Model::verify";
  if (shadows != 0 && held_out == nullptr)
    fail_argument(fn, "shadows", "needs held-out rows: the likelihood-ratio audit scores the canaries against them");
  if (held_out != nullptr) {
    if (audited == nullptr)
      fail_argument(fn, "held_out", "needs audited rows: the forgotten canaries it is set against");
    check_at_least(fn, "held_out", static_cast<long>(held_out->x.rows()), 1);
    check_size(fn, "held_out", static_cast<long>(held_out->x.cols()), family_->feature_count());
  }
  if (audited != nullptr) {
    check_at_least(fn, "audited", static_cast<long>(audited->ids.size()), 1);
    check_size(fn, "audited", static_cast<long>(audited->x.cols()), family_->feature_count());
    for (std::int64_t id : audited->ids) {
      SlotInfo slot{};
      if (!store_.find(id, slot))
        fail_argument(fn, "audited", "names id " + std::to_string(id) + ", which the model never held");
      if (slot.alive)
        fail_argument(fn, "audited", "names id " + std::to_string(id) + ", still in training (audit forgotten rows)");
    }
  }
  const RowTable rows = store_.read_alive_rows();
  const TrainingRows held = training_rows(rows);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ModelFamily> retrained = family_->untrained_copy();
  retrained->train(held);
  VerifyReport report;
  report.retrain_seconds = seconds_since(start);
  report.rows = rows.ids.size();
  report.fit_forgotten = family_->score(held);
  report.fit_retrained = retrained->score(held);
  report.distance = family_->distance_to(*retrained);
  for (const RequestRecord& r : store_.meta().requests) {
    if (r.kind == "retrain" || r.decision == "retrained")
      report.distance_bound = -1.0;
    else if (r.certificate.kind == "proof")
      report.distance_bound = r.certificate.distance_bound;
  }
  // The proof bounds the distance to the exact minimiser; retraining reaches it to
  // its own tolerance, which the bound's rounding slack covers.
  if (report.distance_bound >= 0)
    report.bound_holds = within_bound(report.distance.parameter_distance, report.distance_bound);
  // The members: up to 2 000 rows held, evenly spaced, so that the audit costs the
  // same at any size and gives the same answer every run.
  if (audited != nullptr) {
    const TrainingRows members = training_rows(evenly_spaced(rows, 2000));
    if (held_out == nullptr)
      report.audit = audit_membership(*family_, *retrained, training_rows(*audited), members);
    else if (shadows == 0)
      report.audit = audit_membership(*family_, *retrained, training_rows(*audited), members, training_rows(*held_out));
    else
      report.audit = audit_membership(*family_, *retrained, training_rows(*audited), members, training_rows(*held_out),
                                      train_shadows(*family_, held, shadows));
  }
  return report;
}

}  // namespace lethe
