// `lethe gmm-forget` and `lethe bif-rate`: Bayesian inference forgetting on the
// Gaussian mixture (the method report's experiment) and the measured O(1/n²)
// error of the forgetting step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <utility>

#include <lethe/base/csv.hpp>
#include <lethe/base/datasets.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/json.hpp>
#include <lethe/experiments/forgetting_fields.hpp>
#include <lethe/experiments/forgetting_rate.hpp>
#include <lethe/experiments/gmm_forgetting.hpp>
#include <lethe/experiments/gmm_retrain_policy.hpp>
#include <lethe/experiments/option_sets.hpp>
#include "cli.hpp"
#include "svg.hpp"
#include "user_rows.hpp"

namespace lethe::cli {

namespace {

// The command's own options; GmmForgettingOptions are gmm_option_set()'s, --scenario
// and --request-size gmm_request_option_set()'s.
struct GmmCommand {
  std::string data, forget;
  bool auto_retrain = false;
};

const OptionSet<GmmCommand>& gmm_command_set() {
  using C = GmmCommand;
  static const OptionSet<C> set(
      "gmm-forget command",
      {option<C>("data", &C::data, any_value(), "a labelled CSV (x1,x2,label) instead of the preset mixture",
                 "FILE.csv"),
       forget_ids_option<C>(
           &C::forget,
           "the rows to forget in removal order, by id (--data's id column, else its row number from 0): a "
           "file of ids or 17,23"),
       option<C>("auto_retrain", &C::auto_retrain, any_value(),
                 "retrain once the accumulated residual passes --residual-budget; the new model serves the rest")});
  return set;
}

// Every set the command reads, in usage order.
std::vector<std::vector<OptionInfo>> gmm_sets() {
  return {gmm_command_set().infos(), gmm_request_option_set().infos(), gmm_option_set().infos(),
          output_option_set().infos()};
}

std::string gmm_usage() { return command_usage("gmm-forget", "", gmm_sets()); }

// Series / Panel built field by field (aggregate initialisation would leave
// members implicit, which -Wmissing-field-initializers rejects).
Series series(const std::string& label, std::vector<double> x, std::vector<double> y, const std::string& colour) {
  Series s;
  s.label = label;
  s.x = std::move(x);
  s.y = std::move(y);
  s.colour = colour;
  return s;
}

Panel panel(const std::string& title, const std::string& x_label, const std::string& y_label) {
  Panel p;
  p.title = title;
  p.x_label = x_label;
  p.y_label = y_label;
  return p;
}

// The data: the preset mixture (seeded) or a labelled CSV, with the ids --forget
// names. Errors name --data.
struct GmmData {
  LabelledPoints points;
  RowIds ids;
};
GmmData load_data(const Options& o, std::uint64_t seed) {
  GmmData d;
  if (!o.has("data")) {
    d.points = make_mixture(bif_mixture_preset(), seed);
    d.ids = row_number_ids(d.points.size(), "the preset mixture");
    return d;
  }
  const std::string path = o.text("data", "");
  const UserRows rows = read_user_rows(path, "data");
  if (rows.x.cols() != 2)
    throw UsageError("option --data: needs two feature columns x1,x2 and a label (got " +
                     std::to_string(rows.x.cols()) + " features)");
  d.points.x = rows.x;
  d.points.labels = rows.labels;
  d.ids = ids_of(rows, path);
  naming("data", [&] {
    label_means(d.points.x, d.points.labels, "gmm-forget");  // every label 0..K−1 must occur
    return 0;
  });
  return d;
}

// The forgotten ids, in removal order: --forget FILE or --scenario (default: the core's, seed400).
std::vector<int> forgotten_ids(const Options& o, const GmmRequestOptions& requests, const LabelledPoints& data,
                               const RowIds& row_ids) {
  if (o.has("forget") && o.has("scenario"))
    throw UsageError("options --forget and --scenario exclude each other: give one");
  if (o.has("forget")) {
    std::vector<int> ids = forget_rows(o.text("forget", ""), row_ids, "forget");
    naming("forget", [&] {
      ActiveRows(static_cast<int>(data.size())).validate(ids, "gmm-forget", "forget", false);
      return 0;
    });
    return ids;
  }
  const std::string& scenario = requests.scenario;
  const int per_cluster =
      naming("scenario", [&] { return bif_scenario_per_cluster(scenario, "gmm-forget", "scenario"); });
  try {
    return bif_scenario_ids(data, per_cluster);
  } catch (const InvalidArgument& e) {
    throw UsageError("option --scenario: " + scenario + " does not fit this data: " + e.what());
  }
}

// The checks that depend on the data or on two options at once.
void check_run_options(const GmmCommand& command, GmmForgettingOptions& opt, int components) {
  if (command.auto_retrain && !(opt.residual_budget > 0.0))
    throw UsageError(
        "option --auto-retrain: needs a positive --residual-budget X (the sum of residuals that "
        "triggers a retrain)");
  // The core's checks of the fit (resolve_gmm_options), before any learning, each
  // reported against its option.
  try {
    opt = resolve_gmm_options(opt, components);
  } catch (const InvalidArgument& e) {
    if (e.parameter().empty()) throw UsageError(e.what());
    throw UsageError("option --" + cli_name(e.parameter()) + ": " + e.requirement());
  }
}

// Two panels: the training data with the forgotten rows hollow and the original
// centres; the remaining data with the original, processed and target centres.
std::string gmm_svg(const LabelledPoints& data, const std::vector<int>& forgotten, const GmmReport& r,
                    const std::string& inference) {
  const int k = static_cast<int>(r.original.rows());
  std::vector<bool> is_forgotten(static_cast<std::size_t>(data.size()), false);
  for (int id : forgotten) is_forgotten[static_cast<std::size_t>(id)] = true;
  auto data_series = [&](bool show_forgotten) {
    std::vector<Series> out;
    for (int c = 0; c < k; ++c) {
      // Light data colours, distinct from the centres' black, green and vermillion.
      static const char* data_colours[] = {"#E69F00", "#56B4E9", "#CC79A7", "#C8B630", "#999999"};
      Series kept = series("", {}, {}, data_colours[c < 4 ? c : 4]);
      kept.line = false;
      kept.marker_radius = 1.6;
      Series gone = kept;
      gone.hollow = true;
      gone.marker_radius = 2.4;
      gone.colour = "#888888";
      for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
        if (data.labels[i] != c) continue;
        Series& s = is_forgotten[static_cast<std::size_t>(i)] ? gone : kept;
        s.x.push_back(data.x(i, 0));
        s.y.push_back(data.x(i, 1));
      }
      out.push_back(kept);
      if (show_forgotten && !gone.x.empty()) out.push_back(gone);
    }
    if (show_forgotten) {
      Series legend = series("forgotten (hollow)", {}, {}, "#888888");
      legend.markers = false;
      out.push_back(legend);
    }
    return out;
  };
  auto centres = [&](const Eigen::MatrixXd& m, const std::string& label, const std::string& colour, bool hollow,
                     double radius) {
    Series s = series(label, {}, {}, colour);
    s.line = false;
    s.hollow = hollow;
    s.marker_radius = radius;
    for (int c = 0; c < k; ++c) {
      s.x.push_back(m(c, 0));
      s.y.push_back(m(c, 1));
    }
    return s;
  };
  Panel before = panel("Training data (" + std::to_string(forgotten.size()) + " forgotten)", "x1", "x2");
  before.series = data_series(true);
  before.series.push_back(centres(r.original, "original centres", "#000000", true, 7));
  Panel after = panel("Centres after forgetting (" + inference + ")", "x1", "x2");
  after.series = data_series(false);
  after.series.push_back(centres(r.original, "original", "#000000", true, 7));
  after.series.push_back(centres(r.target, "target (retrained)", palette(2), true, 10));
  after.series.push_back(centres(r.processed, "processed (BIF)", palette(1), false, 4));
  return render_svg({before, after}, 460, 420);
}

// The certificate, the retrain policy and the fits' health, in words.
void print_certificate(const GmmReport& r, const GmmForgettingOptions& opt) {
  double largest = 0.0;
  for (double v : r.residuals) largest = std::max(largest, v);
  std::cout << "residual (Newton decrement of the remaining rows' energy, per request): last "
            << format_number("%.3g", r.residuals.empty() ? 0.0 : r.residuals.back()) << ", largest "
            << format_number("%.3g", largest) << ", accumulated " << format_number("%.3g", r.accumulated_residual);
  if (opt.residual_budget > 0.0) std::cout << " (budget " << format_number("%.3g", opt.residual_budget) << ")";
  std::cout << "\n";
  if (r.retrain_recommended_after > 0)
    std::cout << "! retrain recommended after request " << r.retrain_recommended_after
              << " (--auto-retrain retrains then and serves the rest from the new model)\n";
  for (const auto& [name, health] :
       {std::pair{"original", &r.original_health}, std::pair{"target", &r.target_health}}) {
    if (health->restarts > 0)
      std::cout << "note: the " << name << " fit was started again " << health->restarts
                << " time(s) (a component collapsed or switched)\n";
    if (!health->healthy)
      std::cout << "! the " << name << " fit is not trustworthy: " << health->problem
                << "; the distances above compare against it\n";
  }
}

// The table of centres per cluster (label order), shared by both modes.
void print_centres(const Eigen::MatrixXd& original, const Eigen::MatrixXd& processed, const Eigen::MatrixXd& target,
                   const Eigen::VectorXd& processed_to_target, const Eigen::VectorXd& original_to_target,
                   const Eigen::VectorXd& spread) {
  std::cout << "cluster  original            processed           target              "
               "|proc-target|  |orig-target|  spread\n";
  for (Eigen::Index c = 0; c < original.rows(); ++c) {
    auto point = [](const Eigen::MatrixXd& m, Eigen::Index i) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "(%7.4f, %7.4f)", m(i, 0), m(i, 1));
      return std::string(buf);
    };
    char line[256];
    std::snprintf(line, sizeof line, "%-8ld %s  %s  %s  %13.4f  %13.4f  %6.4f\n", static_cast<long>(c),
                  point(original, c).c_str(), point(processed, c).c_str(), point(target, c).c_str(),
                  processed_to_target[c], original_to_target[c], spread[c]);
    std::cout << line;
  }
}

