#!/usr/bin/env bash
# Builds the core to WebAssembly: wasm/dist/lethe_core.mjs (single file, wasm embedded),
# and the CLI for node, wasm/dist/lethe_cli.cjs + .wasm(.br) (wasm/bin/lethe.mjs runs it).
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
# The CLI's wasm, brotli-compressed for the package (about 25 % smaller packed than
# the raw .wasm under npm's gzip); wasm/bin/lethe.mjs decompresses it with node's zlib.
cli=wasm/dist/lethe_cli.wasm
if [ -f "$cli" ] && { [ ! -f "$cli.br" ] || [ "$cli" -nt "$cli.br" ]; }; then
  node -e 'const z = require("node:zlib"), fs = require("node:fs"), [src] = process.argv.slice(1);
    const q = { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_LGWIN]: 24 };
    fs.writeFileSync(src + ".br", z.brotliCompressSync(fs.readFileSync(src), { params: q }));' "$cli"
fi
