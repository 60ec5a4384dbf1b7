// The compute worker as one self-contained file, for the npm package's element/dist/
// (scripts/build-element.sh). A site's bundler copies lethe-worker.js as an asset
// (lethe-demo.js finds it with new URL('./lethe-worker.js', import.meta.url)) and
// follows none of its imports, so the worker must import nothing; web/dist/'s worker
// (web/vite.config.js) shares a chunk with the panels instead.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('../element/dist'),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: here('./src/worker.js'), formats: ['es'], fileName: () => 'lethe-worker.js' },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
