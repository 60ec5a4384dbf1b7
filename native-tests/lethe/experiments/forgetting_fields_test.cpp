// The BIF result fields (experiments/forgetting_fields.hpp): every field carries its
// own member (matrices row by row, the two renamed JSON keys), the nullable retrain
// recommendation, the nested fit health, the rate result's columns; naming rules.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lethe/experiments/forgetting_fields.hpp>

#include "field_recorder.hpp"

namespace forgetting_fields_test {
lethe::GmmReport make_report(int recommended_after) {
  lethe::GmmReport report;
  report.original = Eigen::MatrixXd(2, 2);
  report.original << 1, 2, 3, 4;
  report.processed = (report.original.array() + 10.0).matrix();
  report.target = (report.original.array() + 20.0).matrix();
  report.processed_to_target = Eigen::Vector2d(0.1, 0.2);
  report.original_to_target = Eigen::Vector2d(0.3, 0.4);
  report.spread = Eigen::Vector2d(0.5, 0.6);
  report.kl_processed_target = 7.0;
  report.kl_original_target = 8.0;
  report.forgotten_count = 9;
  report.residuals = {0.01, 0.02};
  report.accumulated_residual = 0.03;
  report.retrain_recommended_after = recommended_after;
  report.original_health.restarts = 2;
  report.target_health.healthy = false;
  report.target_health.problem = "collapsed";
  return report;
}
}  // namespace forgetting_fields_test

TEST_CASE("forgetting fields: a GMM report, its matrices, renamed keys and health",
          "[experiments][forgetting_fields]") {
  const lethe::GmmReport report = forgetting_fields_test::make_report(0);
  lethe::testing::FieldRecorder r;
  lethe::describe(report, r);
  lethe::testing::check_field_names(r);
  const auto& original = r.at("original");
  CHECK(original.json == "origin");
  CHECK(original.kind == "rows");
  CHECK(original.rows == 2);
  CHECK(original.values == std::vector<double>{1, 2, 3, 4});  // row by row
  CHECK(r.at("processed").values == std::vector<double>{11, 12, 13, 14});
  CHECK(r.at("target").values == std::vector<double>{21, 22, 23, 24});
  CHECK(r.number_at("forgotten_count") == 9);
  CHECK(r.number_at("kl_processed_target") == 7.0);
  CHECK(r.number_at("kl_original_target") == 8.0);
  CHECK(r.at("processed_to_target").json == "distance_processed_target");
  CHECK(r.at("processed_to_target").values == std::vector<double>{0.1, 0.2});
  CHECK(r.at("original_to_target").json == "distance_original_target");
  CHECK(r.at("original_to_target").values == std::vector<double>{0.3, 0.4});
  CHECK(r.at("spread").values == std::vector<double>{0.5, 0.6});
  CHECK(r.at("residuals").values == report.residuals);
  CHECK(r.number_at("accumulated_residual") == 0.03);
  // 0 (never, or no budget) is null; a request number is itself.
  CHECK(r.at("retrain_recommended_after").kind == "nullable");
  CHECK_FALSE(r.at("retrain_recommended_after").number.has_value());
  lethe::testing::FieldRecorder later;
  lethe::describe(forgetting_fields_test::make_report(3), later);
  CHECK(later.number_at("retrain_recommended_after") == 3);
  REQUIRE(r.at("original_health").nested != nullptr);
  CHECK(r.at("original_health").nested->number_at("healthy") == 1.0);
  CHECK(r.at("original_health").nested->number_at("restarts") == 2);
  CHECK(r.at("target_health").nested->number_at("healthy") == 0.0);
  CHECK(r.at("target_health").nested->at("problem").text == "collapsed");
}

TEST_CASE("forgetting fields: a protocol result adds its timings to the report's fields",
          "[experiments][forgetting_fields]") {
  lethe::GmmProtocolResult result;
  result.report = forgetting_fields_test::make_report(0);
  result.seconds_train = 1.0;
  result.seconds_forget = 2.0;
  result.seconds_retrain = 3.0;
  result.seconds_per_batch = {0.5, 1.5};
  lethe::testing::FieldRecorder r, report_only;
  lethe::describe(result, r);
  lethe::describe(result.report, report_only);
  lethe::testing::check_field_names(r);
  CHECK(r.fields.size() == report_only.fields.size() + 4);
  for (const std::string& name : report_only.names()) CHECK_NOTHROW(r.at(name));
  CHECK(r.number_at("seconds_train") == 1.0);
  CHECK(r.number_at("seconds_forget") == 2.0);
  CHECK(r.number_at("seconds_retrain") == 3.0);
  CHECK(r.at("seconds_per_batch").values == result.seconds_per_batch);
}

TEST_CASE("forgetting fields: the rate result column by column", "[experiments][forgetting_fields]") {
  lethe::RateResult result;
  for (int k = 1; k <= 3; ++k) {
    lethe::RatePoint p;
    p.n = 100 * k;
    p.map_error = 1.0 * k;
    p.vi_error = 2.0 * k;
    p.map_shift = 3.0 * k;
    p.vi_shift = 4.0 * k;
    result.points.push_back(p);
  }
  result.map_slope = -2.0;
  result.vi_slope = -1.9;
  CHECK(lethe::rate_column(result, &lethe::RatePoint::n) == std::vector<double>{100, 200, 300});
  lethe::testing::FieldRecorder r;
  lethe::describe(result, r);
  lethe::testing::check_field_names(r);
  CHECK(r.at("n").values == std::vector<double>{100, 200, 300});
  CHECK(r.at("map_error").values == std::vector<double>{1, 2, 3});
  CHECK(r.at("vi_error").values == std::vector<double>{2, 4, 6});
  CHECK(r.at("map_shift").values == std::vector<double>{3, 6, 9});
  CHECK(r.at("vi_shift").values == std::vector<double>{4, 8, 12});
  CHECK(r.number_at("map_slope") == -2.0);
  CHECK(r.number_at("vi_slope") == -1.9);
}
