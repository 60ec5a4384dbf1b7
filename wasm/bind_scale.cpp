// Bindings for the scale sweep (`lethe scale`): one family's measurement at one
// size, run by the same core code as the native tool, so that a wasm/native ratio
// (bench/scale.mjs) compares the same work. Thin: convert, call the core, convert back.
#include <emscripten/bind.h>

#include <string>

#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/scale_fields.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

ScaleOptions scale_options(const val& o, const char* fn) {
  ScaleOptions opt;
  read_options(scale_option_set(), o, opt, fn);
  return opt;
}

val run_scale_js(const std::string& family, int n, const val& options) {
  return guarded([&] {
    const char* fn = "runScale";
    const ScaleFamily parsed = parse_name<ScaleFamily>(family, fn, "family");
    val runs = val::array();
    for (const ScaleRun& run : run_scale(parsed, n, scale_options(options, fn)))
      runs.call<void>("push", to_js_object(run));
    return runs;
  });
}

// Every option set's descriptions, by set name: { gmm: [{ name, type, default, … }], … }.
val option_specs_js() {
  return guarded([&] {
    val out = val::object();
    for (const auto& [name, infos] : option_set_infos()) {
      val list = val::array();
      for (const OptionInfo& info : infos) list.call<void>("push", option_spec_to_js(info));
      out.set(name, list);
    }
    return out;
  });
}

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_scale) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("runScale", &run_scale_js);
  function("optionSpecs", &option_specs_js);
}
