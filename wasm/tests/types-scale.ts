// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: the scale sweep as a
// TypeScript user would call it.
import { loadLethe, type Lethe, type ScaleRun } from '../index.js';

export async function exampleScale(): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const runs: ScaleRun[] = lethe.runScale({ family: 'bif', n: 10000, request: 20, repeats: 1, hessianRows: 512 });
  const first: ScaleRun = runs[0];
  const label: string = `${first.family}/${first.method} ${first.qualityMeasure}`;
  return first.speedup + first.secondsForget + first.qualityForget / first.qualityNothing + label.length;
}
