// Bindings for variational unlearning on two moons: a stateful problem holding
// q(θ|D) (learned once), the forgotten set with its retrained q(θ|D_r), and the last
// forgotten q̃, plus the scenario presets. Thin: convert, call the core, convert.
#include <emscripten/bind.h>

#include <memory>
#include <optional>

#include <lethe/base/datasets.hpp>
#include <lethe/experiments/moons_fields.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "boundary.hpp"

namespace lethe::wasm {
namespace {

// Data from {x, labels} (row-major n×2 and n labels) or make_moons(n, noise, seed).
LabelledPoints data_from(const val& o, std::uint64_t seed, const char* fn) {
  if (has_option(o, "x") || has_option(o, "labels")) {
    if (!has_option(o, "x") || !has_option(o, "labels")) fail_argument(fn, "x", "and 'labels' must be given together");
    return to_labelled(o["x"], o["labels"], fn);
  }
  // n and noise as makeMoons reads them; the seed is the problem's.
  MoonsDataOptions d;
  read_options(moons_data_option_set(), o, d, fn);
  return make_moons(d.n, d.noise, seed);
}

// The kernel, VariationalOptions and the seed (the moons set's, default included).
MoonsSettings settings_from(const val& o, const char* fn) {
  MoonsSettings s;
  read_options(moons_option_set(), o, s, fn);
  if (has_option(o, "inducing")) s.inducing = to_matrix(o["inducing"], 2, fn, "inducing");
  if (has_option(o, "reportTarget")) s.report_target = o["reportTarget"].as<bool>();
  return s;
}

[[noreturn]] void fail_nothing_forgotten(const char* fn) {
  throw StateError(std::string(fn) + ": nothing forgotten yet (call forget first)");
}

// The moons problem: JavaScript owns it and must call delete().
class MoonsProblem {
 public:
  explicit MoonsProblem(const val& options)
      : problem_(guarded([&] {
          const char* fn = "moonsProblem";
          const MoonsSettings settings = settings_from(options, fn);
          return std::make_unique<MoonsForgetting>(data_from(options, settings.options.seed, fn), settings);
        })) {}

  val data() const {
    return guarded([&] { return labelled_to_js(problem_->data()); });
  }
  val inducing() const {
    return guarded([&] { return to_js_rows(problem_->model().inducing()); });
  }
  val scenario_ids(const std::string& name) const {
    return guarded(
        [&] { return to_js(moons_scenario_ids(problem_->data(), name, problem_->settings().options.seed)); });
  }
  double set_forgotten(const val& ids) {
    return guarded([&] {
      problem_->set_forgotten(to_ints(ids, "MoonsProblem.setForgotten", "forget"));
      forgotten_.reset();
      return problem_->retrain_seconds();
    });
  }
  val forgotten() const {
    return guarded([&] { return to_js(problem_->forgotten()); });
  }
  double learn_seconds() const { return problem_->learn_seconds(); }
  val full_posterior() const {
    return guarded([&] { return gaussian_to_js(problem_->full_posterior()); });
  }
  val retrained_posterior() const {
    return guarded([&] { return gaussian_to_js(problem_->retrained_posterior()); });
  }
  val baseline() const {
    return guarded([&] { return to_js_object(MoonsBaseline{problem_->full_kl(), problem_->full_param_kl()}); });
  }
  // `options` is read by moons_forget_option_set() (method, lambda and their defaults).
  val forget(const val& options) {
    return guarded([&] {
      const char* fn = "MoonsProblem.forget";
      MoonsForgetRequest request;
      read_options(moons_forget_option_set(), options, request, fn);
      const ForgetRun run = problem_->forget(request.method, request.lambda);
      forgotten_ = run.q;
      return to_js_object(run);
    });
  }
  val forgotten_posterior() const {
    return guarded([&] {
      if (!forgotten_) fail_nothing_forgotten("MoonsProblem.forgottenPosterior");
      return gaussian_to_js(*forgotten_);
    });
  }
  // p(y=1|x) at the rows of a row-major n×2 grid under q(θ|D), q(θ|D_r) or q̃. The
  // projection of the last grid is cached: redrawing after a new λ costs only the
  // quadrature.
  val predict_grid(const val& grid, const std::string& which) {
    return guarded([&] {
      const char* fn = "MoonsProblem.predictGrid";
      const Eigen::MatrixXd xs = to_matrix(grid, 2, fn, "grid");
      if (xs.rows() != grid_.rows() || xs != grid_) {
        grid_ = xs;
        projected_ = problem_->model().projection(xs);
      }
      const Gaussian* q = nullptr;
      if (which == "full")
        q = &problem_->full_posterior();
      else if (which == "retrained")
        q = &problem_->retrained_posterior();
      else if (which == "forgotten") {
        if (!forgotten_) fail_nothing_forgotten(fn);
        q = &*forgotten_;
      } else {
        fail_argument(fn, "which", "must be 'full', 'retrained' or 'forgotten' (got '" + which + "')");
      }
      return to_js(problem_->model().predict_projected(*q, projected_).p1);
    });
  }

