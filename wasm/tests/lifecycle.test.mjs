// The model lifecycle through the native CLI, as a user runs it: the README's five
// commands verbatim, exit codes and byte-for-byte unchanged files on refusal,
// idempotent request ids, processes killed at random moments and at every write step,
// concurrent writers, and a corrupted file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, nativeTool } from './support.mjs';
import { loadLethe } from '../index.js';

const lethe = await loadLethe();

const env = { ...process.env, LETHE_NOW: '1796000000' };
const run = (cwd, args, extra = {}) =>
  spawnSync(nativeTool, args, { cwd, encoding: 'utf8', env: { ...env, ...extra } });
const workspace = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lethe-lifecycle-'));
  cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
};
const files = (dir) => [readFileSync(path.join(dir, 'm.lethe')), readFileSync(path.join(dir, 'm.lethe-wal'))];
const status = (dir) => JSON.parse(run(dir, ['status', 'm.lethe', '--json', '--verify-rows']).stdout);

test("the README's five lifecycle commands run as written", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = readme.split('<!-- lifecycle:begin -->')[1].split('<!-- lifecycle:end -->')[0];
  const commands = block.split('\n').filter((l) => l.startsWith('npm run lethe -- '));
  assert.equal(commands.length, 5);
  const dir = workspace();
  const outputs = commands.map((line) => {
    const r = run(dir, line.replace('npm run lethe -- ', '').split(/\s+/));
    assert.equal(r.status, 0, `${line}: ${r.stderr}`);
    return r.stdout;
  });
  assert.match(outputs[0], /trained logistic on 600 rows × 4 features/);
  assert.match(outputs[1], /certificate: proof/);
  assert.match(outputs[1], /decision: forgotten/);
  assert.match(outputs[2], /rows in training: 598/);
  assert.match(outputs[2], /ticket-4711/);
  assert.equal(outputs[3].trim().split('\n').length, 6); // header + 5 predictions
  assert.match(outputs[4], /holds/);
  rmSync(dir, { recursive: true });
});

test('forget --json and status --json have the documented fields', () => {
  const dir = workspace();
  assert.equal(run(dir, ['train', '--family', 'linear', '--data', 'examples/loans.csv', '-o', 'm.lethe']).status, 0);
  const f = JSON.parse(run(dir, ['forget', 'm.lethe', '--ids', '10001,10002', '--request-id', 'a', '--json']).stdout);
  assert.deepEqual(f.ids, [10001, 10002]);
  assert.equal(f.request_id, 'a');
  assert.equal(f.certificate.kind, 'exact');
  for (const key of ['value', 'sum', 'budget']) assert.equal(typeof f.certificate[key], 'number');
  assert.equal(f.decision, 'forgotten');
  const s = status(dir);
  assert.equal(s.format_version, 2);
  assert.equal(s.family, 'linear');
  assert.equal(s.rows, 598);
  assert.equal(s.requests.length, 1);
  assert.equal(s.requests[0].time, 1796000000);
  assert.deepEqual(s.requests[0].ids, [10001, 10002]);
  assert.match(s.checksum, /^[0-9a-f]{16}$/);
  rmSync(dir, { recursive: true });
});

test('the model path may follow the options: flags and valued options before it are skipped', () => {
  const dir = workspace();
  assert.equal(run(dir, ['train', '--family', 'linear', '--data', 'examples/loans.csv', '-o', 'm.lethe']).status, 0);
  const f = run(dir, ['forget', '--json', '--no-check', '--request-id', 'b', 'm.lethe', '--ids', '10003']);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(JSON.parse(f.stdout).request_id, 'b');
  const s = run(dir, ['status', '--verify-rows', '--json', 'm.lethe']);
  assert.equal(s.status, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).rows, 599);
  rmSync(dir, { recursive: true });
});

