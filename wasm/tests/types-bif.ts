// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: uses the BIF API
// the way the web worker does, so declarations that drift from the module fail.
import {
  loadLethe,
  type Lethe,
  type GmmForgetting,
  type GmmForgettingReport,
  type GmmTrainProgress,
  type BifRateResult,
  type GmmForgetResult,
  type GmmForgettingOptions,
} from '../index.js';

export async function exampleBif(cancelled: () => boolean): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const data = lethe.makeBifMixture({ seed: 0 });
  const ids: Int32Array = lethe.bifScenarioIds(data, 'seed400');
  const few: Int32Array = lethe.bifScenarioIds(data, 10);
  const options: GmmForgettingOptions = { sampler: 'sghmc', iterations: 200, batch: 64, seed: 1, solver: 'cg' };
  const run: GmmForgetting = lethe.createGmmForgetting(data, options);
  let progress: GmmTrainProgress;
  do {
    progress = run.train(50);
    const trailPoint: number = progress.means[0] + progress.iteration / progress.total;
    void trailPoint;
  } while (!progress.done);
  const order: Int32Array = run.componentForLabel();
  for (const batch of lethe.splitBatches(ids, 4)) {
    if (cancelled()) break;
    const r = run.forgetBatch(batch);
    const left: number = r.remaining + r.meansByLabel[0] + r.shift[0];
    void left;
  }
  run.startTarget(ids).trainTarget(100);
  while (!run.trainTarget(100).done);
  const report: GmmForgettingReport = run.report();
  const eps: number = report.klProcessedTarget + report.processedToTarget[0] + report.spread[order[0]];
  run.dispose();
  const one: GmmForgetResult = lethe.gmmForget({ data, forget: few, requestSize: 4, sampler: 'vi', viDraws: 4 });
  const rate: BifRateResult = lethe.bifRate({ sizes: [100, 200, 400], removals: 2 });
  return eps + one.secondsForget + one.secondsPerBatch[0] + rate.mapSlope + rate.viError[0];
}
