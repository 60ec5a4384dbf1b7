#!/usr/bin/env bash
# `npm run bench`: builds the native tool and the wasm module, then runs every
# benchmark in bench/ (each prints its own figures and ratios). Arguments go to every
# benchmark: --skip-paper (moons), --quick (the scale sweep to 10⁵ only, a short certified bench).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native --target lethe -j"$(nproc)" >/dev/null
bash scripts/build-wasm.sh >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); native Release (-O3), wasm -O3 under node $(node --version)"
for b in bench/*.mjs; do
  [ -e "$b" ] || continue
  echo; echo "=== $b ==="
  node "$b" "$@"
done
