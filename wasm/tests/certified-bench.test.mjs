// `lethe certified-bench` on a tiny size (the digits only, a few removals): it runs and
// its JSON has the keys bench/certified.mjs and the README read. The bench itself is
// `npm run bench` (bench/certified.mjs); here nothing is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { nativeTool } from './support.mjs';

test('certified-bench: a tiny run prints every expected key', () => {
  const out = execFileSync(
    nativeTool,
    [
      'certified-bench',
      '--json',
      '--datasets',
      'digits',
      '--epsilons',
      '0.5,2',
      '--lambdas',
      '1e-3',
      '--sigmas',
      '10',
      '--removals',
      '15',
      '--seeds',
      '1',
      '--timing-requests',
      '3',
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out);
  assert.ok(r.machine.cores >= 1);
  assert.equal(typeof r.machine.build, 'string');
  for (const key of ['lambda', 'delta', 'c', 'sigma0', 'budget0', 'removals_cap', 'seeds'])
    assert.ok(key in r.settings, key);
  // The paper's Figure 1 readings the bench prints and draws beside its own: its grid
  // (every λ × σ of the bench's defaults) and its accuracy curve at the settings' λ.
  assert.equal(r.paper.removals.length, 12);
  for (const lambda of [1e-4, 1e-3, 1e-2, 1e-1])
    for (const sigma of [1, 10, 100])
      assert.ok(
        r.paper.removals.some((p) => p.lambda === lambda && p.sigma === sigma && p.removals > 0),
        `${lambda} ${sigma}`,
      );
  // Its count grows with σ at every λ (the budget is σε/c), its accuracy falls.
  for (const lambda of [1e-4, 1e-3, 1e-2, 1e-1]) {
    const row = r.paper.removals.filter((p) => p.lambda === lambda).sort((a, b) => a.sigma - b.sigma);
    assert.ok(row[0].removals < row[1].removals && row[1].removals < row[2].removals, `${lambda}`);
  }
  assert.ok(
    r.paper.accuracy_at_100_removals.every(
      (a) => a.accuracy > 0.5 && a.accuracy <= r.paper.accuracy_without_noise + 0.01,
    ),
  );
  assert.equal(r.datasets.length, 1);
  const d = r.datasets[0];
  assert.equal(d.name, 'digits-3v8');
  assert.equal(d.features, 64);
  assert.deepEqual(
    d.accuracy_vs_epsilon.map((a) => a.epsilon),
    [0.5, 2],
  );
  // σ = c·β₀/ε: halving ε doubles σ.
  const [a, b] = d.accuracy_vs_epsilon;
  assert.ok(Math.abs(a.sigma / b.sigma - 4) < 1e-9);
  for (const p of d.accuracy_vs_epsilon) assert.ok(p.accuracy >= 0 && p.accuracy <= 1);
  assert.equal(d.removals.length, 1);
  for (const key of ['lambda', 'sigma', 'budget', 'supported', 'capped', 'accuracy'])
    assert.ok(key in d.removals[0], key);
  const t = d.residual_trace;
  assert.equal(t.sum.length, t.actual.length);
  t.actual.forEach((actual, i) =>
    assert.ok(actual <= t.sum[i], `removal ${i + 1}: actual ${actual} > bound ${t.sum[i]}`),
  );
  for (const key of ['rows', 'features', 'train_seconds', 'removal_seconds_median', 'retrain_seconds'])
    assert.ok(key in d.timing, key);
});
