// What a user installing the package gets must work: pack it, install the tarball
// into an empty folder, import it by name from a plain node script, and unlearn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('npm pack → install into an empty folder → import and unlearn', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'lethe-pack-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work],
      { cwd: root, encoding: 'utf8' }));
    const files = packed[0].files.map((f) => f.path);
    assert.ok(files.includes('wasm/dist/lethe_core.mjs'), 'the built module is in the package');
    assert.ok(files.includes('wasm/index.d.ts'), 'the declarations are in the package');
    assert.ok(!files.some((f) => f.startsWith('core/') || f.startsWith('node_modules/')));
    const app = path.join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline',
      path.join(work, packed[0].filename)], { cwd: app, encoding: 'utf8' });
    writeFileSync(path.join(app, 'main.mjs'), `
      import { loadLethe } from 'lethe-unlearning';
      const lethe = await loadLethe();
      const d = lethe.makeRegression1d({ n: 50, seed: 3 });
      const r = lethe.exactUnlearn({ x: d.x, y: d.y, erase: [1, 2, 3], grid: [-2, 0, 2] });
      let message = '';
      try { lethe.makeMoons({ n: 0 }); } catch (e) { message = e.message; }
      console.log(JSON.stringify({ diff: r.maxPredictionDifference, message }));
    `);
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
    assert.ok(out.diff < 1e-9);
    assert.match(out.message, /make_moons: parameter 'n'/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
