// Bindings for variational unlearning on two moons (issue 3): a stateful problem
// holding q(θ|D) (learned once), the erased set with its retrained q(θ|D_r), and the
// last unlearned q̃, plus the scenario presets. Thin: convert, call the core, convert.
#include <emscripten/bind.h>

#include <chrono>
#include <memory>
#include <optional>

#include "base/datasets.hpp"
#include "boundary.hpp"
#include "experiments/moons_unlearning.hpp"

namespace lethe::wasm {
namespace {

// Data from {x, labels} (row-major n×2 and n labels) or make_moons(n, noise, seed).
LabelledPoints data_from(const val& o, std::uint64_t seed, const char* fn) {
  if (has_option(o, "x") || has_option(o, "labels")) {
    if (!has_option(o, "x") || !has_option(o, "labels")) fail_argument(fn, "x", "and 'labels' must be given together");
    return to_labelled(o["x"], o["labels"], fn);
  }
  return make_moons(option_int(o, "n", kMoonsDefaultSize, fn), option_number(o, "noise", kMoonsNoise), seed);
}

MoonsSettings settings_from(const val& o, std::uint64_t seed, const char* fn) {
  MoonsSettings s;
  if (has_option(o, "inducing")) s.inducing = to_matrix(o["inducing"], 2, fn, "inducing");
  if (has_option(o, "lengthscales")) {
    s.lengthscales = to_vector(o["lengthscales"], fn, "lengthscales");
    check_size(fn, "lengthscales", static_cast<long>(s.lengthscales.size()), 2);
  }
  s.variance = option_number(o, "variance", kMoonsDefaultVariance);
  VariationalOptions& v = s.options;
  v.seed = seed;
  const std::string protocol = option_text(o, "protocol", "fast", fn);
  if (protocol == "fast") v.protocol = Protocol::fast;
  else if (protocol == "paper") v.protocol = Protocol::paper;
  else fail_argument(fn, "protocol", "must be 'fast' or 'paper' (got '" + protocol + "')");
  v.mc_samples = option_int(o, "mcSamples", v.mc_samples, fn);
  v.mc_steps = option_int(o, "mcSteps", v.mc_steps, fn);
  v.is_samples = option_int(o, "isSamples", v.is_samples, fn);
  v.steps = option_int(o, "steps", v.steps, fn);
  v.samples = option_int(o, "samples", v.samples, fn);
  v.learning_rate = option_number(o, "learningRate", v.learning_rate);
  v.rkl_batches = option_int(o, "rklBatches", v.rkl_batches, fn);
  const std::string estimator = option_text(o, "rklEstimator", "published", fn);
  if (estimator == "published") v.rkl_estimator = ReverseKlEstimator::published;
  else if (estimator == "adaptive") v.rkl_estimator = ReverseKlEstimator::adaptive;
  else fail_argument(fn, "rklEstimator", "must be 'published' or 'adaptive' (got '" + estimator + "')");
  if (has_option(o, "reportTarget")) s.report_target = o["reportTarget"].as<bool>();
  return s;
}

val gaussian_to_js(const Gaussian& g) {
  val out = val::object();
  out.set("mean", to_js(g.mean()));
  out.set("covariance", to_js_rows(g.covariance()));
  return out;
}

UnlearnMethod method_of(const std::string& name, const char* fn) {
  if (name == "eubo" || name == "EUBO") return UnlearnMethod::eubo;
  if (name == "rkl" || name == "rKL") return UnlearnMethod::reverse_kl;
  fail_argument(fn, "method", "must be 'eubo' or 'rkl' (got '" + name + "')");
}

// The moons problem: JavaScript owns it and must call delete().
class MoonsProblem {
 public:
  explicit MoonsProblem(const val& options)
      : problem_(guarded([&] {
          const char* fn = "moonsProblem";
          const std::uint64_t seed = to_seed(option_number(options, "seed", 0), fn);
          return std::make_unique<MoonsUnlearning>(data_from(options, seed, fn),
                                                   settings_from(options, seed, fn));
        })) {}

