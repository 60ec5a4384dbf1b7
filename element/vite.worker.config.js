// The element's compute worker for the npm package, element/dist/lethe-worker.js
// (scripts/build-element.sh). A site's bundler copies it as an asset (lethe-demo.js finds
// it with new URL('./lethe-worker.js', import.meta.url)) and follows none of its imports,
// so it is one file that imports nothing statically. The wasm is not in it: wasm/index.js's
// import of ./dist/lethe_core.mjs resolves to element/src/core.js, which imports the
// package's wasm/dist/lethe_core.mjs at run time from the URL that lethe-demo.js resolved.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('../web'),
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    alias: [{ find: /^\.\/dist\/lethe_core\.mjs$/, replacement: here('./src/core.js') }],
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: here('../web/src/worker.js'), formats: ['es'], fileName: () => 'lethe-worker.js' },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
