// The model lifecycle on the command line: train once, forget as requests arrive,
// and look, predict, verify or retrain at any time.
//
//   lethe train --family F --data rows.csv -o model.lethe [family options] [--residual-budget X]
//   lethe forget model.lethe --ids 17,23 | --ids-file FILE [--request-id R] [--auto-retrain] [--no-check]
//   lethe status model.lethe [--verify-rows]
//   lethe predict model.lethe --data new.csv [-o predictions.csv]
//   lethe verify model.lethe [--audit forgotten.csv [--held-out never-sent.csv [--shadows K]]]
//   lethe retrain model.lethe [--request-id R]
//
// Every command takes --json. Exit codes: 0 done, 2 bad input or refused (nothing
// changed), 1 internal error. The rules (policy, defaults, checks) are the core's
// (lethe/model/); this file parses, calls and prints. Each command's options are
// described once, as option sets (cli.hpp): the core's (the families' options,
// model_forget, model_retrain) and the command's own below, from which the parser,
// the allow-list and the usage text come.
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <lethe/base/csv.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/model/logistic_family.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/model_fields.hpp>
#include <lethe/model/posix_volume.hpp>
#include <lethe/model/table.hpp>

#include <lethe/base/json.hpp>
#include "cli.hpp"

namespace lethe::cli {
namespace {

std::string iso_time(std::int64_t t) {
  const std::time_t seconds = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

// The clock of a request: LETHE_NOW (seconds since 1970) when set, for reproducible
// files in tests; else the system's.
std::int64_t now() {
  if (const char* fixed = std::getenv("LETHE_NOW")) return std::strtoll(fixed, nullptr, 10);
  return static_cast<std::int64_t>(std::time(nullptr));
}

// `lethe <command> MODEL [options]`: the model's path first, then the options. The
// path is the first argument that is neither an option nor the value of one (the
// command's `sets` say which options take a value).
std::string take_model_path(std::vector<std::string>& args, const std::string& command,
                            const std::vector<std::vector<OptionInfo>>& sets) {
  std::vector<std::string> flags;
  for (const std::vector<OptionInfo>& set : sets)
    for (const OptionInfo& o : set)
      if (o.type == OptionType::flag) flags.push_back(cli_name(o.name));
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) == 0) {
      const bool takes_value = std::find(flags.begin(), flags.end(), args[i].substr(2)) == flags.end();
      if (takes_value) ++i;  // skip the option's value
      continue;
    }
    const std::string path = args[i];
    args.erase(args.begin() + static_cast<long>(i));
    return path;
  }
  throw UsageError("needs the model file: lethe " + command + " MODEL.lethe …");
}

// `-o FILE` is --output's short spelling.
std::vector<std::string> with_long_output(std::vector<std::string> args) {
  for (std::string& a : args)
    if (a == "-o") a = "--output";
  return args;
}

// Library errors about the caller's input are refusals (exit 2), named by where they came from.
template <typename F>
auto refusing(const std::string& what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const UsageError&) {
    throw;
  } catch (const InvalidArgument& e) {
    throw UsageError(what + ": " + e.what());
  } catch (const ParseError& e) {
    throw UsageError(what + ": " + e.what());
  } catch (const FormatError& e) {
    throw UsageError(what + ": " + e.what());
  }
}

// lethe train's own options; the family's are its option set's (family_options), and
// --certify, --sigma and --lambda the paper's spellings of three logistic ones.
struct TrainCommand {
  std::string family, data, target, test, output;
  double residual_budget = TrainSpec{}.residual_budget;
  std::vector<double> certify;  // ε, δ
  double sigma = 0.0, lambda = 0.0;
};

