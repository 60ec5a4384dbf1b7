// The library's layout rules, checked in `npm test` (scripts/lint.sh):
//   1. every public header core/lethe/<family>/<name>.hpp is included by a test, and
//      its test file mirrors it: native-tests/lethe/<family>/<name>_test.cpp or, for a
//      header tested with others, some test under native-tests/lethe/<family>/;
//   2. every family umbrella <lethe/<family>.hpp> lists exactly the family's headers;
//   3. every test file under native-tests/lethe/ sits in a folder that exists in core/;
//   4. <lethe/lethe.hpp> and every umbrella are included by a test (lethe/lethe_test.cpp);
//   5. no public header includes a detail/ header (detail/ is not installed).
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const core = join(root, 'core');
const tests = join(root, 'native-tests');
const problems = [];

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

const families = readdirSync(join(core, 'lethe')).filter((n) => statSync(join(core, 'lethe', n)).isDirectory());
const testFiles = walk(tests).filter((p) => /\.(cpp|hpp)$/.test(p));
const includesOf = (path) => [...readFileSync(path, 'utf8').matchAll(/#include <(lethe\/[^>]+)>/g)].map((m) => m[1]);

for (const family of families) {
  const headers = readdirSync(join(core, 'lethe', family))
    .filter((n) => n.endsWith('.hpp'))
    .sort();
  const familyTests = testFiles.filter((p) => p.startsWith(join(tests, 'lethe', family) + '/'));
  for (const header of headers) {
    const include = `lethe/${family}/${header}`;
    if (!familyTests.some((p) => includesOf(p).includes(include))) {
      problems.push(`${include}: no test under native-tests/lethe/${family}/ includes it`);
    }
  }
  const umbrella = join(core, 'lethe', `${family}.hpp`);
  if (!existsSync(umbrella)) {
    problems.push(`lethe/${family}.hpp: missing umbrella header`);
    continue;
  }
  const listed = includesOf(umbrella).sort();
  const expected = headers.map((h) => `lethe/${family}/${h}`);
  if (JSON.stringify(listed) !== JSON.stringify(expected)) {
    problems.push(`lethe/${family}.hpp: lists ${listed.length} headers, the folder has ${expected.length}`);
  }
}

for (const path of testFiles.filter((p) => p.startsWith(join(tests, 'lethe') + '/'))) {
  const folder = relative(join(tests, 'lethe'), path).split('/').slice(0, -1).join('/');
  if (folder && !existsSync(join(core, 'lethe', folder))) {
    problems.push(`${relative(root, path)}: core/lethe/${folder} does not exist`);
  }
}

const umbrellas = ['lethe/lethe.hpp', ...families.map((f) => `lethe/${f}.hpp`)];
for (const umbrella of umbrellas) {
  if (!testFiles.some((p) => includesOf(p).includes(umbrella))) problems.push(`${umbrella}: no test includes it`);
}
const publicHeaders = walk(join(core, 'lethe')).filter((p) => p.endsWith('.hpp') && !p.includes('/detail/'));
for (const header of publicHeaders) {
  for (const include of includesOf(header).filter((i) => i.includes('/detail/'))) {
    problems.push(`${relative(root, header)}: a public header includes ${include}, which is not installed`);
  }
}

if (problems.length) {
  console.error(`check-layout: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-layout: ${families.length} families, every public header and umbrella included by a test, no detail/ header public`,
);
