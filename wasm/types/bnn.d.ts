// Bayesian neural networks: an MLP classifier learned by mean-field VI ('vi') or by
// SGHMC ('chain'), the forgotten rows forgotten by a method, every model compared with the
// one retrained on the remaining rows. The measures have the fields of
// `lethe bnn-forget --json` in camelCase (one list, core/experiments/bnn_fields.hpp).
// Matrices are row-major Float64Arrays.

/** Classification data: x is row-major n×features, labels in 0..classes−1. */
export interface BnnClassificationData {
  x: ArrayLike<number>;
  labels: ArrayLike<number>;
  features: number;
  /** Given by bnnDataset; on input, the largest label + 1 is used. */
  classes?: number;
}

/** A generated data set and its fixed split (20 % test, by the seed). */
export interface BnnData {
  train: BnnClassificationData;
  test: BnnClassificationData;
}

/** Options of bnnDataset. */
export interface BnnDatasetOptions {
  /** 'moons' (noise 0.2) or 'spirals' (noise 0.08). Default 'moons'. */
  dataset?: 'moons' | 'spirals';
  /** Seed of the data and the split. Default 0. */
  seed?: number;
  /** Points generated, 20 % of them held out; 0 or absent: moons 250, spirals 2000 (at 300 mean-field VI fits the prior). At least 10 otherwise. Default 0. */
  rows?: number;
}

/** Arguments of bnnScenarioIds. */
export interface BnnScenarioIdsArgs {
  data: BnnClassificationData;
  /** 'class:K', 'random:P' (0 < P < 1) or 'tip' (2-D: the 10 % of rows with the largest x1). */
  scenario: string;
  /** Seed of 'random:P'. Default 0. */
  seed?: number;
}

/** Options of createBnnProblem. Every key is checked: an unknown key or a wrong type is an Error. */
export interface BnnProblemOptions {
  train: BnnClassificationData;
  test: BnnClassificationData;
  /** Training-row ids to forget, or a scenario name (bnnScenarioIds with the same seed). */
  forget: ArrayLike<number> | string;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase?: ArrayLike<number> | string;
  /** Seed of the training, the chains, the draws and the forgetting. Default 0. */
  seed?: number;
  /** Hidden-layer widths. Default [16, 16] for 2-D data, [32] otherwise. */
  hidden?: ArrayLike<number>;
  /** 'tanh' (default) or 'relu'. */
  activation?: 'tanh' | 'relu';
  /** Adam steps of mean-field VI. Default 2000 (2-D), 3000 otherwise. */
  viSteps?: number;
  /** SGHMC burn-in steps. Default 1500 (2-D), 3000 otherwise. */
  burnIn?: number;
  /** δ of the damped influence step. Default 30. */
  damping?: number;
  /** Rows of D_r in the Hessian estimate of the influence step (0: all). Default 256. */
  hessianRows?: number;
  /** The Gauss–Newton Hessian instead of the exact one in the influence step (default false). */
  gaussNewton?: boolean;
  /** bif-*: re-linearised Newton–CG steps on D_r at most, in [1, 100] (1: the BIF step alone). Default 1. */
  newtonSteps?: number;
  /** bif-*: stop once the residual ‖∇F̃(·, D_r)‖ / ‖b‖ is at most this; above it at the end the decision is 'retrain'. Default 0.5. */
  residualBudget?: number;
  /** bif-*: the repair run on D_r from the forgotten state, as a fraction in [0, 1] of retraining's steps (0: none). Default 0. */
  repairCap?: number;
  /** N random-label out-of-distribution canaries added to D and D_e, N more held out (0: no canary audit). Default 0. */
  canaries?: number;
  /** Times each canary is in D. Default 4. */
  canaryCopies?: number;
  /** K shadow models fitted on D_r that calibrate the canary audit. Default 4. */
  shadows?: number;
}

/** Arguments of BnnProblem.forget. */
/** One forgetting method of the BNN experiment, as the core describes it. */
export interface BnnMethodInfo {
  name: BnnForgetArgs['method'];
  label: string;
  family: 'vi' | 'chain';
  /** EUBO and reverse KL forget with the adjusted likelihood p̃_λ and read λ. */
  takesLambda: boolean;
}

export interface BnnForgetArgs {
  method: 'nothing' | 'bif-vi' | 'bif-sghmc' | 'eubo' | 'rkl';
  /** λ of the adjusted likelihood (eubo, rkl), in [0, 1]. Default 0. */
  lambda?: number;
}

