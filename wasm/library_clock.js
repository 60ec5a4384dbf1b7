// Emscripten JavaScript library (linked with --js-library): clock_gettime with a
// processor clock under node. Emscripten 3.1.6 answers CLOCK_PROCESS_CPUTIME_ID with
// EINVAL, so the core's CpuStopwatch fell back to the elapsed time there while the
// native build measures processor seconds; on a machine whose cores are shared the
// two then differ by the time spent waiting, not by the computation. Under node,
// process.cpuUsage() is the process's user + system time (every thread of node's,
// so it can only overstate the wasm side); a browser has no processor clock and
// keeps answering EINVAL (the stopwatch then measures elapsed time). The other
// clocks are Emscripten's own code.
/* global mergeInto, LibraryManager, HEAP32, setErrNo, _emscripten_get_now, _emscripten_get_now_is_monotonic */
mergeInto(LibraryManager.library, {
  clock_gettime__sig: 'iii',
  clock_gettime__deps: ['emscripten_get_now', 'emscripten_get_now_is_monotonic', '$setErrNo'],
  clock_gettime: function (clockId, timespec) {
    // clockid_t: 0 REALTIME, 1 MONOTONIC, 2 PROCESS_CPUTIME_ID, 4 MONOTONIC_RAW (musl).
    let now;
    if (clockId === 0) {
      now = Date.now();
    } else if ((clockId === 1 || clockId === 4) && _emscripten_get_now_is_monotonic) {
      now = _emscripten_get_now();
    } else if (clockId === 2 && typeof process === 'object' && typeof process.cpuUsage === 'function') {
      const used = process.cpuUsage(); // microseconds
      now = (used.user + used.system) / 1000;
    } else {
      setErrNo(28); // EINVAL
      return -1;
    }
    // struct timespec on wasm32: { int tv_sec; long tv_nsec; }, both 32-bit.
    HEAP32[timespec >> 2] = (now / 1000) | 0;
    HEAP32[(timespec + 4) >> 2] = ((now % 1000) * 1000 * 1000) | 0;
    return 0;
  },
});
