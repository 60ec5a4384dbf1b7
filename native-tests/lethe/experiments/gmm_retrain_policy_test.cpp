// The retrain policy of the mixture experiment: with a small budget a retrain is
// swapped in, the swapped model's residual sum starts again, BIF alone is kept; the
// same seed gives the same results for any chunking; bad calls throw typed errors.
#include <catch2/catch.hpp>

#include <numeric>

#include <lethe/base/errors.hpp>
#include <lethe/experiments/gmm_retrain_policy.hpp>

using namespace lethe;

namespace {

struct PolicyCase {
  LabelledPoints data;
  std::vector<int> forget;
  GmmForgettingOptions options;
};

// The preset mixture at 800 points, 160 rows forgotten in 40 requests of 4.
PolicyCase small_case(double budget) {
  MixtureSpec spec = bif_mixture_preset();
  spec.n = 800;
  PolicyCase c{make_mixture(spec, 1), {}, GmmForgettingOptions{}};
  c.forget = bif_scenario_ids(c.data, 80);
  c.options.iterations = 400;
  c.options.residual_budget = budget;
  return c;
}

GmmPolicyResult run_in_chunks(const PolicyCase& c, int chunk, bool train_first) {
  GmmRetrainPolicy policy(c.data, c.options);
  if (train_first)
    while (!policy.trained()) policy.step(chunk);
  policy.start(c.forget, 4);
  double progress = 0.0;
  while (!policy.done()) {
    const GmmPolicyStep step = policy.step(chunk);
    CHECK(step.progress >= progress - 1e-12);
    progress = step.progress;
  }
  CHECK(policy.progress() == 1.0);
  return policy.result();
}

}  // namespace

TEST_CASE("GMM retrain policy: a small budget swaps in a retrain whose residual sum restarts", "[bif][gmm][policy]") {
  const PolicyCase c = small_case(0.003);
  const GmmPolicyResult r = run_in_chunks(c, 0, false);
  REQUIRE(r.requests.size() == 40);
  CHECK(r.batches == 40);
  CHECK(r.forgotten_count == 160);
  REQUIRE_FALSE(r.swaps.empty());
  REQUIRE_FALSE(r.recommended_after.empty());
  const GmmPolicySwap& first = r.swaps.front();
  CHECK(first.after_request == r.recommended_after.front());
  CHECK(first.health.healthy);
  if (!first.is_target) {
    // The retrain trained on every row but the requests forgotten so far.
    CHECK(first.rows == 800 - 4 * first.after_request);
    // The swapped model's sum starts again: the next request's accumulated residual is its own r.
    const GmmPolicyRequest& next = r.requests[static_cast<std::size_t>(first.after_request)];
    CHECK(next.accumulated == Approx(next.residual));
    const GmmPolicyRequest& before = r.requests[static_cast<std::size_t>(first.after_request - 1)];
    CHECK(before.accumulated > c.options.residual_budget);
    CHECK(next.accumulated < before.accumulated);
    // BIF alone kept summing the original's residuals across the swap.
    REQUIRE(next.alone_accumulated.has_value());
    CHECK(*next.alone_accumulated > *before.alone_accumulated);
  }
  // BIF alone is kept as the comparison, against the same target.
  if (!r.alone_stopped) {
    REQUIRE(r.alone.has_value());
    CHECK(r.alone->processed.rows() == 4);
    CHECK(r.alone->kl_processed_target > 0.0);
  }
  CHECK(r.processed.rows() == 4);
  CHECK(r.kl_processed_target >= 0.0);
  // Only the first request of each serving model passes its budget.
  std::size_t recommended = 0;
  for (const GmmPolicyRequest& q : r.requests) recommended += q.recommended ? 1 : 0;
  CHECK(recommended == r.recommended_after.size());
  CHECK(r.swaps.size() + r.skipped.size() == recommended);
}

