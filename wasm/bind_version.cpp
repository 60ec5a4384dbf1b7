// The library's version (core/lethe/base/version.hpp) and the model file format it
// writes: lethe.version and lethe.modelFormatVersion in JavaScript, the same
// strings `lethe --version` prints.
#include <string>

#include <emscripten/bind.h>

#include <lethe/base/version.hpp>
#include <lethe/model/model_file.hpp>

namespace {

std::string version() { return lethe::kVersion; }
unsigned model_format_version() { return lethe::kModelFormatVersion; }

}  // namespace

EMSCRIPTEN_BINDINGS(lethe_version) {
  emscripten::function("version", &version);
  emscripten::function("modelFormatVersion", &model_format_version);
}