const OptionSet<TrainCommand>& train_command_set() {
  using C = TrainCommand;
  static const OptionSet<C> set(
      "train command",
      {option<C>("family", &C::family, any_value(), "the model family (required)",
                 alternatives(family_names()).c_str()),
       option<C>("data", &C::data, any_value(),
                 "CSV with a header (required); an 'id' column names the rows (else the data row number, from 0); "
                 "the target is --target, else 'y', 'label' or the last column; every other column is a feature",
                 "FILE.csv"),
       option<C>("target", &C::target, any_value(), "the target column", "NAME"),
       option<C>("test", &C::test, any_value(),
                 "held-out rows (same columns) to score the trained model on; they never enter the model file",
                 "FILE.csv"),
       option<C>("output", &C::output, any_value(),
                 "the model file to write (required; also -o), replaced whole and atomically", "FILE"),
       option<C>("residual_budget", &C::residual_budget, any_value(),
                 "retrain when the certificates' running sum passes X (0: never)"),
       option<C>("certify", &C::certify, entries(any_value(), 2, 2),
                 "logistic: certified removal (Guo et al. 2020) with budget sigma*EPS/sqrt(2 log(1.5/DELTA)); "
                 "needs --sigma",
                 "EPS,DELTA"),
       option<C>("sigma", &C::sigma, any_value(), "logistic: the objective perturbation's sigma (--perturbation-sigma)",
                 "S"),
       option<C>("lambda", &C::lambda, any_value(),
                 "logistic: the paper's regulariser (L n/2)|w|^2, i.e. --prior-variance 1/(L n)", "L")});
  return set;
}

// The number the model file keeps for family option `info` as given: a number, or a
// choice's token (its index in the table; an index is accepted too).
double family_option_number(const Options& options, const OptionInfo& info) {
  const std::string name = cli_name(info.name);
  if (info.type != OptionType::choice) return options.number(name, 0.0);
  OptionValue value;
  value.text = options.text(name, "");
  const double kept = kept_number(info, value);
  if (kept >= 0) return kept;
  char* end = nullptr;
  const double index = std::strtod(value.text.c_str(), &end);  // an index, checked by the family
  if (value.text.empty() || *end != '\0')
    throw UsageError("option --" + name + ": must be " + choices_text(info.choices) + " (got '" + value.text + "')");
  return index;
}

// Every family's options, each name once (the parser's allow-list; the chosen
// family's own are checked after).
std::vector<OptionInfo> every_family_option() {
  std::vector<OptionInfo> out;
  for (const std::string& f : family_names())
    for (const OptionInfo& o : family_options(f))
      if (std::none_of(out.begin(), out.end(), [&](const OptionInfo& seen) { return seen.name == o.name; }))
        out.push_back(o);
  return out;
}

std::vector<std::vector<OptionInfo>> train_sets() {
  return {train_command_set().infos(), json_option_set().infos(), every_family_option()};
}

std::string train_usage() {
  std::string out = command_usage("train", "", {train_command_set().infos(), json_option_set().infos()});
  for (const std::string& f : family_names()) out += "options of family " + f + ":\n" + option_usage(family_options(f));
  return out;
}

// lethe forget's own options; --request-id and --auto-retrain are model_forget's, and
// --no-check turns its `check` off.
struct ForgetCommand {
  std::string ids, ids_file;
  bool no_check = false;
};
const OptionSet<ForgetCommand>& forget_command_set() {
  using C = ForgetCommand;
  static const OptionSet<C> set(
      "forget command", {option<C>("ids", &C::ids, any_value(), "the rows to forget, by id (or --ids-file)", "17,23"),
                         option<C>("ids_file", &C::ids_file, any_value(),
                                   "a file of the ids to forget, one per line or comma-separated", "FILE"),
                         option<C>("no_check", &C::no_check, any_value(),
                                   "skip the check of a proof family's bound (one pass over the rows held)")});
  return set;
}
// model_forget's options but `check`, whose CLI spelling is --no-check.
std::vector<OptionInfo> forget_request_options() {
  std::vector<OptionInfo> out;
  for (const OptionInfo& o : forget_request_option_set().infos())
    if (o.name != "check") out.push_back(o);
  return out;
}
std::vector<std::vector<OptionInfo>> forget_sets() {
  return {forget_command_set().infos(), forget_request_options(), json_option_set().infos()};
}

struct StatusCommand {
  bool verify_rows = false;
};
const OptionSet<StatusCommand>& status_command_set() {
  static const OptionSet<StatusCommand> set(
      "status command", {option<StatusCommand>("verify_rows", &StatusCommand::verify_rows, any_value(),
                                               "read every row page and check its checksum")});
  return set;
}

