// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: uses the BNN API the
// way a web worker would, so declarations that drift from the module fail.
import { loadLethe, type Lethe, type BnnProblem, type BnnRun, type BnnFit, type BnnTrainProgress } from '../index.js';

export async function exampleBnn(cancelled: () => boolean): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const data = lethe.bnnDataset({ dataset: 'moons', seed: 0 });
  const ids: Int32Array = lethe.bnnScenarioIds({ data: data.train, scenario: 'tip' });
  const problem: BnnProblem = lethe.createBnnProblem({ train: data.train, test: data.test, forget: ids, seed: 1 });
  let p: BnnTrainProgress;
  do {
    if (cancelled()) break;
    p = problem.train('vi', 200);
  } while (!p.done);
  const fit: BnnFit = problem.fit('vi');
  const run: BnnRun = problem.forget({ method: 'bif-vi', lambda: 0 });
  const grid: Float64Array = problem.predict([0, 0, 1, 1], 'vi', 'forgotten');
  const kl: number = (run.klForgotten ?? 0) + (fit.original.klRemaining ?? 0) + fit.retrained.miaAuc;
  problem.dispose();
  const refined = lethe.createBnnProblem({
    train: data.train,
    test: data.test,
    forget: ids,
    newtonSteps: 3,
    residualBudget: 0.2,
    repairCap: 0.05,
  });
  const r: BnnRun = refined.forget({ method: 'bif-vi' });
  const residual: number = r.residuals.length > 0 ? r.residuals[r.residuals.length - 1] : 0;
  const retrain: boolean = r.decision === 'retrain';
  refined.dispose();
  return (
    kl +
    grid[1] +
    run.testPerClass[0] +
    (run.cgIterations ?? 0) +
    residual +
    (r.repairCost ?? 0) +
    (r.newtonSteps ?? 0) +
    (retrain ? 1 : 0)
  );
}