void print_header(const GmmForgettingOptions& opt, int n, int forgotten, int batches, int request_size) {
  std::cout << "gmm-forget: " << name_of(opt.inference) << ", " << opt.iterations << " iterations, batch " << opt.batch
            << ", n = " << n << ", forgotten " << forgotten << " in " << batches << " batches of " << request_size
            << "\n\n";
}

// --auto-retrain: the centres of the model that served the last request, and the swaps.
void print_policy_table(const GmmPolicyResult& r, const GmmForgettingOptions& opt, int n, int request_size) {
  print_header(opt, n, r.forgotten_count, r.batches, request_size);
  print_centres(r.original, r.processed, r.target, r.processed_to_target, r.original_to_target, r.spread);
  std::cout << "\nKL(processed || target) = " << format_number("%.4g", r.kl_processed_target)
            << "   KL(original || target) = " << format_number("%.4g", r.kl_original_target);
  if (r.alone) std::cout << "   BIF alone: " << format_number("%.4g", r.alone->kl_processed_target);
  std::cout << "\nforget " << format_number("%.3f", r.seconds_forget) << " s   retrain (target) "
            << format_number("%.3f", r.seconds_retrain) << " s\n";
  std::cout << "retrain policy: budget " << format_number("%.3g", r.residual_budget) << ", " << r.swaps.size()
            << " swap(s), " << r.skipped.size() << " skipped\n";
  for (const GmmPolicySwap& s : r.swaps)
    std::cout << "  after request " << s.after_request << ": "
              << (s.is_target ? "the target (retrained on the rows left) swapped in, " : "retrained and swapped in, ")
              << s.rows << " rows, " << format_number("%.3f", s.seconds) << " s"
              << (s.health.healthy ? "" : " (unhealthy: " + s.health.problem + ")") << "\n";
  for (const GmmPolicySkip& s : r.skipped)
    std::cout << "  after request " << s.after_request << ": no retrain, " << s.reason << "\n";
  if (!r.requests.empty())
    std::cout << "accumulated residual of the serving model at the end: "
              << format_number("%.3g", r.requests.back().accumulated) << "\n";
  if (r.alone_stopped)
    std::cout << "! BIF alone stopped at request " << r.alone_stopped->at_request << ": " << r.alone_stopped->reason
              << "\n";
}

