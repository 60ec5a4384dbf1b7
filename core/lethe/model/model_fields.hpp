// The fields of the model lifecycle's results (see base/fields.hpp for the sink
// contract): what `lethe train|forget|status|verify|retrain --json` print and what
// the JavaScript LetheModel's methods return. Beside the contract's kinds, these
// use three more a sink provides: integer64(name, std::int64_t) (a count, id or
// time that may not fit a 32-bit long, as in wasm32), ids(name,
// std::vector<std::int64_t>) and texts(name, std::vector<std::string>).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <lethe/base/fields.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/membership_audit.hpp>
#include <lethe/model/model.hpp>

namespace lethe {

// A family's option values, as an object keyed by the options' names.
struct NamedOptions {
  const OptionValues& values;
};

template <class Sink>
void describe(const NamedOptions& options, Sink& sink) {
  for (const auto& [name, value] : options.values) sink.number(FieldName(name.c_str()), value);
}

template <class Sink>
void describe(const Certificate& c, Sink& sink) {
  sink.text("kind", c.kind);
  sink.number("value", c.value);
  // A proof's `value` is the gradient-residual bound of Guo et al. (2020), printed
  // under their name too; `actual` is the residual it bounds, measured.
  const bool proof = c.kind == "proof";
  sink.number("bound", present_if(proof, c.value));
  sink.number("actual", present_if(c.actual >= 0, c.actual));
  sink.number("sum", c.sum);
  sink.number("budget", c.budget);
  sink.number("distance_bound", present_if(c.distance_bound >= 0, c.distance_bound));
  sink.number("epsilon", present_if(c.epsilon > 0, c.epsilon));
  sink.number("delta", present_if(c.epsilon > 0, c.delta));
}

template <class Sink>
void describe(const RequestRecord& r, Sink& sink) {
  sink.text("request_id", r.request_id);
  sink.text("kind", r.kind);
  sink.integer64("time", r.time);
  sink.ids("ids", r.ids);
  sink.object("certificate", r.certificate);
  sink.text("decision", r.decision);
  sink.number("seconds", r.seconds);
}

template <class Sink>
void describe(const ForgetOutcome& out, Sink& sink) {
  sink.text("request_id", out.record.request_id);
  sink.ids("ids", out.record.ids);
  sink.object("certificate", out.record.certificate);
  sink.text("decision", out.record.decision);
  sink.flag("already_applied", out.already_applied);
  sink.integer64("rows_left", static_cast<std::int64_t>(out.rows_left));
  sink.number("seconds", out.record.seconds);
}

template <class Sink>
void describe(const ModelStatus& s, Sink& sink) {
  sink.integer("format_version", static_cast<long>(s.format_version));
  sink.text("family", s.family);
  sink.object("options", NamedOptions{s.options});
  sink.texts("features", s.feature_names);
  sink.text("target", s.target_name);
  sink.integer64("rows", static_cast<std::int64_t>(s.rows));
  sink.integer64("forgotten", static_cast<std::int64_t>(s.forgotten));
  sink.number("residual_budget", s.residual_budget);
  sink.number("certificate_sum", s.certificate_sum);
  sink.number("budget_left", s.budget_left);  // infinite without a budget: null in JSON
  sink.list("requests", s.requests);
  sink.text("checksum", s.checksum);
  sink.integer64("generation", static_cast<std::int64_t>(s.generation));
  sink.integer64("file_bytes", static_cast<std::int64_t>(s.file_bytes));
  sink.integer64("created", s.created);
}

template <class Sink>
void describe(const FitScore& s, Sink& sink) {
  sink.text("measure", s.measure);
  sink.number("value", s.value);  // NaN (null in JSON) for no rows
  sink.integer64("rows", static_cast<std::int64_t>(s.rows));
}

template <class Sink>
void describe(const MembershipAudit& a, Sink& sink) {
  sink.text("attack", "loss");
  sink.integer64("audited", static_cast<std::int64_t>(a.audited));
  sink.integer64("members", static_cast<std::int64_t>(a.members));
  sink.number("auc_forgotten", a.auc_forgotten);
  sink.number("auc_retrained", a.auc_retrained);
  sink.number("gap", a.gap);
  sink.number("tolerance", a.tolerance);
  sink.flag("passes", a.passes);
  // The canary audit (--held-out): confidence-threshold AUC, forgotten canaries against
  // held-out rows; held_out 0 and the AUCs null without held-out rows.
  sink.integer64("held_out", static_cast<std::int64_t>(a.held_out));
  sink.number("canary_auc_forgotten", a.canary_auc_forgotten);
  sink.number("canary_auc_retrained", a.canary_auc_retrained);
  sink.number("canary_gap", a.canary_gap);
  // The likelihood-ratio canary audit (--shadows K): offline LiRA AUC on the same rows;
  // shadows 0 and the AUCs null without shadows.
  sink.integer64("shadows", static_cast<std::int64_t>(a.shadows));
  sink.number("canary_lira_auc_forgotten", a.canary_lira_auc_forgotten);
  sink.number("canary_lira_auc_retrained", a.canary_lira_auc_retrained);
  sink.number("canary_lira_gap", a.canary_lira_gap);
}

template <class Sink>
void describe(const VerifyReport& v, Sink& sink) {
  sink.integer64("rows", static_cast<std::int64_t>(v.rows));
  sink.text("measure", v.distance.measure);
  sink.number("distance", v.distance.value);
  sink.number("parameter_distance", v.distance.parameter_distance);
  sink.number("distance_bound", present_if(v.distance_bound >= 0, v.distance_bound));
  sink.flag("bound_holds", v.bound_holds);
  // The fit of the rows held, forgotten beside retrained ("accuracy" or "rmse").
  sink.text("score_measure", v.fit_forgotten.measure);
  sink.number("score_forgotten", v.fit_forgotten.value);
  sink.number("score_retrained", v.fit_retrained.value);
  sink.object("audit", v.audit);
  sink.number("retrain_seconds", v.retrain_seconds);
}

}  // namespace lethe
