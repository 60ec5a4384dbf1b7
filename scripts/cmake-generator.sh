# Sourced by every script that configures a CMake build (test, lethe, bench,
# build-wasm). Ninja schedules each object file as soon as its inputs exist;
# the Makefile generator waits for a whole dependency target (the core library)
# before compiling the next target's objects, which left one of the two cores idle
# behind each long unity batch: the Release build took 3m26 with make, 2m10 with
# Ninja, on the same 2-core machine. CMake reads CMAKE_GENERATOR when a build
# folder is first configured; an existing folder keeps its generator.
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja >/dev/null 2>&1; then
  export CMAKE_GENERATOR=Ninja
fi
