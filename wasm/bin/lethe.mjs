#!/usr/bin/env node
// `npx @lethe-bayes/unlearning <command> [options]`: the native CLI's own sources
// (tools/*.cpp) built with Emscripten for node (wasm/dist/lethe_cli.cjs, see the
// top-level CMakeLists.txt). Same commands, options, exit codes and --json output;
// files are read and written through node's fs, relative to the current folder.
// The wasm ships brotli-compressed (scripts/build-wasm.sh); the runtime exits with
// main()'s return value.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const createLetheCli = require('../dist/lethe_cli.cjs');
const wasmBinary = brotliDecompressSync(readFileSync(new URL('../dist/lethe_cli.wasm.br', import.meta.url)));
createLetheCli({
  wasmBinary,
  thisProgram: 'lethe',
  arguments: process.argv.slice(2),
  // The process's environment, as the native CLI has it (LETHE_NOW and friends).
  preRun: [(module) => Object.assign(module.ENV, process.env)],
});
