// What a user installing the package gets must work: pack it, install the tarball
// into an empty folder, import it by name from a plain node script, and forget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('npm pack → install into an empty folder → import and forget', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'lethe-pack-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
    );
    const files = packed[0].files.map((f) => f.path);
    assert.ok(files.includes('wasm/dist/lethe_core.mjs'), 'the built module is in the package');
    assert.ok(files.includes('wasm/index.d.ts'), 'the declarations are in the package');
    assert.ok(!files.some((f) => f.startsWith('core/') || f.startsWith('node_modules/')));
    const app = path.join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(work, packed[0].filename)], {
      cwd: app,
      encoding: 'utf8',
    });
    // The README's quick-start example, verbatim.
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = readme.match(/<!-- quickstart:begin -->\s*```js\n([\s\S]*?)```\s*<!-- quickstart:end -->/);
    assert.ok(block, 'README has a quick-start block');
    writeFileSync(path.join(app, 'main.mjs'), block[1]);
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }));
    assert.ok(Math.abs(out.exactGap) < 1e-9, `exact gap ${out.exactGap}`); // 0 up to rounding
    assert.ok(
      out.klForgottenAfter < out.klForgottenBefore,
      `reverse KL did not forget: ${out.klForgottenAfter} vs ${out.klForgottenBefore}`,
    );
    assert.match(out.message, /make_moons: parameter 'n'/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
