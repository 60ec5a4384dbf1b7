#!/usr/bin/env bash
# Builds the core to WebAssembly: wasm/dist/lethe_core.mjs (single file, wasm embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
# Optimised emcc links run a node script that needs acorn, which Debian installs
# under /usr/share/nodejs, outside node's default search path.
export NODE_PATH=/usr/share/nodejs
if [ ! -f build/wasm/CMakeCache.txt ]; then
  # FIND_ROOT_PATH_MODE_PACKAGE=BOTH: emcmake confines find_package to the
  # Emscripten sysroot; Eigen's CMake package lives in /usr/share/eigen3/cmake.
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=BOTH >/dev/null
fi
cmake --build build/wasm -j"$(nproc)"
