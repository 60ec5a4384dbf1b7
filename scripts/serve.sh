#!/usr/bin/env bash
# Serves the demo page and the embedding example (npm start runs it after the
# wasm build). Builds the element (web/dist/) first if its sources changed.
#   PORT=8080 bash scripts/serve.sh   (default 5173; the browser tests use 4173)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/web-build.sh
port="${PORT:-5173}"
echo "Lethe demo:        http://localhost:${port}/web/"
echo "Embedding example: http://localhost:${port}/web/embed.html"
exec npx vite preview --config web/vite.serve.config.js --port "$port"
