// The fields of the Bayesian-inference-forgetting results (see fields.hpp for the
// sink contract): what `lethe gmm-forget --json` and `lethe bif-rate --json` print,
// and what GmmForgetting.report(), gmmForget() and bifRate() return in JavaScript.
#pragma once

#include <optional>
#include <vector>

#include <lethe/experiments/fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>

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
  sink.integer("erased_count", report.erased_count);
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
