// Node tests of the built module's foundation API: every routine, errors, parity
// with the native build, and heap behaviour under repeated calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLethe } from '../index.js';
import { nativeParity, assertClose, assertThrowsError } from './support.mjs';

const lethe = await loadLethe();

test('parity: random stream, data sets and exact unlearning equal the native build (1e-12)', () => {
  const native = nativeParity('exact');
  const stream = lethe.randomStream(42, 8);
  assert.deepEqual(Array.from(stream.uniforms), native.uniforms); // bit-identical
  assertClose(stream.normals, native.normals, 1e-15, 'normals');
  // The certified page's removal order, the native bench's.
  assert.deepEqual(Array.from(lethe.shuffledRows(42, 12)), native.shuffled_rows);
  assert.deepEqual(Array.from(lethe.shuffledRows(42, 8)), [7, 2, 4, 0, 3, 5, 1, 6]);
  const moons = lethe.makeMoons({ n: 100, noise: 0.2, seed: 7 });
  assertClose(moons.x, native.moons.x, 1e-12, 'moons.x');
  assert.deepEqual(Array.from(moons.labels), native.moons.labels);
  const mixture = lethe.makeBifMixture({ seed: 3 });
  assertClose(mixture.x, native.mixture.x, 1e-12, 'mixture.x');
  assert.deepEqual(Array.from(mixture.labels), native.mixture.labels);
  const series = lethe.makeRegression1d({ n: 40, noise: 0.3, seed: 11 });
  assertClose(series.x, native.series.x, 1e-12, 'series.x');
  assertClose(series.y, native.series.y, 1e-12, 'series.y');

  const model = lethe.fitExactRegression(series.x, series.y, {
    features: 12,
    lo: -3,
    hi: 3,
    width: 0.6,
    priorPrecision: 1,
    noiseVariance: 0.09,
  });
  try {
    model.forget([3, 4, 5, 6, 20]).forget([33]);
    const post = model.posterior();
    assertClose(post.mean, native.posterior.mean, 1e-12, 'posterior.mean');
    assertClose(post.covariance, native.posterior.covariance, 1e-12, 'posterior.covariance');
    const grid = Array.from({ length: 9 }, (_, i) => -3 + 0.75 * i);
    const pred = model.predict(grid);
    assertClose(pred.mean, native.prediction.mean, 1e-12, 'prediction.mean');
    assertClose(pred.stdDev, native.prediction.std_dev, 1e-12, 'prediction.std_dev');
  } finally {
    model.dispose();
  }
});

test('exact unlearning in wasm equals retraining', () => {
  const data = lethe.makeRegression1d({ n: 60, seed: 2 });
  const grid = Array.from({ length: 101 }, (_, i) => -3 + 0.06 * i);
  const forget = [0, 1, 2, 10, 11, 30, 59];
  const r = lethe.exactForget({ x: data.x, y: data.y, forget, grid });
  assert.ok(r.maxPredictionDifference < 1e-9, `difference ${r.maxPredictionDifference}`);
  assert.ok(r.maxPosteriorDifference < 1e-9);
  // Something was actually forgotten: the prediction moved.
  let moved = 0;
  for (let i = 0; i < grid.length; i++) moved = Math.max(moved, Math.abs(r.forgotten.mean[i] - r.original.mean[i]));
  assert.ok(moved > 1e-3, `prediction moved only ${moved}`);

  const model = lethe.fitExactRegression(data.x, data.y);
  model.forget(forget);
  assert.equal(model.remaining, 60 - forget.length);
  assert.deepEqual(
    Array.from(model.forgottenIds),
    [...forget].sort((a, b) => a - b),
  );
  const a = model.posterior(),
    b = model.retrainedPosterior();
  assert.ok(lethe.gaussianKl(a, b) < 1e-9);
  model.dispose();
  model.dispose(); // idempotent
});

test('arrays returned are copies that survive heap growth', () => {
  const moons = lethe.makeMoons({ n: 100, seed: 1 });
  const snapshot = Array.from(moons.x);
  assert.ok(!(moons.x.buffer === lethe.core.HEAP8?.buffer));
  lethe.makeMoons({ n: 400000, seed: 2 }); // forces the wasm memory to grow
  assert.deepEqual(Array.from(moons.x), snapshot);
});

