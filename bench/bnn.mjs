// Benchmark of forgetting from a Bayesian neural network on the digits (issue 9's
// targets): forget class 3 from a 64-32-10 tanh BNN learned by mean-field VI and by
// SGHMC, with every method, over several seeds (data split, training and forgetting
// seeded together), natively (`lethe bnn-forget --json`). For each method it prints
// the median of each measure and checks the targets:
//   accuracy on the forgotten class within 5 points of the retrained model's,
//   test accuracy on the other classes within 2 points of the original's,
//   mia_auc within 0.05 of the retrained model's,
//   forgetting at least 20 times faster than retraining.
//
// With --canaries N the runs plant the canary audit (N canaries, bnn_forgetting.hpp) beside
// the class, and each row adds the medians of canary_auc (LiRA) and canary_auc_threshold.
//
// With --canaries the audit target is canary_auc (LiRA) within 0.05 of retrained, else mia_auc.
// Everything after `--` goes to `lethe bnn-forget` as given (e.g. -- --newton-steps 3 --repair-cap 0.02).
//
// --dataset fashion-mnist runs the same protocol on Debian's Fashion-MNIST (bnn-forget's
// defaults: 3 000 training and 2 000 test images, 784-32-10) instead of the digits.
//
//   node bench/bnn.mjs [--dataset digits|fashion-mnist] [--runs N] [--canaries N] [-- OPTIONS]
//   (npm run bench runs it after building; N seeds, default 3)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeTool = path.join(root, 'build/native/tools/lethe');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a positive integer');
const canariesArg = process.argv.indexOf('--canaries');
const canaries = canariesArg > 0 ? Number(process.argv[canariesArg + 1]) : 0;
if (!Number.isInteger(canaries) || canaries < 0) throw new Error('--canaries: expected a non-negative integer');

const datasetArg = process.argv.indexOf('--dataset');
const dataset = datasetArg > 0 ? process.argv[datasetArg + 1] : 'digits';
if (!['digits', 'fashion-mnist'].includes(dataset)) throw new Error('--dataset: expected digits or fashion-mnist');

const dashes = process.argv.indexOf('--');
const extra = dashes > 0 ? process.argv.slice(dashes + 1) : [];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
for (let seed = 0; seed < runs; seed += 1) {
  const out = execFileSync(
    nativeTool,
    [
      'bnn-forget',
      '--dataset',
      dataset,
      '--scenario',
      'class:3',
      '--method',
      'all',
      '--seed',
      String(seed),
      ...(canaries > 0 ? ['--canaries', String(canaries)] : []),
      ...extra,
      '--json',
    ],
    { encoding: 'utf8' },
  );
  results.push(JSON.parse(out));
}

const fields = [
  'kl_forgotten',
  'kl_remaining',
  'accuracy_forgotten',
  'accuracy_remaining',
  'accuracy_test',
  'accuracy_test_kept',
  'mia_auc',
  'seconds',
  'canary_auc',
  'canary_auc_threshold',
];
const rows = [];
const families = { vi: ['original', 'retrained'], sghmc: ['chain_original', 'chain_retrained'] };
for (const [family, [orig, retr]] of Object.entries(families)) {
  rows.push({ name: `${family} original`, per: results.map((r) => r[orig]) });
  rows.push({ name: `${family} retrained`, per: results.map((r) => r[retr]) });
  const methods = family === 'vi' ? ['nothing', 'bif-vi', 'eubo', 'rkl'] : ['bif-sghmc'];
  for (const m of methods) {
    rows.push({ name: m, family, orig, retr, per: results.map((r) => r.runs.find((x) => x.method === m)) });
  }
}

