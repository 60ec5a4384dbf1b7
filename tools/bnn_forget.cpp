// `lethe bnn-forget`: forgetting from a Bayesian neural network (experiments/
// bnn_forgetting.hpp) on moons, two spirals, the digits or a CSV, every method
// against retraining on the remaining rows.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <lethe/base/csv.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/base/json.hpp>
#include <lethe/bnn/classification_data.hpp>
#include <lethe/experiments/bnn_fields.hpp>
#include <lethe/experiments/bnn_forgetting.hpp>
#include <lethe/experiments/idx_reader.hpp>
#include <lethe/experiments/option_sets.hpp>
#include <lethe/experiments/stopwatch.hpp>
#include "cli.hpp"
#include "svg.hpp"
#include "user_rows.hpp"

#ifndef LETHE_DATA_DIR
#define LETHE_DATA_DIR "data"
#endif

namespace lethe::cli {

namespace {

// The command's own options; BnnOptions are bnn_option_set()'s.
// --dataset and --seed are bnn_dataset_option_set()'s.
struct BnnCommand {
  std::string data, test, forget, scenario;
  std::string method = "all";
};

// "bif-vi|eubo|rkl|bif-sghmc|all": the compared methods (the core's), or all of them.
std::string method_choices() {
  std::string out;
  for (BnnMethod m : bnn_compared_methods()) out += std::string(name_of(m)) + "|";
  return out + "all";
}

const OptionSet<BnnCommand>& bnn_command_set() {
  using C = BnnCommand;
  static const OptionSet<C> set(
      "bnn-forget command",
      {option<C>("data", &C::data, any_value(),
                 "the training rows, a labelled CSV (instead of --dataset; needs --test)", "FILE.csv"),
       option<C>("test", &C::test, any_value(), "the held-out rows of --data, a labelled CSV (no hidden split)",
                 "FILE.csv"),
       forget_ids_option<C>(
           &C::forget,
           "the rows to forget by id (--data's id column, else its row number from 0): a file of ids or 17,23"),
       option<C>("scenario", &C::scenario, any_value(),
                 ("the rows to forget by rule (default " + default_bnn_scenario(2) + " on 2-D data, else " +
                  default_bnn_scenario(0) + ")")
                     .c_str(),
                 "class:K|random:P|tip"),
       option<C>("method", &C::method, any_value(), "the forgetting method", method_choices().c_str())});
  return set;
}

std::string bnn_usage() {
  return command_usage("bnn-forget", "",
                       {bnn_dataset_option_set().infos(), bnn_command_set().infos(), bnn_forget_option_set().infos(),
                        bnn_option_set().infos(), bnn_data_option_set().infos(), output_option_set().infos()});
}

struct Loaded {
  std::string name;
  ClassificationData train, test;
  RowIds train_ids;  // the ids --forget names
};

ClassificationData classification_data(const UserRows& rows, int classes) {
  ClassificationData d;
  d.x = rows.x;
  d.labels = rows.labels;
  d.classes = classes;
  return d;
}

// The user's rows: --data to train on, --test held out, as given (no split).
Loaded load_user_rows(const Options& o) {
  if (!o.has("test"))
    throw UsageError(
        "option --data: needs --test FILE.csv, the held-out rows the measures use (there is no "
        "hidden split of --data)");
  Loaded l;
  l.name = o.text("data", "");
  const UserRows train = read_user_rows(l.name, "data");
  const UserRows test = read_user_rows(o.text("test", ""), "test");
  if (test.x.cols() != train.x.cols())
    throw UsageError("option --test: has " + std::to_string(test.x.cols()) + " feature columns, --data " +
                     std::to_string(train.x.cols()));
  const int classes = 1 + std::max(train.labels.maxCoeff(), test.labels.maxCoeff());
  l.train = classification_data(train, classes);
  l.test = classification_data(test, classes);
  naming("data", [&] {
    check_classification_data(l.train, "bnn-forget");
    return 0;
  });
  l.train_ids = ids_of(train, l.name);
  return l;
}

// The data set and its fixed split (20 % test, by the seed), or the user's rows.
// Digits: pixels / 16.
Loaded load(const Options& o, const BnnDatasetOptions& dataset) {
  const std::uint64_t seed = dataset.seed;
  if (o.has("data") && o.has("dataset")) throw UsageError("options --data and --dataset exclude each other: give one");
  if (o.has("test") && !o.has("data")) throw UsageError("option --test: needs --data (the training rows)");
  if (o.has("data")) return load_user_rows(o);
  Loaded l;
  l.name = dataset.dataset;
  if (l.name == "moons" || l.name == "spirals") {
    const BnnData d = bnn_generated_data(l.name, seed, "bnn-forget", dataset.rows);
    l.train = d.train;
    l.test = d.test;
    l.train_ids = row_number_ids(l.train.size(), "the training split of --dataset " + l.name);
    return l;
  }
  if (l.name == "fashion-mnist") {
    const BnnDataOptions data = o.read(bnn_data_option_set());
    const BnnData d = naming("dataset", [&] { return bnn_fashion_mnist_data(kFashionMnistDirectory, data, seed); });
    l.train = d.train;
    l.test = d.test;
    l.train_ids = row_number_ids(l.train.size(), "the training subset of --dataset " + l.name);
    return l;
  }
  if (l.name != "digits")
    throw UsageError("option --dataset: must be " + choices_text(bnn_dataset_names()) + " (got '" + l.name + "')");
  const ClassificationData all =
      naming("dataset", [&] { return read_uci_digits(std::string(LETHE_DATA_DIR) + "/digits.csv"); });
  const BnnData d = naming("dataset", [&] {
    BnnData split = bnn_split(all, seed);
    check_classification_data(split.train, "bnn-forget (training split)");
    return split;
  });
  l.train = d.train;
  l.test = d.test;
  l.train_ids = row_number_ids(l.train.size(), "the training split of --dataset " + l.name);
  return l;
}

std::vector<int> forget_ids(const Options& o, const Loaded& l, std::uint64_t seed, bool canaries, std::string& label) {
  if (o.has("forget") && o.has("scenario"))
    throw UsageError("options --forget and --scenario exclude each other: give one");
  // With canaries and no request, D_e is the canaries alone.
  if (canaries && !o.has("forget") && !o.has("scenario")) {
    label = "canaries";
    return {};
  }
  if (o.has("forget")) {
    label = o.text("forget", "");
    std::vector<int> ids = forget_rows(label, l.train_ids, "forget");
    naming("forget", [&] {
      check_forget_ids(l.train, ids, "bnn-forget", "forget");
      return 0;
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  label = o.text("scenario", default_bnn_scenario(l.train.features()));
  return naming("scenario", [&] { return scenario_ids(l.train, label, seed, "bnn-forget"); });
}

std::vector<BnnMethod> methods_of(const std::string& m) {
  if (m == "all") return bnn_compared_methods();
  const std::optional<BnnMethod> method = find_name<BnnMethod>(m);
  // "nothing" is the floor every run is shown against, not a method to ask for.
  if (!method || *method == BnnMethod::nothing) {
    std::vector<std::string> accepted;
    for (BnnMethod compared : bnn_compared_methods()) accepted.emplace_back(name_of(compared));
    accepted.emplace_back("all");
    throw UsageError("option --method: must be " + choices_text(accepted) + " (got '" + m + "')");
  }
  return {*method};
}

// --- the figure -------------------------------------------------------------

// One decision map: P(class 1) on a grid as coloured cells, the training points on top
// (forgotten hollow). Written directly (svg.hpp has no raster layer).
std::string decision_maps(BnnProblem& p, BnnPosterior family, const Loaded& l, const std::string& method) {
  const int G = 40;
  const double x0 = l.train.x.col(0).minCoeff() - 0.5, x1 = l.train.x.col(0).maxCoeff() + 0.5;
  const double y0 = l.train.x.col(1).minCoeff() - 0.5, y1 = l.train.x.col(1).maxCoeff() + 0.5;
  Eigen::MatrixXd grid(G * G, 2);
  for (int i = 0; i < G; ++i)
    for (int j = 0; j < G; ++j) {
      grid(i * G + j, 0) = x0 + (x1 - x0) * (j + 0.5) / G;
      grid(i * G + j, 1) = y1 - (y1 - y0) * (i + 0.5) / G;
    }
  const int W = 300, M = 30;
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << 3 * (W + M) + M << "' height='" << W + 2 * M + 10
      << "' font-family='sans-serif' font-size='13'>\n";
  const std::vector<std::pair<BnnProblem::Which, std::string>> panels = {
      {BnnProblem::Which::original, "original (trained on D)"},
      {BnnProblem::Which::forgotten, "forgotten (" + method + ")"},
      {BnnProblem::Which::retrained, "retrained on D_r"}};
  std::vector<bool> forgotten(std::size_t(p.training_data().size()), false);  // canaries come after the rows
  for (int id : p.forgotten()) forgotten[std::size_t(id)] = true;
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const Eigen::MatrixXd prob = p.predict(grid, family, panels[k].first);
    const int ox = M + int(k) * (W + M), oy = M + 10;
    svg << "<text x='" << ox << "' y='" << M << "'>" << panels[k].second << "</text>\n";
    const double cell = double(W) / G;
    for (int i = 0; i < G; ++i)
      for (int j = 0; j < G; ++j) {
        // P(class 1): blue (0) → white (½) → orange (1), Okabe–Ito end colours.
        const double q = prob(i * G + j, 1);
        const double t = q < 0.5 ? 1.0 - 2.0 * q : 2.0 * q - 1.0;  // 0 at ½, 1 at the ends
        const int end[3] = {q < 0.5 ? 0 : 230, q < 0.5 ? 114 : 159, q < 0.5 ? 178 : 0};
        const int r = int(255 + (end[0] - 255) * t), g = int(255 + (end[1] - 255) * t),
                  b = int(255 + (end[2] - 255) * t);
        char colour[8];
        std::snprintf(colour, sizeof colour, "#%02x%02x%02x", std::clamp(r, 0, 255), std::clamp(g, 0, 255),
                      std::clamp(b, 0, 255));
        svg << "<rect x='" << format_number("%.1f", ox + j * cell) << "' y='" << format_number("%.1f", oy + i * cell)
            << "' width='" << format_number("%.1f", cell + 0.4) << "' height='" << format_number("%.1f", cell + 0.4)
            << "' fill='" << colour << "'/>\n";
      }
    for (Eigen::Index n = 0; n < l.train.size(); ++n) {
      const double px = ox + (l.train.x(n, 0) - x0) / (x1 - x0) * W;
      const double py = oy + (y1 - l.train.x(n, 1)) / (y1 - y0) * W;
      const char* colour = l.train.labels[n] == 1 ? "#8a4b00" : "#003a66";
      const bool gone = forgotten[std::size_t(n)];
      svg << "<circle cx='" << format_number("%.1f", px) << "' cy='" << format_number("%.1f", py) << "' r='"
          << (gone ? 3.2 : 2.2) << "' fill='" << (gone ? "none" : colour) << "' stroke='" << (gone ? "#000" : colour)
          << "' stroke-width='" << (gone ? 1.2 : 0.5) << "'/>\n";
    }
  }
  svg << "</svg>\n";
  return svg.str();
}

std::string per_class_chart(const BnnFamilyFit& fit, const BnnRun& run) {
  Panel chart;
  chart.title = "Test accuracy per class (" + std::string(name_of(run.method)) + ")";
  chart.x_label = "class";
  chart.y_label = "accuracy";
  const std::vector<std::pair<const Eigen::VectorXd*, std::string>> models = {{&fit.original_per_class, "original"},
                                                                              {&run.test_per_class, "forgotten"},
                                                                              {&fit.retrained_per_class, "retrained"}};
  for (std::size_t m = 0; m < models.size(); ++m) {
    Series s;
    s.label = models[m].second;
    s.colour = palette(int(m));
    s.line = false;
    s.marker_radius = 5;
    for (Eigen::Index k = 0; k < models[m].first->size(); ++k) {
      // Bars drawn as vertical stems: each class's three models side by side.
      const double x = double(k) + (double(m) - 1.0) * 0.22;
      s.x.push_back(x);
      s.y.push_back((*models[m].first)[k]);
    }
    chart.series.push_back(s);
    for (Eigen::Index k = 0; k < models[m].first->size(); ++k) {
      Series stem;
      stem.colour = palette(int(m));
      stem.markers = false;
      const double x = double(k) + (double(m) - 1.0) * 0.22;
      stem.x = {x, x};
      stem.y = {0.0, (*models[m].first)[k]};
      chart.series.push_back(stem);
    }
  }
  return render_svg({chart}, 760, 360);
}

// --- the table ----------------------------------------------------------------

void print_row(const std::string& name, const std::string& lambda, const BnnMeasures& m, double retrain_seconds,
               bool forget_row) {
  auto opt = [](const std::optional<double>& v) { return v ? format_number("%11.4f", *v) : std::string(11, ' '); };
  auto pad = [](const std::string& t, std::size_t w) {
    return t.size() < w ? t + std::string(w - t.size(), ' ') : t + " ";
  };
  std::cout << pad(name, 11) << pad(lambda, 7) << opt(m.kl_forgotten) << opt(m.kl_remaining)
            << format_number("%8.3f", m.accuracy_forgotten) << format_number("%8.3f", m.accuracy_remaining)
            << format_number("%9.3f", m.accuracy_test) << format_number("%9.3f", m.accuracy_test_kept)
            << format_number("%8.3f", m.mia_auc);
  if (m.canary_auc)
    std::cout << format_number("%8.3f", *m.canary_auc) << format_number("%8.3f", *m.canary_auc_threshold);
  std::cout << format_number("%9.3f", m.seconds);
  if (forget_row && m.seconds > 0)
    std::cout << format_number("%9.3f", retrain_seconds) << format_number("%8.1fx", retrain_seconds / m.seconds);
  std::cout << "\n";
}

// What the core says about a fit or a run, one line each: "!" where the answer is not
// what it claims to be, "·" for a stated rule.
void print_warnings(BnnProblem& problem, bool vi, bool chain, const std::vector<BnnRun>& runs) {
  std::vector<std::string> lines;
  for (BnnPosterior fam : {BnnPosterior::vi, BnnPosterior::chain}) {
    if ((fam == BnnPosterior::vi && !vi) || (fam == BnnPosterior::chain && !chain)) continue;
    const BnnFamilyFit& f = problem.fit(fam);
    const std::string tag = fam == BnnPosterior::vi ? "VI" : "SGHMC";
    if (!f.original.fit_status.empty()) lines.push_back("! " + tag + " original: " + f.original.fit_status);
    if (!f.retrained.fit_status.empty()) lines.push_back("! " + tag + " retrained: " + f.retrained.fit_status);
  }
  for (const BnnRun& r : runs)
    if (!r.status.empty()) lines.push_back(std::string(r.reliable ? "· " : "! ") + name_of(r.method) + ": " + r.status);
  if (!lines.empty()) std::cout << "\n";
  for (const std::string& line : lines) std::cout << line << "\n";
}

}  // namespace

int bnn_forget_main(const std::vector<std::string>& args) {
  if (asked_for_help(args, bnn_usage())) return 0;
  const Options o(args, {bnn_dataset_option_set().infos(), bnn_command_set().infos(), bnn_forget_option_set().infos(),
                         bnn_option_set().infos(), bnn_data_option_set().infos(), output_option_set().infos()});
  const BnnCommand command = o.read(bnn_command_set());
  const BnnDatasetOptions dataset = o.read(bnn_dataset_option_set());
  const OutputOptions output = o.read(output_option_set());
  const std::uint64_t seed = dataset.seed;
  const Loaded l = load(o, dataset);
  // The defaults depend on the data (bnn_defaults); the options given override them.
  BnnOptions opt = bnn_defaults(l.train.features());
  o.apply(bnn_option_set(), opt);
  std::string scenario;
  const std::vector<int> request = forget_ids(o, l, seed, opt.canaries > 0, scenario);
  if (opt.canaries > 0)
    scenario = (request.empty() ? "" : scenario + " + ") + std::to_string(opt.canaries) + " canaries x " +
               std::to_string(opt.canary_copies);
  const double lambda = o.read(bnn_forget_option_set()).lambda;
  const std::vector<BnnMethod> methods = methods_of(command.method);

  BnnProblem problem(l.train, l.test, request, opt, seed);
  const std::vector<int>& forgotten = problem.forgotten();
  std::vector<BnnRun> runs;
  bool vi = false, chain = false;
  for (BnnMethod m : methods) (family_of(m) == BnnPosterior::vi ? vi : chain) = true;
  if (vi) runs.push_back(problem.forget(BnnMethod::nothing, lambda));
  for (BnnMethod m : methods)
    if (family_of(m) == BnnPosterior::vi) runs.push_back(problem.forget(m, lambda));
  // The chain's method last. The figure shows the last run; each family keeps the
  // forgotten model of its own last run, so the figure's "forgotten" is that run's.
  for (BnnMethod m : methods)
    if (family_of(m) == BnnPosterior::chain) runs.push_back(problem.forget(m, lambda));
  const BnnPosterior main_family = vi ? BnnPosterior::vi : BnnPosterior::chain;
  const BnnFamilyFit& main_fit = problem.fit(main_family);

  BnnModelInfo info;
  info.dataset = l.name;
  info.scenario = scenario;
  info.features = l.train.features();
  info.classes = l.train.classes;
  info.parameters = static_cast<long>(problem.mlp().parameter_count());
  for (int w : opt.hidden) info.hidden.push_back(w);
  info.activation = name_of(opt.activation);
  info.train = static_cast<long>(l.train.size());
  info.test = static_cast<long>(l.test.size());
  info.forgotten = static_cast<long>(forgotten.size());
  info.prior_variance = opt.prior_variance;
  info.seed = static_cast<long>(seed);

  if (output.json) {
    JsonObject out;
    out.object("model", info);
    out.object("original", main_fit.original);
    out.object("retrained", main_fit.retrained);
    out.list("runs", runs);
    if (vi && chain) {
      const BnnFamilyFit& c = problem.fit(BnnPosterior::chain);
      out.object("chain_original", c.original);
      out.object("chain_retrained", c.retrained);
    }
    std::cout << out.str() << "\n";
  } else {
    std::cout << "bnn-forget: " << info.dataset << ", " << info.train << " train / " << info.test
              << " test rows, forget " << scenario << " (" << info.forgotten << " rows); MLP " << info.features;
    for (int w : opt.hidden) std::cout << "-" << w;
    std::cout << "-" << problem.mlp().outputs() << " " << info.activation << ", " << info.parameters
              << " parameters\n\n";
    std::cout << "model      lambda   KL on D_e  KL on D_r  acc D_e acc D_r acc test acc kept mia_auc"
              << (opt.canaries > 0 ? "  canary  c_thr" : "") << "  seconds  retrain speedup\n";
    for (BnnPosterior fam : {BnnPosterior::vi, BnnPosterior::chain}) {
      if ((fam == BnnPosterior::vi && !vi) || (fam == BnnPosterior::chain && !chain)) continue;
      const BnnFamilyFit& f = problem.fit(fam);
      const std::string tag = fam == BnnPosterior::vi ? "VI" : "SGHMC";
      print_row(tag + " orig", "-", f.original, 0, false);
      print_row(tag + " retr", "-", f.retrained, 0, false);
      for (const BnnRun& r : runs)
        if (family_of(r.method) == fam)
          print_row(name_of(r.method), takes_lambda(r.method) ? format_number("%g", r.lambda) : "-", r.measures,
                    f.retrained.seconds, r.method != BnnMethod::nothing);
    }
    std::cout << "\nKL: mean predictive KL[retrained || model]; acc kept: test rows of classes still in training;\n"
                 "mia_auc: threshold attack on the true-label confidence, D_e vs unseen test rows of D_e's classes.\n";
    if (opt.canaries > 0)
      std::cout
          << "canary: LiRA (offline, " << opt.shadows
          << " shadows on D_r) AUC, canaries vs held-out canaries; c_thr: the confidence threshold attack on them.\n";
    print_warnings(problem, vi, chain, runs);
  }
  if (!output.svg.empty()) {
    const BnnRun& shown = runs.back();
    const BnnPosterior fam = family_of(shown.method);
    const std::string svg = l.train.features() == 2 ? decision_maps(problem, fam, l, name_of(shown.method))
                                                    : per_class_chart(problem.fit(fam), shown);
    naming("svg", [&] {
      write_text_file(output.svg, svg);
      return 0;
    });
  }
  return 0;
}

}  // namespace lethe::cli