test('errors are real Errors with the C++ message, and the module keeps working', () => {
  const data = lethe.makeRegression1d({ n: 10, seed: 4 });
  const model = lethe.fitExactRegression(data.x, data.y);
  assertThrowsError(() => model.forget([]), 'ConjugateLinearRegression::forget', "'ids'", 'empty');
  assertThrowsError(() => model.forget([10]), "'ids'", 'outside [0, 10)');
  assertThrowsError(() => model.forget([2, 2]), 'twice');
  assertThrowsError(() => model.forget([1.5]), "'ids'", 'integers');
  model.forget([2]);
  assertThrowsError(() => model.forget([2]), 'already forgotten');
  assert.equal(model.remaining, 9); // the failed requests changed nothing
  model.forget([0, 1, 3, 4, 5, 6, 7, 8, 9]); // forgetting everything is allowed: the prior
  const prior = model.posterior();
  assert.ok(prior.mean.every((v) => v === 0));
  model.dispose();

  assertThrowsError(() => lethe.fitExactRegression([1, NaN], [0, 1]), 'ExactRegression', "'x'", 'finite');
  assertThrowsError(() => lethe.fitExactRegression([1, 2], [0]), "'y'", 'size');
  assertThrowsError(() => lethe.fitExactRegression(undefined, [0]), "'x'", 'array');
  assertThrowsError(() => lethe.fitExactRegression([1], [1], { noiseVariance: -1 }), "'noiseVariance'");
  assertThrowsError(() => lethe.makeMoons({ n: 1 }), "makeMoons: parameter 'n'", 'in [2, ');
  assertThrowsError(() => lethe.makeMoons({ seed: -1 }), "'seed'");
  assertThrowsError(() => lethe.randomStream(1, -2), "'count'");
  assertThrowsError(() => lethe.shuffledRows(1, -2), "'count'");
  assertThrowsError(
    () => lethe.parseLabelledCsv('x1,x2,label\n1,2,0\n1,zz,1\n', 'up.csv'),
    'up.csv:3',
    "'zz' is not a number",
  );
  assertThrowsError(() => lethe.parseLabelledCsv('', 'empty.csv'), 'empty.csv:1', 'empty');
  assertThrowsError(() => lethe.parseSeriesCsv('1,2\n3,inf\n', 's.csv'), 's.csv:2', 'not finite');
  assertThrowsError(
    () => lethe.gaussianKl({ mean: [0, 0], covariance: [1, 2, 2, 1] }, { mean: [0, 0], covariance: [1, 0, 0, 1] }),
    'positive definite',
  );
  // Still usable after all of that:
  assert.equal(lethe.makeMoons({ n: 10, seed: 1 }).labels.length, 10);
});

test('CSV parsing', () => {
  const d = lethe.parseLabelledCsv('x1,x2,label\n0.5,1.5,0\n-2,3e-1,1\n');
  assert.deepEqual(Array.from(d.x), [0.5, 1.5, -2, 0.3]);
  assert.deepEqual(Array.from(d.labels), [0, 1]);
  const s = lethe.parseSeriesCsv('1,2\n3,4\n');
  assert.deepEqual(Array.from(s.y), [2, 4]);
});

test('1000 consecutive forget calls leave the wasm heap bounded', (t) => {
  const data = lethe.makeRegression1d({ n: 80, seed: 9 });
  const grid = Array.from({ length: 200 }, (_, i) => -3 + 0.03 * i);
  const run = (i) => lethe.exactForget({ x: data.x, y: data.y, forget: [i % 80, (i + 7) % 80], grid });
  for (let i = 0; i < 10; i++) run(i); // warm-up: allocator pools settle
  const warm = lethe.heapStats();
  for (let i = 0; i < 1000; i++) run(i);
  // Errors must not leak either.
  for (let i = 0; i < 100; i++) assert.throws(() => run(-1 - i));
  const after = lethe.heapStats();
  t.diagnostic(
    `heap after warm-up: ${warm.allocatedBytes} B in use, ${warm.heapBytes} B memory; ` +
      `after 1000 forgets + 100 errors: ${after.allocatedBytes} B in use, ${after.heapBytes} B memory`,
  );
  assert.equal(after.heapBytes, warm.heapBytes, 'wasm memory grew');
  assert.ok(
    after.allocatedBytes - warm.allocatedBytes < 4096,
    `malloc'd bytes grew from ${warm.allocatedBytes} to ${after.allocatedBytes}`,
  );
});
