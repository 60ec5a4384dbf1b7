// Starts an element's compute worker: web/dist/lethe-worker.js, next to lethe-demo.js,
// which holds the wasm (web/vite.config.js). The npm package's element/dist/ replaces
// this module with element/src/spawn-worker.js (element/vite.config.js).

/**
 * A blob trampoline (`import "<worker file>"`) also works when the files are served from
 * another origin (with CORS), where a worker cannot be constructed from the URL directly.
 */
export function spawnWorker() {
  // A literal `new URL('./…', import.meta.url)`: the form that Vite and webpack 5
  // recognise, so a site's bundler copies the file along. It names the file next to
  // the built lethe-demo.js; there is none next to this source, so Vite leaves it as it is.
  const url = new URL('./lethe-worker.js', import.meta.url).href;
  const src = `import ${JSON.stringify(url)};`;
  const blobUrl = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  return new Worker(blobUrl, { type: 'module', name: 'lethe-demo-compute' });
}
