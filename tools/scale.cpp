// `lethe scale`: forgetting one request against retraining, at data sizes from 10³
// to 10⁶ (experiments/scale_sweep.hpp), as a table, JSON or a log–log SVG.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <lethe/base/csv.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/json.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/scale_fields.hpp>
#include <lethe/experiments/scale_requests.hpp>
#include <lethe/experiments/scale_sweep.hpp>
#include "cli.hpp"
#include "svg.hpp"

namespace lethe::cli {

namespace {

// The sweep's targets, printed beside what it measures (never asserted).
constexpr double kTargetSpeedup = 100.0;
constexpr double kTargetSlope = 0.1;
constexpr double kTargetQualityRatio = 3.0;
constexpr double kTargetBytes = 200.0;
constexpr int kTargetSize = 1000000;
constexpr int kSlopeFrom = 10000;
constexpr int kLargestSize = 10000000;

// The command's own options; ScaleOptions are scale_option_set()'s.
struct ScaleCommand {
  std::string family = "all";
  std::vector<int> sizes = {1000, 10000, 100000};
};

const OptionSet<ScaleCommand>& scale_command_set() {
  static const OptionSet<ScaleCommand> set(
      "scale command", {option<ScaleCommand>("family", &ScaleCommand::family, any_value(), "the family measured",
                                             "exact|variational|bif|all"),
                        option<ScaleCommand>("sizes", &ScaleCommand::sizes, entries(in_range(2, kLargestSize), 1),
                                             "data sizes N (1e6 takes a few minutes)")});
  return set;
}

std::string scale_usage() {
  return command_usage("scale",
                       "  forgets one request of --request rows and retrains on the rest, at each size;\n"
                       "  times are processor seconds, medians over --repeats.\n",
                       {scale_command_set().infos(), scale_option_set().infos(), output_option_set().infos()});
}

std::vector<ScaleFamily> parse_families(const std::string& text) {
  if (text == "all") return {ScaleFamily::exact, ScaleFamily::variational, ScaleFamily::bif};
  if (const std::optional<ScaleFamily> family = find_name<ScaleFamily>(text)) return {*family};
  std::vector<std::string> accepted = names_of<ScaleFamily>();
  accepted.emplace_back("all");
  throw UsageError("option --family: must be " + choices_text(accepted) + " (got '" + text + "')");
}

std::string method_key(const ScaleRun& run) { return run.family + "/" + run.method; }

void print_table(const std::vector<ScaleRun>& runs, const std::vector<std::string>& skipped) {
  std::cout << "lethe scale: one request forgotten vs retraining on the rest (processor seconds, medians)\n\n";
  std::printf("%-22s %8s %5s %10s %10s %10s %9s %10s %10s %7s  %s\n", "method", "N", "r", "train", "retrain", "forget",
              "speedup", "q_forget", "q_nothing", "B/pt", "verdict");
  for (const ScaleRun& run : runs) {
    const std::string verdict = scale_verdict(run);
    std::printf("%-22s %8d %5d %10s %10s %10s %9.1f %10s %10s %7.0f  %s\n", method_key(run).c_str(), run.n, run.request,
                format_number("%.2e", run.seconds_train).c_str(), format_number("%.2e", run.seconds_retrain).c_str(),
                format_number("%.2e", run.seconds_forget).c_str(), run.speedup,
                format_number("%.2e", run.quality_forget).c_str(), format_number("%.2e", run.quality_nothing).c_str(),
                run.bytes, verdict.c_str());
  }
  for (const std::string& note : skipped) std::cout << "skipped: " << note << "\n";
  if (!runs.empty())
    std::cout << "\nquality: "
              << "distance to the retrained model (exact, bif/vi: Gaussian KL; "
                 "variational: averaged predictive KL on D_e; bif/map: parameter distance; "
                 "bif/sgld, sghmc: the centres' shift against the change of the mixture's mode).\n";
}

void print_targets(const std::vector<ScaleRun>& runs) {
  std::map<std::string, std::vector<const ScaleRun*>> by_method;
  for (const ScaleRun& run : runs) by_method[method_key(run)].push_back(&run);
  std::cout << "\ntargets:\n";
  for (const auto& [key, list] : by_method) {
    std::string line = "  " + key + ": ";
    // Speedup at N = 10⁶, per request (SG-MCMC's too: a whole request, not one of its batches).
    const ScaleRun* largest = nullptr;
    for (const ScaleRun* run : list)
      if (run->n == kTargetSize) largest = run;
    if (largest) {
      const double speedup = largest->speedup;
      line += std::string(speedup >= kTargetSpeedup ? "met" : "MISSED") + " speedup at 1e6 " +
              format_number("%.2e", speedup) + " per request (>= 100); ";
    } else {
      line += "speedup at 1e6 not measured; ";
    }
    std::vector<double> ns, seconds;
    for (const ScaleRun* run : list)
      if (run->n >= kSlopeFrom) {
        ns.push_back(run->n);
        seconds.push_back(run->seconds_forget);
      }
    if (ns.size() >= 2) {
      const double slope = loglog_slope(ns, seconds);
      line += std::string(slope <= kTargetSlope ? "met" : "MISSED") + " forget slope over N>=1e4 " +
              format_slope(slope) + " (<= 0.1); ";
    } else {
      line += "slope not measured (needs two sizes >= 1e4); ";
    }
    const bool holds_small = list.front()->quality_forget <= list.front()->quality_nothing / kTargetQualityRatio;
    bool holds_all = true;
    for (const ScaleRun* run : list)
      holds_all = holds_all && run->quality_forget <= run->quality_nothing / kTargetQualityRatio;
    if (!holds_small)
      line += "quality <= nothing/3 does not hold at the smallest N (no target); ";
    else
      line += std::string(holds_all ? "met" : "MISSED") + " quality <= nothing/3 at every N; ";
    bool small_memory = true;
    for (const ScaleRun* run : list) small_memory = small_memory && run->bytes <= kTargetBytes;
    line += std::string(small_memory ? "met" : "MISSED") + " memory " + format_number("%.2e", list.front()->bytes) +
            " B/pt (<= 200)";
    std::cout << line << "\n";
  }
}

// One panel per family: seconds against N, forget (solid) and retrain (dashed) per method.
std::string scale_svg(const std::vector<ScaleRun>& runs) {
  std::vector<Panel> panels;
  std::map<std::string, std::size_t> panel_of;
  std::map<std::string, int> colour_of;
  for (const ScaleRun& run : runs) {
    if (!panel_of.count(run.family)) {
      panel_of[run.family] = panels.size();
      Panel panel;
      panel.title = run.family + ": forget (solid) vs retrain (dashed)";
      panel.x_label = "N (rows)";
      panel.y_label = "seconds";
      panel.log_x = panel.log_y = true;
      panels.push_back(panel);
    }
  }
  std::map<std::string, std::pair<Series, Series>> series;
  std::vector<std::string> order;
  for (const ScaleRun& run : runs) {
    const std::string key = method_key(run);
    if (!series.count(key)) {
      const int colour = static_cast<int>(colour_of.size());
      colour_of[key] = colour;
      Series forget, retrain;
      forget.label = run.method + " forget";
      retrain.label = run.method + " retrain";
      forget.colour = retrain.colour = palette(colour);
      retrain.dash = "5,4";
      retrain.hollow = true;
      series[key] = {forget, retrain};
      order.push_back(key);
    }
    auto& [forget, retrain] = series[key];
    forget.x.push_back(run.n);
    forget.y.push_back(run.seconds_forget);
    retrain.x.push_back(run.n);
    retrain.y.push_back(run.seconds_retrain);
  }
  for (const std::string& key : order) {
    const std::string family = key.substr(0, key.find('/'));
    Panel& panel = panels[panel_of[family]];
    panel.series.push_back(series[key].first);
    panel.series.push_back(series[key].second);
  }
  return render_svg(panels);
}

}  // namespace

std::string format_slope(double slope) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", slope);
  return b;
}

