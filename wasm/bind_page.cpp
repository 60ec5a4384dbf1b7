// The demo page's first settings (core/lethe/experiments/page_settings.hpp) as one
// plain object: lethe.pageSettings() in JavaScript, read by the page's worker.
#include <string>

#include <emscripten/bind.h>

#include <lethe/experiments/page_settings.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

// { moonsLambda, exactDataSeed, certifiedRows, mixtureResidualBudget, bnnMethod,
//   bnnScenarios: [{ name, label }], bnnAuditCanaries }
val page_settings_js() {
  return guarded([&] {
    const PageSettings& page = page_settings();
    val scenarios = val::array();
    for (const BnnScenarioPreset& s : page.bnn_scenarios) {
      val item = val::object();
      item.set("name", s.name);
      item.set("label", s.label);
      scenarios.call<void>("push", item);
    }
    val out = val::object();
    out.set("moonsLambda", page.moons_lambda);
    out.set("exactDataSeed", static_cast<double>(page.exact_data_seed));
    out.set("certifiedRows", page.certified_rows);
    out.set("mixtureResidualBudget", page.mixture_residual_budget);
    out.set("bnnMethod", std::string(name_of(page.bnn_method)));
    out.set("bnnScenarios", scenarios);
    out.set("bnnAuditCanaries", page.bnn_audit_canaries);
    return out;
  });
}

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_page) { emscripten::function("pageSettings", &lethe::wasm::page_settings_js); }
