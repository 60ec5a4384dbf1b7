#include <cmath>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/model.hpp>
#include "support.hpp"

using namespace lethe;

TEST_CASE("make_family takes the described options and refuses the rest by name", "[model][family]") {
  for (const std::string& name : family_names()) {
    const auto family = make_family(name, 3, {});
    CHECK(family->name() == name);
    // Defaults come from the one description.
    const OptionValues values = family->options();
    const auto& described = family_options(name);
    REQUIRE(values.size() == described.size());
    for (std::size_t i = 0; i < described.size(); ++i) {
      CHECK(values[i].first == described[i].name);
      CHECK(values[i].second == kept_number(described[i], described[i].default_value));
      // Every family option is a number the file can keep, or a choice it keeps by index.
      const OptionType t = described[i].type;
      CHECK((t == OptionType::number || t == OptionType::integer || t == OptionType::choice));
      CHECK(values[i].second >= (t == OptionType::choice ? 0.0 : -1e300));
    }
  }
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"prior_varience", 1.0}}),
                    Catch::Contains("'prior_varience'") && Catch::Contains("prior_variance"));
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"prior_variance", -1.0}}), Catch::Contains("'prior_variance'"));
  CHECK_THROWS_WITH(make_family("logistic", 3, {{"max_iterations", 2.5}}), Catch::Contains("integer"));
  CHECK_THROWS_WITH(make_family("tree", 3, {}), Catch::Contains("'family'"));
  CHECK_THROWS_AS(make_family("linear", 0, {}), InvalidArgument);
}

TEST_CASE("score is the accuracy or RMSE of the family's own predictions, and fails on flipped labels",
          "[model][family]") {
  for (const std::string& name : family_names()) {
    auto family = make_family(name, 2, {});
    const bool classification = family->target_kind() == "classification";
    const RowTable table = test::make_rows(300, 2, classification, 41);
    const TrainingRows rows = training_rows(table);
    family->train(rows);
    const FitScore s = family->score(rows);
    INFO(name);
    CHECK(s.rows == 300);
    const Eigen::MatrixXd p = family->predict(rows.x);
    const std::vector<std::string> columns = family->prediction_columns();
    if (!classification) {
      CHECK(s.measure == "rmse");
      REQUIRE(columns.front() == "mean");
      double sum = 0.0;
      for (Eigen::Index i = 0; i < p.rows(); ++i) sum += (p(i, 0) - rows.y[i]) * (p(i, 0) - rows.y[i]);
      CHECK(s.value == Approx(std::sqrt(sum / 300.0)).epsilon(1e-12));
      CHECK(s.value > 0.3);  // the noise's standard deviation is 0.5
      CHECK(s.value < 0.8);
      continue;
    }
    CHECK(s.measure == "accuracy");
    int right = 0;
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      // Binary families: p(y = 1) first; the others: one probability per class.
      const int predicted = columns.front() == "probability" ? (p(i, 0) > 0.5 ? 1 : 0) : (p(i, 1) > p(i, 0) ? 1 : 0);
      right += predicted == static_cast<int>(rows.y[i]) ? 1 : 0;
    }
    CHECK(s.value == Approx(right / 300.0).epsilon(1e-15));
    CHECK(s.value > 0.6);  // y ~ Bernoulli(σ(wᵀx)): a fitted model beats chance
    TrainingRows flipped = rows;
    flipped.y = (1.0 - rows.y.array()).matrix();
    CHECK(family->score(flipped).value == Approx(1.0 - s.value).epsilon(1e-15));
    TrainingRows bad = rows;
    bad.y[3] = 0.5;
    CHECK_THROWS_WITH(family->score(bad), Catch::Contains("ModelFamily::score") && Catch::Contains("'y'"));
  }
  auto linear = make_family("linear", 2, {});
  linear->train(training_rows(test::make_rows(20, 2, false, 3)));
  const FitScore none = linear->score(TrainingRows{Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)});
  CHECK(none.rows == 0);
  CHECK(std::isnan(none.value));
}
