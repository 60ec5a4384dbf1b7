// Benchmark of the two-moons KL-vs-λ experiment, tip scenario, seed 0:
// seconds for the full sweep (learn, retrain, EUBO and rKL at six λ) with the `fast`
// protocol natively (median of several runs) and in wasm under node (median), and
// with the published `paper` protocol natively (one run: minutes), and the KL tables
// side by side. Both sides run the same work (the rKL targets included) and are
// compared phase by phase. Targets: fast < 1 s native, < 3 s wasm (printed as met or
// MISSED).
//
//   node bench/moons.mjs [--runs N] [--skip-paper] [--seed S]
// (npm run bench builds the native tool and the wasm module first.)
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
const runs = Number(option('--runs', 5));
const seed = Number(option('--seed', 0));
const skipPaper = args.includes('--skip-paper');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const native = (protocol) =>
  JSON.parse(
    execFileSync(tool, ['moons-kl', '--json', '--protocol', protocol, '--seed', String(seed)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    }),
  );

// fast, native
const fastNative = [];
for (let i = 0; i < runs; i++) fastNative.push(native('fast'));

// fast, wasm under node
const lethe = await loadLethe();
const fastWasm = [];
for (let i = 0; i < runs; i++) fastWasm.push(lethe.moonsKlSweep({ seed }));

// paper, native (once)
let paper = null;
if (!skipPaper) {
  process.stderr.write('paper protocol: 30 000 Adam steps per optimisation, this takes minutes...\n');
  paper = native('paper');
}

const f = (v) => (v === null || v === undefined ? '-' : v.toExponential(3));
const ess = (v) => (v === null || v === undefined ? '-' : v.toFixed(0));
// The same phases on both sides, from each sweep's own timings (JSON snake_case
// natively, camelCase in wasm): learning q(θ|D), the 12 unlearning runs, the 6 rKL
// targets (the reverse KL's own optimum, computed by both), and the rest (retraining
// q(θ|D_r), scoring, overhead) = total − the three. Every ratio below divides one
// phase by the same phase, medians over the same number of runs.
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const phases = (sweep, native) => {
  const learn = native ? sweep.learn_seconds : sweep.learnSeconds;
  const total = native ? sweep.seconds_total : sweep.secondsTotal;
  const forget = sum(sweep.runs.map((r) => r.seconds));
  const target = sum(sweep.runs.map((r) => (r.target ? r.target.seconds : 0)));
  return { learn, forget, target, rest: total - learn - forget - target, total };
};
const medianPhases = (sweeps, native) => {
  const list = sweeps.map((s) => phases(s, native));
  const out = {};
  for (const key of Object.keys(list[0])) out[key] = median(list.map((p) => p[key]));
  return out;
};
const nativePhases = medianPhases(fastNative, true);
const wasmPhases = medianPhases(fastWasm, false);
const verdict = (seconds, limit) => (seconds < limit ? 'met' : 'MISSED');
console.log(
  `moons-kl, tip scenario, seed ${seed}: the full sweep (learn, retrain, EUBO and rKL at six lambda, rKL targets),`,
);
console.log(`seconds, median of ${runs} runs each (wasm under node ${process.version})`);
console.log('  phase                    native      wasm   wasm/native');
for (const [key, label] of [
  ['learn', 'learn q(theta|D)'],
  ['forget', 'forget (12 runs)'],
  ['target', 'rKL targets (6)'],
  ['rest', 'retrain + scoring'],
  ['total', 'total'],
]) {
  console.log(
    `  ${label.padEnd(22)} ${nativePhases[key].toFixed(3).padStart(8)}  ${wasmPhases[key].toFixed(3).padStart(8)}  ` +
      `${(wasmPhases[key] / nativePhases[key]).toFixed(2).padStart(8)}x`,
  );
}
console.log(
  `  target: fast native total < 1 s: ${verdict(nativePhases.total, 1)} (${nativePhases.total.toFixed(3)} s)`,
);
console.log(`  target: fast wasm total < 3 s: ${verdict(wasmPhases.total, 3)} (${wasmPhases.total.toFixed(3)} s)`);
if (paper) console.log(`  paper native: ${paper.seconds_total.toFixed(1)} s (one run)`);
console.log('');
console.log('averaged predictive KL to q(theta|D_r) on the inputs of D_e and D_r (fast native = fast wasm to 1e-9)');
const head = ['method', 'lambda', 'fast D_e', 'fast D_r', 'fast ESS', '|wasm-native|', 'target D_e', 'target ESS'];
if (paper) head.push('paper D_e', 'paper D_r', 'paper ESS');
const rows = [head];
const nat = fastNative[0],
  was = fastWasm[0];
rows.push([
  'full',
  '-',
  f(nat.full.kl_forgotten),
  f(nat.full.kl_remaining),
  '-',
  Math.abs(was.full.klForgotten - nat.full.kl_forgotten).toExponential(1),
  '-',
  '-',
  ...(paper ? [f(paper.full.kl_forgotten), f(paper.full.kl_remaining), '-'] : []),
]);
nat.runs.forEach((r, i) => {
  const w = was.runs[i],
    p = paper ? paper.runs[i] : null;
  const diff = Math.max(Math.abs(w.klForgotten - r.kl_forgotten), Math.abs(w.klRemaining - r.kl_remaining));
  const t = r.target;
  rows.push([
    r.method,
    String(r.lambda),
    f(r.kl_forgotten),
    f(r.kl_remaining),
    ess(r.ess) + (r.reliable === false ? '!' : ''),
    diff.toExponential(1),
    t ? f(t.kl_forgotten) : '-',
    t ? ess(t.ess) + (t.reliable ? '' : '!') : '-',
    ...(p ? [f(p.kl_forgotten), f(p.kl_remaining), ess(p.ess)] : []),
  ]);
});
const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((v, c) => v.padStart(widths[c])).join('  '));
console.log(
  "(rKL ESS: fast and paper = mean per batch / Adam step of 1000 draws from q(theta|D); target = the reverse KL's own",
);
console.log(' optimum by adaptive importance sampling, ESS total over its pooled rounds; "!" = flagged unreliable)');
