// The library's version and the model file format it writes. One place: CMake's
// project(VERSION) and package.json's "version" are checked against kVersion by
// wasm/tests/package.test.mjs; `lethe --version` and lethe.version print it.
#pragma once

namespace lethe {

constexpr const char* kVersion = "0.2.0";

}  // namespace lethe
