// PLACEHOLDER — replaced by the inference-forgetting work (issue 4).
#include "cli.hpp"
namespace lethe::cli {
int gmm_forget_main(const std::vector<std::string>&) { throw UsageError("gmm-forget: not built yet"); }
int bif_rate_main(const std::vector<std::string>&) { throw UsageError("bif-rate: not built yet"); }
std::string parity_bif_json() { return "{}"; }
}  // namespace lethe::cli
