// The fields of the Bayesian-inference-forgetting results (see fields.hpp for the
// sink contract): what `lethe gmm-forget --json` and `lethe bif-rate --json` print,
// and what GmmForgetting.report(), gmmForget() and bifRate() return in JavaScript.
#pragma once

#include <optional>
#include <vector>

#include <lethe/base/fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/gmm_retrain_policy.hpp>

namespace lethe {

template <class Sink>
void describe(const FitHealth& health, Sink& sink) {
  sink.flag("healthy", health.healthy);
  sink.text("problem", health.problem);
  sink.integer("restarts", health.restarts);
}

template <class Sink>
void describe(const GmmReport& report, Sink& sink) {
  sink.rows({"original", "origin"}, report.original);
  sink.rows("processed", report.processed);
  sink.rows("target", report.target);
  sink.integer("forgotten_count", report.forgotten_count);
  sink.number("kl_processed_target", report.kl_processed_target);
  sink.number("kl_original_target", report.kl_original_target);
  sink.vector({"processed_to_target", "distance_processed_target"}, report.processed_to_target);
  sink.vector({"original_to_target", "distance_original_target"}, report.original_to_target);
  sink.vector("spread", report.spread);
  sink.vector("residuals", report.residuals);
  sink.number("accumulated_residual", report.accumulated_residual);
  // The first request after which the accumulated residual passed the budget; null
  // (JSON and JavaScript alike) when it never did or there is no budget.
  sink.nullable("retrain_recommended_after", report.retrain_recommended_after > 0
                                                 ? std::optional<long>(report.retrain_recommended_after)
                                                 : std::nullopt);
  sink.object("original_health", report.original_health);
  sink.object("target_health", report.target_health);
}

template <class Sink>
void describe(const GmmProtocolResult& result, Sink& sink) {
  describe(result.report, sink);
  sink.number("seconds_train", result.seconds_train);
  sink.number("seconds_forget", result.seconds_forget);
  sink.number("seconds_retrain", result.seconds_retrain);
  sink.vector("seconds_per_batch", result.seconds_per_batch);
}

// The retrain policy (gmm_retrain_policy.hpp): what `lethe gmm-forget --auto-retrain
// --json` prints and what GmmRetrainPolicy's step() and result() return in JavaScript.
inline std::vector<double> as_numbers(const std::vector<int>& values) { return {values.begin(), values.end()}; }

template <class Sink>
void describe(const GmmPolicyRequest& request, Sink& sink) {
  sink.integer("request", request.request);
  sink.number("residual", request.residual);
  sink.number("accumulated", request.accumulated);
  sink.number("alone_accumulated", request.alone_accumulated);
  sink.flag("recommended", request.recommended);
}

template <class Sink>
void describe(const GmmPolicySwap& swap, Sink& sink) {
  sink.integer("after_request", swap.after_request);
  sink.integer("rows", swap.rows);
  sink.number("seconds", swap.seconds);
  sink.object("health", swap.health);
  sink.flag("is_target", swap.is_target);
}

template <class Sink>
void describe(const GmmPolicySkip& skip, Sink& sink) {
  sink.integer("after_request", skip.after_request);
  sink.text("reason", skip.reason);
}

template <class Sink>
void describe(const GmmAloneStop& stop, Sink& sink) {
  sink.integer("at_request", stop.at_request);
  sink.text("reason", stop.reason);
}

template <class Sink>
void describe(const GmmAloneResult& alone, Sink& sink) {
  sink.rows("processed", alone.processed);
  sink.vector("processed_to_target", alone.processed_to_target);
  sink.number("kl_processed_target", alone.kl_processed_target);
}

template <class Sink>
void describe(const GmmServedHealth& health, Sink& sink) {
  sink.object("original", health.original);
  sink.object("target", health.target);
}

template <class Sink>
void describe(const GmmPolicyResult& r, Sink& sink) {
  sink.rows({"original", "origin"}, r.original);
  sink.rows("processed", r.processed);
  sink.rows("target", r.target);
  sink.vector("processed_to_target", r.processed_to_target);
  sink.vector("original_to_target", r.original_to_target);
  sink.vector("spread", r.spread);
  sink.number("kl_processed_target", r.kl_processed_target);
  sink.number("kl_original_target", r.kl_original_target);
  sink.flag("kl_against_own_run", r.kl_against_own_run);
  sink.integer("forgotten_count", r.forgotten_count);
  sink.integer("batches", r.batches);
  sink.number("seconds_forget", r.seconds_forget);
  sink.number("seconds_retrain", r.seconds_retrain);
  sink.vector("component_for_label", as_numbers(r.component_for_label));
  sink.number("residual_budget", r.residual_budget);
  sink.list("requests", r.requests);
  sink.list("swaps", r.swaps);
  sink.list("skipped", r.skipped);
  sink.vector("recommended_after", as_numbers(r.recommended_after));
  sink.object("alone", r.alone);
  sink.object("alone_stopped", r.alone_stopped);
  sink.object("original_health", r.original_health);
  sink.object("target_health", r.target_health);
  sink.object("served_health", r.served_health);
}

template <class Sink>
void describe(const GmmPolicyStep& step, Sink& sink) {
  sink.text("phase", name_of(step.phase));
  sink.number("progress", step.progress);
  sink.integer("iteration", step.iteration);
  sink.integer("total", step.total);
  sink.integer("requests_done", step.requests_done);
  sink.integer("batches", step.batches);
  sink.integer("rows", step.rows);
  sink.integer("target_iteration", step.target_iteration);
  sink.rows("means", step.means);
  sink.object("request", step.request);
  sink.object("swap", step.swap);
  sink.object("skipped", step.skipped);
}

// One column of the measurement, a value per training-set size:
// rate_column(result, &RatePoint::map_error).
template <class Member>
std::vector<double> rate_column(const RateResult& result, Member RatePoint::*member) {
  std::vector<double> column;
  for (const RatePoint& point : result.points) column.push_back(static_cast<double>(point.*member));
  return column;
}

// Column by column, so that each series can be plotted against n as it comes.
template <class Sink>
void describe(const RateResult& result, Sink& sink) {
  sink.vector("n", rate_column(result, &RatePoint::n));
  sink.vector("map_error", rate_column(result, &RatePoint::map_error));
  sink.vector("vi_error", rate_column(result, &RatePoint::vi_error));
  sink.vector("map_shift", rate_column(result, &RatePoint::map_shift));
  sink.vector("vi_shift", rate_column(result, &RatePoint::vi_shift));
  sink.number("map_slope", result.map_slope);
  sink.number("vi_slope", result.vi_slope);
}

}  // namespace lethe