struct PredictCommand {
  std::string data, output;
};
const OptionSet<PredictCommand>& predict_command_set() {
  using C = PredictCommand;
  static const OptionSet<C> set(
      "predict command",
      {option<C>("data", &C::data, any_value(), "CSV with the model's feature columns, by name (required)", "FILE.csv"),
       option<C>("output", &C::output, any_value(), "write the predictions there (also -o); else print them",
                 "FILE.csv")});
  return set;
}

struct VerifyCommand {
  std::string audit, held_out;
  int shadows = 0;
};
const OptionSet<VerifyCommand>& verify_command_set() {
  using C = VerifyCommand;
  static const OptionSet<C> set(
      "verify command",
      {option<C>("audit", &C::audit, any_value(),
                 "the auditor's copy of forgotten rows (with their ids): a membership audit of them", "FILE.csv"),
       option<C>("held_out", &C::held_out, any_value(),
                 "with --audit: rows never sent to the model, the canaries the forgotten ones are set against",
                 "FILE.csv"),
       option<C>("shadows", &C::shadows, in_range(0, kMaxShadows),
                 "with --held-out: K >= 2 shadow models, each trained on a seeded half of the rows held, for the "
                 "likelihood-ratio (LiRA) canary audit (0: none)",
                 "K")});
  return set;
}

// "usage: lethe <command> MODEL.lethe [options]" and the options of `sets`.
std::string model_command_usage(const std::string& command, const std::vector<std::vector<OptionInfo>>& sets) {
  return command_usage(command + " MODEL.lethe", "", sets);
}

// The labelled rows of `path`, given as option --`option` (a CSV with the model's
// columns), or exit 2 naming the option when a column differs.
LabelledTable rows_like_model(const std::string& path, const std::string& option, const ModelStatus& s) {
  const LabelledTable rows = naming(
      option, [&] { return rows_from_table(parse_data_csv(read_text_file(path), path), s.target_name, true, path); });
  if (rows.feature_names != s.feature_names)
    throw UsageError("option --" + option + ": " + path + " has features " + alternatives(rows.feature_names) +
                     ", the model " + alternatives(s.feature_names));
  return rows;
}

}  // namespace

