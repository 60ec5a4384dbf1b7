// Node tests of the generators at the sizes of the scale sweep (issue 11): the
// moons and the mixture preset with up to 10⁵ points, the preset's proportions kept
// at every size, and bad sizes rejected by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLethe } from '../index.js';
import { assertThrowsError } from './support.mjs';

const lethe = await loadLethe();

test('makeBifMixture({ n }): 10⁵ points, the four clusters in the preset proportions', () => {
  const data = lethe.makeBifMixture({ n: 100000, seed: 1 });
  assert.equal(data.x.length, 200000);
  assert.equal(data.labels.length, 100000);
  const counts = [0, 0, 0, 0];
  for (const label of data.labels) counts[label] += 1;
  // Labels are uniform over four clusters: each share is ¼ within 5 standard errors
  // (√(¼·¾/10⁵) ≈ 0.0014).
  for (const count of counts) assert.ok(Math.abs(count / 100000 - 0.25) < 0.007, `share ${count / 100000}`);
});

test('makeBifMixture: the default size is 2000, and a larger n extends the same stream', () => {
  const small = lethe.makeBifMixture({ seed: 3 });
  const explicit = lethe.makeBifMixture({ n: 2000, seed: 3 });
  const large = lethe.makeBifMixture({ n: 5000, seed: 3 });
  assert.equal(small.labels.length, 2000);
  assert.deepEqual(Array.from(explicit.x), Array.from(small.x));
  // Row i is drawn from the i-th draws of the stream, so the first 2000 rows agree.
  assert.deepEqual(Array.from(large.x.subarray(0, 4000)), Array.from(small.x));
  assert.deepEqual(Array.from(large.labels.subarray(0, 2000)), Array.from(small.labels));
});

test('makeMoons({ n: 10⁵ }): two classes of half the rows each', () => {
  const moons = lethe.makeMoons({ n: 100000, seed: 2 });
  assert.equal(moons.labels.length, 100000);
  let ones = 0;
  for (const label of moons.labels) ones += label;
  assert.equal(ones, 50000);
});

test('makeBifMixture: bad sizes are real Errors naming n, and the module keeps working', () => {
  assertThrowsError(() => lethe.makeBifMixture({ n: 0 }), 'bif_mixture_preset', "'n'", 'at least 1');
  assertThrowsError(() => lethe.makeBifMixture({ n: 2.5 }), 'makeBifMixture', "'n'", 'integer');
  assertThrowsError(() => lethe.makeBifMixture({ n: 2_000_000 }), 'makeBifMixture', "'n'", 'row limit');
  assert.equal(lethe.makeBifMixture({ n: 10 }).labels.length, 10);
});
