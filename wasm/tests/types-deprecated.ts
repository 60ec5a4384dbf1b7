// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: code written for 0.2,
// with the old names (erase* and unlearn*) that 0.3.0 still accepts as deprecated
// aliases, type-checks (editors show each old name struck through, with its
// replacement). The @ts-expect-error line checks that the alias does not make the
// forgotten rows optional.
import { loadLethe, type Lethe, type ExactUnlearnResult, type GmmForgetResult } from '../index.js';

export async function exampleOldNames(): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const data = lethe.makeRegression1d({ n: 40, seed: 11 });
  // `erase` for `forget` in the arguments of exactForget, exactUnlearn and createBnnProblem.
  const a: ExactUnlearnResult = lethe.exactForget({ x: data.x, y: data.y, erase: [1, 2], grid: [0, 1] });
  const b = lethe.exactUnlearn({ x: data.x, y: data.y, erase: [3], grid: [0] });
  // @ts-expect-error: one of `forget` and `erase` is needed
  lethe.exactForget({ x: data.x, y: data.y, grid: [0] });
  const split = lethe.bnnDataset({ dataset: 'moons', seed: 1 });
  const net = lethe.createBnnProblem({ train: split.train, test: split.test, erase: 'tip', hidden: [4] });
  const erasedRows: Int32Array = net.erased;
  net.dispose();
  const moons = lethe.moonsProblem({ seed: 0, erase: 'tip' });
  moons.setErased([1, 2]);
  const old = moons.unlearn({ method: 'eubo', lambda: 1e-3 });
  const q = moons.unlearnedPosterior();
  const erasedMoons: Int32Array = moons.erased;
  moons.dispose();
  const model = lethe.fitExactRegression(data.x, data.y);
  model.erase([4]);
  const ids: Int32Array = model.erasedIds;
  model.dispose();
  const full = lethe.makeBifMixture({ seed: 3 });
  const mixture = { x: full.x.slice(0, 800), labels: full.labels.slice(0, 400) };
  const gmm: GmmForgetResult = lethe.gmmForget({ data: mixture, erase: [0, 1], iterations: 20 });
  return (
    a.maxPredictionDifference +
    b.unlearned.mean[0] +
    erasedRows.length +
    erasedMoons.length +
    (old.klForgotten ?? 0) +
    q.mean[0] +
    ids.length +
    Number(gmm !== undefined)
  );
}