int train_main(const std::vector<std::string>& raw_args) {
  if (asked_for_help(raw_args, train_usage())) return 0;
  const Options options(with_long_output(raw_args), train_sets());
  const TrainCommand command = options.read(train_command_set());
  const bool json = options.read(json_option_set()).json;
  if (!options.has("family")) throw UsageError("option --family is required (" + alternatives(family_names()) + ")");
  if (!options.has("data")) throw UsageError("option --data is required");
  if (!options.has("output")) throw UsageError("option -o/--output is required");
  const std::string& family = command.family;
  const std::vector<std::string> families = family_names();
  if (std::find(families.begin(), families.end(), family) == families.end())
    throw UsageError("option --family: must be " + alternatives(family_names()) + " (got '" + family + "')");
  TrainSpec spec;
  spec.family = family;
  // The CLI option each family option came from, for the core's errors: the paper's
  // spellings below stand for family options under other names.
  std::vector<std::pair<std::string, std::string>> given_as;
  const std::vector<OptionInfo> own = family_options(family);
  for (const OptionInfo& o : every_family_option()) {
    const std::string name = cli_name(o.name);
    if (!options.has(name)) continue;
    const auto mine = std::find_if(own.begin(), own.end(), [&](const OptionInfo& m) { return m.name == o.name; });
    if (mine == own.end()) throw UsageError("option --" + name + " is not an option of family " + family);
    spec.options.emplace_back(o.name, family_option_number(options, *mine));
    given_as.emplace_back(o.name, name);
  }
  // The paper's spelling of the certified-removal options (Guo et al. 2020).
  const bool paper_options = options.has("certify") || options.has("sigma") || options.has("lambda");
  if (paper_options && family != "logistic")
    throw UsageError("options --certify, --sigma and --lambda are the logistic family's");
  if (options.has("certify")) {
    // The ranges of ε and δ are the family's (certify_epsilon, certify_delta); ε = 0 is
    // its "no budget", and asking for a certificate asks for an ε.
    if (!(command.certify[0] > 0))
      throw UsageError("option --certify: EPS must be positive (to train without a budget, omit it)");
    spec.options.emplace_back("certify_epsilon", command.certify[0]);
    spec.options.emplace_back("certify_delta", command.certify[1]);
    given_as.emplace_back("certify_epsilon", "certify");
    given_as.emplace_back("certify_delta", "certify");
    if (!options.has("sigma") && !options.has("perturbation-sigma"))
      throw UsageError("option --certify needs --sigma (the guarantee comes from the perturbation's noise)");
  }
  if (options.has("sigma")) {
    spec.options.emplace_back("perturbation_sigma", command.sigma);
    given_as.emplace_back("perturbation_sigma", "sigma");
  }
  spec.residual_budget = command.residual_budget;
  given_as.emplace_back("residual_budget", "residual-budget");
  spec.now = now();
  const std::string& data_path = command.data;
  const LabelledTable table = naming("data", [&] {
    return rows_from_table(parse_data_csv(read_text_file(data_path), data_path), command.target, true, data_path);
  });
  spec.feature_names = table.feature_names;
  spec.target_name = table.target_name;
  if (options.has("lambda")) {
    const double variance = naming("lambda", [&] {
      return LogisticFamily::prior_variance_of_regulariser(command.lambda, static_cast<long>(table.rows.ids.size()));
    });
    spec.options.emplace_back("prior_variance", variance);
    given_as.emplace_back("prior_variance", "lambda");
  }
  const std::string& output = command.output;
  const PathParts parts = split_path(output);
  PosixVolume volume(parts.directory);
  const auto start = std::clock();
  refusing("train", [&] {
    // Option errors name the CLI option; data errors the --data file.
    try {
      Model::train(volume, parts.name, table.rows, spec);
    } catch (const InvalidArgument& e) {
      for (const auto& [name, option] : given_as)
        if (e.parameter() == name) throw UsageError("option --" + option + ": " + e.what());
      throw UsageError(std::string("option --data: ") + e.what());
    }
    return 0;
  });
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  Model model(volume, parts.name);
  const ModelStatus s = model.status(false);
  // Held-out score: the core's fit of the rows (ModelFamily::score: accuracy or RMSE).
  std::string test_measure;
  double test_value = 0.0;
  if (options.has("test")) {
    const LabelledTable test = rows_like_model(command.test, "test", s);
    try {
      const FitScore score = model.family().score(TrainingRows{test.rows.x, test.rows.y});
      test_measure = score.measure;
      test_value = score.value;
    } catch (const InvalidArgument& e) {
      throw UsageError(std::string("option --test: ") + e.what());
    }
  }
  if (json) {
    JsonObject o;
    const std::string test_key = "test_" + test_measure;
    if (!test_measure.empty()) o.number(FieldName(test_key.c_str()), test_value);
    o.text("model", output);
    o.text("family", s.family);
    o.integer64("rows", static_cast<std::int64_t>(s.rows));
    o.texts("features", s.feature_names);
    o.text("target", s.target_name);
    o.object("options", NamedOptions{s.options});
    o.number("residual_budget", s.residual_budget);
    o.integer64("file_bytes", static_cast<std::int64_t>(s.file_bytes));
    o.text("checksum", s.checksum);
    o.number("seconds", seconds);
    std::cout << o.str() << "\n";
  } else {
    std::cout << "trained " << s.family << " on " << s.rows << " rows × " << s.feature_names.size()
              << " features (target '" << s.target_name << "') in " << format_number("%.3f", seconds) << " s\n"
              << "wrote " << output << " (" << s.file_bytes << " bytes, checksum " << s.checksum << ")\n";
    if (!test_measure.empty())
      std::cout << "held-out " << test_measure << ": " << format_number("%.4f", test_value) << "\n";
  }
  return 0;
}