const fmt = (v, d = 4) => (v === undefined || v === null ? '-' : v.toFixed(d));
const missed = (per, orig, retr, i) => {
  const p = per[i],
    o = results[i][orig],
    t = results[i][retr];
  return (
    `seed ${i}: acc D_e ${(p.accuracy_forgotten - t.accuracy_forgotten).toFixed(3)} vs retrained, ` +
    `acc other classes ${(p.accuracy_test_kept - o.accuracy_test_kept).toFixed(3)} vs original, ` +
    (canaries > 0
      ? `canary_auc ${(p.canary_auc - t.canary_auc).toFixed(3)}`
      : `mia_auc ${(p.mia_auc - t.mia_auc).toFixed(3)}`) +
    ` vs retrained, ${(t.seconds / p.seconds).toFixed(1)}x` +
    (p.residuals ? `, residuals [${p.residuals.map((r) => r.toFixed(3)).join(', ')}] ${p.decision}` : '')
  );
};
console.log(
  `${dataset}, forget class 3, ${runs} seed(s)${extra.length ? ' (' + extra.join(' ') + ')' : ''}; medians over seeds (model ${results[0].model.parameters} parameters, ` +
    `${results[0].model.train} train / ${results[0].model.test} test, ${results[0].model.forgotten} forgotten at seed 0)`,
);
const canaryHead = canaries > 0 ? ' canary_auc | canary_auc_threshold |' : '';
console.log(
  '| model | KL D_e | KL D_r | acc D_e | acc D_r | acc test | acc test (other classes) | mia_auc | seconds | retrain / forget | targets met (of 4) |' +
    canaryHead,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|' + (canaries > 0 ? '---|---|' : ''));
for (const row of rows) {
  const med = Object.fromEntries(
    fields.map((f) => [f, row.per[0][f] == null ? undefined : median(row.per.map((p) => p[f]))]),
  );
  let speed = '',
    targets = '';
  if ((row.family && row.name !== 'nothing') || row.name === 'nothing') {
    if (row.family) {
      // Per seed: the four targets, against that seed's original and retrained models.
      const met = results.map((r, i) => {
        const p = row.per[i],
          o = r[row.orig],
          t = r[row.retr];
        return [
          Math.abs(p.accuracy_forgotten - t.accuracy_forgotten) <= 0.05,
          Math.abs(p.accuracy_test_kept - o.accuracy_test_kept) <= 0.02,
          canaries > 0 ? Math.abs(p.canary_auc - t.canary_auc) <= 0.05 : Math.abs(p.mia_auc - t.mia_auc) <= 0.05,
          p.seconds > 0 && t.seconds / p.seconds >= 20,
        ];
      });
      const ratio = median(
        results.map((r, i) => (row.per[i].seconds > 0 ? r[row.retr].seconds / row.per[i].seconds : Infinity)),
      );
      speed = row.name === 'nothing' ? '' : `${ratio.toFixed(1)}x`;
      targets = met
        .map(
          (m) => `${m.filter(Boolean).length}${m[0] ? '' : 'a'}${m[1] ? '' : 't'}${m[2] ? '' : 'm'}${m[3] ? '' : 's'}`,
        )
        .join(' ');
    }
  }
  console.log(
    `| ${row.name} | ${fmt(med.kl_forgotten)} | ${fmt(med.kl_remaining)} | ${fmt(med.accuracy_forgotten, 3)} | ` +
      `${fmt(med.accuracy_remaining, 3)} | ${fmt(med.accuracy_test, 3)} | ${fmt(med.accuracy_test_kept, 3)} | ` +
      `${fmt(med.mia_auc, 3)} | ${fmt(med.seconds, 3)} | ${speed} | ${targets} |` +
      (canaries > 0 ? ` ${fmt(med.canary_auc, 3)} | ${fmt(med.canary_auc_threshold, 3)} |` : ''),
  );
}
for (const row of rows)
  if (row.family && row.name.startsWith('bif'))
    for (let i = 0; i < results.length; i += 1) console.log(`${row.name} ${missed(row.per, row.orig, row.retr, i)}`);
console.log(
  'targets per seed: the count met, then the letters of those missed: a = accuracy on the forgotten class within 5 points of retrained,',
);
console.log(
  't = test accuracy on the other classes within 2 points of the original, m = ' +
    (canaries > 0 ? 'canary_auc' : 'mia_auc') +
    ' within 0.05 of retrained, s = at least 20x faster than retraining',
);
