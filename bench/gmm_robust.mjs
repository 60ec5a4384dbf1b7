// Robustness of Bayesian inference forgetting across draws of the mixture: the
// seed400 and seed800 scenarios (400 / 800 rows removed in batches of 4; seed800
// leaves 71 of cluster 0's 471 points) on draws 1..N of the preset data, for SGHMC,
// SGLD and VI, with Lethe's defaults (100 gradient states, 2 Hessian states per
// batch) and, in the same run, the published setting (5 and 5). Prints, per
// scenario and sampler, the worst ratio ‖processed − target‖ / ‖original − target‖
// for the two clusters that lost points (target ≤ 1/3); for the untouched clusters,
// the worst movement in units of their spread (target < 1) and the worst distance
// to the retrained centre in the same units (the retrained model's untouched
// centres move too, by more than a VI spread on some draws); the fits that needed a
// restart, and the accumulated residual's range.
//
//   node bench/gmm_robust.mjs [--draws N]     (default 20; npm run bench runs it)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, 'build/native/tools/lethe');
const drawsArg = process.argv.indexOf('--draws');
const draws = drawsArg > 0 ? Number(process.argv[drawsArg + 1]) : 20;
if (!Number.isInteger(draws) || draws < 1) throw new Error('--draws: expected a positive integer');

const SETTINGS = [
  { name: 'Lethe (M = 100, M_H = 2)', args: [] },
  { name: 'published (M = M_H = 5)', args: ['--gradient-samples', '5', '--hessian-samples', '5'] },
];

function run(scenario, sampler, seed, extra) {
  const out = execFileSync(
    tool,
    ['gmm-forget', '--json', '--scenario', scenario, '--sampler', sampler, '--seed', String(seed), ...extra],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

const fmt = (v, d = 3) => v.toFixed(d);
console.log(`BIF robustness over ${draws} draws of the mixture preset (native Release)`);
for (const setting of SETTINGS) {
  console.log(`\n${setting.name}`);
  console.log(
    'scenario  sampler  worst c0  worst c2  ratios ≤ 1/3           untouched: moved / to target (spreads)  restarts  residual (min–max)  forget s',
  );
  for (const scenario of ['seed400', 'seed800']) {
    for (const sampler of ['sghmc', 'sgld', 'vi']) {
      let c0 = 0,
        c2 = 0,
        untouched = 0,
        offTarget = 0,
        restarts = 0,
        rmin = Infinity,
        rmax = 0,
        seconds = 0;
      const failing = [],
        moving = [];
      for (let seed = 1; seed <= draws; seed++) {
        const j = run(scenario, sampler, seed, setting.args);
        const ratio = (c) => j.distance_processed_target[c] / j.distance_original_target[c];
        const moved = Math.max(
          ...[1, 3].map(
            (c) => Math.hypot(j.processed[c][0] - j.origin[c][0], j.processed[c][1] - j.origin[c][1]) / j.spread[c],
          ),
        );
        const away = Math.max(...[1, 3].map((c) => j.distance_processed_target[c] / j.spread[c]));
        c0 = Math.max(c0, ratio(0));
        c2 = Math.max(c2, ratio(2));
        untouched = Math.max(untouched, moved);
        offTarget = Math.max(offTarget, away);
        if (ratio(0) > 1 / 3 || ratio(2) > 1 / 3) failing.push(seed);
        if (moved >= 1) moving.push(seed);
        restarts += j.target_health.restarts + j.original_health.restarts;
        rmin = Math.min(rmin, j.accumulated_residual);
        rmax = Math.max(rmax, j.accumulated_residual);
        seconds += j.seconds_forget;
      }
      const verdict = failing.length ? `MISSED: draws ${failing.join(',')}` : 'met';
      const moves = `${fmt(untouched, 2)}${moving.length ? ` (≥ 1: ${moving.join(',')})` : ''} / ${fmt(offTarget, 2)}`;
      console.log(
        `${scenario.padEnd(9)} ${sampler.padEnd(8)} ${fmt(c0).padStart(8)}  ${fmt(c2).padStart(8)}  ` +
          `${verdict.padEnd(22)} ${moves.padEnd(39)} ${String(restarts).padStart(8)}  ` +
          `${fmt(rmin)}–${fmt(rmax)}`.padEnd(20) +
          `  ${fmt(seconds / draws)}`,
      );
    }
  }
}