int forget_main(const std::vector<std::string>& raw_args) {
  if (asked_for_help(raw_args, model_command_usage("forget", forget_sets()))) return 0;
  std::vector<std::string> args = raw_args;
  const std::string path = take_model_path(args, "forget", forget_sets());
  const Options options(args, forget_sets());
  const ForgetCommand command = options.read(forget_command_set());
  if (options.has("ids") == options.has("ids-file")) throw UsageError("give exactly one of --ids and --ids-file");
  const std::vector<std::int64_t> ids =
      options.has("ids")
          ? naming("ids", [&] { return parse_ids(command.ids, "--ids"); })
          : naming("ids-file", [&] { return parse_ids(read_text_file(command.ids_file), command.ids_file); });
  const PathParts parts = split_path(path);
  PosixVolume volume(parts.directory);
  ForgetRequest request = options.read(forget_request_option_set());  // the core's defaults, as given
  if (command.no_check) request.check = false;
  const ForgetOutcome out = refusing(path, [&] {
    Model model(volume, parts.name);
    return model.forget(ids, request, now());
  });
  const RequestRecord& r = out.record;
  if (options.read(json_option_set()).json) {
    std::cout << json_object(out) << "\n";
    return 0;
  }
  if (out.already_applied) {
    std::cout << "request '" << r.request_id << "' was already applied (" << iso_time(r.time) << "): nothing changed\n";
    return 0;
  }
  std::cout << "request '" << r.request_id << "': forgot " << r.ids.size() << " rows in "
            << format_number("%.3g", r.seconds) << " s; " << out.rows_left << " rows left\n";
  const Certificate& c = r.certificate;
  if (c.kind == "exact") {
    std::cout << "certificate: exact (the posterior is the retrained one)\n";
  } else {
    std::cout << "certificate: " << c.kind << ", this request " << format_number("%.3e", c.value) << ", running sum "
              << format_number("%.3e", c.sum);
    if (c.budget > 0) std::cout << " of budget " << format_number("%.3e", c.budget);
    std::cout << "\n";
    if (c.actual >= 0)
      std::cout << "checked: the residual it bounds, measured, is " << format_number("%.3e", c.actual) << "\n";
    if (c.distance_bound >= 0)
      std::cout << "proven: ‖θ − θ_retrained‖ ≤ " << format_number("%.3e", c.distance_bound) << "\n";
  }
  if (r.decision == "retrain-recommended")
    std::cout << "decision: retrain recommended (the sum passed the budget): lethe retrain " << path
              << ", or forget with --auto-retrain\n";
  else
    std::cout << "decision: " << r.decision << "\n";
  return 0;
}

int status_main(const std::vector<std::string>& raw_args) {
  const std::vector<std::vector<OptionInfo>> sets = {status_command_set().infos(), json_option_set().infos()};
  if (asked_for_help(raw_args, model_command_usage("status", sets))) return 0;
  std::vector<std::string> args = raw_args;
  const std::string path = take_model_path(args, "status", sets);
  const Options options(args, sets);
  const bool verify_rows = options.read(status_command_set()).verify_rows;
  const PathParts parts = split_path(path);
  PosixVolume volume(parts.directory);
  const ModelStatus s = refusing(path, [&] {
    const Model model(volume, parts.name);
    return model.status(verify_rows);
  });
  if (options.read(json_option_set()).json) {
    std::cout << json_object(s) << "\n";
    return 0;
  }
  std::cout << path << ": Lethe model, format " << s.format_version << ", family " << s.family << ", created "
            << iso_time(s.created) << "\n"
            << "rows in training: " << s.rows << " (" << s.feature_names.size() << " features, target '"
            << s.target_name << "'); forgotten: " << s.forgotten << "\n";
  if (s.residual_budget > 0)
    std::cout << "residual budget: " << format_number("%.3e", s.residual_budget) << ", used "
              << format_number("%.3e", s.certificate_sum) << ", left " << format_number("%.3e", s.budget_left) << "\n";
  std::cout << "checksum: " << s.checksum << " (" << s.file_bytes << " bytes, generation " << s.generation << ")"
            << (verify_rows ? ", every row page verified" : "") << "\n";
  std::cout << "requests: " << s.requests.size() << "\n";
  if (!s.requests.empty()) {
    std::cout << "  time                  request              rows  certificate     value       sum  decision\n";
    for (const RequestRecord& r : s.requests) {
      std::string id = r.request_id.size() > 18 ? r.request_id.substr(0, 17) + "…" : r.request_id;
      std::cout << "  " << iso_time(r.time) << "  " << id << std::string(id.size() < 19 ? 19 - id.size() : 1, ' ')
                << format_number("%5.0f", static_cast<double>(r.ids.size())) << "  " << r.certificate.kind
                << std::string(r.certificate.kind.size() < 10 ? 10 - r.certificate.kind.size() : 1, ' ')
                << format_number("%10.3e", r.certificate.value) << format_number("%10.3e", r.certificate.sum) << "  "
                << r.decision << "\n";
    }
  }
  return 0;
}

