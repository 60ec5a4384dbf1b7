// Benchmark "why not retrain?" (issue 11): `lethe scale --json` natively — one request
// of 20 rows forgotten against retraining on the rest, exact / variational / BIF, at
// N = 10³, 10⁴, 10⁵ (and 10⁶ with --long: a few minutes) — with the targets
// printed as met or MISSED. Both times of every ratio come from the same run of the
// same process. Then the exact family at N = 10⁵ in WebAssembly under node against the
// native figure (the "wasm within 2× of native"): the same data, request and
// model, both timed in processor seconds (the CLI by std::clock, node by
// process.cpuUsage()), medians of --repeats.
//
//   node bench/scale.mjs [--long] [--repeats N]     (npm run bench runs it after building)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadLethe } from '../wasm/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, 'build/native/tools/lethe');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = args.includes('--long') ? '1e3,1e4,1e5,1e6' : '1e3,1e4,1e5';
const repeats = option('--repeats', '3');
if (!/^[1-9][0-9]*$/.test(repeats)) throw new Error(`--repeats: expected a positive integer (got '${repeats}')`);

if (!args.includes('--long')) process.stderr.write('scale: sizes 1e3..1e5 (add --long for 1e6, a few minutes)\n');
// The human table with its targets (the CLI's own output), then nothing else to
// compute: forget and retrain are measured by the same process, per size.
const table = execFileSync(tool, ['scale', '--sizes', sizes, '--repeats', repeats],
  { encoding: 'utf8', maxBuffer: 1 << 24 });
console.log(table.trimEnd());

// --- exact, N = 10⁵: wasm against native, like with like -------------------------
const n = 100000;
const native = JSON.parse(execFileSync(tool, ['scale', '--family', 'exact', '--sizes', String(n),
  '--repeats', repeats, '--json'], { encoding: 'utf8' })).runs[0];
const lethe = await loadLethe();
// The sweep's series and model (experiments/scale_sweep.cpp): make_regression_1d(n, 0.3,
// seed 0), 12 RBF bumps on [−3, 3] of width 0.6, α = 1, σ² = 0.09; the request is the 20
// consecutive rows from the first x ≥ 1 (experiments/scale_requests.cpp).
const series = lethe.makeRegression1d({ n, noise: 0.3, seed: 0 });
const model = { features: 12, lo: -3, hi: 3, width: 0.6, priorPrecision: 1, noiseVariance: 0.09 };
let first = series.x.findIndex((v) => v >= 1);
if (first < 0) first = n;
first = Math.min(first, n - 20);
const request = Array.from({ length: 20 }, (_, k) => first + k);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const forget = [], retrain = [];
// One untimed round first: the first calls into the module include its JIT warm-up.
for (let r = -1; r < Number(repeats); r++) {
  const fitted = lethe.fitExactRegression(series.x, series.y, model);
  try {
    let t = cpu();
    fitted.erase(request);
    fitted.posterior();
    const forgetSeconds = cpu() - t;
    t = cpu();
    fitted.retrainedPosterior();
    if (r >= 0) {
      forget.push(forgetSeconds);
      retrain.push(cpu() - t);
    }
  } finally {
    fitted.dispose();
  }
}
const wasmForget = median(forget), wasmRetrain = median(retrain);
const ratio = wasmRetrain / native.seconds_retrain;
console.log(`\nexact, N = ${n}, request of 20 (processor seconds, medians of ${repeats}):`);
console.log(`  native: retrain ${native.seconds_retrain.toExponential(2)}  forget ${native.seconds_forget.toExponential(2)}`);
console.log(`  wasm  : retrain ${wasmRetrain.toExponential(2)}  forget ${wasmForget.toExponential(2)}  (node ${process.version})`);
const forgetRatio = wasmForget / native.seconds_forget;
console.log(`  target: wasm within 2x of native: retraining ${ratio <= 2 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x), ` +
  `forgetting ${forgetRatio <= 2 ? 'met' : 'MISSED'} (${forgetRatio.toFixed(2)}x; a call of microseconds, where the` +
  ' JavaScript checks and the copies across the boundary weigh most)');