int scale_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, scale_usage())) return 0;
  const Options o(args, {scale_command_set().infos(), scale_option_set().infos(), output_option_set().infos()});
  const ScaleCommand command = o.read(scale_command_set());
  const OutputOptions output = o.read(output_option_set());
  const std::vector<ScaleFamily> families = parse_families(command.family);
  const std::vector<int>& sizes = command.sizes;
  const ScaleOptions options = o.read(scale_option_set());
  std::vector<ScaleRun> runs;
  std::vector<std::string> skipped;
  for (ScaleFamily family : families)
    for (int n : sizes) {
      try {
        for (ScaleRun& run : run_scale(family, n, options)) runs.push_back(std::move(run));
      } catch (const InvalidArgument& e) {
        // A request as large as the data (or as one of its classes) is not a
        // forgetting problem: the size is skipped, not the sweep.
        if (e.parameter() != "request") throw;
        skipped.push_back(std::string(name_of(family)) + " at N = " + std::to_string(n) + ": " + e.what());
      }
    }
  if (!output.svg.empty())
    naming("svg", [&] {
      write_text_file(output.svg, scale_svg(runs));
      return 0;
    });
  if (output.json) {
    JsonObject out;
    out.list("runs", runs);
    std::cout << out.str() << "\n";
    for (const std::string& note : skipped) std::cerr << "lethe scale: skipped " << note << "\n";
    return 0;
  }
  print_table(runs, skipped);
  print_targets(runs);
  return 0;
}

}  // namespace lethe::cli