int predict_main(const std::vector<std::string>& raw_args) {
  const std::vector<std::vector<OptionInfo>> sets = {predict_command_set().infos(), json_option_set().infos()};
  if (asked_for_help(raw_args, model_command_usage("predict", sets))) return 0;
  std::vector<std::string> args = with_long_output(raw_args);
  const std::string path = take_model_path(args, "predict", sets);
  const Options options(args, sets);
  const PredictCommand command = options.read(predict_command_set());
  if (!options.has("data")) throw UsageError("option --data is required");
  const PathParts parts = split_path(path);
  PosixVolume volume(parts.directory);
  const Model model = refusing(path, [&] { return Model(volume, parts.name); });
  const std::string& data_path = command.data;
  const DataTable table = naming("data", [&] { return parse_data_csv(read_text_file(data_path), data_path); });
  // The model's own feature columns, by name.
  const ModelStatus s = model.status(false);
  Eigen::MatrixXd x(table.values.rows(), static_cast<Eigen::Index>(s.feature_names.size()));
  for (std::size_t j = 0; j < s.feature_names.size(); ++j) {
    const auto it = std::find(table.columns.begin(), table.columns.end(), s.feature_names[j]);
    if (it == table.columns.end())
      throw UsageError("option --data: " + data_path + " has no column '" + s.feature_names[j] +
                       "' (the model's features: " + alternatives(s.feature_names) + ")");
    x.col(static_cast<Eigen::Index>(j)) = table.values.col(it - table.columns.begin());
  }
  const LabelledTable ids = naming("data", [&] { return rows_from_table(table, "", false, data_path); });
  const Eigen::MatrixXd p = refusing("predict", [&] { return model.predict(x); });
  const std::vector<std::string> columns = model.prediction_columns();
  std::ostringstream out;
  if (options.read(json_option_set()).json) {
    JsonObject o;
    o.texts("columns", columns);
    o.ids("ids", ids.rows.ids);
    o.rows("predictions", p);
    out << o.str() << "\n";
  } else {
    out << "id";
    for (const std::string& c : columns) out << "," << c;
    out << "\n";
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      out << ids.rows.ids[static_cast<std::size_t>(i)];
      for (Eigen::Index j = 0; j < p.cols(); ++j) out << "," << json_number(p(i, j));
      out << "\n";
    }
  }
  if (options.has("output"))
    write_text_file(command.output, out.str());
  else
    std::cout << out.str();
  return 0;
}

