// wasm/index.js's `import createLetheCore from './dist/lethe_core.mjs'`, as the package's
// element worker resolves it (element/vite.worker.config.js): the factory of the module
// at self.LETHE_CORE_URL, set by the trampoline of element/src/spawn-worker.js, so that
// the wasm is not bundled into element/dist/lethe-worker.js a second time.

/** Same contract as the emscripten factory: resolves to an instantiated module. */
export default async function createLetheCore(moduleArg) {
  const url = self.LETHE_CORE_URL;
  if (typeof url !== 'string') {
    throw new Error('lethe-worker.js: no LETHE_CORE_URL; the worker is started by lethe-demo.js (spawnWorker)');
  }
  const { default: create } = await import(/* @vite-ignore */ url);
  return create(moduleArg);
}
