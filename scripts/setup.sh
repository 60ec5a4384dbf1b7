#!/usr/bin/env bash
# Installs everything Lethe needs on Debian 12, and nothing twice.
# The single place that installs system packages; why each:
#   emscripten      em++/emcmake for the WebAssembly build (Debian's 3.1.6)
#   libeigen3-dev   the core's linear algebra
#   catch2          native tests (v2, header-only)
#   chromium        browser tests drive Debian's Chromium through Playwright
#   cmake, g++      native build
#   clang-format    the C++ format gate of npm test (scripts/lint.sh)
#   zlib1g-dev      inflating the gzip-compressed IDX files of Fashion-MNIST (native only)
#   dataset-fashion-mnist  the 70 000 Fashion-MNIST images in /usr/share/datasets/fashion-mnist
#                   (31 MB): the 3-vs-8 task of `lethe certified-bench` and its tests; data
#                   comes from Debian at setup, never from a download at run time
set -euo pipefail

packages=(emscripten libeigen3-dev catch2 chromium cmake g++ make clang-format zlib1g-dev dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies exactly as locked; skipped when node_modules matches the lock file.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then
  stamp=node_modules/.lethe-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
fi