int verify_main(const std::vector<std::string>& raw_args) {
  const std::vector<std::vector<OptionInfo>> sets = {verify_command_set().infos(), json_option_set().infos()};
  if (asked_for_help(raw_args, model_command_usage("verify", sets))) return 0;
  std::vector<std::string> args = raw_args;
  const std::string path = take_model_path(args, "verify", sets);
  const Options options(args, sets);
  const VerifyCommand command = options.read(verify_command_set());
  const PathParts parts = split_path(path);
  PosixVolume volume(parts.directory);
  const VerifyReport v = refusing(path, [&] {
    const Model model(volume, parts.name);
    if (options.has("shadows") && !options.has("held-out"))
      throw UsageError(
          "option --shadows: needs --held-out (the rows the likelihood-ratio audit sets the canaries against)");
    if (!options.has("audit")) {
      if (options.has("held-out"))
        throw UsageError("option --held-out: needs --audit (the forgotten canaries it is set against)");
      return model.verify();
    }
    // The audited rows: forgotten rows, with their ids, from the auditor's copy.
    const ModelStatus s = model.status(false);
    const LabelledTable audited = rows_like_model(command.audit, "audit", s);
    if (!options.has("held-out")) {
      try {
        return model.verify(&audited.rows);
      } catch (const InvalidArgument& e) {
        throw UsageError("option --audit: " + std::string(e.what()));
      }
    }
    // The held-out canaries: rows never sent to the model (an id column, if any, is not read).
    const LabelledTable held = rows_like_model(command.held_out, "held-out", s);
    try {
      return model.verify(&audited.rows, &held.rows, command.shadows);
    } catch (const InvalidArgument& e) {
      const std::string option = e.parameter() == "held_out"  ? "--held-out"
                                 : e.parameter() == "shadows" ? "--shadows"
                                                              : "--audit";
      throw UsageError("option " + option + ": " + e.what());
    }
  });
  if (options.read(json_option_set()).json) {
    std::cout << json_object(v) << "\n";
  } else {
    std::cout << "retrained from scratch on the " << v.rows << " rows held in "
              << format_number("%.3f", v.retrain_seconds) << " s\n"
              << "forgotten vs retrained: " << v.distance.measure << " " << format_number("%.3e", v.distance.value)
              << ", ‖θ − θ_retrained‖ " << format_number("%.3e", v.distance.parameter_distance) << "\n"
              << "fit of the rows held (" << v.fit_forgotten.measure
              << "): " << format_number("%.4f", v.fit_forgotten.value) << " forgotten, "
              << format_number("%.4f", v.fit_retrained.value) << " retrained\n";
    if (v.distance_bound >= 0)
      std::cout << "proven bound on ‖θ − θ_retrained‖: " << format_number("%.3e", v.distance_bound) << ": "
                << (v.bound_holds ? "holds" : "VIOLATED") << "\n";
    if (v.audit)
      std::cout << "membership audit (loss attack, " << v.audit->audited << " forgotten rows against "
                << v.audit->members << " held): AUC " << format_number("%.3f", v.audit->auc_forgotten) << " forgotten, "
                << format_number("%.3f", v.audit->auc_retrained)
                << " retrained: " << (v.audit->passes ? "passes" : "FAILS") << " (tolerance "
                << format_number("%.2f", v.audit->tolerance) << ")\n";
    if (v.audit && v.audit->canary_auc_forgotten)
      std::cout << "canary audit (confidence threshold, " << v.audit->audited << " forgotten canaries against "
                << v.audit->held_out << " held out): AUC " << format_number("%.3f", *v.audit->canary_auc_forgotten)
                << " forgotten, " << format_number("%.3f", *v.audit->canary_auc_retrained) << " retrained (gap "
                << format_number("%+.3f", *v.audit->canary_gap) << ")\n";
    if (v.audit && v.audit->canary_lira_auc_forgotten)
      std::cout << "canary audit (likelihood ratio, " << v.audit->shadows
                << " shadows on halves of the rows held): AUC "
                << format_number("%.3f", *v.audit->canary_lira_auc_forgotten) << " forgotten, "
                << format_number("%.3f", *v.audit->canary_lira_auc_retrained) << " retrained (gap "
                << format_number("%+.3f", *v.audit->canary_lira_gap) << ")\n";
  }
  if (!v.bound_holds) {
    std::cerr << "lethe verify: the measured distance exceeds the proven bound: the model file or the code is wrong\n";
    return 1;
  }
  if (v.audit && !v.audit->passes) {
    std::cerr << "lethe verify: the membership audit fails: an attacker tells the forgotten rows from non-members "
                 "differently than on the retrained model; retrain (lethe retrain "
              << path << ")\n";
    return 1;
  }
  return 0;
}

int retrain_main(const std::vector<std::string>& raw_args) {
  const std::vector<std::vector<OptionInfo>> sets = {retrain_request_option_set().infos(), json_option_set().infos()};
  if (asked_for_help(raw_args, model_command_usage("retrain", sets))) return 0;
  std::vector<std::string> args = raw_args;
  const std::string path = take_model_path(args, "retrain", sets);
  const Options options(args, sets);
  const RetrainRequest request = options.read(retrain_request_option_set());
  const PathParts parts = split_path(path);
  PosixVolume volume(parts.directory);
  const RequestRecord r = refusing(path, [&] {
    Model model(volume, parts.name);
    return model.retrain(request.request_id, now());
  });
  if (options.read(json_option_set()).json)
    std::cout << json_object(r) << "\n";
  else
    std::cout << "retrained from scratch in " << format_number("%.3f", r.seconds) << " s (request '" << r.request_id
              << "'); the running sum starts again\n";
  return 0;
}

}  // namespace lethe::cli
