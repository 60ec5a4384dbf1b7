// Node tests of the model lifecycle (lethe.train, LetheModel, lethe.loadModel): round
// trips through the file's bytes, parity with the native `lethe` tool on the same
// data, model files crossing between the two in both directions, corrupted files,
// and refused calls that change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLethe } from '../index.js';
import { nativeTool, assertClose, assertThrowsError } from './support.mjs';

const lethe = await loadLethe();
const NOW = 1_700_000_000;

// --- Data: k features from the core's seeded stream, targets from a fixed rule.
function dataset({ n, k, kind, seed = 1 }) {
  const z = lethe.randomStream(seed, n * (k + 1)).normals;
  const x = Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, j) => z[i * (k + 1) + j]));
  const w = Array.from({ length: k }, (_, j) => (j % 2 ? -1 : 1) * (0.5 + 0.25 * j));
  const score = x.map((row, i) => row.reduce((s, v, j) => s + v * w[j], 0.3) + 0.4 * z[i * (k + 1) + k]);
  const y = kind === 'linear' ? score : score.map((s) => (s > 0 ? 1 : 0));
  return { x, y };
}

const csv = (names, rows) => `${names.join(',')}\n${rows.map((r) => r.map(String).join(',')).join('\n')}\n`;

// --- The native tool, with a fixed clock.
function native(args, { json = true } = {}) {
  const out = execFileSync(nativeTool, [...args, ...(json ? ['--json'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, LETHE_NOW: String(NOW) },
  });
  return json ? JSON.parse(out) : out;
}

function withDir(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-model-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// snake_case keys (the CLI's JSON) → camelCase (the JavaScript objects); ids arrays → plain.
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelKeys(x)]));
  return v;
}
function plain(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}
// A copy without the measured processor seconds, which differ from run to run.
const withoutSeconds = (o) => {
  const copy = { ...o };
  delete copy.seconds;
  return copy;
};
// A certificate as the CLI prints it: no distance_bound when there is none.
// The CLI leaves out what JS gives as null (no distance bound; not certified).
const cliCertificate = (c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null));
// A JS status as `lethe status --json` prints it (camelCase; seconds measured, left out; ∞ → null).
function comparableStatus(s) {
  const p = plain(s);
  return {
    ...p,
    budgetLeft: Number.isFinite(p.budgetLeft) ? p.budgetLeft : null,
    requests: p.requests.map((r) => ({ ...withoutSeconds(r), certificate: cliCertificate(r.certificate) })),
  };
}
function comparableNativeStatus(s) {
  const c = camelKeys(s);
  return { ...c, requests: c.requests.map(withoutSeconds) };
}

