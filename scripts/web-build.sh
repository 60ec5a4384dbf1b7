#!/usr/bin/env bash
# Builds what the browser tests and the embedding need: web/dist/, the custom
# element in three files (lethe-demo.js, the small script tag; lethe-app.js, the
# panels, fetched when an element starts; lethe-worker.js, the worker with the
# wasm inside). First writes the poster's data from the wasm module. Skipped
# when the output is newer than every input. The page itself needs no build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=web/dist/lethe-demo.js
if [ ! -f wasm/dist/lethe_core.mjs ]; then
  echo "web-build: wasm/dist/lethe_core.mjs is missing; run bash scripts/build-wasm.sh first" >&2
  exit 1
fi
if [ -f "$out" ] && [ -z "$(find web/src web/vite.config.js scripts/poster-data.mjs wasm/index.js wasm/src wasm/dist/lethe_core.mjs -newer "$out" -not -path 'web/src/generated/*' -print -quit)" ]; then
  echo "web-build: $out is up to date"
  exit 0
fi
node scripts/poster-data.mjs
npx vite build --config web/vite.config.js --logLevel warn
for f in web/dist/*.js; do
  echo "web-build: built $f ($(wc -c <"$f" | awk '{printf "%.1f KB", $1/1024}'), $(gzip -c "$f" | wc -c | awk '{printf "%.1f KB gzip", $1/1024}'))"
done
