// PLACEHOLDER — replaced by the variational-unlearning work (issue 3).
#include "cli.hpp"
namespace lethe::cli {
int moons_kl_main(const std::vector<std::string>&) { throw UsageError("moons-kl: not built yet"); }
std::string parity_variational_json() { return "{}"; }
}  // namespace lethe::cli
