// The names 0.3.0 renamed to the one verb, forget, still work for one release: each is
// the new one under its old name, and warns once on the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLethe } from '../index.js';

const lethe = await loadLethe();

// Runs `fn` and returns what it printed with console.warn.
function warnings(fn) {
  const seen = [];
  const warn = console.warn;
  console.warn = (...args) => seen.push(args.join(' '));
  try {
    fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}

test('ExactRegression.erase/erasedIds and exactUnlearn are forget/forgottenIds and exactForget', () => {
  const { x, y } = lethe.makeRegression1d({ seed: 2 });
  const a = lethe.fitExactRegression(x, y),
    b = lethe.fitExactRegression(x, y);
  try {
    let said = warnings(() => a.erase([1, 4]));
    assert.deepEqual(said, ['lethe: ExactRegression.erase is deprecated; use forget']);
    b.forget([1, 4]);
    assert.deepEqual(a.posterior(), b.posterior());
    assert.deepEqual(Array.from(a.erasedIds), Array.from(b.forgottenIds));
    assert.deepEqual(
      warnings(() => a.erase([5])),
      [],
      'warns once',
    );
  } finally {
    a.dispose();
    b.dispose();
  }
  const args = { x, y, grid: [0, 0.5] };
  const now = lethe.exactForget({ ...args, forget: [3] });
  let old;
  const said = warnings(() => (old = lethe.exactUnlearn({ ...args, erase: [3] })));
  assert.equal(said.length, 2, said.join('\n'));
  assert.ok(
    said.some((s) => s.includes("option 'erase' is deprecated; use 'forget'")),
    said.join('\n'),
  );
  assert.deepEqual(old.forgotten, now.forgotten);
  assert.deepEqual(old.unlearned, now.forgotten);
  assert.throws(
    () => lethe.exactForget({ ...args, forget: [3], erase: [3] }),
    /'erase' and 'forget' are the same option/,
  );
});

test('MoonsProblem.setErased/erased/unlearn/unlearnedPosterior and erase: are the forget names', () => {
  const now = lethe.moonsProblem({ seed: 0, forget: 'tip' });
  let old;
  warnings(() => (old = lethe.moonsProblem({ seed: 0, erase: 'tip' })));
  try {
    warnings(() => {
      assert.deepEqual(Array.from(old.erased), Array.from(now.forgotten));
      const a = old.unlearn({ method: 'eubo', lambda: 0 });
      const b = now.forget({ method: 'eubo', lambda: 0 });
      assert.equal(a.klForgotten, b.klForgotten);
      assert.deepEqual(old.unlearnedPosterior(), now.forgottenPosterior());
      const grid = [0, 0, 1, 0.5];
      assert.deepEqual(old.predictGrid(grid, 'unlearned'), now.predictGrid(grid, 'forgotten'));
      old.setErased([0, 1, 2]);
      now.setForgotten([0, 1, 2]);
      assert.deepEqual(Array.from(old.erased), Array.from(now.forgotten));
    });
  } finally {
    old.dispose();
    now.dispose();
  }
});

test('GmmForgetting.erasedIds, BnnProblem.erased and gmmForget/createBnnProblem erase: are the forget names', () => {
  const full = lethe.makeBifMixture({ seed: 3 });
  const data = { x: full.x.slice(0, 400), labels: full.labels.slice(0, 200) };
  const gmm = lethe.createGmmForgetting(data, { iterations: 20, seed: 1 });
  try {
    gmm.train();
    gmm.forgetBatch([7, 9]);
    warnings(() => assert.deepEqual(Array.from(gmm.erasedIds), Array.from(gmm.forgottenIds)));
  } finally {
    gmm.dispose();
  }
  const a = lethe.gmmForget({ data, forget: [0, 1], iterations: 20 });
  let b;
  warnings(() => (b = lethe.gmmForget({ data, erase: [0, 1], iterations: 20 })));
  assert.deepEqual(b.processed, a.processed);

  const d = lethe.bnnDataset({ dataset: 'moons', seed: 1 });
  const options = { train: d.train, test: d.test, hidden: [4], viSteps: 20, burnIn: 10 };
  const now = lethe.createBnnProblem({ ...options, forget: 'tip' });
  let old;
  warnings(() => (old = lethe.createBnnProblem({ ...options, erase: 'tip' })));
  try {
    warnings(() => assert.deepEqual(Array.from(old.erased), Array.from(now.forgotten)));
  } finally {
    old.dispose();
    now.dispose();
  }
});

test('gmmForget removeBatch: and lethe gmm-forget --remove-batch are requestSize / --request-size', async () => {
  const full = lethe.makeBifMixture({ seed: 3 });
  const data = { x: full.x.slice(0, 400), labels: full.labels.slice(0, 200) };
  const args = { data, forget: [3, 5, 7, 9, 11], iterations: 20, seed: 1 };
  const now = lethe.gmmForget({ ...args, requestSize: 2 });
  let old;
  const said = warnings(() => (old = lethe.gmmForget({ ...args, removeBatch: 2 })));
  assert.ok(
    said.some((s) => s.includes("option 'removeBatch' is deprecated; use 'requestSize'")),
    said.join('\n'),
  );
  assert.deepEqual(old.secondsPerBatch.length, now.secondsPerBatch.length);
  assert.deepEqual(old.processed, now.processed);
  const { spawnSync } = await import('node:child_process');
  const { nativeTool } = await import('./support.mjs');
  const cli = ['gmm-forget', '--sampler', 'vi', '--iterations', '20', '--json'];
  const a = spawnSync(nativeTool, [...cli, '--remove-batch', '2'], { encoding: 'utf8' });
  const b = spawnSync(nativeTool, [...cli, '--request-size', '2'], { encoding: 'utf8' });
  assert.equal(a.status, 0, a.stderr);
  assert.ok(a.stderr.includes('option --remove-batch is deprecated; use --request-size'), a.stderr);
  assert.deepEqual(JSON.parse(a.stdout).processed, JSON.parse(b.stdout).processed);
});