test('a proof certificate carries the measured residual; verify --audit audits the forgotten rows', () => {
  const dir = workspace();
  assert.equal(run(dir, ['train', '--family', 'logistic', '--data', 'examples/loans.csv', '-o', 'm.lethe']).status, 0);
  const f = JSON.parse(run(dir, ['forget', 'm.lethe', '--ids', '10017,10023', '--json']).stdout);
  const c = f.certificate;
  assert.equal(c.kind, 'proof');
  assert.equal(c.bound, c.value);
  assert.ok(c.actual > 0 && c.actual <= c.sum, `actual ${c.actual} within the bound ${c.sum}`);
  const unchecked = JSON.parse(run(dir, ['forget', 'm.lethe', '--ids', '10030', '--no-check', '--json']).stdout);
  assert.equal(unchecked.certificate.actual, undefined);
  assert.equal(status(dir).requests[0].certificate.actual, c.actual); // kept in the request log

  const csv = readFileSync(path.join(dir, 'examples/loans.csv'), 'utf8').split('\n');
  const rowsOf = (ids) => [csv[0], ...csv.filter((l) => ids.some((id) => l.startsWith(`${id},`)))].join('\n');
  writeFileSync(path.join(dir, 'forgotten.csv'), rowsOf([10017, 10023, 10030]));
  const v = JSON.parse(run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--json']).stdout);
  assert.equal(v.audit.attack, 'loss');
  assert.equal(v.audit.audited, 3);
  assert.equal(v.audit.members, 597);
  assert.equal(v.audit.passes, true);
  const before = files(dir);
  writeFileSync(path.join(dir, 'held.csv'), rowsOf([10017, 10024]));
  const refused = run(dir, ['verify', 'm.lethe', '--audit', 'held.csv']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--audit.*10024.*still in training/);
  assert.deepEqual(files(dir), before);
  rmSync(dir, { recursive: true });
});

test('train --test and verify report the core’s fit: the same accuracy of the same rows; a bad label exits 2', () => {
  const dir = workspace();
  const data = 'examples/loans.csv';
  const trained = run(dir, [
    'train',
    '--family',
    'logistic',
    '--data',
    data,
    '--test',
    data,
    '-o',
    'm.lethe',
    '--json',
  ]);
  assert.equal(trained.status, 0, trained.stderr);
  const accuracy = JSON.parse(trained.stdout).test_accuracy;
  assert.ok(accuracy > 0.6 && accuracy <= 1, `accuracy ${accuracy}`);
  const v = JSON.parse(run(dir, ['verify', 'm.lethe', '--json']).stdout);
  assert.equal(v.score_measure, 'accuracy');
  assert.equal(v.score_forgotten, accuracy); // nothing forgotten: the rows held are the test rows
  assert.ok(Math.abs(v.score_retrained - accuracy) <= 2 / 600, `retrained ${v.score_retrained}`);
  const csv = readFileSync(path.join(dir, data), 'utf8').split('\n');
  writeFileSync(path.join(dir, 'bad.csv'), [csv[0], csv[1].replace(/,[01]$/, ',0.5')].join('\n') + '\n');
  const bad = run(dir, ['train', '--family', 'logistic', '--data', data, '--test', 'bad.csv', '-o', 'n.lethe']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--test/);
  rmSync(dir, { recursive: true });
});

test('train --certify, --sigma and --lambda are checked by the family’s own ranges and named as given', () => {
  const dir = workspace();
  const train = (extra) =>
    run(dir, ['train', '--family', 'logistic', '--data', 'examples/loans.csv', '-o', 'c.lethe', ...extra]);
  const refusals = [
    [
      ['--certify', '1,0.7', '--sigma', '1'],
      /option --certify: .*'certify_delta' must be a number in \[1e-12, 0\.5\] \(got 0\.7\)/,
    ],
    [['--certify', '0,1e-4', '--sigma', '1'], /option --certify: EPS must be positive/],
    [
      ['--certify', '2e6,1e-4', '--sigma', '1'],
      /option --certify: .*'certify_epsilon' must be a number in \[0, 1000000\] \(got 2000000\)/,
    ],
    [['--certify', '1', '--sigma', '1'], /option --certify: must be a list of 2 numbers \(got 1 entry\)/],
    [['--lambda', '0'], /option --lambda: .*'lambda' must be positive/],
    [['--sigma', '-1'], /option --sigma: .*'perturbation_sigma'/],
    [['--residual-budget', '-1'], /option --residual-budget: .*must be non-negative/],
  ];
  for (const [extra, message] of refusals) {
    const r = train(extra);
    assert.equal(r.status, 2, `${extra}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.ok(!existsSync(path.join(dir, 'c.lethe')), `${extra} wrote a model`);
  }
  const ok = train(['--certify', '1,0.5', '--sigma', '1', '--lambda', '1e-3', '--json']);
  assert.equal(ok.status, 0, ok.stderr);
  const o = JSON.parse(ok.stdout).options;
  assert.equal(o.certify_delta, 0.5);
  assert.ok(Math.abs(o.prior_variance * 1e-3 * JSON.parse(ok.stdout).rows - 1) < 1e-12);
  rmSync(dir, { recursive: true });
});

test('verify --audit --held-out: the canary audit against rows never sent; --held-out alone exits 2', () => {
  const dir = workspace();
  const csv = readFileSync(path.join(dir, 'examples/loans.csv'), 'utf8').trim().split('\n');
  const never = csv.slice(1, 21); // 20 rows kept back from training
  writeFileSync(path.join(dir, 'train.csv'), [csv[0], ...csv.slice(21)].join('\n'));
  writeFileSync(path.join(dir, 'never.csv'), [csv[0], ...never].join('\n'));
  assert.equal(run(dir, ['train', '--family', 'logistic', '--data', 'train.csv', '-o', 'm.lethe']).status, 0);
  const canaries = csv.slice(21, 41);
  const ids = canaries.map((l) => l.split(',')[0]);
  assert.equal(run(dir, ['forget', 'm.lethe', '--ids', ids.join(',')]).status, 0);
  writeFileSync(path.join(dir, 'forgotten.csv'), [csv[0], ...canaries].join('\n'));
  const v = JSON.parse(
    run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'never.csv', '--json']).stdout,
  );
  assert.equal(v.audit.audited, 20);
  assert.equal(v.audit.held_out, 20);
  for (const k of ['canary_auc_forgotten', 'canary_auc_retrained'])
    assert.ok(v.audit[k] >= 0 && v.audit[k] <= 1, `${k} ${v.audit[k]}`);
  assert.ok(Math.abs(v.audit.canary_gap - (v.audit.canary_auc_forgotten - v.audit.canary_auc_retrained)) < 1e-12);
  const text = run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'never.csv']).stdout;
  assert.match(text, /canary audit \(confidence threshold, 20 forgotten canaries against 20 held out\): AUC /);
  // --shadows K: the likelihood-ratio form as well, the same in the CLI and in JS.
  const lira = JSON.parse(
    run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'never.csv', '--shadows', '6', '--json'])
      .stdout,
  );
  assert.equal(lira.audit.shadows, 6);
  assert.equal(lira.audit.canary_auc_forgotten, v.audit.canary_auc_forgotten);
  for (const k of ['canary_lira_auc_forgotten', 'canary_lira_auc_retrained'])
    assert.ok(lira.audit[k] >= 0 && lira.audit[k] <= 1, `${k} ${lira.audit[k]}`);
  assert.ok(Math.abs(lira.audit.canary_lira_gap) <= lira.audit.tolerance, 'the forgotten model passes');
  assert.match(
    run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'never.csv', '--shadows', '6']).stdout,
    /canary audit \(likelihood ratio, 6 shadows on halves of the rows held\): AUC /,
  );
  const parse = (lines) => {
    const [head, ...rest] = lines;
    const names = head.split(',');
    const rows = rest.map((l) => l.split(',').map(Number));
    const at = (name) => names.indexOf(name);
    const features = names.filter((n) => n !== 'id' && n !== 'repaid');
    return {
      x: rows.map((r) => features.map((f) => r[at(f)])),
      y: rows.map((r) => r[at('repaid')]),
      ids: rows.map((r) => r[at('id')]),
    };
  };
  const model = lethe.loadModel(readFileSync(path.join(dir, 'm.lethe')));
  try {
    const audited = parse([csv[0], ...canaries]);
    const held = parse([csv[0], ...never]);
    const js = model.verify({ audit: audited, heldOut: { x: held.x, y: held.y }, shadows: 6 }).audit;
    for (const [a, b] of [
      ['canaryLiraAucForgotten', 'canary_lira_auc_forgotten'],
      ['canaryLiraAucRetrained', 'canary_lira_auc_retrained'],
    ])
      assert.ok(Math.abs(js[a] - lira.audit[b]) < 1e-12, `${a}: JS ${js[a]}, CLI ${lira.audit[b]}`);
  } finally {
    model.dispose();
  }
  const plain = JSON.parse(run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--json']).stdout);
  assert.equal(plain.audit.held_out, 0);
  assert.equal(plain.audit.canary_auc_forgotten, undefined);
  const before = files(dir);
  const refused = run(dir, ['verify', 'm.lethe', '--held-out', 'never.csv']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /option --held-out: needs --audit/);
  const noHeld = run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--shadows', '4']);
  assert.equal(noHeld.status, 2);
  assert.match(noHeld.stderr, /option --shadows: needs --held-out/);
  const one = run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'never.csv', '--shadows', '1']);
  assert.equal(one.status, 2);
  assert.match(one.stderr, /option --shadows: .*'shadows' must be an integer in \[2, 64\] \(got 1\)/);
  writeFileSync(path.join(dir, 'none.csv'), csv[0]);
  const empty = run(dir, ['verify', 'm.lethe', '--audit', 'forgotten.csv', '--held-out', 'none.csv']);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /option --held-out: .*'held_out' must be at least 1/);
  assert.deepEqual(files(dir), before);
  rmSync(dir, { recursive: true });
});

test('a refused request exits 2, names the problem and changes no byte; a repeated request id changes nothing', () => {
  const dir = workspace();
  run(dir, ['train', '--family', 'logistic', '--data', 'examples/loans.csv', '-o', 'm.lethe']);
  assert.equal(run(dir, ['forget', 'm.lethe', '--ids', '10005', '--request-id', 'r1']).status, 0);
  const before = files(dir);
  for (const [args, fragment] of [
    [['--ids', '99'], 'never held'],
    [['--ids', '10005'], "already forgotten by request 'r1'"],
    [['--ids', '10006,10006'], 'twice'],
    [['--ids', '10006,x'], "'x'"],
    [['--ids', '10006', '--request-id', 'r1'], 'already used'],
    [['--ids-file', 'missing.txt'], 'missing.txt'],
    [[], 'exactly one of --ids'],
    [['--ids', '1', '--bogus', '2'], '--bogus'],
  ]) {
    const r = run(dir, ['forget', 'm.lethe', ...args]);
    assert.equal(r.status, 2, `${args}: ${r.stderr}`);
    assert.ok(r.stderr.includes(fragment), `${args}: ${r.stderr}`);
    assert.deepEqual(files(dir), before, `${args} changed the files`);
  }
  const again = JSON.parse(run(dir, ['forget', 'm.lethe', '--ids', '10005', '--request-id', 'r1', '--json']).stdout);
  assert.equal(again.already_applied, true);
  assert.deepEqual(files(dir), before);
  assert.equal(
    run(dir, [
      'train',
      '--family',
      'logistic',
      '--data',
      'examples/loans.csv',
      '-o',
      'x.lethe',
      '--prior-variance',
      '-1',
    ]).status,
    2,
  );
  assert.equal(run(dir, ['train', '--family', 'tree', '--data', 'examples/loans.csv', '-o', 'x.lethe']).status, 2);
  assert.ok(!existsSync(path.join(dir, 'x.lethe')));
  rmSync(dir, { recursive: true });
});

test('a corrupted or foreign model file is a clear error (exit 2), never a crash', () => {
  const dir = workspace();
  run(dir, ['train', '--family', 'logistic', '--data', 'examples/loans.csv', '-o', 'm.lethe']);
  const good = readFileSync(path.join(dir, 'm.lethe'));
  for (const offset of [0, 9, 40, 300, good.length - 100, good.length - 1]) {
    const bad = Buffer.from(good);
    bad[offset] ^= 0x10;
    writeFileSync(path.join(dir, 'c.lethe'), bad);
    const r = run(dir, ['status', 'c.lethe', '--verify-rows']);
    assert.equal(r.status, 2, `flip at ${offset}: ${r.stderr}`);
    assert.match(r.stderr, /corrupted|not a Lethe model|newer Lethe|unknown model format/, `flip at ${offset}`);
  }
  writeFileSync(path.join(dir, 't.lethe'), good.subarray(0, 1000));
  assert.equal(run(dir, ['predict', 't.lethe', '--data', 'examples/loans-new.csv']).status, 2);
  rmSync(dir, { recursive: true });
});

test('forget processes killed at every write step and at random moments: the file is before or after', async () => {
  const dir = workspace();
  run(dir, [
    'train',
    '--family',
    'logistic',
    '--data',
    'examples/loans.csv',
    '-o',
    'm.lethe',
    '--residual-budget',
    '0.3',
  ]);
  let id = 10001,
    killed = 0,
    completed = 0;
  for (let i = 0; i < 60; i++) {
    const before = status(dir).generation;
    const ids = `${id},${id + 1}`;
    const args = ['forget', 'm.lethe', '--ids', ids, '--request-id', `k${i}`, '--auto-retrain'];
    let signal;
    if (i % 2 === 0) {
      // A fault step: the process kills itself with SIGKILL at that write step.
      signal = run(dir, args, { LETHE_FAULT_STEP: String(1 + (i % 12)) }).signal;
    } else {
      // An outside SIGKILL at a random moment.
      const child = spawn(nativeTool, args, { cwd: dir, env });
      setTimeout(() => child.kill('SIGKILL'), (i * 7) % 13);
      signal = await new Promise((resolve) => child.on('exit', (_code, s) => resolve(s)));
    }
    signal === 'SIGKILL' ? killed++ : completed++;
    const after = status(dir);
    assert.ok(after.generation === before || after.generation === before + 1, `request ${i}: ${after.generation}`);
    if (after.generation === before) assert.equal(run(dir, args).status, 0); // the retry
    assert.equal(status(dir).requests.length, i + 1);
    id += 2;
  }
  assert.ok(killed > 0 && completed > 0, `killed ${killed}, completed ${completed}`);
  assert.equal(status(dir).rows, 600 - 120);
  assert.equal(run(dir, ['verify', 'm.lethe']).status, 0);
  rmSync(dir, { recursive: true });
});

test('four forget processes at once: every request lands', async () => {
  const dir = workspace();
  run(dir, ['train', '--family', 'linear', '--data', 'examples/loans.csv', '-o', 'm.lethe']);
  const exits = await Promise.all(
    [0, 1, 2, 3].map(
      (c) =>
        new Promise((resolve) => {
          const child = spawn(nativeTool, ['forget', 'm.lethe', '--ids', `${10100 + c}`, '--request-id', `c${c}`], {
            cwd: dir,
            env,
          });
          child.on('exit', (code) => resolve(code));
        }),
    ),
  );
  assert.deepEqual(exits, [0, 0, 0, 0]);
  const s = status(dir);
  assert.equal(s.requests.length, 4);
  assert.equal(s.rows, 596);
  rmSync(dir, { recursive: true });
});
