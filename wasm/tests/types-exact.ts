// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: uses the declared
// API the way a TypeScript user would, so a declaration that drifts from the
// module's shape fails the build of this file.
import { loadLethe, type Lethe, type ExactForgetResult, type LabelledPoints } from '../index.js';

export async function exampleExact(): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const moons: LabelledPoints = lethe.makeMoons({ n: 100, noise: 0.2, seed: 7 });
  const first: number = moons.x[0] + moons.labels[0];
  const data = lethe.makeRegression1d({ n: 40, seed: 11 });
  const result: ExactForgetResult = lethe.exactForget({
    x: data.x,
    y: data.y,
    forget: [1, 2, 3],
    grid: [-1, 0, 1],
    options: { features: 12 },
  });
  const model = lethe.fitExactRegression(data.x, data.y);
  model.forget([5]).forget(new Int32Array([6]));
  const remaining: number = model.remaining;
  model.dispose();
  const kl: number = lethe.gaussianKl(
    { mean: new Float64Array([0]), covariance: new Float64Array([1]) },
    { mean: new Float64Array([1]), covariance: new Float64Array([2]) },
  );
  return first + result.maxPredictionDifference + remaining + kl;
}

export async function exampleMixtureSize(): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const mixture: LabelledPoints = lethe.makeBifMixture({ n: 10000, seed: 1 });
  return mixture.labels.length;
}
