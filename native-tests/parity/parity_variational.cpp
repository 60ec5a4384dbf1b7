// A small but complete fixed-seed run: learn, retrain (tip scenario), EUBO and rKL
// at λ ∈ {1e-3, 0}, and the forgotten predictive on a 4×4 grid. The wasm test does
// the same through the JavaScript API and compares to 1e-9.
#include <lethe/experiments/moons_fields.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include "parity.hpp"

namespace lethe::parity {

namespace {
Eigen::MatrixXd parity_grid() {
  Eigen::MatrixXd grid(16, 2);
  for (int i = 0; i < 16; ++i) grid.row(i) << -1.5 + 1.2 * (i % 4), -1.0 + 0.9 * (i / 4);
  return grid;
}

// The run's scores; the target as [kl_forgotten, kl_remaining, param_kl, ess].
std::string run_json(const MoonsForgetting& problem, const ForgetRun& run, const Eigen::MatrixXd& grid) {
  JsonObject out;
  out.text("method", label_of(run.method));
  out.number("lambda", run.lambda);
  out.number("kl_forgotten", run.kl.forgotten);
  out.number("kl_remaining", run.kl.remaining);
  out.number("param_kl", run.param_kl);
  out.number("ess", run.ess);  // NaN, so null, for EUBO
  if (run.target)
    out.vector("target", std::vector<double>{run.target->kl.forgotten, run.target->kl.remaining, run.target->param_kl,
                                             run.target->ess});
  out.vector("grid_p1", problem.model().predict(run.q, grid).p1);
  return out.str();
}
}  // namespace

std::string variational_json() {
  const LabelledPoints data = make_moons(kMoonsDefaultSize, kMoonsNoise, 3);
  MoonsSettings settings;
  settings.options.seed = 3;
  settings.report_target = true;
  MoonsForgetting problem(data, settings);
  problem.set_forgotten(moons_scenario_ids(data, "tip", 3));
  const Eigen::MatrixXd grid = parity_grid();

  JsonObject out;
  out.raw("forgotten", json_array(problem.forgotten()));
  out.vector("full_mean", problem.full_posterior().mean());
  out.vector("retrained_mean", problem.retrained_posterior().mean());
  out.object("full", MoonsBaseline{problem.full_kl(), problem.full_param_kl()});
  std::string runs;
  for (double lambda : {1e-3, 0.0})
    for (ForgetMethod method : {ForgetMethod::eubo, ForgetMethod::reverse_kl})
      runs += (runs.empty() ? "" : ",") + run_json(problem, problem.forget(method, lambda), grid);
  out.raw("runs", "[" + runs + "]");
  out.raw("grid", json_flat_rows(grid));
  return out.str();
}

}  // namespace lethe::parity
