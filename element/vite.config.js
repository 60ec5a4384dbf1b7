// The element as the npm package ships it, element/dist/ (scripts/build-element.sh):
//   lethe-demo.js    the element and its poster (import '@lethe-bayes/unlearning/element')
//   lethe-app.js …   the panels, autoplay and export, imported when an element starts
// built from web/src/ as web/vite.config.js builds web/dist/, with one module swapped:
// the element's worker (element/vite.worker.config.js) imports the package's
// wasm/dist/lethe_core.mjs instead of embedding a second copy of the wasm.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// element/src/spawn-worker.js marks its `new URL(…, import.meta.url)`s @vite-ignore so that
// this build leaves them alone; the output must not keep the mark, or a site's Vite would
// skip them too and copy neither the worker nor the core.
const dropViteIgnore = {
  name: 'lethe-drop-vite-ignore',
  renderChunk: (code) => code.replace(/\/\*\s*@vite-ignore\s*\*\/\s*/g, ''),
};

export default defineConfig({
  root: here('../web'),
  publicDir: false,
  logLevel: 'warn',
  plugins: [dropViteIgnore],
  resolve: {
    alias: [{ find: /^\.\/element\/spawn-worker\.js$/, replacement: here('./src/spawn-worker.js') }],
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: { 'lethe-demo': here('../web/src/lethe-demo.js') },
      formats: ['es'],
      fileName: (format, name) => `${name}.js`,
    },
    rollupOptions: {
      // Stable names (no hashes): lethe-demo.js names its files, and the folder is copied as it is.
      output: { chunkFileNames: 'lethe-[name].js' },
      preserveEntrySignatures: 'allow-extension',
    },
  },
});
