#!/usr/bin/env bash
# The core as a C++ user installs it (npm test's "install" stage, ~30 s; reuses the
# libraries that the native stage built in build/native):
#   1. cmake --install build/native into a temporary prefix
#   2. examples/cmake-consumer/ configured against it (find_package(Lethe CONFIG)),
#      built and run: it forgets three rows and checks them against retraining
#   3. the same main.cpp compiled with nothing but pkg-config's flags (lethe.pc)
#   4. examples/cmake-subdirectory/: the repository as a subproject (add_subdirectory),
#      the core compiled from source (the slow part)
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
if find "$prefix/include" -path '*/detail/*' | grep -q .; then
  echo "test-install: a detail/ header was installed; they are the sources' own" >&2; exit 1
fi
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

# add_subdirectory: the repository built as a subproject of examples/cmake-subdirectory/.
# The README's snippet is that example's two lines (third_party/lethe for ${LETHE_SOURCE_DIR}).
snippet=$(sed -n '/<!-- add-subdirectory:begin -->/,/<!-- add-subdirectory:end -->/p' README.md | sed '/^```/d;/^<!--/d')
[ -n "$snippet" ] || { echo "test-install: README.md has no add-subdirectory block" >&2; exit 1; }
example=$(sed 's|\${LETHE_SOURCE_DIR}|third_party/lethe|' examples/cmake-subdirectory/CMakeLists.txt)
if [[ "$example" != *"$snippet"* ]]; then
  echo "test-install: the README's add_subdirectory snippet is not examples/cmake-subdirectory/CMakeLists.txt's" >&2
  exit 1
fi
cmake -S examples/cmake-subdirectory -B "$work/subdirectory" -DCMAKE_BUILD_TYPE=Release >/dev/null
# Not the top-level project: Lethe's tests and tools are not even defined, and nothing is installed.
targets=$(cmake --build "$work/subdirectory" --target help)
for t in lethe lethe_tests install; do
  if grep -qx "\.\.\. $t" <<<"$targets"; then
    echo "test-install: add_subdirectory defined the target '$t'; only the libraries belong to a subproject" >&2
    exit 1
  fi
done
grep -qx '\.\.\. lethe_core' <<<"$targets" || { echo "test-install: no lethe_core target under add_subdirectory" >&2; exit 1; }
t=$(date +%s)
cmake --build "$work/subdirectory" -j2 >/dev/null
echo "test-install: add_subdirectory consumer ($(($(date +%s) - t)) s to build the core from source): $("$work/subdirectory/my_program")"