std::string policy_json(const GmmPolicyResult& r, const GmmForgettingOptions& opt, int n) {
  JsonObject out;
  describe(r, out);
  out.text("sampler", name_of(opt.inference));
  out.integer("n", n);
  out.integer("iterations", opt.iterations);
  return out.str();
}

void print_gmm_table(const GmmProtocolResult& p, const GmmForgettingOptions& opt, int n, int batches,
                     int request_size) {
  const GmmReport& r = p.report;
  print_header(opt, n, r.forgotten_count, batches, request_size);
  print_centres(r.original, r.processed, r.target, r.processed_to_target, r.original_to_target, r.spread);
  std::cout << "\nKL(processed || target) = " << format_number("%.4g", r.kl_processed_target)
            << "   KL(original || target) = " << format_number("%.4g", r.kl_original_target) << "\n";
  std::cout << "train " << format_number("%.3f", p.seconds_train) << " s   forget "
            << format_number("%.3f", p.seconds_forget) << " s ("
            << format_number("%.3f", batches ? 1e3 * p.seconds_forget / batches : 0.0) << " ms per batch)   retrain "
            << format_number("%.3f", p.seconds_retrain) << " s\n";
  print_certificate(r, opt);
}

// The result's fields, then the run's set-up (what the table's first line shows).
std::string gmm_json(const GmmProtocolResult& p, const GmmForgettingOptions& opt, int n) {
  JsonObject out;
  describe(p, out);
  out.text("sampler", name_of(opt.inference));
  out.integer("n", n);
  out.integer("iterations", opt.iterations);
  return out.str();
}

void write_svg(const std::string& path, const std::string& svg) {
  naming("svg", [&] {
    write_text_file(path, svg);
    return 0;
  });
}