 private:
  std::unique_ptr<MoonsForgetting> problem_;
  std::optional<Gaussian> forgotten_;
  Eigen::MatrixXd grid_, projected_;
};

val moons_scenarios_js() {
  val out = val::array();
  for (const std::string& s : moons_scenarios()) out.call<void>("push", s);
  return out;
}

val moons_scenario_ids_js(const val& x, const val& labels, const std::string& scenario, double seed) {
  return guarded([&] {
    const char* fn = "moonsScenarioIds";
    val o = val::object();
    o.set("x", x);
    o.set("labels", labels);
    return to_js(moons_scenario_ids(data_from(o, 0, fn), scenario, to_seed(seed, fn)));
  });
}

val moons_defaults_js() {
  return guarded([&] {
    val out = val::object();
    out.set("inducing", to_js_rows(default_moons_inducing()));
    out.set("lengthscales", to_js(default_moons_lengthscales()));
    out.set("variance", kMoonsDefaultVariance);
    out.set("lambdas", to_js(default_moons_lambdas()));
    out.set("n", kMoonsDefaultSize);
    out.set("noise", kMoonsNoise);
    val scenarios = val::array();
    for (const MoonsScenario& s : moons_scenario_table()) {
      val entry = val::object();
      entry.set("name", std::string(s.name));
      entry.set("label", std::string(s.label));
      scenarios.call<void>("push", entry);
    }
    out.set("scenarios", scenarios);
    val methods = val::array();
    for (const Named<ForgetMethod>& m : EnumNames<ForgetMethod>::entries) {
      val entry = val::object();
      entry.set("name", std::string(m.name));
      entry.set("label", std::string(m.label));
      methods.call<void>("push", entry);
    }
    out.set("methods", methods);
    out.set("zeroLambdaDecades", kZeroLambdaDecades);
    return out;
  });
}

// { steps: [{ method, lambda }], reportTarget }: moons_sweep_plan(lambdas), the order and
// settings of a sweep run one step at a time.
val moons_sweep_plan_js(const val& lambdas) {
  return guarded([&] {
    const Eigen::VectorXd l = to_vector(lambdas, "moonsSweepPlan", "lambdas");
    const MoonsSweepPlan plan = moons_sweep_plan(std::vector<double>(l.data(), l.data() + l.size()));
    val steps = val::array();
    for (const MoonsSweepStep& s : plan.steps) {
      val item = val::object();
      item.set("method", std::string(name_of(s.method)));
      item.set("lambda", s.lambda);
      steps.call<void>("push", item);
    }
    val out = val::object();
    out.set("steps", steps);
    out.set("reportTarget", plan.report_target);
    return out;
  });
}

// [{name, label, first}]: moons_scenario_presets(n), for a menu at any data size.
val moons_scenario_presets_js(int n) {
  return guarded([&] {
    val out = val::array();
    for (const MoonsScenarioPreset& p : moons_scenario_presets(n)) {
      val item = val::object();
      item.set("name", p.name);
      item.set("label", p.label);
      item.set("first", p.first);
      out.call<void>("push", item);
    }
    return out;
  });
}

double zero_lambda_position_js(const val& lambdas) {
  return guarded([&] {
    const Eigen::VectorXd l = to_vector(lambdas, "zeroLambdaPosition", "lambdas");
    return zero_lambda_position(std::vector<double>(l.data(), l.data() + l.size()));
  });
}

}  // namespace
}  // namespace lethe::wasm

EMSCRIPTEN_BINDINGS(lethe_variational) {
  using namespace emscripten;
  using namespace lethe::wasm;
  function("moonsScenarios", &moons_scenarios_js);
  function("moonsScenarioIds", &moons_scenario_ids_js);
  function("moonsScenarioPresets", &moons_scenario_presets_js);
  function("moonsDefaults", &moons_defaults_js);
  function("moonsSweepPlan", &moons_sweep_plan_js);
  function("zeroLambdaPosition", &zero_lambda_position_js);
  class_<MoonsProblem>("MoonsProblem")
      .constructor<const val&>()
      .function("data", &MoonsProblem::data)
      .function("inducing", &MoonsProblem::inducing)
      .function("scenarioIds", &MoonsProblem::scenario_ids)
      .function("setForgotten", &MoonsProblem::set_forgotten)
      .function("forgotten", &MoonsProblem::forgotten)
      .function("learnSeconds", &MoonsProblem::learn_seconds)
      .function("fullPosterior", &MoonsProblem::full_posterior)
      .function("retrainedPosterior", &MoonsProblem::retrained_posterior)
      .function("forgottenPosterior", &MoonsProblem::forgotten_posterior)
      .function("baseline", &MoonsProblem::baseline)
      .function("forget", &MoonsProblem::forget)
      .function("predictGrid", &MoonsProblem::predict_grid);
}
