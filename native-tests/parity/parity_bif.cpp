// A small but complete run of every inference, and a short rate measurement: the
// wasm test repeats exactly these calls and compares to 1e-9.
#include <lethe/experiments/forgetting_fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include "parity.hpp"

namespace lethe::parity {

namespace {
std::string report_json(const GmmReport& r) {
  JsonObject out;
  out.rows("origin", r.original);
  out.rows("processed", r.processed);
  out.rows("target", r.target);
  out.number("kl_processed_target", r.kl_processed_target);
  out.number("kl_original_target", r.kl_original_target);
  out.vector("spread", r.spread);
  out.vector("residuals", r.residuals);
  return out.str();
}

std::string rate_json() {
  RateOptions options;
  options.removals = 2;
  const RateResult rate = measure_forgetting_rate({40, 80, 160}, options);
  JsonObject out;
  out.vector("map_error", rate_column(rate, &RatePoint::map_error));
  out.vector("vi_error", rate_column(rate, &RatePoint::vi_error));
  return out.str();
}
}  // namespace

std::string bif_json() {
  // The first 400 rows of the preset mixture (seed 3), 12 rows per cluster forgotten.
  const LabelledPoints full = make_mixture(bif_mixture_preset(), 3);
  const LabelledPoints data{full.x.topRows(400), full.labels.head(400)};
  const std::vector<int> forget = bif_scenario_ids(data, 12);
  JsonObject out;
  out.raw("forget", json_array(forget));
  for (const Named<GmmInference>& inference : EnumNames<GmmInference>::entries) {
    GmmForgettingOptions options;
    options.inference = inference.value;
    options.iterations = 300;
    options.window = 50;
    options.seed = 5;
    out.raw(inference.name, report_json(run_gmm_protocol(data, forget, 4, options).report));
  }
  out.raw("rate", rate_json());
  return out.str();
}

}  // namespace lethe::parity
