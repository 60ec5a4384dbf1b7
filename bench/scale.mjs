// Benchmark "why not retrain?" (issue 11): `lethe scale --json` natively — one request
// of 20 rows forgotten against retraining on the rest, exact / variational / BIF, at
// N = 10³, 10⁴, 10⁵ (and 10⁶ with --long: a few minutes) — with the targets
// printed as met or MISSED. Both times of every ratio come from the same run of the
// same process.
//
//   node bench/scale.mjs [--long] [--repeats N]     (npm run bench runs it after building)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, 'build/native/tools/lethe');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = args.includes('--long') ? '1e3,1e4,1e5,1e6' : '1e3,1e4,1e5';
const repeats = option('--repeats', '3');
if (!/^[1-9][0-9]*$/.test(repeats)) throw new Error(`--repeats: expected a positive integer (got '${repeats}')`);

if (!args.includes('--long')) process.stderr.write('scale: sizes 1e3..1e5 (add --long for 1e6, a few minutes)\n');
// The human table with its targets (the CLI's own output), then nothing else to
// compute: forget and retrain are measured by the same process, per size.
const table = execFileSync(tool, ['scale', '--sizes', sizes, '--repeats', repeats],
  { encoding: 'utf8', maxBuffer: 1 << 24 });
console.log(table.trimEnd());
