// Type-checked (not run) by `tsc -p wasm/tests/tsconfig.json`: the model lifecycle
// used the way a TypeScript user would (train, forget, status, predict, save, load).
import {
  loadLethe,
  type Lethe,
  type LetheModel,
  type ModelFamilyDescription,
  type ModelForgetResult,
  type ModelPrediction,
  type ModelStatus,
  type ModelVerifyReport,
} from '../index.js';

export async function exampleModel(): Promise<number> {
  const lethe: Lethe = await loadLethe();
  const families: ModelFamilyDescription[] = lethe.modelFamilies();
  const firstDefault: number = families[0].options[0].defaultValue;
  const model: LetheModel = lethe.train({
    family: 'linear',
    x: [
      [0, 1],
      [1, 0],
      [2, 2],
    ],
    y: [1, 2, 3],
    featureNames: ['a', 'b'],
    options: { priorPrecision: 2 },
    now: 1_700_000_000,
  });
  const forgot: ModelForgetResult = model.forget([1], { requestId: 'user-17', autoRetrain: false });
  const bound: number | null = forgot.certificate.distanceBound;
  const status: ModelStatus = model.status();
  const lastIds: Float64Array = status.requests[status.requests.length - 1].ids;
  const prediction: ModelPrediction = model.predict(new Float64Array([0.5, 0.5]));
  const mean: number = prediction.values[0 * prediction.cols + prediction.columns.indexOf('mean')];
  const report: ModelVerifyReport = model.verify();
  const bytes: Uint8Array = model.save();
  model.dispose();

  using loaded = lethe.loadModel(bytes);
  loaded.retrain({ requestId: 'retrain-now' });
  const classifier = lethe.train({
    family: 'logistic',
    x: new Float64Array([0, 1, 1, 0, 2, 2, 3, 1]),
    features: 2,
    labels: new Int32Array([0, 1, 0, 1]),
    ids: [10, 11, 12, 13],
    residualBudget: 0.5,
    options: { maxIterations: 50 },
  });
  const decision: string = classifier.forget([12], { autoRetrain: true }).decision;
  classifier.dispose();
  return firstDefault + (bound ?? 0) + lastIds.length + mean + report.distance + loaded.status().rows + decision.length;
}