TEST_CASE("GMM retrain policy: budget 0 never retrains and matches the protocol", "[bif][gmm][policy]") {
  const PolicyCase c = small_case(0.0);
  const GmmPolicyResult r = run_gmm_retrain_policy(c.data, c.forget, 4, c.options);
  CHECK(r.swaps.empty());
  CHECK(r.recommended_after.empty());
  CHECK_FALSE(r.alone.has_value());
  const GmmProtocolResult p = run_gmm_protocol(c.data, c.forget, 4, c.options);
  CHECK((r.processed - p.report.processed).norm() == 0.0);
  CHECK((r.target - p.report.target).norm() == 0.0);
  CHECK(r.kl_processed_target == p.report.kl_processed_target);
  const double sum = std::accumulate(p.report.residuals.begin(), p.report.residuals.end(), 0.0);
  CHECK(r.requests.back().accumulated == Approx(sum));
}

TEST_CASE("GMM retrain policy: the same seed gives the same results for any chunking", "[bif][gmm][policy]") {
  const PolicyCase c = small_case(0.003);
  const GmmPolicyResult a = run_in_chunks(c, 0, false);
  const GmmPolicyResult b = run_in_chunks(c, 37, true);
  CHECK((a.processed - b.processed).norm() == 0.0);
  CHECK((a.target - b.target).norm() == 0.0);
  CHECK(a.kl_processed_target == b.kl_processed_target);
  REQUIRE(a.swaps.size() == b.swaps.size());
  for (std::size_t i = 0; i < a.swaps.size(); ++i) CHECK(a.swaps[i].after_request == b.swaps[i].after_request);
  REQUIRE(a.requests.size() == b.requests.size());
  for (std::size_t i = 0; i < a.requests.size(); ++i) CHECK(a.requests[i].residual == b.requests[i].residual);
}

TEST_CASE("GMM retrain policy: calls out of order and bad requests throw, naming the parameter",
          "[bif][gmm][policy][errors]") {
  const PolicyCase c = small_case(0.003);
  GmmRetrainPolicy policy(c.data, c.options);
  CHECK_THROWS_AS(policy.result(), StateError);
  CHECK_THROWS_WITH(policy.start({}, 4), Catch::Contains("parameter 'forget'"));
  CHECK_THROWS_WITH(policy.start(c.forget, 0), Catch::Contains("parameter 'request_size'"));
  CHECK_THROWS_WITH(policy.start({0, 0}, 4), Catch::Contains("GmmRetrainPolicy::start"));
  CHECK_THROWS_AS(policy.start({100000}, 4), InvalidArgument);
  CHECK_THROWS_WITH(policy.step(-1), Catch::Contains("parameter 'k'"));
  CHECK_FALSE(policy.started());
  while (!policy.trained()) policy.step();
  CHECK_THROWS_AS(policy.step(), StateError);  // trained, nothing started
  policy.start(c.forget, 4);
  CHECK_THROWS_AS(policy.start(c.forget, 4), StateError);
  while (!policy.done()) policy.step();
  CHECK_THROWS_AS(policy.step(), StateError);
  CHECK(policy.result().requests.size() == 40);
}

TEST_CASE("GMM scenario presets at any size: published at the default, scaled and requests elsewhere", "[bif][gmm]") {
  const std::vector<BifScenarioPreset> published = bif_scenario_presets(bif_mixture_preset().n);
  REQUIRE(published.size() == bif_scenario_table().size());
  CHECK(published[0].name == "seed400");
  CHECK(published[0].per_cluster == 200);
  CHECK(published[0].first);
  const std::vector<BifScenarioPreset> big = bif_scenario_presets(10000);
  REQUIRE(big.size() == 4);
  CHECK(big[0].per_cluster == 1000);
  CHECK(big[2].name == "request20");
  CHECK(big[2].first);
  CHECK_THROWS_AS(bif_scenario_presets(0), InvalidArgument);
}
