// Library build of the embeddable element: web/dist/lethe-demo.js, one ES module
// with everything inlined (the wasm is already embedded in lethe_core.mjs).
// Its compute worker is the same file started as a module worker, so nothing
// else has to be served. Run from the repo root: npx vite build --config web/vite.config.js
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
      entry: here('./src/lethe-demo.js'),
      formats: ['es'],
      fileName: () => 'lethe-demo.js',
    },
    rollupOptions: {
      output: { inlineDynamicImports: true },
    },
  },
});
