#!/usr/bin/env bash
# The core as a C++ user installs it (npm test's "install" stage, ~30 s; reuses the
# libraries that the native stage built in build/native):
#   1. cmake --install build/native into a temporary prefix
#   2. examples/cmake-consumer/ configured against it (find_package(Lethe CONFIG)),
#      built and run: it forgets three rows and checks them against retraining
#   3. the same main.cpp compiled with nothing but pkg-config's flags (lethe.pc)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/native}
[ -f "$build/core/liblethe_core.a" ] || { echo "test-install: build $build first" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/lethe-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/lethe/lethe.hpp include/lethe/base/version.hpp lib/liblethe_core.a \
  lib/cmake/Lethe/LetheConfig.cmake lib/cmake/Lethe/LetheConfigVersion.cmake lib/pkgconfig/lethe.pc; do
  [ -f "$prefix/$f" ] || { echo "test-install: $f is not installed" >&2; exit 1; }
done
if find "$prefix" -path '*Eigen*' | grep -q .; then
  echo "test-install: Eigen was copied into the prefix; it must stay a dependency" >&2; exit 1
fi
echo "test-install: installed $(find "$prefix" -type f | wc -l) files under a temporary prefix"

cmake -S examples/cmake-consumer -B "$work/consumer" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
echo "test-install: find_package(Lethe) consumer: $("$work/consumer/forget_rows")"

# pkg-config, with the prefix moved after installation (the .pc file is relocatable).
mv "$prefix" "$work/moved"
export PKG_CONFIG_PATH="$work/moved/lib/pkgconfig"
[ "$(pkg-config --modversion lethe)" = "$(sed -n 's/^project(lethe VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ]
# shellcheck disable=SC2046
c++ -O1 -o "$work/pc_consumer" examples/cmake-consumer/main.cpp $(pkg-config --cflags --libs lethe)
echo "test-install: pkg-config consumer: $("$work/pc_consumer")"
