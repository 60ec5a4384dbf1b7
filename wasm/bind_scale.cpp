// Bindings for the scale sweep (`lethe scale`): one family's measurement at one
// size, run by the same core code as the native tool, so that a wasm/native ratio
// (bench/scale.mjs) compares the same work. Thin: convert, call the core, convert back.
#include <emscripten/bind.h>

#include <string>

#include <lethe/experiments/scale_fields.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

ScaleOptions scale_options(const val& o, const char* fn) {
  check_options_object(o, fn);
  ScaleOptions opt;
  opt.request = option_int(o, "request", opt.request, fn);
  opt.repeats = option_int(o, "repeats", opt.repeats, fn);
  opt.seed = to_seed(option_number(o, "seed", 0), fn);
  opt.lambda = option_number(o, "lambda", opt.lambda);
  opt.hessian_sample_rows = option_int(o, "hessianRows", opt.hessian_sample_rows, fn);
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

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_scale) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("runScale", &run_scale_js);
}
