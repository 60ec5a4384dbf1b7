// Starts an element's compute worker, as the npm package ships it (element/vite.config.js
// puts this module in place of web/src/element/spawn-worker.js). The package holds one
// copy of the wasm, wasm/dist/lethe_core.mjs (the node API's): element/dist/lethe-worker.js
// does not embed it but imports it at run time from the URL this module hands over.

/**
 * A blob trampoline imports, in this order, a one-line module that sets the core's URL
 * and the worker's file: a module's imports are evaluated in the order written, so the
 * URL is set before the worker's code runs. It also works when the files are served from
 * another origin (with CORS), where a worker cannot be constructed from the URL directly.
 */
export function spawnWorker() {
  // Literal `new URL('…', import.meta.url)`s: the form that Vite and webpack 5 recognise,
  // so a site's bundler copies both files along and rewrites the paths. They name files
  // relative to the built element/dist/lethe-demo.js, not to this source, so this build
  // leaves them as they are (@vite-ignore; element/vite.config.js removes the comment from
  // the output, where the site's bundler must see the plain form).
  const worker = new URL(/* @vite-ignore */ './lethe-worker.js', import.meta.url).href;
  const core = new URL(/* @vite-ignore */ '../../wasm/dist/lethe_core.mjs', import.meta.url).href;
  const blob = (src) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const setCore = blob(`self.LETHE_CORE_URL = ${JSON.stringify(core)};`);
  const src = `import ${JSON.stringify(setCore)};\nimport ${JSON.stringify(worker)};`;
  return new Worker(blob(src), { type: 'module', name: 'lethe-demo-compute' });
}
