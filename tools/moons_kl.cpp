// `lethe moons-kl`: variational unlearning on two moons, averaged predictive KL vs λ
// for EUBO and reverse KL (the experiment of the method report, §4).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <lethe/base/csv.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/json.hpp>
#include <lethe/experiments/moons_fields.hpp>
#include <lethe/experiments/moons_forgetting.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "cli.hpp"
#include "svg.hpp"
#include "user_rows.hpp"

namespace lethe::cli {

namespace {

// The command's own options; the kernel and VariationalOptions are moons_option_set()'s,
// the scenario and the λ swept moons_sweep_option_set()'s.
struct MoonsCommand {
  std::string data, forget, inducing;
};

const OptionSet<MoonsCommand>& moons_command_set() {
  using C = MoonsCommand;
  static const OptionSet<C> set("moons-kl command", [] {
    std::vector<Option<C>> options = {
        option<C>("data", &C::data, any_value(), "a labelled CSV (x1,x2,label) instead of make_moons", "FILE.csv"),
        forget_ids_option<C>(
            &C::forget,
            "the rows to forget by id (--data's id column, else its row number from 0): a file of ids or 17,23"),
        option<C>("inducing", &C::inducing, any_value(), "the inducing inputs, a CSV of x1,x2", "Z.csv")};
    return options;
  }());
  return set;
}

std::string moons_usage() {
  return command_usage("moons-kl", "",
                       {moons_command_set().infos(), moons_sweep_option_set().infos(), moons_option_set().infos(),
                        output_option_set().infos()});
}

struct MoonsRequest {
  LabelledPoints data;
  RowIds ids;  // the ids --forget names
  std::vector<int> forgotten;
  std::vector<double> lambdas;
  MoonsSettings settings;
  std::string forget_option;  // the option the forgotten set came from, for messages
  OutputOptions output;
};

MoonsRequest parse_request(const std::vector<std::string>& args) {
  const Options o(args, {moons_command_set().infos(), moons_sweep_option_set().infos(), moons_option_set().infos(),
                         output_option_set().infos()});
  MoonsRequest r;
  r.settings = o.read(moons_option_set());
  const MoonsSweepRequest sweep = o.read(moons_sweep_option_set());
  r.lambdas = sweep.lambdas;

  if (o.has("inducing")) {
    r.settings.inducing = naming("inducing", [&] { return read_points_csv(o.text("inducing", "")); });
    if (r.settings.inducing.rows() < 1) throw UsageError("option --inducing: the file holds no points");
  }

  if (o.has("data")) {
    const std::string path = o.text("data", "");
    const UserRows rows = read_user_rows(path, "data");
    if (rows.x.cols() != 2)
      throw UsageError("option --data: needs two feature columns x1,x2 and a label (got " +
                       std::to_string(rows.x.cols()) + " features)");
    r.data.x = rows.x;
    r.data.labels = rows.labels;
    r.ids = ids_of(rows, path);
    if (r.data.size() < 2) throw UsageError("option --data: needs at least two rows");
    for (Eigen::Index i = 0; i < r.data.labels.size(); ++i)
      if (r.data.labels[i] != 0 && r.data.labels[i] != 1)
        throw UsageError("option --data: labels must be 0 or 1 (row " + std::to_string(i) + " has " +
                         std::to_string(r.data.labels[i]) + ")");
    const long ones = r.data.labels.sum();
    if (ones == 0 || ones == static_cast<long>(r.data.size()))
      throw UsageError("option --data: needs points of both classes (all labels are " +
                       std::to_string(ones == 0 ? 0 : 1) + ")");
  } else {
    r.data = make_moons(kMoonsDefaultSize, kMoonsNoise, r.settings.options.seed);
    r.ids = row_number_ids(r.data.size(), "the generated moons");
  }

  if (o.has("forget") && o.has("scenario")) throw UsageError("options --forget and --scenario exclude each other");
  if (o.has("forget")) {
    r.forget_option = "forget";
    r.forgotten = forget_rows(o.text("forget", ""), r.ids, "forget");
  } else {
    r.forget_option = "scenario";
    const std::string& scenario = sweep.scenario;
    r.forgotten = naming("scenario", [&] { return moons_scenario_ids(r.data, scenario, r.settings.options.seed); });
  }
  // Refuse a bad forgotten set before any learning happens.
  naming(r.forget_option, [&] {
    validate_moons_forget(r.data, r.forgotten, "moons-kl");
    return 0;
  });
  r.output = o.read(output_option_set());
  return r;
}

std::string sweep_json(const MoonsSweep& s, const MoonsRequest& r) {
  const auto forgotten = static_cast<long>(r.forgotten.size());
  JsonObject out;
  const MoonsSweepSetup setup{r.settings.options.protocol, forgotten, static_cast<long>(r.data.size()) - forgotten};
  describe(s, setup, out);
  return out.str();
}

std::string sweep_table(const MoonsSweep& s, const MoonsRequest& r) {
  std::ostringstream o;
  o << "moons-kl: " << r.data.size() << " points (" << r.forgotten.size() << " forgotten, "
    << r.data.size() - static_cast<Eigen::Index>(r.forgotten.size()) << " remaining), " << r.settings.inducing.rows()
    << " inducing inputs, protocol " << name_of(r.settings.options.protocol) << ", seed " << r.settings.options.seed
    << "\n";
  o << "averaged predictive KL[q(y|x,D_r) || q~(y|x)] over the inputs of D_e and of D_r;\n"
       "param KL = KL[q~ || q(theta|D_r)]; full = q~ is q(theta|D) (nothing forgotten)\n";
  // The sweep reports the reverse KL's own optimum on the fast protocol (run_moons_sweep).
  const bool target = r.settings.options.protocol == Protocol::fast;
  if (target)
    o << "rKL: the published estimator (self-normalised per batch of 1000, ESS per batch);\n"
         "rKL target: the reverse KL's own optimum, by adaptive importance sampling (pooled ESS)\n";
  o << "\n";
  char line[240];
  std::snprintf(line, sizeof line, "%-6s %-8s %11s %11s %11s %8s %8s", "method", "lambda", "KL on D_e", "KL on D_r",
                "param KL", "ESS", "seconds");
  o << line << (target ? "   target: D_e         D_r     ESS\n" : "\n");
  std::snprintf(line, sizeof line, "%-6s %-8s %11s %11s %11s %8s %8s\n", "full", "-",
                format_number("%.3e", s.full.forgotten).c_str(), format_number("%.3e", s.full.remaining).c_str(),
                format_number("%.3e", s.full_param_kl).c_str(), "-", "-");
  o << line;
  std::vector<std::string> notes;
  for (const ForgetRun& run : s.runs) {
    char lambda[32];
    std::snprintf(lambda, sizeof lambda, "%g", run.lambda);
    std::string ess = format_number("%.1f", run.ess);
    if (ess.size() > 7) ess = format_number("%.0f", run.ess);
    if (!run.reliable) {
      ess += "!";
      notes.push_back(std::string(label_of(run.method)) + " lambda=" + lambda + ": " + run.status);
    } else if (run.method == ForgetMethod::reverse_kl &&
               run.ess < static_cast<double>(r.settings.inducing.rows()) + 1) {
      ess += "*";
      notes.push_back(std::string(label_of(run.method)) + " lambda=" + lambda + ": " + run.status);
    }
    std::snprintf(line, sizeof line, "%-6s %-8s %11s %11s %11s %8s %8.3f", label_of(run.method), lambda,
                  format_number("%.3e", run.kl.forgotten).c_str(), format_number("%.3e", run.kl.remaining).c_str(),
                  format_number("%.3e", run.param_kl).c_str(), ess.c_str(), run.seconds);
    o << line;
    if (run.target) {
      const ReverseKlTarget& t = *run.target;
      std::string tess = format_number("%.0f", t.ess);
      if (!t.reliable) {
        tess += "!";
        notes.push_back(std::string(label_of(run.method)) + " target lambda=" + lambda + ": " + t.status);
      }
      std::snprintf(line, sizeof line, "   %11s %11s %7s", format_number("%.3e", t.kl.forgotten).c_str(),
                    format_number("%.3e", t.kl.remaining).c_str(), tess.c_str());
      o << line;
    }
    o << "\n";
  }
  for (const auto& n : notes) o << "! " << n << "\n";
  char total[160];
  std::snprintf(total, sizeof total, "\ntotal %.3f s (learn %.3f s, retrain %.3f s)\n", s.seconds_total,
                s.learn_seconds, s.retrain_seconds);
  o << total;
  return o.str();
}

std::string sweep_svg(const MoonsSweep& s, const std::vector<double>& lambdas) {
  const double zero_at = zero_lambda_position(lambdas);  // where λ = 0 is drawn
  double largest = 0.0;
  for (double l : lambdas) largest = std::max(largest, l);
  std::vector<Panel> panels;
  for (int which = 0; which < 2; ++which) {
    Panel p;
    p.title = which == 0 ? "forgotten data D_e" : "remaining data D_r";
    p.x_label = "lambda";
    p.y_label = "averaged predictive KL";
    p.log_x = p.log_y = true;
    p.zero_at = zero_at;
    Series eubo, rkl, shaky;
    eubo.label = "EUBO";
    eubo.colour = palette(0);
    rkl.label = "reverse KL";
    rkl.colour = palette(1);
    // Reverse-KL results whose ESS was too small are drawn as hollow rings, off the line.
    shaky.label = "rKL, low ESS";
    shaky.colour = palette(1);
    shaky.line = false;
    shaky.hollow = true;
    shaky.marker_radius = 6;
    Series exact, exact_shaky;
    exact.label = "rKL target (exact)";
    exact.colour = palette(2);
    exact.dash = "5 3";
    exact_shaky = shaky;
    exact_shaky.label = "target, low ESS";
    exact_shaky.colour = palette(2);
    for (const ForgetRun& run : s.runs) {
      const double kl = which == 0 ? run.kl.forgotten : run.kl.remaining;
      Series& series = run.method == ForgetMethod::eubo ? eubo : run.reliable ? rkl : shaky;
      series.x.push_back(run.lambda);
      series.y.push_back(kl);
      if (run.target) {
        Series& t = run.target->reliable ? exact : exact_shaky;
        t.x.push_back(run.lambda);
        t.y.push_back(which == 0 ? run.target->kl.forgotten : run.target->kl.remaining);
      }
    }
    const double full = which == 0 ? s.full.forgotten : s.full.remaining;
    Series baseline;
    baseline.label = "full (no unlearning)";
    baseline.x = {zero_at, std::max(largest, zero_at * 10)};
    baseline.y = {full, full};
    baseline.colour = palette(6);
    baseline.markers = false;
    baseline.dash = "6 4";
    p.series = {eubo, rkl, baseline};
    if (!exact.x.empty()) p.series.push_back(exact);
    if (!shaky.x.empty()) p.series.push_back(shaky);
    if (!exact_shaky.x.empty()) p.series.push_back(exact_shaky);
    panels.push_back(p);
  }
  return render_svg(panels, 600, 360);
}

}  // namespace

int moons_kl_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, moons_usage())) return 0;
  const MoonsRequest r = parse_request(args);
  MoonsSweep sweep = [&] {
    try {
      return run_moons_sweep(r.data, r.forgotten, r.lambdas, r.settings);
    } catch (const SingularMatrixError& e) {
      // A matrix the input made singular: the input's fault, reported against it
      // (e.g. repeated inducing inputs: "option --inducing: …"). Other numerical
      // failures are the tool's and stay runtime errors.
      throw UsageError("option --" + e.parameter() + ": " + e.what());
    }
  }();
  if (!r.output.svg.empty())
    naming("svg", [&] {
      write_text_file(r.output.svg, sweep_svg(sweep, r.lambdas));
      return 0;
    });
  std::cout << (r.output.json ? sweep_json(sweep, r) + "\n" : sweep_table(sweep, r));
  return 0;
}

}  // namespace lethe::cli
