// The experiments' --data and --forget take the user's ids (issue 19): the CSV's `id`
// column if it has one, else its data row number from 0 — the lifecycle's rule — and
// bnn-forget's held-out rows come from --test, never from a hidden split. Runs the
// native tool (build/native/tools/lethe) on CSVs written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLethe } from '../index.js';
import { nativeTool } from './support.mjs';

const lethe = await loadLethe();
const dir = mkdtempSync(path.join(os.tmpdir(), 'lethe-userids-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function file(name, text) {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}
const run = (command, ...args) => spawnSync(nativeTool, [command, ...args], { encoding: 'utf8' });
function json(command, ...args) {
  const r = run(command, ...args, '--json');
  assert.equal(r.status, 0, `${command} ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
// The JSON without timings (and without the names of the data and the forgotten set).
function measures(value) {
  if (Array.isArray(value)) return value.map(measures);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value))
    if (!k.includes('seconds') && !k.includes('speedup') && k !== 'dataset' && k !== 'scenario') out[k] = measures(v);
  return out;
}

// Every number of `actual` (also inside arrays, such as the per-step residuals) within
// 1e-7·max(1, |e|) of `expected`, the rest equal.
function assertClose(actual, expected, what) {
  const close = (a, e, where) =>
    assert.ok(Math.abs(a - e) <= 1e-7 * Math.max(1, Math.abs(e)), `${where}: ${a} vs ${e}`);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), what);
  for (const [k, e] of Object.entries(expected)) {
    if (typeof e === 'number') close(actual[k], e, `${what}.${k}`);
    else if (Array.isArray(e) && e.every((v) => typeof v === 'number')) {
      assert.equal(actual[k].length, e.length, `${what}.${k}.length`);
      e.forEach((v, i) => close(actual[k][i], v, `${what}.${k}[${i}]`));
    } else assert.deepEqual(actual[k], e, `${what}.${k}`);
  }
}

// Rows as CSV text: `x` flat row-major with `features` columns; `ids` adds an id column.
function csv(x, labels, features, { header = true, ids = null } = {}) {
  const names = Array.from({ length: features }, (_, j) => `f${j + 1}`).concat('label');
  const lines = header ? [(ids ? ['id', ...names] : names).join(',')] : [];
  for (let i = 0; i < labels.length; i++) {
    const row = Array.from(x.slice(i * features, (i + 1) * features)).concat(labels[i]);
    lines.push((ids ? [ids[i], ...row] : row).join(','));
  }
  return lines.join('\n') + '\n';
}

test('bnn-forget --data/--test/--forget: the same rows in the same order give the --dataset run, with or without ids', () => {
  const data = lethe.bnnDataset({ dataset: 'moons', seed: 3 });
  const { train, test: held } = data;
  const tip = Array.from(lethe.bnnScenarioIds({ data: train, scenario: 'tip', seed: 3 }));
  const common = ['--seed', '3', '--vi-steps', '150', '--burn-in', '60', '--method', 'all'];
  const builtIn = json('bnn-forget', '--dataset', 'moons', ...common);
  const testCsv = file('moons-test.csv', csv(held.x, held.labels, 2));
  // Without an id column the ids are the rows' numbers; with one, the column's values.
  const plain = json(
    'bnn-forget',
    '--data',
    file('moons-train.csv', csv(train.x, train.labels, 2, { header: false })),
    '--test',
    testCsv,
    '--forget',
    file('tip.txt', tip.join('\n') + '\n'),
    ...common,
  );
  const ids = Array.from(train.labels, (_, i) => 5000 + 7 * (train.labels.length - i));
  const withIds = json(
    'bnn-forget',
    '--data',
    file('moons-train-ids.csv', csv(train.x, train.labels, 2, { ids })),
    '--test',
    testCsv,
    '--forget',
    tip.map((i) => ids[i]).join(','),
    ...common,
  );
  assert.equal(plain.model.train, train.labels.length);
  assert.equal(plain.model.test, held.labels.length);
  assert.equal(plain.model.forgotten, tip.length);
  // The id column changes nothing: the same rows, bit for bit the same results.
  assert.deepEqual(measures(withIds), measures(plain));
  // Against the built-in run: the module's moons differ from the native ones at
  // rounding level (wasm libm), so the VI family agrees to 1e-7 (as in bnn.test.mjs's
  // parity) and the chaotic SGHMC chain is not compared.
  assert.deepEqual(measures(plain.model), measures(builtIn.model));
  assertClose(measures(plain.original), measures(builtIn.original), 'original');
  assertClose(measures(plain.retrained), measures(builtIn.retrained), 'retrained');
  const vi = (r) => r.runs.filter((run) => run.method !== 'bif-sghmc').map(measures);
  assert.equal(vi(plain).length, 4);
  vi(plain).forEach((run, i) => assertClose(run, vi(builtIn)[i], run.method));
});

test('bnn-forget: ids name rows of --data, not of a split; bad ids and a missing --test exit 2', () => {
  // 40 rows of two blobs; the id column is not 0..n−1.
  const x = [],
    labels = [];
  for (let i = 0; i < 40; i++) {
    x.push(Math.cos(i) + 2 * (i % 2), Math.sin(i));
    labels.push(i % 2);
  }
  const ids = labels.map((_, i) => 1000 + i);
  const train = file('blobs-ids.csv', csv(x, labels, 2, { ids }));
  const plain = file('blobs.csv', csv(x, labels, 2));
  const heldOut = file('blobs-test.csv', csv(x.slice(0, 20), labels.slice(0, 10), 2));
  const fast = ['--vi-steps', '20', '--burn-in', '20', '--method', 'bif-vi'];
  // The case: the last rows of the file (beyond 80 % of it) can be forgotten.
  const last = json('bnn-forget', '--data', plain, '--test', heldOut, '--forget', '36,37,38,39', ...fast);
  assert.equal(last.model.train, 40);
  assert.equal(last.model.forgotten, 4);
  assert.equal(
    json('bnn-forget', '--data', train, '--test', heldOut, '--forget', '1036,1039', ...fast).model.forgotten,
    2,
  );
  for (const [args, message] of [
    [['--data', train, '--test', heldOut, '--forget', '1036,40'], 'option --forget: id 40 is not a row of --data'],
    [['--data', plain, '--test', heldOut, '--forget', '40'], 'option --forget: id 40 is not a row of --data'],
    [['--data', plain, '--test', heldOut, '--forget', '3,3'], 'option --forget: id 3 is given twice'],
    [['--data', plain, '--forget', '3'], 'option --data: needs --test FILE.csv'],
    [['--test', heldOut], 'option --test: needs --data'],
    [['--data', plain, '--test', file('three.csv', 'a,b,c,label\n1,2,3,0\n')], 'option --test: has 3 feature columns'],
    [['--data', file('frac.csv', 'x1,x2,label\n0,0,0\n1,1,0.5\n'), '--test', heldOut], 'is not a non-negative integer'],
  ]) {
    const r = run('bnn-forget', ...args, ...fast);
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
    assert.ok(r.stderr.includes(message), `${args.join(' ')}: "${r.stderr}" lacks "${message}"`);
  }
});

test('moons-kl and gmm-forget --forget take the CSV id column, else its row numbers', () => {
  const points = Array.from({ length: 40 }, (_, i) => [Math.cos(i), Math.sin(i) + (i % 2), i % 2]);
  const header = 'x1,x2,label\n' + points.map((p) => p.join(',')).join('\n') + '\n';
  const idCsv = 'label,x1,id,x2\n' + points.map((p, i) => [p[2], p[0], 900 - i, p[1]].join(',')).join('\n') + '\n';
  const moons = ['--lambdas', '1,0'];
  const byRow = json('moons-kl', '--data', file('m.csv', header), '--forget', file('m.txt', '1\n3\n5\n'), ...moons);
  const byId = json('moons-kl', '--data', file('m-ids.csv', idCsv), '--forget', '899,897,895', ...moons);
  assert.deepEqual(measures(byId), measures(byRow));
  const bad = run('moons-kl', '--data', file('m-ids2.csv', idCsv), '--forget', '1');
  assert.equal(bad.status, 2);
  assert.ok(bad.stderr.includes('option --forget: id 1 is not a row of --data'), bad.stderr);
  assert.ok(bad.stderr.includes('(its id column)'), bad.stderr);

  // gmm-forget: four clusters; the removal order is the order of the ids given.
  const centres = [
    [-2, -2],
    [-2, 2],
    [2, 2],
    [2, -2],
  ];
  const rows = Array.from({ length: 80 }, (_, i) => {
    const c = i % 4;
    return [centres[c][0] + 0.3 * Math.cos(i), centres[c][1] + 0.3 * Math.sin(3 * i), c];
  });
  const gmmPlain = file('g.csv', rows.map((r) => r.join(',')).join('\n') + '\n'); // no header
  const gmmIds = file('g-ids.csv', 'id,x1,x2,label\n' + rows.map((r, i) => [10 * i, ...r].join(',')).join('\n') + '\n');
  const gmm = ['--sampler', 'vi', '--iterations', '50', '--request-size', '2'];
  const forget = [9, 2, 17, 4];
  const plainRun = json('gmm-forget', '--data', gmmPlain, '--forget', forget.join(','), ...gmm);
  const idRun = json(
    'gmm-forget',
    '--data',
    gmmIds,
    '--forget',
    file('g.txt', forget.map((i) => 10 * i).join('\n')),
    ...gmm,
  );
  assert.deepEqual(measures(idRun), measures(plainRun));
  const unknown = run('gmm-forget', '--data', gmmIds, '--forget', '95', ...gmm);
  assert.equal(unknown.status, 2);
  assert.ok(unknown.stderr.includes('option --forget: id 95 is not a row of --data'), unknown.stderr);
  const outside = run('gmm-forget', '--data', gmmPlain, '--forget', '80', ...gmm);
  assert.equal(outside.status, 2);
  assert.ok(outside.stderr.includes('ids are its data row numbers 0..79'), outside.stderr);
});

test('--erase, the deprecated name of --forget, gives the same result with one deprecation line', () => {
  const fast = {
    'moons-kl': ['--lambdas', '0'],
    'gmm-forget': ['--iterations', '40'],
    'bnn-forget': ['--method', 'bif-vi', '--vi-steps', '30', '--burn-in', '10'],
  };
  for (const [command, args] of Object.entries(fast)) {
    const now = run(command, '--forget', '1,2,3,4', ...args, '--json');
    const old = run(command, '--erase', '1,2,3,4', ...args, '--json');
    assert.equal(now.status, 0, `${command}: ${now.stderr}`);
    assert.equal(old.status, 0, `${command}: ${old.stderr}`);
    assert.equal(now.stderr, '', command);
    assert.equal(old.stderr, 'lethe: option --erase is deprecated; use --forget\n', command);
    assert.deepEqual(measures(JSON.parse(old.stdout)), measures(JSON.parse(now.stdout)), command);
    const both = run(command, '--erase', '1', '--scenario', 'tip', ...args);
    assert.equal(both.status, 2, command);
    assert.ok(both.stderr.includes('--forget and --scenario'), `${command}: ${both.stderr}`);
  }
});
