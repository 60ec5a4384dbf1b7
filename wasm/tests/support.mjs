// Shared by the node tests: paths, the native tool, and assertions that compare
// wasm results with native ones and check errors by their messages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// LETHE_NATIVE_TOOL: another build's `lethe` (e.g. an older commit's, to compare its output).
export const nativeTool = process.env.LETHE_NATIVE_TOOL ?? path.join(root, 'build/native/tools/lethe');
/** The test-only printer of fixed-seed native results (native-tests/parity/). */
export const parityTool = path.join(root, 'build/native/native-tests/parity/lethe_parity');

/** JSON printed by `lethe_parity <area>` (the native side of the parity tests). */
export function nativeParity(area) {
  return JSON.parse(execFileSync(parityTool, [area], { encoding: 'utf8' }));
}

/** Element-wise |a − e| ≤ tolerance·max(1, |e|); nested arrays are flattened. */
export function assertClose(actual, expected, tolerance, what) {
  const a = Array.from(actual).flat(),
    e = Array.from(expected).flat();
  assert.equal(a.length, e.length, `${what}: length`);
  for (let i = 0; i < e.length; i++) {
    const scale = Math.max(1, Math.abs(e[i]));
    assert.ok(Math.abs(a[i] - e[i]) <= tolerance * scale, `${what}[${i}]: wasm ${a[i]} vs native ${e[i]}`);
  }
}

/** fn() must throw a real Error whose message contains every fragment. */
export function assertThrowsError(fn, ...fragments) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  for (const f of fragments) assert.ok(caught.message.includes(f), `message "${caught.message}" lacks "${f}"`);
  return caught;
}
