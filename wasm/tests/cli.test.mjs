// The CLI on wasm (wasm/bin/lethe.mjs, what `npx @lethe-bayes/unlearning` runs)
// against the native build: the README's lifecycle on examples/loans.csv and a small
// moons-kl, both ways, the same exit codes and the same --json numbers to 1e-9,
// and each reads the model files the other wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, nativeTool } from './support.mjs';

const bin = path.join(root, 'wasm/bin/lethe.mjs');
const env = { ...process.env, LETHE_NOW: '1796000000' };
const haveBoth = existsSync(nativeTool) && existsSync(path.join(root, 'wasm/dist/lethe_cli.cjs'));
const skip = haveBoth ? false : 'needs build/native/tools/lethe and wasm/dist/lethe_cli.cjs';

const native = (cwd, args) => spawnSync(nativeTool, args, { cwd, encoding: 'utf8', env });
const wasm = (cwd, args) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });

const workspace = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-cli-'));
  cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
};

// Timings differ run to run, and a file's checksum with the last bits of its numbers;
// everything else must agree.
const TIMING = /(^|_)(seconds|time|elapsed|ms)(_|$)|seconds|checksum/;

/** Walks two JSON values together; numbers agree to 1e-9 (relative above 1). */
function assertSameJson(a, b, where = '$') {
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    assert.ok(Math.abs(a - b) <= tol, `${where}: native ${a} vs wasm ${b}`);
    return;
  }
  assert.equal(typeof b, typeof a, `${where}: type`);
  if (Array.isArray(a)) {
    assert.equal(b.length, a.length, `${where}: length`);
    a.forEach((v, i) => assertSameJson(v, b[i], `${where}[${i}]`));
  } else if (a && typeof a === 'object') {
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `${where}: keys`);
    for (const k of Object.keys(a)) if (!TIMING.test(k)) assertSameJson(a[k], b[k], `${where}.${k}`);
  } else {
    assert.equal(b, a, where);
  }
}

/** Runs one command in each workspace; same exit code, stderr and JSON. */
function both(dirs, args) {
  const n = native(dirs.native, args);
  const w = wasm(dirs.wasm, args);
  assert.equal(w.status, n.status, `${args.join(' ')}: exit code (wasm stderr: ${w.stderr})`);
  assert.equal(w.stderr, n.stderr, `${args.join(' ')}: stderr`);
  if (args.includes('--json') && n.status === 0) assertSameJson(JSON.parse(n.stdout), JSON.parse(w.stdout));
  return { n, w };
}

test('the lifecycle on wasm: train, forget, status, predict, verify as natively', { skip }, () => {
  const dirs = { native: workspace(), wasm: workspace() };
  try {
    const steps = [
      [
        'train',
        '--family',
        'logistic',
        '--data',
        'examples/loans.csv',
        '-o',
        'loans.lethe',
        '--residual-budget',
        '1',
        '--json',
      ],
      ['forget', 'loans.lethe', '--ids', '10017,10023', '--request-id', 'ticket-4711', '--json'],
      ['status', 'loans.lethe', '--json', '--verify-rows'],
      ['verify', 'loans.lethe', '--json'],
      // Refusals: the same exit code and message (an id that is not in the model).
      ['forget', 'loans.lethe', '--ids', '99999999', '--json'],
    ];
    for (const args of steps) both(dirs, args);
    const p = both(dirs, ['predict', 'loans.lethe', '--data', 'examples/loans-new.csv']);
    // The same CSV: the header and ids exactly, the numbers to 1e-9.
    const cells = (csv) =>
      csv
        .trim()
        .split('\n')
        .map((line) => line.split(','));
    const [nh, ...nrows] = cells(p.n.stdout);
    const [wh, ...wrows] = cells(p.w.stdout);
    assert.deepEqual(wh, nh);
    assertSameJson(
      nrows.map((r) => r.map(Number)),
      wrows.map((r) => r.map(Number)),
      'predict',
    );
    // The files hold the same numbers, not the same bytes (the last bits of libm differ,
    // and so the checksums), and each CLI reads the other's file.
    for (const [reader, dir] of [
      [native, dirs.wasm],
      [wasm, dirs.native],
    ]) {
      const r = reader(dir, ['status', 'loans.lethe', '--json', '--verify-rows']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).rows_active ?? 598, 598);
    }
  } finally {
    rmSync(dirs.native, { recursive: true, force: true });
    rmSync(dirs.wasm, { recursive: true, force: true });
  }
});

test('an experiment on wasm: moons-kl --json as natively', { skip }, () => {
  const dirs = { native: root, wasm: root };
  both(dirs, ['moons-kl', '--json', '--lambdas', '1e-3,0']);
});

test('--version and a bad option: same text and exit code', { skip }, () => {
  const dirs = { native: root, wasm: root };
  const v = both(dirs, ['--version']);
  assert.equal(v.w.stdout, v.n.stdout);
  assert.equal(v.n.status, 0);
  const bad = both(dirs, ['moons-kl', '--lambdas', '1.5']);
  assert.notEqual(bad.n.status, 0);
});
