#include <lethe/experiments/page_settings.hpp>

namespace lethe {

const PageSettings& page_settings() {
  static const PageSettings settings;
  return settings;
}

}  // namespace lethe
