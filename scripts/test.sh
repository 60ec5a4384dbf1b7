#!/usr/bin/env bash
# Everything `npm test` runs, in order. Each stage is incremental: a warm re-run
# only rebuilds what changed.
#   0. format and lint (clang-format, Prettier, ESLint, the layout check)
#   1. native Release build (strict warnings, -Werror) + ctest
#   2. the core installed as a C++ user installs it (cmake --install, find_package, pkg-config)
#   3. native ASan+UBSan build + ctest
#   4. WebAssembly build (the module and the CLI for node), type-check of the
#      declarations, node tests of the module, the package and the wasm CLI
#   5. browser tests (Playwright + Debian's Chromium)
#   6. the element inside a documentation site (VitePress, from the packed tarball)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
stage() { printf '\n=== %s ===\n' "$*"; }

configure() {  # configure <dir> [cmake args...] — only when not configured yet
  local dir=$1; shift
  [ -f "$dir/CMakeCache.txt" ] || cmake -S . -B "$dir" "$@" >/dev/null
}

stage "format and lint"
bash scripts/lint.sh

stage "native (Release, -Werror)"
configure build/native -DCMAKE_BUILD_TYPE=Release
cmake --build build/native -j"$jobs"
ctest --test-dir build/native --output-on-failure -j"$jobs"

stage "the core as an installed C++ library"
bash scripts/test-install.sh build/native

stage "native (AddressSanitizer + UndefinedBehaviorSanitizer)"
# -Werror is off here: GCC 12 reports false maybe-uninitialized warnings in
# libstdc++ under -fsanitize; the Release stage above enforces the warnings.
configure build/asan -DCMAKE_BUILD_TYPE=Debug -DLETHE_SANITIZE=ON -DLETHE_BUILD_TOOLS=OFF -DLETHE_WERROR=OFF
cmake --build build/asan -j"$jobs"
# halt_on_error/abort: any report fails the test; detect_leaks: LeakSanitizer too.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j"$jobs"

stage "WebAssembly module"
bash scripts/build-wasm.sh
gzip -9 -c wasm/dist/lethe_core.mjs | wc -c | awk '{printf "wasm/dist/lethe_core.mjs: %.1f KB gzip\n", $1/1024}'
gzip -9 -c wasm/dist/lethe_cli.cjs | cat - wasm/dist/lethe_cli.wasm.br | wc -c | awk '{printf "wasm/dist/lethe_cli.cjs (gzip) + .wasm.br: %.1f KB\n", $1/1024}'

stage "TypeScript declarations"
npx tsc -p wasm/tests/tsconfig.json

stage "node tests of the module"
node --test --test-reporter=spec wasm/tests/

stage "browser tests"
bash scripts/web-build.sh
npx playwright test -c web/playwright.config.js

stage "documentation sites"
bash scripts/test-sites.sh
