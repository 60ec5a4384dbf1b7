#!/usr/bin/env bash
# Builds what the browser tests and the embedding need: web/dist/lethe-demo.js,
# the single-file custom element (wasm embedded). Skipped when the output is
# newer than every input. The page itself needs no build (plain ES modules).
set -euo pipefail
cd "$(dirname "$0")/.."
out=web/dist/lethe-demo.js
if [ ! -f wasm/dist/lethe_core.mjs ]; then
  echo "web-build: wasm/dist/lethe_core.mjs is missing; run bash scripts/build-wasm.sh first" >&2
  exit 1
fi
if [ -f "$out" ] && [ -z "$(find web/src web/vite.config.js wasm/index.js wasm/src wasm/dist/lethe_core.mjs -newer "$out" -print -quit)" ]; then
  echo "web-build: $out is up to date"
  exit 0
fi
npx vite build --config web/vite.config.js --logLevel warn
echo "web-build: built $out ($(gzip -c "$out" | wc -c | awk '{printf "%.0f KB gzip", $1/1024}'))"
