// The default `--json` of every `lethe` command against its stored copy
// (wasm/tests/cli-json/<name>.json), so that a change to what a command prints is seen
// and listed in CHANGELOG.md, never made by accident. Fixed seeds and a fixed clock
// (LETHE_NOW) make the numbers reproducible; timings and what follows from them
// (speedups, the scale verdict) and a file's checksum (each file has a fresh identity,
// salted by the clock) are compared by type only.
//
// To accept an intended change: list it in CHANGELOG.md, then
//   UPDATE_CLI_JSON=1 node --test wasm/tests/cli-json.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, rmSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, nativeTool } from './support.mjs';

const stored = path.join(root, 'wasm/tests/cli-json');
const update = process.env.UPDATE_CLI_JSON === '1';
// Keys whose values are measured times, depend on them, or hash a file's fresh identity.
const TIMED = /seconds|speedup|verdict|retrain_over|wall|checksum/;
const TOLERANCE = 1e-9; // relative, against max(1, |stored|): rounding, not a change

function run(cwd, args) {
  const r = spawnSync(nativeTool, [...args, '--json'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LETHE_NOW: '1796000000' },
  });
  assert.equal(r.status, 0, `lethe ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every difference between `actual` and `expected` at `where`, as text. */
function differences(actual, expected, where = '', out = []) {
  const timed = TIMED.test(where.split('.').pop() ?? '');
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!timed && Math.abs(actual - expected) > TOLERANCE * Math.max(1, Math.abs(expected)))
      out.push(`${where}: ${actual}, stored ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      out.push(
        `${where}: ${Array.isArray(actual) ? actual.length + ' entries' : typeof actual}, stored ${expected.length}`,
      );
    else expected.forEach((e, i) => differences(actual[i], e, `${where}[${i}]`, out));
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') out.push(`${where}: ${typeof actual}, stored an object`);
    else {
      const keys = Object.keys(expected),
        got = Object.keys(actual);
      if (keys.join() !== got.join()) out.push(`${where}: keys ${got.join(',')}, stored ${keys.join(',')}`);
      for (const k of keys) if (k in actual) differences(actual[k], expected[k], where ? `${where}.${k}` : k, out);
    }
  } else if (timed ? typeof actual !== typeof expected : actual !== expected) {
    out.push(`${where}: ${JSON.stringify(actual)}, stored ${JSON.stringify(expected)}`);
  }
  return out;
}

function check(name, json) {
  const file = path.join(stored, `${name}.json`);
  if (update || !existsSync(file)) {
    assert.ok(update, `${file} is missing: run with UPDATE_CLI_JSON=1 to store it`);
    mkdirSync(stored, { recursive: true });
    writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
    return;
  }
  const found = differences(json, JSON.parse(readFileSync(file, 'utf8')));
  assert.deepEqual(
    found,
    [],
    `lethe ${name} --json changed; list it in CHANGELOG.md and store it again (see the top of this file)`,
  );
}

// The experiments at their defaults (scale takes about 8 s).
for (const command of ['moons-kl', 'gmm-forget', 'bif-rate', 'bnn-forget', 'scale'])
  test(`lethe ${command} --json at its defaults is the stored one`, () => check(command, run(root, [command])));

test('the lifecycle commands --json on examples/loans.csv are the stored ones', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-cli-json-'));
  try {
    cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const data = ['--data', 'examples/loans.csv'];
    check('train', run(dir, ['train', '--family', 'logistic', ...data, '-o', 'm.lethe', '--residual-budget', '1']));
    check('forget', run(dir, ['forget', 'm.lethe', '--ids', '10017,10023', '--request-id', 'ticket-4711']));
    check('status', run(dir, ['status', 'm.lethe']));
    check('predict', run(dir, ['predict', 'm.lethe', '--data', 'examples/loans-new.csv']));
    check('verify', run(dir, ['verify', 'm.lethe']));
    check('retrain', run(dir, ['retrain', 'm.lethe']));
    check('train-linear', run(dir, ['train', '--family', 'linear', ...data, '-o', 'l.lethe']));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the comparison sees a change: a number past the tolerance, a key, a word', () => {
  const stored = { a: 1, b: [1, 2], c: { seconds: 3, word: 'x' } };
  assert.deepEqual(differences({ a: 1 + 1e-12, b: [1, 2], c: { seconds: 9, word: 'x' } }, stored), []);
  assert.deepEqual(differences({ a: 1.001, b: [1, 2], c: { seconds: 3, word: 'x' } }, stored), ['a: 1.001, stored 1']);
  assert.equal(differences({ a: 1, b: [1], c: { seconds: 3, word: 'y', extra: 1 } }, stored).length, 3);
});
