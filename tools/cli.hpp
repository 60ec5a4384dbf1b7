// Shared plumbing of the `lethe` command-line tool: option parsing that names the
// offending option in every error, and the subcommand table. JSON output is in
// lethe/base/json.hpp. Each command's options are described once (base/option_spec.hpp):
// the core's sets (experiments/option_sets.hpp) and the command's own (files, output),
// from which the allow-list, the parsing, the range checks and the usage text come.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <lethe/base/format.hpp>
#include <lethe/base/names.hpp>
#include <lethe/base/option_spec.hpp>

namespace lethe::cli {

// A user error on the command line; main() prints "lethe: <message>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `f`; a library error becomes a UsageError naming `option`
// ("option --data: input.csv:3: …"), so that a bad file or value is reported
// against the option that brought it in.
template <typename F>
auto naming(const std::string& option, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError("option --" + option + ": " + e.what());
  }
}

// Parses `--name value` and `--flag` options. Unknown options are errors.
class Options {
 public:
  // The options described by `allowed` (flags take no value): the command's sets.
  Options(const std::vector<std::string>& args, const std::vector<std::vector<OptionInfo>>& allowed);

  // Every option of `set` that was given, checked by its description and stored in
  // `target`; a bad value is a UsageError "option --name: must be … (got …)".
  template <class T>
  void apply(const OptionSet<T>& set, T& target) const {
    for (const Option<T>& o : set.options()) {
      const std::string name = cli_name(o.info.name);
      if (!has(name)) continue;
      try {
        set.apply(target, o.info.name, value_of(o.info));
      } catch (const OptionError& e) {
        throw UsageError("option --" + name + ": " + e.requirement());
      }
    }
  }
  // The set's defaults with the given options applied.
  template <class T>
  T read(const OptionSet<T>& set) const {
    T target = set.defaults();
    apply(set, target);
    return target;
  }

  bool has(const std::string& name) const;
  std::string text(const std::string& name, const std::string& fallback) const;
  double number(const std::string& name, double fallback) const;

 private:
  // The given text of a described option as a value of its type (not yet range-checked).
  OptionValue value_of(const OptionInfo& info) const;
  std::map<std::string, std::string> values_;
};

// --json and --svg FILE, which every command takes.
struct OutputOptions {
  bool json = false;
  std::string svg;  // empty: no figure
};
const OptionSet<OutputOptions>& output_option_set();
// --json alone, for the commands that draw no figure (the lifecycle, model-bench).
const OptionSet<OutputOptions>& json_option_set();

// "usage: lethe <command> [options]\n" + `summary` + one line per option of the sets.
std::string command_usage(const std::string& command, const std::string& summary,
                          const std::vector<std::vector<OptionInfo>>& sets);

// Prints the usage and returns true if the arguments ask for help (--help or -h).
bool asked_for_help(const std::vector<std::string>& args, const std::string& usage);

// "a|b|c": the accepted values, for a usage line.
inline std::string alternatives(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "|") + n;
  return out;
}

// format_number (lethe/base/format.hpp): one number for a table or a figure label.
using lethe::format_number;

// Subcommands: each takes the arguments after its name and returns the exit code.
int moons_kl_main(const std::vector<std::string>& args);
int gmm_forget_main(const std::vector<std::string>& args);
int bif_rate_main(const std::vector<std::string>& args);
int bnn_forget_main(const std::vector<std::string>& args);
int scale_main(const std::vector<std::string>& args);
// The model lifecycle (model_commands.cpp).
int train_main(const std::vector<std::string>& args);
int forget_main(const std::vector<std::string>& args);
int status_main(const std::vector<std::string>& args);
int predict_main(const std::vector<std::string>& args);
int verify_main(const std::vector<std::string>& args);
int retrain_main(const std::vector<std::string>& args);
// The lifecycle on disk at 10⁴–10⁶ rows, timed (model_bench.cpp).
int model_bench_main(const std::vector<std::string>& args);
// Certified removal measured on real data (certified_bench.cpp).
int certified_bench_main(const std::vector<std::string>& args);
// "%.3f" of a log–log slope (scale.cpp).
std::string format_slope(double slope);

}  // namespace lethe::cli
