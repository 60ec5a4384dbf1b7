#!/usr/bin/env bash
# The element as the npm package ships it: element/dist/ (lethe-demo.js, lethe-app.js and
# its chunks, a copy of web/dist/ from scripts/web-build.sh, skipped when up to date; and
# lethe-worker.js, the wasm inside, built again as one self-contained file). Generated, not committed: `npm pack` runs this as prepack.
# Prints to stderr so that `npm pack --json` stays parseable.
set -euo pipefail
exec >&2
cd "$(dirname "$0")/.."
bash scripts/web-build.sh
rm -rf element/dist
mkdir -p element/dist
cp web/dist/*.js element/dist/
# The worker again, self-contained: bundlers copy it as an asset and follow no import of it.
rm element/dist/lethe-worker.js
npx vite build --config web/vite.worker.config.js --logLevel warn
if grep -qE "(from|import) ?['\"]\./" element/dist/lethe-worker.js; then
  echo "build-element: element/dist/lethe-worker.js imports a sibling file" >&2; exit 1
fi
echo "build-element: element/dist/ ($(ls element/dist | tr '\n' ' '))"
