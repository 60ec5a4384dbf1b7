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
    // The element (import '@lethe-bayes/unlearning/element' and the one-script-tag folder) and the CLI.
    for (const f of [
      'element/index.d.ts',
      'element/dist/lethe-demo.js',
      'element/dist/lethe-app.js',
      'element/dist/lethe-worker.js',
      'wasm/bin/lethe.mjs',
      'wasm/dist/lethe_cli.cjs',
      'wasm/dist/lethe_cli.wasm.br',
    ])
      assert.ok(files.includes(f), `${f} is in the package`);
    const packedKB = packed[0].size / 1024;
    // Two builds of the core carry a wasm: the module (which the element's worker imports, so
    // element/dist/ holds none) and the CLI's lethe_cli.wasm.br.
    const elementKB =
      packed[0].files.filter((f) => f.path.startsWith('element/dist/')).reduce((n, f) => n + f.size, 0) / 1024;
    assert.ok(elementKB < 400, `element/dist/ embeds no wasm (${elementKB.toFixed(0)} KB unpacked)`);
    assert.ok(packedKB < 1536, `the package stays under 1.5 MB packed (${packedKB.toFixed(0)} KB)`);
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
    assert.match(out.message, /makeMoons: parameter 'n'/);

    // The element's entry in plain node (no DOM): defines nothing, throws nothing, prints nothing.
    const element = execFileSync(
      'node',
      ['--input-type=module', '-e', "await import('@lethe-bayes/unlearning/element'); console.log('ok');"],
      { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.equal(element, 'ok\n');
    // The CLI through the installed bin (what npx runs), and the versions agree.
    const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const cli = execFileSync(path.join(app, 'node_modules/.bin/lethe'), ['--version'], { cwd: app, encoding: 'utf8' });
    assert.match(cli, new RegExp(`^lethe ${version.replaceAll('.', '\\.')} `));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('one version: CMake project(), version.hpp, package.json and lethe.version agree', async () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const cmake = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8').match(/project\(lethe VERSION ([0-9.]+)/)[1];
  const hpp = readFileSync(path.join(root, 'core/lethe/base/version.hpp'), 'utf8').match(/kVersion = "([^"]+)"/)[1];
  const { loadLethe } = await import('../index.js');
  const lethe = await loadLethe();
  assert.deepEqual({ cmake, hpp, js: lethe.version }, { cmake: pkg, hpp: pkg, js: pkg });
  assert.equal(typeof lethe.modelFormatVersion, 'number');
});