// Numbers of two results close to `tolerance` (relative above 1), strings and flags equal.
function assertSame(actual, expected, tolerance, what) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(
      Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
      `${what}: ${actual} vs ${expected}`,
    );
  } else if (expected && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: keys`);
    for (const k of Object.keys(expected)) assertSame(actual[k], expected[k], tolerance, `${what}.${k}`);
  } else {
    assert.deepEqual(actual, expected, what);
  }
}

const FAMILIES = [
  { family: 'linear', target: 'y' },
  { family: 'logistic', target: 'labels' },
  { family: 'gp', target: 'labels' },
  { family: 'bnn', target: 'labels' },
  { family: 'mixture', target: 'labels' },
];

function trainJs(family, data, extra = {}) {
  const target = family === 'linear' ? { y: data.y } : { labels: data.y };
  return lethe.train({ family, x: data.x, ...target, now: NOW, ...extra });
}

test('modelFamilies: the core describes every family and option; train without options takes those defaults', () => {
  const families = lethe.modelFamilies();
  assert.deepEqual(
    families.map((f) => f.name),
    ['linear', 'logistic', 'gp', 'bnn', 'mixture'],
  );
  for (const f of families) {
    assert.ok(f.options.length > 0, `${f.name} has options`);
    for (const o of f.options) {
      assert.match(o.name, /^[a-z][A-Za-z]*$/, 'camelCase');
      assert.ok(o.minimum <= o.defaultValue && o.defaultValue <= o.maximum, `${f.name}.${o.name}: default in range`);
      assert.ok(o.doc.length > 10, `${f.name}.${o.name}: documented`);
    }
    const data = dataset({ n: 20, k: 2, kind: f.name });
    const model = trainJs(f.name, data);
    try {
      const s = model.status();
      assert.deepEqual(s.options, Object.fromEntries(f.options.map((o) => [o.name, o.defaultValue])));
      assert.deepEqual(model.predict([[0, 0]]).columns, f.predictionColumns);
    } finally {
      model.dispose();
    }
  }
  assert.equal(families.find((f) => f.name === 'linear').target, 'regression');
  assert.equal(families.find((f) => f.name === 'logistic').target, 'classification');
  for (const name of ['gp', 'bnn', 'mixture'])
    assert.equal(families.find((f) => f.name === name).target, 'classification');
});

for (const { family } of FAMILIES) {
  test(`${family}: train → forget → save → loadModel gives the same status and predictions (1e-12)`, () => {
    const data = dataset({ n: 60, k: 3, kind: family });
    const grid = dataset({ n: 9, k: 3, kind: family, seed: 9 }).x;
    const model = trainJs(family, data, { featureNames: ['a', 'b', 'c'], residualBudget: 10 });
    const result = model.forget([4, 17, 33], { requestId: 'user-1', now: NOW + 60 });
    assert.equal(result.requestId, 'user-1');
    assert.deepEqual(Array.from(result.ids), [4, 17, 33]);
    assert.equal(result.rowsLeft, 57);
    assert.equal(result.alreadyApplied, false);
    assert.equal(
      result.certificate.kind,
      { linear: 'exact', logistic: 'proof', gp: 'estimate', bnn: 'estimate', mixture: 'estimate' }[family],
    );
    const bytes = model.save();
    assert.ok(bytes instanceof Uint8Array && bytes.length === model.status().fileBytes);
    const loaded = lethe.loadModel(bytes);
    try {
      assert.deepEqual(plain(loaded.status()), plain(model.status()));
      const a = model.predict(grid),
        b = loaded.predict(grid);
      assert.deepEqual([b.rows, b.cols, b.columns], [9, a.cols, a.columns]);
      assertClose(b.values, a.values, 1e-12, `${family} predictions`);
      // A file opened and saved again is the same bytes.
      assert.deepEqual(loaded.save(), bytes);
      // The loaded model goes on: the same request again changes nothing; a new one is applied.
      assert.equal(loaded.forget([33, 4, 17], { requestId: 'user-1' }).alreadyApplied, true);
      assert.equal(loaded.forget([5], { now: NOW + 120 }).rowsLeft, 56);
      assert.equal(loaded.status().requests.length, 2);
      const v = loaded.verify();
      assert.equal(v.rows, 56);
      assert.ok(v.boundHolds);
      // The fit of the rows held, counted again here from predict(): the class of
      // p(y = 1) over one half, or the largest p_class; or the RMSE of the mean.
      const score = loaded.score();
      const held = [...data.y.keys()].filter((i) => ![4, 5, 17, 33].includes(i));
      const p = loaded.predict(held.map((i) => data.x[i]));
      let expected = 0;
      for (const [k, i] of held.entries()) {
        const row = Array.from(p.values.subarray(k * p.cols, (k + 1) * p.cols));
        if (family === 'linear') expected += (row[0] - data.y[i]) ** 2;
        else {
          const predicted = p.columns[0] === 'probability' ? Number(row[0] > 0.5) : row.indexOf(Math.max(...row));
          expected += predicted === data.y[i] ? 1 : 0;
        }
      }
      expected = family === 'linear' ? Math.sqrt(expected / held.length) : expected / held.length;
      assert.deepEqual([score.measure, score.rows], [family === 'linear' ? 'rmse' : 'accuracy', 56]);
      assertClose([score.value], [expected], 1e-12, `${family} score`);
      assert.deepEqual([v.scoreMeasure, v.scoreForgotten], [score.measure, score.value]);
      assert.ok(Number.isFinite(v.scoreRetrained));
      if (family === 'linear') assert.ok(v.distance < 1e-9, `linear: forgotten = retrained (KL ${v.distance})`);
    } finally {
      model.dispose();
      loaded.dispose();
    }
  });
}

test('certifiedPaperSettings: the paper’s σ, ε and δ give the budget σε/√(2 log(1.5/δ)); δ is the family’s default', () => {
  const paper = lethe.certifiedPaperSettings();
  assert.deepEqual(paper, { lambda: 1e-3, sigma: 10, epsilon: 1, delta: 1e-4 });
  const logistic = lethe.modelFamilies().find((f) => f.name === 'logistic');
  assert.equal(logistic.options.find((o) => o.name === 'certifyDelta').defaultValue, paper.delta);
  const data = dataset({ n: 40, k: 2, kind: 'logistic' });
  const model = lethe.train({
    family: 'logistic',
    ...data,
    options: { perturbationSigma: paper.sigma, certifyEpsilon: paper.epsilon, certifyDelta: paper.delta },
    now: NOW,
  });
  try {
    const expected = (paper.sigma * paper.epsilon) / Math.sqrt(2 * Math.log(1.5 / paper.delta));
    assert.ok(Math.abs(model.status().residualBudget / expected - 1) < 1e-14);
  } finally {
    model.dispose();
  }
});

test('certified logistic: JS and the native CLI train the same perturbed model and certify each request alike (1e-12)', () =>
  withDir((dir) => {
    // σ and ε small enough that the fifth request passes the budget: bound, actual, sum and decision compared.
    const data = dataset({ n: 120, k: 3, kind: 'logistic', seed: 6 });
    const ids = data.x.map((_, i) => i);
    writeFileSync(
      path.join(dir, 'rows.csv'),
      csv(
        ['id', 'u', 'v', 'w', 'label'],
        data.x.map((r, i) => [ids[i], ...r, data.y[i]]),
      ),
    );
    const file = path.join(dir, 'model.lethe');
    const settings = { sigma: 0.05, epsilon: 0.1, delta: 1e-4, seed: 7, priorVariance: 0.05 };
    native([
      'train',
      '--family',
      'logistic',
      '--data',
      path.join(dir, 'rows.csv'),
      '-o',
      file,
      '--certify',
      `${settings.epsilon},${settings.delta}`,
      '--sigma',
      String(settings.sigma),
      '--prior-variance',
      String(settings.priorVariance),
      '--seed',
      String(settings.seed),
    ]);
    const model = lethe.train({
      family: 'logistic',
      x: data.x,
      labels: data.y,
      ids,
      featureNames: ['u', 'v', 'w'],
      options: {
        perturbationSigma: settings.sigma,
        certifyEpsilon: settings.epsilon,
        certifyDelta: settings.delta,
        seed: settings.seed,
        priorVariance: settings.priorVariance,
      },
      now: NOW,
    });
    try {
      const decisions = [];
      for (let k = 0; k < 8; k += 1) {
        const request = [3 * k, 3 * k + 1];
        const expected = withoutSeconds(
          camelKeys(native(['forget', file, '--ids', request.join(','), '--request-id', `c${k}`])),
        );
        const js = withoutSeconds(plain(model.forget(request, { requestId: `c${k}`, now: NOW })));
        assertSame({ ...js, certificate: cliCertificate(js.certificate) }, expected, 1e-12, `request c${k}`);
        assert.equal(expected.certificate.kind, 'proof');
        assert.ok(expected.certificate.actual <= expected.certificate.bound, `c${k}: actual <= bound`);
        decisions.push(expected.decision);
      }
      assert.ok(decisions.includes('forgotten'), `some requests fit the budget (${decisions})`);
      // Past the budget a certified model retrains itself with a fresh b: the two agree after it too.
      assert.ok(decisions.includes('retrained'), `the budget was passed (${decisions})`);
      assert.ok(decisions.indexOf('retrained') < decisions.length - 1, 'requests follow the retraining');
      const grid = dataset({ n: 9, k: 3, kind: 'logistic', seed: 8 }).x;
      writeFileSync(path.join(dir, 'grid.csv'), csv(['u', 'v', 'w'], grid));
      const nativePrediction = native(['predict', file, '--data', path.join(dir, 'grid.csv')]);
      assertClose(model.predict(grid).values, nativePrediction.predictions.flat(), 1e-12, 'predictions');
    } finally {
      model.dispose();
    }
  }));

test('x as rows or as a flat typed array with features; ids default to 0..n−1 and may be the user’s', () => {
  const data = dataset({ n: 12, k: 2, kind: 'linear' });
  const a = lethe.train({ family: 'linear', x: data.x, y: data.y, now: NOW });
  const b = lethe.train({
    family: 'linear',
    x: Float64Array.from(data.x.flat()),
    features: 2,
    y: Float64Array.from(data.y),
    now: NOW,
  });
  const ids = data.x.map((_, i) => 1000 + 7 * i);
  const c = lethe.train({ family: 'linear', x: data.x, y: data.y, ids, now: NOW });
  try {
    assertClose(b.predict(data.x).values, a.predict(data.x.flat()).values, 0, 'flat = rows');
    a.forget([3]);
    c.forget([1000 + 7 * 3]);
    assertClose(c.predict(data.x).values, a.predict(data.x).values, 0, 'user ids');
    assertThrowsError(() => c.forget([3]), 'Model::forget', "'ids'", 'never held');
    assert.deepEqual(a.status().features, ['x1', 'x2']);
    assert.equal(a.status().target, 'y');
    assert.equal(a.status().created, NOW);
  } finally {
    [a, b, c].forEach((m) => m.dispose());
  }
});

for (const { family } of FAMILIES) {
  test(`${family}: forget equals the native CLI on the same data (1e-12), and native files load in JS`, () =>
    withDir((dir) => {
      const data = dataset({ n: 80, k: 3, kind: family, seed: 3 });
      const ids = data.x.map((_, i) => 10 * i + 5);
      const target = family === 'linear' ? 'y' : 'label';
      writeFileSync(
        path.join(dir, 'rows.csv'),
        csv(
          ['id', 'u', 'v', 'w', target],
          data.x.map((r, i) => [ids[i], ...r, data.y[i]]),
        ),
      );
      const file = path.join(dir, 'model.lethe');
      const budget = family === 'linear' ? 0 : 1e-3;
      native([
        'train',
        '--family',
        family,
        '--data',
        path.join(dir, 'rows.csv'),
        '-o',
        file,
        '--residual-budget',
        String(budget),
      ]);
      const requests = [
        { ids: [15, 305, 795], requestId: 'r1' },
        { ids: [25], requestId: 'r2' },
        { ids: [105, 115, 125, 135], requestId: 'r3' },
      ];
      const nativeResults = requests.map((r) =>
        native(['forget', file, '--ids', r.ids.join(','), '--request-id', r.requestId]),
      );

      const model = lethe.train({
        family,
        x: data.x,
        [family === 'linear' ? 'y' : 'labels']: data.y,
        ids,
        featureNames: ['u', 'v', 'w'],
        residualBudget: budget,
        now: NOW,
      });
      const fromNative = lethe.loadModel(readFileSync(file));
      try {
        requests.forEach((r, i) => {
          const js = plain(model.forget(r.ids, { requestId: r.requestId, now: NOW }));
          const expected = withoutSeconds(camelKeys(nativeResults[i]));
          const actual = withoutSeconds(js);
          assertSame({ ...actual, certificate: cliCertificate(actual.certificate) }, expected, 1e-12, `${r.requestId}`);
        });
        if (family === 'logistic')
          assert.ok(
            nativeResults.some((r) => r.decision === 'retrain-recommended'),
            'the budget was passed',
          );
        // The native file, loaded in JS: the same status as `lethe status --json`, the same predictions.
        const nativeStatus = native(['status', file]);
        assertSame(comparableStatus(fromNative.status()), comparableNativeStatus(nativeStatus), 0, 'status');
        assertSame(
          comparableStatus(model.status()),
          { ...comparableNativeStatus(nativeStatus), checksum: model.status().checksum },
          1e-12,
          'JS-trained status',
        );
        const grid = dataset({ n: 7, k: 3, kind: family, seed: 5 }).x;
        writeFileSync(path.join(dir, 'grid.csv'), csv(['u', 'v', 'w'], grid));
        const nativePrediction = native(['predict', file, '--data', path.join(dir, 'grid.csv')]);
        const p = fromNative.predict(grid);
        assert.deepEqual(p.columns, nativePrediction.columns);
        assertClose(p.values, nativePrediction.predictions.flat(), 1e-12, 'native file, JS predictions');
        assertClose(model.predict(grid).values, nativePrediction.predictions.flat(), 1e-12, 'JS model predictions');
      } finally {
        model.dispose();
        fromNative.dispose();
      }
    }));

  test(`${family}: a model saved by JS is read by lethe status and lethe forget natively`, () =>
    withDir((dir) => {
      const data = dataset({ n: 50, k: 2, kind: family, seed: 4 });
      const model = trainJs(family, data, { featureNames: ['p', 'q'], residualBudget: 1 });
      try {
        model.forget([0, 1], { requestId: 'js-1', now: NOW + 1 });
        const file = path.join(dir, 'js.lethe');
        writeFileSync(file, model.save());
        assertSame(
          comparableNativeStatus(native(['status', file])),
          comparableStatus(model.status()),
          0,
          'native status',
        );
        const nativeForget = native(['forget', file, '--ids', '7,8,9', '--request-id', 'native-1']);
        const expected = withoutSeconds(camelKeys(nativeForget));
        const actual = withoutSeconds(plain(model.forget([7, 8, 9], { requestId: 'native-1', now: NOW })));
        assertSame({ ...actual, certificate: cliCertificate(actual.certificate) }, expected, 1e-12, 'forget');
        // And back: the file the native tool changed loads in JS with both requests.
        const back = lethe.loadModel(readFileSync(file));
        try {
          assert.deepEqual(
            back.status().requests.map((r) => r.requestId),
            ['js-1', 'native-1'],
          );
          assert.equal(back.status().rows, 45);
          assertClose(back.predict(data.x).values, model.predict(data.x).values, 1e-12, 'predictions');
        } finally {
          back.dispose();
        }
        const verified = native(['verify', file]);
        assert.equal(verified.bound_holds, true);
      } finally {
        model.dispose();
      }
    }));
}

test('a corrupted or truncated file is an Error saying so, never a crash; the module stays usable', () => {
  const data = dataset({ n: 300, k: 2, kind: 'linear' });
  const model = trainJs('linear', data);
  model.forget([2, 3]);
  const bytes = model.save();
  model.dispose();
  // One flipped bit every 37 bytes, through the header, the row table and the metadata.
  let flips = 0;
  for (let at = 0; at < bytes.length; at += 37) {
    for (const bit of [0, 5]) {
      const bad = bytes.slice();
      bad[at] ^= 1 << bit;
      const e = assertThrowsError(() => lethe.loadModel(bad).dispose(), 'loadModel', "'bytes'");
      assert.match(e.message, /corrupted|truncated|not a Lethe model file|model format/, `byte ${at}: ${e.message}`);
      flips++;
    }
  }
  assert.ok(flips > 100);
  for (const length of [0, 7, 100, 256, 1000, bytes.length - 1]) {
    const e = assertThrowsError(() => lethe.loadModel(bytes.slice(0, length)).dispose(), 'loadModel');
    // (A header cut short reads as a corrupted one: the core's recovery reports it so.)
    assert.match(e.message, /truncated|corrupted|not a Lethe model file/, `${length} bytes: ${e.message}`);
  }
  const longer = new Uint8Array(bytes.length + 3);
  longer.set(bytes);
  assertThrowsError(() => lethe.loadModel(longer), 'loadModel', 'extended');
  assertThrowsError(() => lethe.loadModel([1, 2, 3]), 'loadModel', "'bytes'", 'Uint8Array');
  const again = lethe.loadModel(bytes);
  assert.equal(again.status().rows, 298);
  again.dispose();
});

test('a refused forget or retrain changes nothing: status() and save() are identical before and after', () => {
  for (const { family } of FAMILIES) {
    const model = trainJs(family, dataset({ n: 30, k: 2, kind: family }));
    try {
      model.forget([1, 2], { requestId: 'first', now: NOW + 1 });
      const status = plain(model.status()),
        bytes = model.save();
      const refused = [
        [() => model.forget([99]), 'Model::forget', "'ids'", 'never held'],
        [() => model.forget([2]), 'Model::forget', "'ids'", "already forgotten by request 'first'"],
        [() => model.forget([5, 5]), 'Model::forget', "'ids'", 'twice'],
        [() => model.forget([]), 'Model::forget', "'ids'", 'at least one'],
        [() => model.forget([3], { requestId: 'first' }), 'Model::forget', "'request_id'", 'already used'],
        [() => model.forget([0, ...Array.from({ length: 27 }, (_, i) => i + 3)]), 'Model::forget', 'no row'],
        [() => model.forget([1.5]), 'LetheModel.forget', "'ids'", 'integer'],
        [() => model.forget([2 ** 60]), 'LetheModel.forget', "'ids'", '2^53'],
        [() => model.forget('3'), 'LetheModel.forget', "'ids'", 'array'],
        [() => model.forget([3], { requestID: 'x' }), 'LetheModel.forget', "unknown option 'requestID'"],
        [() => model.forget([3], { autoRetrain: 1 }), 'LetheModel.forget', "'autoRetrain'", 'boolean'],
        [() => model.forget([3], { now: 1.5 }), 'LetheModel.forget', "'now'"],
        [() => model.retrain({ requestId: 'first' }), 'Model::retrain', "'request_id'"],
        [() => model.predict([[1, 2, 3]]), 'LetheModel.predict', "'x'", 'rows of 2'],
        [() => model.predict([1, 2, 3]), 'LetheModel.predict', "'x'", 'multiple of 2'],
        [() => model.predict([[1, NaN]]), 'LetheModel.predict', 'finite'],
      ];
      for (const [call, ...fragments] of refused) {
        assertThrowsError(call, ...fragments);
        assert.deepEqual(plain(model.status()), status, `status after ${fragments.join(' ')}`);
        assert.deepEqual(model.save(), bytes, `bytes after ${fragments.join(' ')}`);
      }
      // And the model still works.
      assert.equal(model.forget([3]).rowsLeft, 27);
    } finally {
      model.dispose();
    }
  }
});

test('bad training input is an Error naming train and the parameter; the module stays usable', () => {
  const { x, y } = dataset({ n: 10, k: 2, kind: 'linear' });
  const labels = y.map((v) => (v > 0 ? 1 : 0));
  const cases = [
    [{ family: 'cubic', x, y }, 'train', "'family'", "'linear', 'logistic', 'gp', 'bnn' or 'mixture'"],
    [{ x, y }, 'train', "'family'"],
    [{ family: 'linear', y }, 'train', "'x'"],
    [{ family: 'linear', x }, 'train', "'y'", 'required'],
    [{ family: 'linear', x, y, labels }, 'train', "'labels'", 'together'],
    [{ family: 'linear', x, y: y.slice(1) }, 'train', "'y'", 'size 9, expected 10'],
    [{ family: 'linear', x: x.flat(), y }, 'train', "'features'", 'required'],
    [{ family: 'linear', x: x.flat(), features: 3, y }, 'train', "'x'", 'multiple of 3'],
    [{ family: 'linear', x: [[1, 2], [3]], y: [1, 2] }, 'train', "'x'", 'rows of 2'],
    [{ family: 'linear', x, y, features: 3 }, 'train', "'x'", 'rows of 3'],
    [{ family: 'linear', x, y: y.map(() => NaN) }, 'train', "'y'", 'finite'],
    [{ family: 'linear', x, y, ids: [1, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, 'Model::train', "'ids'", 'twice'],
    [{ family: 'linear', x, y, ids: [1, 2] }, 'train', "'ids'", 'size 2'],
    [{ family: 'linear', x, y, featureNames: ['a'] }, 'train', "'featureNames'", 'size 1'],
    [{ family: 'linear', x, y, featureNames: ['a', 2] }, 'train', "'featureNames'", 'strings'],
    [{ family: 'linear', x, y, residualBudget: -1 }, 'train', "'residualBudget'", 'non-negative'],
    [{ family: 'linear', x, y, options: { priorVariance: 1 } }, 'train', "'options.priorVariance'", 'priorPrecision'],
    [
      { family: 'linear', x, y, options: { priorPrecision: -1 } },
      'train',
      "'options.priorPrecision'",
      'must be a number in',
    ],
    [{ family: 'linear', x, y, options: { priorPrecision: '2' } }, 'train', "'options.priorPrecision'", 'number'],
    [{ family: 'logistic', x, labels, options: { maxIterations: 2.5 } }, 'train', "'options.maxIterations'", 'integer'],
    [{ family: 'logistic', x, labels: y }, 'LogisticFamily::train', "'y'", '0 or 1'],
    [{ family: 'linear', x, y, nosie: 1 }, 'train', "unknown option 'nosie'"],
    [{ family: 'linear', x, y, now: '1' }, 'train', "'now'"],
  ];
  for (const [args, ...fragments] of cases) assertThrowsError(() => lethe.train(args), ...fragments);
  assertThrowsError(() => lethe.train(), 'train', "'family'");
  assertThrowsError(() => lethe.train(null), 'train', "'args'", 'object');
  const model = lethe.train({ family: 'linear', x, y, options: { priorPrecision: 2, noiseVariance: 0.5 } });
  assert.deepEqual(model.status().options, { priorPrecision: 2, noiseVariance: 0.5 });
  model.dispose();
  assertThrowsError(() => model.status(), 'LetheModel.status', 'disposed');
  model.dispose(); // twice is fine
});

test('logistic: past the residual budget the decision says retrain; autoRetrain and retrain() start the sum again', () => {
  const data = dataset({ n: 60, k: 2, kind: 'logistic', seed: 6 });
  const model = trainJs('logistic', data, { residualBudget: 1e-6 });
  try {
    const first = model.forget([0, 1, 2]);
    assert.equal(first.decision, 'retrain-recommended');
    assert.ok(first.certificate.distanceBound > 0);
    assert.ok(model.status().budgetLeft < 0);
    const second = model.forget([3, 4], { autoRetrain: true });
    assert.equal(second.decision, 'retrained');
    assert.equal(model.status().certificateSum, 0);
    assert.ok(model.verify().parameterDistance < 1e-8);
    const r = model.retrain({ requestId: 'manual' });
    assert.deepEqual([r.kind, r.requestId, r.decision], ['retrain', 'manual', 'retrained']);
    assert.equal(model.status().requests.length, 3);
    assert.equal(model.status().generation, 3);
  } finally {
    model.dispose();
  }
});

test('logistic: the proof is checked against the residual measured; verify audits forgotten rows', () => {
  const data = dataset({ n: 80, k: 3, kind: 'logistic', seed: 8 });
  const model = trainJs('logistic', data);
  try {
    const c = model.forget([5, 6]).certificate;
    assert.equal(c.bound, c.value);
    assert.ok(c.actual > 0 && c.actual <= c.sum, `actual ${c.actual}, bound ${c.sum}`);
    assert.equal(model.forget([7], { check: false }).certificate.actual, null);
    const v = model.verify({ audit: { x: [data.x[5], data.x[6]], y: [data.y[5], data.y[6]], ids: [5, 6] } });
    assert.equal(v.audit.attack, 'loss');
    assert.equal(v.audit.audited, 2);
    assert.equal(v.audit.passes, true);
    assert.equal(model.verify().audit, null);
    // The canary audit: the forgotten rows against rows of the same kind never trained on.
    const never = dataset({ n: 10, k: 3, kind: 'logistic', seed: 9 });
    const c2 = model.verify({
      audit: { x: [data.x[5], data.x[6]], y: [data.y[5], data.y[6]], ids: [5, 6] },
      heldOut: { x: never.x, y: never.y },
    }).audit;
    assert.equal(c2.heldOut, 10);
    assert.ok(c2.canaryAucForgotten >= 0 && c2.canaryAucForgotten <= 1);
    assert.ok(Math.abs(c2.canaryGap - (c2.canaryAucForgotten - c2.canaryAucRetrained)) < 1e-12);
    assert.equal(v.audit.canaryAucForgotten, null);
    assert.equal(c2.shadows, 0);
    assert.equal(c2.canaryLiraAucForgotten, null);
    // With shadows: the likelihood-ratio form, on shadows trained on halves of the rows held.
    const c3 = model.verify({
      audit: { x: [data.x[5], data.x[6]], y: [data.y[5], data.y[6]], ids: [5, 6] },
      heldOut: { x: never.x, y: never.y },
      shadows: 4,
    }).audit;
    assert.equal(c3.shadows, 4);
    assert.ok(c3.canaryLiraAucForgotten >= 0 && c3.canaryLiraAucForgotten <= 1);
    assert.ok(Math.abs(c3.canaryLiraGap - (c3.canaryLiraAucForgotten - c3.canaryLiraAucRetrained)) < 1e-12);
    assert.equal(c3.canaryAucForgotten, c2.canaryAucForgotten);
    assertThrowsError(
      () => model.verify({ audit: { x: [data.x[5]], y: [data.y[5]], ids: [5] }, shadows: 4 }),
      'shadows',
      'needs heldOut',
    );
    assertThrowsError(
      () =>
        model.verify({
          audit: { x: [data.x[5]], y: [data.y[5]], ids: [5] },
          heldOut: { x: never.x, y: never.y },
          shadows: 1,
        }),
      "'shadows'",
      '[2, 64]',
    );
    assertThrowsError(() => model.verify({ heldOut: { x: never.x, y: never.y } }), 'heldOut', 'needs audit');
    const before = model.save();
    assertThrowsError(
      () => model.verify({ audit: { x: [data.x[8]], y: [data.y[8]], ids: [8] } }),
      'verify',
      'still in training',
    );
    assertThrowsError(() => model.verify({ audit: { x: [data.x[8]], y: [1] } }), 'audit.ids');
    assert.deepEqual(model.save(), before);
  } finally {
    model.dispose();
  }
});

test('heap stays bounded over repeated train, forget, save, load and dispose', () => {
  const data = dataset({ n: 200, k: 3, kind: 'linear' });
  const cycle = () => {
    const m = trainJs('linear', data);
    m.forget([1, 2, 3]);
    const loaded = lethe.loadModel(m.save());
    loaded.predict(data.x);
    m.dispose();
    loaded.dispose();
  };
  for (let i = 0; i < 5; i++) cycle();
  const before = lethe.heapStats().allocatedBytes;
  for (let i = 0; i < 40; i++) cycle();
  const after = lethe.heapStats().allocatedBytes;
  assert.ok(after - before < 64 * 1024, `heap grew by ${after - before} bytes over 40 cycles`);
});

test('a choice option by its token or by the index the file keeps: the same model; a bad one refused', () => {
  const x = [
    [0, 1],
    [1, 0],
    [2, 2],
    [3, 1],
    [1, 3],
    [0, 0],
  ];
  const labels = [0, 1, 0, 1, 1, 0];
  const byName = lethe.train({ family: 'mixture', x, labels, options: { method: 'sgld', steps: 30 }, now: 1 });
  const byIndex = lethe.train({ family: 'mixture', x, labels, options: { method: 1, steps: 30 }, now: 1 });
  try {
    assert.equal(byName.status().options.method, 1);
    assert.deepEqual(byName.predict(x).values, byIndex.predict(x).values);
  } finally {
    byName.dispose();
    byIndex.dispose();
  }
  const method = lethe
    .modelFamilies()
    .find((f) => f.name === 'mixture')
    .options.find((o) => o.name === 'method');
  assert.deepEqual(method.choices, ['sghmc', 'sgld', 'vi']);
  assert.equal(method.maximum, 2);
  assert.throws(
    () => lethe.train({ family: 'mixture', x, labels, options: { method: 'nope' }, now: 1 }),
    /train: parameter 'options\.method' must be 'sghmc', 'sgld' or 'vi', or its index 0\.\.2/,
  );
  assert.throws(
    () => lethe.train({ family: 'gp', x, labels, options: { method: 2 }, now: 1 }),
    /train: parameter 'options\.method' must be 'eubo' or 'rkl', or its index 0\.\.1/,
  );
});