// Error and shift against n on log-log axes, with a slope −2 guide.
std::string rate_svg(const RateResult& r) {
  const std::vector<double> ns = rate_column(r, &RatePoint::n);
  const std::vector<double> map_e = rate_column(r, &RatePoint::map_error);
  // A reference line ∝ n⁻² through the first MAP error.
  std::vector<double> ref;
  for (double n : ns) ref.push_back(map_e.front() * (ns.front() / n) * (ns.front() / n));
  Panel p = panel("Forgetting one point: |step - retrained| (error), |orig - retrained| (shift)", "training-set size n",
                  "parameter distance");
  p.log_x = p.log_y = true;
  Series a = series("MAP error", ns, map_e, palette(0));
  Series b = series("VI error", ns, rate_column(r, &RatePoint::vi_error), palette(1));
  Series c = series("MAP removal shift", ns, rate_column(r, &RatePoint::map_shift), palette(0));
  c.dash = "5,4";
  c.hollow = true;
  Series d = series("VI removal shift", ns, rate_column(r, &RatePoint::vi_shift), palette(1));
  d.dash = "5,4";
  d.hollow = true;
  Series e = series("slope -2", ns, ref, "#999999");
  e.markers = false;
  e.dash = "2,3";
  p.series = {a, b, c, d, e};
  return render_svg({p}, 660, 440);
}

}  // namespace

int gmm_forget_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, gmm_usage())) return 0;
  const Options o(args, gmm_sets());
  GmmForgettingOptions opt = o.read(gmm_option_set());
  const GmmCommand command = o.read(gmm_command_set());
  const GmmRequestOptions requests = o.read(gmm_request_option_set());
  const OutputOptions output = o.read(output_option_set());
  const GmmData loaded = load_data(o, opt.seed);
  const LabelledPoints& data = loaded.points;
  const int components = data.labels.maxCoeff() + 1;
  check_run_options(command, opt, components);
  const int request_size = requests.request_size;
  const std::vector<int> forget = forgotten_ids(o, requests, data, loaded.ids);
  const int n = static_cast<int>(data.size());
  if (command.auto_retrain) {
    const GmmPolicyResult policy = run_gmm_retrain_policy(data, forget, request_size, opt);
    if (!output.svg.empty()) {
      GmmReport shown;
      shown.original = policy.original;
      shown.processed = policy.processed;
      shown.target = policy.target;
      write_svg(output.svg, gmm_svg(data, forget, shown, name_of(opt.inference)));
    }
    if (output.json)
      std::cout << policy_json(policy, opt, n) << "\n";
    else
      print_policy_table(policy, opt, n, request_size);
    return 0;
  }
  const GmmProtocolResult result = run_gmm_protocol(data, forget, request_size, opt);
  const int batches = static_cast<int>(result.seconds_per_batch.size());
  if (!output.svg.empty()) write_svg(output.svg, gmm_svg(data, forget, result.report, name_of(opt.inference)));
  if (output.json)
    std::cout << gmm_json(result, opt, n) << "\n";
  else
    print_gmm_table(result, opt, n, batches, request_size);
  return 0;
}

int bif_rate_main(const std::vector<std::string>& args) {
  const std::string usage = command_usage("bif-rate", "", {rate_option_set().infos(), output_option_set().infos()});
  if (asked_for_help(args, usage)) return 0;
  const Options o(args, {rate_option_set().infos(), output_option_set().infos()});
  const RateOptions options = o.read(rate_option_set());
  const OutputOptions output = o.read(output_option_set());
  const RateResult r = measure_forgetting_rate(default_rate_sizes(), options);
  if (!output.svg.empty()) write_svg(output.svg, rate_svg(r));
  if (output.json) {
    std::cout << json_object(r) << "\n";
    return 0;
  }
  std::cout << "bif-rate: Bayesian logistic regression (2-D inputs + bias, prior N(0, I)),\n"
               "forgetting one point z by the influence step vs retraining exactly (Newton),\n"
               "mean over "
            << options.removals << " removed points\n\n";
  std::cout << "      n   MAP |forgot-retrained|  MAP |orig-retrained|   VI |forgot-retrained|   VI |orig-retrained|\n";
  for (const auto& p : r.points) {
    char line[200];
    std::snprintf(line, sizeof line, "%7d   %22.3e  %20.3e  %22.3e  %20.3e\n", p.n, p.map_error, p.map_shift,
                  p.vi_error, p.vi_shift);
    std::cout << line;
  }
  std::cout << "\nlog-log slope of the error: MAP " << format_number("%.3f", r.map_slope) << ", VI "
            << format_number("%.3f", r.vi_slope) << "   (theory: -2; the removal itself moves O(1/n))\n";
  return 0;
}

}  // namespace lethe::cli
