// Library build of the embeddable element, code-split so that a page pays for
// what it shows:
//   web/dist/lethe-demo.js    the element and its poster (small; the one script tag)
//   web/dist/lethe-app.js     the panels, autoplay and export, imported when an element starts
//   web/dist/lethe-worker.js  the compute worker with the wasm inside, started by each element
// The files find each other relative to lethe-demo.js, so the folder can be
// copied anywhere as it is. Run from the repo root (scripts/web-build.sh does):
//   node scripts/poster-data.mjs && npx vite build --config web/vite.config.js
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: { 'lethe-demo': here('./src/lethe-demo.js'), 'lethe-worker': here('./src/worker.js') },
      formats: ['es'],
      fileName: (format, name) => `${name}.js`,
    },
    rollupOptions: {
      // Stable names (no hashes): the folder is copied as it is, and lethe-demo.js names the worker's file.
      output: { chunkFileNames: 'lethe-[name].js' },
      // The element's chunk may export what the lazy chunk shares with it (styles, palette, URL state) instead of a facade file.
      preserveEntrySignatures: 'allow-extension',
    },
  },
});
