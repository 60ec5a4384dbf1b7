// Benchmark of Bayesian inference forgetting on the Gaussian mixture, default
// protocol (preset data n = 2000, seed 0; SGHMC 2000 iterations, batch 64; 400
// removals in 100 batches of 4; target retrained from scratch): time to train,
// to forget all batches (and per batch), and to retrain — natively (the CLI's
// --json timings) and in WebAssembly under node. Median of several runs; also
// SGLD and VI, and the seed800 scenario. Target: all 400 removals < 0.5 s natively.
//
//   node bench/gmm.mjs [--runs N]        (npm run bench runs it after building)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadLethe } from '../wasm/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeTool = path.join(root, 'build/native/tools/lethe');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarise(results) {
  // Each result: { train, forget, retrain, perBatch: number[] }.
  const perBatch = results.flatMap((r) => r.perBatch);
  return {
    train: median(results.map((r) => r.train)),
    forget: median(results.map((r) => r.forget)),
    retrain: median(results.map((r) => r.retrain)),
    batchMedian: median(perBatch),
    batchMax: Math.max(...perBatch),
    batches: results[0].perBatch.length,
  };
}

function native(args) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const j = JSON.parse(execFileSync(nativeTool, ['gmm-forget', '--json', ...args], { encoding: 'utf8' }));
    out.push({
      train: j.seconds_train,
      forget: j.seconds_forget,
      retrain: j.seconds_retrain,
      perBatch: j.seconds_per_batch,
    });
  }
  return summarise(out);
}

const lethe = await loadLethe();
const data = lethe.makeBifMixture({ seed: 0 });

function wasm(options, scenario) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const r = lethe.gmmForget({ data, scenario, ...options });
    out.push({
      train: r.secondsTrain,
      forget: r.secondsForget,
      retrain: r.secondsRetrain,
      perBatch: Array.from(r.secondsPerBatch),
    });
  }
  return summarise(out);
}

const ms = (s) => (1e3 * s).toFixed(1).padStart(8);
const rows = [];
for (const [sampler, scenario] of [
  ['sghmc', 'seed400'],
  ['sgld', 'seed400'],
  ['vi', 'seed400'],
  ['sghmc', 'seed800'],
]) {
  const args = ['--sampler', sampler, '--scenario', scenario];
  rows.push({ label: `${sampler} ${scenario}`, where: 'native', ...native(args) });
  rows.push({ label: `${sampler} ${scenario}`, where: 'wasm', ...wasm({ sampler }, scenario) });
}

console.log(
  `gmm-forget benchmark: preset mixture n = 2000, 2000 iterations, batch 64, removal batches of 4; median of ${runs} runs (ms)`,
);
console.log('run               where     train   forget-all  per-batch(med)  per-batch(max)   retrain  forget/retrain');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(17)} ${r.where.padEnd(6)} ${ms(r.train)}  ${ms(r.forget)}    ${ms(r.batchMedian)}        ${ms(r.batchMax)}    ${ms(r.retrain)}   ${(r.forget / r.retrain).toFixed(2).padStart(8)}`,
  );
}
const headline = rows[0];
const ok = headline.forget < 0.5;
console.log(
  `\ntarget: all ${headline.batches * 4} removals of the default protocol < 500 ms natively: ` +
    `${(1e3 * headline.forget).toFixed(1)} ms — ${ok ? 'met' : 'MISSED'}`,
);
console.log(`wasm / native (forget-all, default protocol): ${(rows[1].forget / rows[0].forget).toFixed(2)}×`);
