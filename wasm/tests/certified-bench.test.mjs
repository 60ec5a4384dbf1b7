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
