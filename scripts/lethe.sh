#!/usr/bin/env bash
# `npm run lethe -- <command> [options]`: builds the native tool if needed (quietly,
# incrementally), then runs it with the given arguments from the caller's folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$root/build/native/CMakeCache.txt" ]; then
  bash "$root/scripts/setup.sh" >&2
  cmake -S "$root" -B "$root/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$root/build/native" --target lethe -j"$(nproc)" >/dev/null
cd "${INIT_CWD:-$PWD}"
exec "$root/build/native/tools/lethe" "$@"
