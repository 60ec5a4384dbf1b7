#!/usr/bin/env bash
# The element as the npm package ships it: element/dist/ (lethe-demo.js, lethe-app.js and
# its chunks, from element/vite.config.js; lethe-worker.js, one self-contained file, from
# element/vite.worker.config.js). The worker holds no wasm: it imports the package's
# wasm/dist/lethe_core.mjs, the one copy in the package. Generated, not committed:
# `npm pack` runs this as prepack. Prints to stderr so that `npm pack --json` stays parseable.
set -euo pipefail
exec >&2
cd "$(dirname "$0")/.."
# web/dist/ is the demo page's own build; this also writes web/src/generated/ (the posters' data).
bash scripts/web-build.sh
rm -rf element/dist
mkdir -p element/dist
npx vite build --config element/vite.config.js --logLevel warn
npx vite build --config element/vite.worker.config.js --logLevel warn
fail() { echo "build-element: $*" >&2; exit 1; }
# Bundlers copy the worker as an asset and follow no import of it.
if grep -qE "(from|import) ?['\"]\./" element/dist/lethe-worker.js; then fail "lethe-worker.js imports a sibling file"; fi
# One copy of the wasm in the package: wasm/dist/lethe_core.mjs.
if grep -lq "data:application/octet-stream;base64" element/dist/*.js; then fail "element/dist/ embeds the wasm"; fi
# The URLs stay literal for the site's bundler: no @vite-ignore left to make it skip them.
for f in ./lethe-worker.js ../../wasm/dist/lethe_core.mjs; do
  node -e 'const [file, url] = process.argv.slice(1), src = require("node:fs").readFileSync(file, "utf8");
    const esc = url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    process.exit(new RegExp(`new URL\\(\\s*"${esc}",\\s*import\\.meta\\.url\\s*\\)`).test(src) ? 0 : 1);' \
    element/dist/lethe-demo.js "$f" || fail "lethe-demo.js does not name $f as new URL(\"$f\", import.meta.url)"
done
if grep -q "vite-ignore" element/dist/lethe-demo.js; then fail "a @vite-ignore comment is left in lethe-demo.js"; fi
for f in element/dist/*.js; do
  echo "build-element: $f ($(wc -c <"$f" | awk '{printf "%.1f KB", $1/1024}'), $(gzip -c "$f" | wc -c | awk '{printf "%.1f KB gzip", $1/1024}'))"
done