/** How close a model is to the retrained one, and how it classifies. */
export interface BnnMeasures {
  seconds: number;
  /** Mean predictive KL[retrained ‖ model] over the inputs of D_e; null on the retrained model. */
  klForgotten: number | null;
  /** The same over D_r. */
  klRemaining: number | null;
  accuracyForgotten: number;
  accuracyRemaining: number;
  accuracyTest: number;
  /** Test rows of the classes still in training. */
  accuracyTestKept: number;
  /** AUC of the threshold attack on the true-label confidence: D_e vs unseen test rows of D_e's classes. */
  miaAuc: number;
  /** The canary audit (offline LiRA on the shadows): AUC, canaries vs held-out canaries; null without canaries. */
  canaryAuc: number | null;
  /** The confidence threshold attack on the same canaries; null without canaries. */
  canaryAucThreshold: number | null;
  /** Original and retrained models: why the fit is not one (it classifies its training rows no better than their largest class, e.g. mean-field VI at the prior); otherwise ''. */
  fitStatus: string;
}

/** One forgetting run. */
export interface BnnRun extends BnnMeasures {
  method: string;
  lambda: number;
  /** bif-*: conjugate-gradient iterations; otherwise null. */
  cgIterations: number | null;
  /** bif-*: 'converged', 'negative curvature' or 'iteration limit'; otherwise ''. */
  solverStatus: string;
  /** bif-*: Newton steps accepted; otherwise null. */
  newtonSteps: number | null;
  /** bif-*: trial points rejected (halvings that did not lower the tilted energy); otherwise null. */
  newtonRejected: number | null;
  /** bif-*: the residual after each accepted Newton step, then after the repair run (if any); otherwise empty. */
  residuals: Float64Array;
  /** bif-*: steps of the repair run; otherwise null. */
  repairSteps: number | null;
  /** bif-*: the repair run's cost as a fraction of retraining's steps (at most repairCap); otherwise null. */
  repairCost: number | null;
  /** bif-*: 'forget' (the last residual within the budget) or 'retrain' (the retrain policy's case); otherwise ''. */
  decision: string;
  /** rkl: mean effective sample size per batch; otherwise null. */
  ess: number | null;
  /** false when the answer is not what the method claims: rkl on a few draws per batch (ESS), eubo/rkl with no draw inside E_λ. */
  reliable: boolean;
  /** Why it is not reliable, or the stated stopping rule (eubo at λ = 0); otherwise ''. */
  status: string;
  /** Test accuracy per class. */
  testPerClass: Float64Array;
}

/** The original and retrained models of a family. */
export interface BnnFit {
  original: BnnMeasures;
  retrained: BnnMeasures;
  originalPerClass: Float64Array;
  retrainedPerClass: Float64Array;
}

/** Progress after a chunk of training. */
export interface BnnTrainProgress {
  /** Fraction of the original's and the retrained model's steps done, in [0, 1]. */
  progress: number;
  done: boolean;
}

export type BnnFamily = 'vi' | 'chain';

/**
 * @deprecated The 0.2 spelling of BnnProblemOptions, `erase` for `forget` (accepted with a
 * warning in 0.3.0; removed in the next release). Use BnnProblemOptions.
 */
export type BnnProblemOptionsWithErase = Omit<BnnProblemOptions, 'forget' | 'erase'> & {
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase: ArrayLike<number> | string;
  forget?: undefined;
};

/** A BNN problem (createBnnProblem). Call dispose() when done. */
export interface BnnProblem {
  readonly parameters: number;
  readonly forgotten: Int32Array;
  /** @deprecated Use forgotten (0.3.0; removed in the next release). */
  readonly erased: Int32Array;
  train(family: BnnFamily, steps: number): BnnTrainProgress;
  trained(family: BnnFamily): boolean;
  fit(family: BnnFamily): BnnFit;
  forget(args: BnnForgetArgs): BnnRun;
  /** Class probabilities, row-major n×K, of row-major n×features points. */
  predict(x: ArrayLike<number>, family: BnnFamily, which: 'original' | 'forgotten' | 'retrained'): Float64Array;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface BnnApi {
  bnnDataset(options?: BnnDatasetOptions): BnnData;
  bnnScenarioIds(args: BnnScenarioIdsArgs): Int32Array;
  /** The posterior a method forgets from and trains: 'chain' for 'bif-sghmc', 'vi' for the others. */
  bnnFamilyOf(method: string): 'vi' | 'chain';
  /** Every method, in the core's order: its posterior family and whether it reads λ (eubo, rkl). */
  bnnMethods(): BnnMethodInfo[];
  createBnnProblem(options: BnnProblemOptions): BnnProblem;
  /** @deprecated Pass `forget` instead of `erase` (0.3.0; removed in the next release). */
  createBnnProblem(options: BnnProblemOptionsWithErase): BnnProblem;
}
