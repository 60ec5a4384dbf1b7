// Shared plumbing of the `lethe` command-line tool: option parsing that names the
// offending option in every error, a small JSON writer, and the subcommand table.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace lethe::cli {

// A user error on the command line; main() prints "lethe: <message>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses `--name value` and `--flag` options. Unknown options are errors.
class Options {
 public:
  // `valued` lists options that take a value, `flags` those that do not.
  Options(const std::vector<std::string>& args, const std::vector<std::string>& valued,
          const std::vector<std::string>& flags);

  bool has(const std::string& name) const;
  std::string text(const std::string& name, const std::string& fallback) const;
  double number(const std::string& name, double fallback) const;
  long integer(const std::string& name, long fallback) const;
  // Comma-separated numbers, e.g. --lambdas 0.5,0.1,0
  std::vector<double> numbers(const std::string& name, const std::vector<double>& fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

// Reads 0-based row ids, one per line (blank lines skipped), as given by --erase.
std::vector<int> read_id_file(const std::string& path, const std::string& option);

// Minimal JSON output helpers (numbers with 17 significant digits, so that the
// wasm parity tests can compare to 1e-12).
std::string json_number(double v);
std::string json_array(const std::vector<double>& v);

// Subcommands: each takes the arguments after its name and returns the exit code.
// `lethe parity <area>` prints fixed-seed results as JSON for the wasm parity tests;
// each area's printer lives beside that area's subcommand.
int parity_main(const std::vector<std::string>& args);
std::string parity_exact_json();        // tools/parity.cpp
std::string parity_variational_json();  // tools/moons_kl.cpp
std::string parity_bif_json();          // tools/gmm_forget.cpp
int moons_kl_main(const std::vector<std::string>& args);
int gmm_forget_main(const std::vector<std::string>& args);
int bif_rate_main(const std::vector<std::string>& args);

}  // namespace lethe::cli
