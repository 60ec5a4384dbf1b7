// Benchmark: is a 20-row request's effect on a sampler measurable, on every seed?
// (issue 21, item 4). `lethe scale --family bif --sizes 1e6` on seeds 0..4: for SGLD
// and SGHMC, the forgotten chain's shift against the change of the mixture's mode
// (quality_forget) and the change itself (quality_nothing, doing nothing), per seed,
// with their ratio's range over the seeds; the MAP and VI rows of the same runs too.
// The two chains' sampling noise is ≈ 0.1 in the centres whatever N, far above what
// 20 rows move them (≈ 1e-4 at 10⁶); the mode reference (Newton on D and D_r) has no
// sampling noise (core/lethe/experiments/scale_sweep.cpp says why it replaces
// a distance between chains).
//
//   node bench/scale_seeds.mjs [--seeds 5] [--size 1e6]   (npm run bench runs it)
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, 'build/native/tools/lethe');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seeds = Number(option('--seeds', '5'));
const size = option('--size', '1e6');
if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds: expected a positive integer (got '${seeds}')`);

console.log(
  `BIF at N = ${size}, a request of 20 rows, seeds 0..${seeds - 1} (${cpus().length} cores; native Release, ` +
    'processor seconds, one repeat per seed)',
);
console.log(
  `${'method'.padEnd(8)} ${'seed'.padStart(4)} ${'speedup'.padStart(8)} ${'q_forget'.padStart(10)} ` +
    `${'q_nothing'.padStart(10)} ${'ratio'.padStart(8)}`,
);
const ratios = {};
for (let seed = 0; seed < seeds; seed++) {
  const { runs } = JSON.parse(
    execFileSync(
      tool,
      ['scale', '--family', 'bif', '--sizes', size, '--repeats', '1', '--seed', String(seed), '--json'],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    ),
  );
  for (const run of runs) {
    const ratio = run.quality_forget / run.quality_nothing;
    (ratios[run.method] ??= []).push({ ratio, speedup: run.speedup });
    console.log(
      `${run.method.padEnd(8)} ${String(seed).padStart(4)} ${run.speedup.toFixed(0).padStart(8)} ` +
        `${run.quality_forget.toExponential(2).padStart(10)} ${run.quality_nothing.toExponential(2).padStart(10)} ` +
        `${ratio.toFixed(3).padStart(8)}`,
    );
  }
}
console.log('\nforgotten-to-retrained / nothing-to-retrained over the seeds (below 1: forgetting is closer):');
for (const [method, list] of Object.entries(ratios)) {
  const r = list.map((x) => x.ratio).sort((a, b) => a - b);
  const s = list.map((x) => x.speedup).sort((a, b) => a - b);
  const every = r.every((x) => x < 1);
  console.log(
    `  ${method.padEnd(6)} ratio ${r[0].toFixed(3)} .. ${r[r.length - 1].toFixed(3)} ` +
      `(median ${r[Math.floor(r.length / 2)].toFixed(3)}); speedup ${s[0].toFixed(0)} .. ${s[s.length - 1].toFixed(0)}; ` +
      `${every ? 'closer than doing nothing on every seed' : 'NOT closer on every seed'}`,
  );
}