  val data() const {
    return guarded([&] {
      val out = val::object();
      out.set("x", to_js_rows(problem_->data().x));
      out.set("labels", to_js(problem_->data().labels));
      return out;
    });
  }
  val inducing() const { return guarded([&] { return to_js_rows(problem_->model().inducing()); }); }
  val scenario_ids(const std::string& name) const {
    return guarded([&] {
      return to_js(moons_scenario_ids(problem_->data(), name, problem_->settings().options.seed));
    });
  }
  double set_erased(const val& ids) {
    return guarded([&] {
      problem_->set_erased(to_ints(ids, "MoonsProblem.setErased", "erase"));
      unlearned_.reset();
      return problem_->retrain_seconds();
    });
  }
  val erased() const { return guarded([&] { return to_js(problem_->erased()); }); }
  double learn_seconds() const { return problem_->learn_seconds(); }
  val full_posterior() const { return guarded([&] { return gaussian_to_js(problem_->full_posterior()); }); }
  val retrained_posterior() const {
    return guarded([&] { return gaussian_to_js(problem_->retrained_posterior()); });
  }
  val baseline() const {
    return guarded([&] {
      const PredictiveKls kl = problem_->full_kl();
      val out = val::object();
      out.set("klErased", kl.erased);
      out.set("klRemaining", kl.remaining);
      out.set("paramKl", problem_->full_param_kl());
      return out;
    });
  }
  val unlearn(const std::string& method, double lambda) {
    return guarded([&] {
      const UnlearnRun run = problem_->unlearn(method_of(method, "MoonsProblem.unlearn"), lambda);
      unlearned_ = run.q;
      val out = val::object();
      out.set("method", std::string(label_of(run.method)));
      out.set("lambda", run.lambda);
      out.set("klErased", run.kl.erased);
      out.set("klRemaining", run.kl.remaining);
      out.set("paramKl", run.param_kl);
      out.set("ess", run.method == UnlearnMethod::reverse_kl ? val(run.ess) : val::null());
      out.set("essInitial", run.method == UnlearnMethod::reverse_kl ? val(run.ess_initial) : val::null());
      out.set("reliable", run.reliable);
      out.set("iterations", run.iterations);
      out.set("status", run.status);
      out.set("seconds", run.seconds);
      if (run.target) {
        val t = val::object();
        t.set("klErased", run.target->kl.erased);
        t.set("klRemaining", run.target->kl.remaining);
        t.set("paramKl", run.target->param_kl);
        t.set("ess", run.target->ess);
        t.set("reliable", run.target->reliable);
        t.set("status", run.target->status);
        t.set("seconds", run.target->seconds);
        out.set("target", t);
      } else {
        out.set("target", val::null());
      }
      return out;
    });
  }
  val unlearned_posterior() const {
    return guarded([&] {
      if (!unlearned_) throw InvalidArgument("MoonsProblem: nothing unlearned yet (call unlearn first)");
      return gaussian_to_js(*unlearned_);
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
      if (which == "full") q = &problem_->full_posterior();
      else if (which == "retrained") q = &problem_->retrained_posterior();
      else if (which == "unlearned") {
        if (!unlearned_) throw InvalidArgument(std::string(fn) + ": nothing unlearned yet (call unlearn first)");
        q = &*unlearned_;
      } else {
        fail_argument(fn, "which", "must be 'full', 'retrained' or 'unlearned' (got '" + which + "')");
      }
      return to_js(problem_->model().predict_projected(*q, projected_).p1);
    });
  }

 private:
  std::unique_ptr<MoonsUnlearning> problem_;
  std::optional<Gaussian> unlearned_;
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
    const std::vector<double> lambdas = default_moons_lambdas();
    out.set("lambdas", to_js(Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(
                           lambdas.data(), static_cast<Eigen::Index>(lambdas.size())))));
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
    out.set("zeroLambdaDecades", kZeroLambdaDecades);
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
  function("moonsDefaults", &moons_defaults_js);
  function("zeroLambdaPosition", &zero_lambda_position_js);
  class_<MoonsProblem>("MoonsProblem")
      .constructor<const val&>()
      .function("data", &MoonsProblem::data)
      .function("inducing", &MoonsProblem::inducing)
      .function("scenarioIds", &MoonsProblem::scenario_ids)
      .function("setErased", &MoonsProblem::set_erased)
      .function("erased", &MoonsProblem::erased)
      .function("learnSeconds", &MoonsProblem::learn_seconds)
      .function("fullPosterior", &MoonsProblem::full_posterior)
      .function("retrainedPosterior", &MoonsProblem::retrained_posterior)
      .function("unlearnedPosterior", &MoonsProblem::unlearned_posterior)
      .function("baseline", &MoonsProblem::baseline)
      .function("unlearn", &MoonsProblem::unlearn)
      .function("predictGrid", &MoonsProblem::predict_grid);
}
