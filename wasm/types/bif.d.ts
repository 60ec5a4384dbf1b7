// Bayesian inference forgetting (BIF): the Gaussian-mixture experiment and the
// measured O(1/n²) error of the forgetting step. Means are K×2 row-major
// Float64Arrays (mean k is [2k], [2k+1]). The results have the fields of
// `lethe gmm-forget --json` and `lethe bif-rate --json` in camelCase (both are made
// from one list, core/experiments/forgetting_fields.hpp), except where the JSON keeps
// its older names: origin, distance_processed_target, distance_original_target.
import type { LabelledPoints } from './exact.js';

/** Inference procedure for the mixture's means. */
export type GmmSampler = 'sghmc' | 'sgld' | 'vi';

/** The report's removal scenarios: 200 or 400 rows from each of clusters 0 and 2. */
export type BifScenario = 'seed400' | 'seed800';

/**
 * Options of createGmmForgetting (and gmmForget). Every key is checked (see the top
 * of exact.d.ts): an undeclared key, a value of the wrong type or NaN is an Error
 * naming it; counts are integers.
 */
export interface GmmForgettingOptions {
  /** Default 'sghmc'. */
  sampler?: GmmSampler;
  /** Iterations of each fit (the original and the target). Default 2000. */
  iterations?: number;
  /** Minibatch size. Default 64. */
  batch?: number;
  /** a in the step η_t = a·t^b / n. Default 0: a = 2 (SGHMC) or 4 (SGLD). */
  stepScale?: number;
  /** b in the step η_t = a·t^b / n. Default −0.15. */
  stepExponent?: number;
  /** SGHMC friction α in (0, 1]. Default 0.4. */
  friction?: number;
  /**
   * Sampler steps per forgetting batch whose states estimate the removed rows'
   * expected gradient ḡ. Default 100 (the published code uses 5, which leaves a
   * systematic error that grows over many batches: README "BIF on large removals").
   */
  gradientSamples?: number;
  /** The first of those states that estimate the expected Hessian H̄ (≤ gradientSamples). Default 2. */
  hessianSamples?: number;
  /**
   * Retrain policy: once the accumulated residual of the requests passes this budget,
   * the report names the request after which retraining is recommended, and a
   * GmmRetrainPolicy (createGmmRetrainPolicy; `lethe gmm-forget --auto-retrain`)
   * retrains then. Default 0 (none).
   */
  residualBudget?: number;
  /** Sample-set size of a sampler fit (its last states). Default min(100, iterations). */
  window?: number;
  /** Fixed reparameterisation draws of the VI energy (even). Default 8. */
  viDraws?: number;
  /** Adam step of the stochastic VI phase. Default 0.05. */
  viLearningRate?: number;
  /** Seed of the starts and the samplers (same for the original and the target). Default 0. */
  seed?: number;
  /** Solver of the forgetting step: Cholesky ('direct', default) or conjugate gradients ('cg'). */
  solver?: 'direct' | 'cg';
  /** Leave the removed batch out of the forgetting step's Hessian (default false). */
  hessianWithoutBatch?: boolean;
}

/** Progress of a fit after a chunk of iterations. */
export interface GmmTrainProgress {
  /** Iterations done so far. */
  iteration: number;
  /** Iterations in all. */
  total: number;
  done: boolean;
  /** Current means, K×2 row-major, in the fit's component order (chain state or VI means). */
  means: Float64Array;
}

export interface GmmForgetBatchResult {
  /** The shift applied to the state (θ for samplers; (means, log sds) for VI). */
  shift: Float64Array;
  /** Rows still in training. */
  remaining: number;
  /** Processed model's means, component order. */
  means: Float64Array;
  /** The same means in label order (row k: cluster with label k). */
  meansByLabel: Float64Array;
  /** This request's certificate r_k (see GmmForgettingReport.residuals). */
  residual: number;
  /** Σ of the certificates so far. */
  accumulatedResidual: number;
  /** The first request after which the sum passed residualBudget; null if none yet (or no budget). */
  retrainRecommendedAfter: number | null;
}

/**
 * Per-cluster comparison, every K-array in label order (row k: the cluster with
 * label k; fitted components are matched to labels by distance to each label's
 * data mean). Centres are the means of a fit's posterior summary: the mean of a
 * sampler's sample set, or q's mean for VI.
 */
export interface GmmForgettingReport {
  /** Centres before forgetting, K×2. */
  original: Float64Array;
  /** Centres after forgetting (BIF), K×2. */
  processed: Float64Array;
  /** Centres of the target retrained from scratch without the forgotten rows, K×2. */
  target: Float64Array;
  /** ‖processed_k − target_k‖, K. */
  processedToTarget: Float64Array;
  /** ‖original_k − target_k‖, K. */
  originalToTarget: Float64Array;
  /** √tr Cov of each cluster's mean under the original fit (its sampling spread), K. */
  spread: Float64Array;
  /** ε = KL(processed ‖ target) between Gaussian fits of the two posteriors. */
  klProcessedTarget: number;
  /** KL(original ‖ target), for comparison. */
  klOriginalTarget: number;
  /** Rows forgotten so far. */
  forgottenCount: number;
  /**
   * The certificate of each request, in order: the Newton decrement of the energy on
   * the rows still in training, i.e. how far the request left the processed state
   * from the retrained one in the energy's own metric (≈ 0 while the step is in its
   * linear regime). Computed without retraining.
   */
  residuals: Float64Array;
  /** Σ of the residuals: what the retrain policy compares with residualBudget. */
  accumulatedResidual: number;
  /** The first request (1-based) after which the accumulated residual passed the budget; null if never. */
  retrainRecommendedAfter: number | null;
  /** Whether the original fit's components match the labels one to one. */
  originalHealth: GmmFitHealth;
  /** The same for the target: an unhealthy target makes every ratio against it meaningless. */
  targetHealth: GmmFitHealth;
}

/** Whether a fitted mixture can be trusted (components match the labels one to one). */
export interface GmmFitHealth {
  healthy: boolean;
  /** Why not, or ''. */
  problem: string;
  /** Fresh starts (new k-means++ seeds) it took; a fit that stays unhealthy after the last is reported as is. */
  restarts: number;
}

export interface GmmForgetResult extends GmmForgettingReport {
  secondsTrain: number;
  /** All removal batches together. */
  secondsForget: number;
  secondsRetrain: number;
  secondsPerBatch: Float64Array;
}

/**
 * The mixture experiment as a stateful object. Typical use in a Web Worker:
 * `train(100)` until done (drawing `means` as trails), then for each batch of
 * `splitBatches(ids, 4)` `forgetBatch(batch)` (report progress, check for
 * cancellation between calls), `startTarget(ids)` + `trainTarget(100)` until
 * done, then `report()`; finally `dispose()`.
 * Errors (bad ids, calls out of order) are Errors with the C++ message; the
 * object is unchanged by a rejected call.
 */
export interface GmmForgetting {
  /** K, the number of components (= max label + 1). */
  readonly components: number;
  /** Rows of data. */
  readonly size: number;
  /** Iterations of each fit. */
  readonly iterations: number;
  /** Runs up to k (default: all remaining) more iterations of the original fit. */
  train(k?: number): GmmTrainProgress;
  readonly trained: boolean;
  readonly trainIteration: number;
  /** Current means, component order: the chain state (or VI means), processed after forgetting. */
  means(): Float64Array;
  /** Current means in label order (row k: label k). Throws before training is done. */
  meansByLabel(): Float64Array;
  /** Element k: the component matched to label k. Throws before training is done. */
  componentForLabel(): Int32Array;
  /** Forgets one batch of row ids (4 in the protocol). Throws before training is done. */
  forgetBatch(ids: ArrayLike<number>): GmmForgetBatchResult;
  readonly remaining: number;
  /** The certificate of every request so far, in order. */
  readonly residuals: Float64Array;
  /** The first request after which the accumulated residual passed residualBudget; null if none yet. */
  readonly retrainRecommendedAfter: number | null;
  /** Whether the trained original's components match the labels one to one (after training). */
  originalHealth(): GmmFitHealth;
  readonly forgottenIds: Int32Array;
  /** @deprecated Use forgottenIds (0.3.0; removed in the next release). */
  readonly erasedIds: Int32Array;
  /** Starts the target on every row except `forgottenIds` (may run alongside forgetting). */
  startTarget(forgottenIds: ArrayLike<number>): this;
  /** Runs up to k (default: all remaining) more iterations of the target. */
  trainTarget(k?: number): GmmTrainProgress;
  readonly targetStarted: boolean;
  readonly targetTrained: boolean;
  /** The target's current means in its own component order. */
  targetMeans(): Float64Array;
  /** Requires a trained original and target. */
  report(): GmmForgettingReport;
  /**
   * Frees the wasm-side state; safe to call twice. Any later call (a method or a
   * getter) throws "GmmForgetting.<name>: the object has been disposed".
   */
  dispose(): void;
}

/** One request as the retrain policy served it. */
export interface GmmPolicyRequest {
  /** 1-based. */
  request: number;
  /** r_k of the model that served it. */
  residual: number;
  /** Σ r of that model since it started serving (a swapped-in model starts again from 0). */
  accumulated: number;
  /** Σ r of the original forgetting every request (BIF alone); null once it stopped. */
  aloneAccumulated: number | null;
  /** The serving model's sum passed residualBudget at this request. */
  recommended: boolean;
}

/** A retrained model swapped in after a request. */
export interface GmmPolicySwap {
  afterRequest: number;
  /** Rows it was trained on. */
  rows: number;
  /** Its training time (wall clock). */
  seconds: number;
  health: GmmFitHealth;
  /** The budget was passed at the last request: the target is the retrain on the rows left. */
  isTarget: boolean;
}

/** What one GmmRetrainPolicy.step() did. */
export interface GmmPolicyStep {
  /** The work of this step: 'train' (the original), 'forget' (one request), 'retrain', 'finish' (the targets). */
  phase: 'train' | 'forget' | 'retrain' | 'finish' | 'done';
  /** The fraction of the run done after it (monotone but for fit restarts). */
  progress: number;
  /** train / retrain / finish: iterations of that fit so far, of `total`. */
  iteration: number;
  total: number;
  requestsDone: number;
  /** Requests in all (0 before start). */
  batches: number;
  /** retrain: the rows it trains on. */
  rows: number;
  /** forget: the target's iterations so far. */
  targetIteration: number;
  /**
   * K×2 row-major. train: the original's means in component order (labels are matched
   * once it is trained); forget: the serving model's after the request, and a swap: the
   * swapped-in model's, in label order.
   */
  means: Float64Array;
  request: GmmPolicyRequest | null;
  swap: GmmPolicySwap | null;
  /** A recommended retrain that was not done (a cluster emptied, or an unhealthy retrain). */
  skipped: { afterRequest: number; reason: string } | null;
}

/** The retrain policy's result; K-arrays and K×2 centres in label order. */
export interface GmmPolicyResult {
  original: Float64Array;
  /** The model that served the last request, after forgetting. */
  processed: Float64Array;
  target: Float64Array;
  processedToTarget: Float64Array;
  originalToTarget: Float64Array;
  spread: Float64Array;
  klProcessedTarget: number;
  klOriginalTarget: number;
  /** ε was measured against the serving experiment's own target run, which differs from the target. */
  klAgainstOwnRun: boolean;
  forgottenCount: number;
  batches: number;
  secondsForget: number;
  secondsRetrain: number;
  componentForLabel: Float64Array;
  residualBudget: number;
  requests: GmmPolicyRequest[];
  swaps: GmmPolicySwap[];
  skipped: { afterRequest: number; reason: string }[];
  /** The requests after which a retrain was recommended. */
  recommendedAfter: Float64Array;
  /** BIF alone (the original forgetting every request): present when a retrain served requests. */
  alone: { processed: Float64Array; processedToTarget: Float64Array; klProcessedTarget: number } | null;
  /** The request at which the original could not forget on its own any more. */
  aloneStopped: { atRequest: number; reason: string } | null;
  originalHealth: GmmFitHealth;
  targetHealth: GmmFitHealth;
  /** The serving (retrained) model's own experiment, when one served the last request. */
  servedHealth: { original: GmmFitHealth; target: GmmFitHealth } | null;
}

/**
 * The retrain policy (core/lethe/experiments/gmm_retrain_policy.hpp) as a stateful
 * object: step() until trained (optional), start(forget, requestSize), step() until
 * done (report progress and check for cancellation between steps), result(),
 * dispose(). Each request is forgotten from the serving model; once its residual sum
 * passes residualBudget the same inference is retrained on the rows left and swapped
 * in; the original keeps forgetting every request (BIF alone).
 */
export interface GmmRetrainPolicy {
  readonly components: number;
  readonly size: number;
  readonly iterations: number;
  /** The training chunk of step() without an argument. */
  readonly defaultChunk: number;
  /** Starts the requests: `forget` in batches of `requestSize` (default 4). Once only. */
  start(forget: ArrayLike<number>, requestSize?: number): this;
  /** One step: k (default: defaultChunk) iterations of a fit, or one request. */
  step(k?: number): GmmPolicyStep;
  readonly started: boolean;
  readonly trained: boolean;
  readonly done: boolean;
  readonly phase: GmmPolicyStep['phase'];
  readonly progress: number;
  /** The original's current means, component order. */
  means(): Float64Array;
  /** The original's current means in label order (after training). */
  meansByLabel(): Float64Array;
  componentForLabel(): Int32Array;
  originalHealth(): GmmFitHealth;
  /** Requires done. */
  result(): GmmPolicyResult;
  /** Requires done: the result as JSON text, the fields `lethe gmm-forget --auto-retrain --json` prints (snake_case). */
  resultJson(): string;
  /** Frees the wasm-side state; safe to call twice. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/** The arguments of gmmForget: the data, what to forget, and the experiment's options. */
export interface GmmForgetArgs extends GmmForgettingOptions {
  /** Row-major x (at most 10⁶ rows) and labels 0..K−1. */
  data: LabelledPoints;
  /** Row ids to forget. Default: the scenario's. */
  forget?: ArrayLike<number>;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase?: ArrayLike<number>;
  /** Used when `forget` is not given. Default 'seed400'. */
  scenario?: BifScenario | number;
  /** Rows per forgetting request. Default 4. */
  requestSize?: number;
  /** @deprecated Use requestSize (0.3.0; removed in the next release). */
  removeBatch?: number;
}

export interface BifRateOptions {
  /** Training-set sizes, strictly increasing, each at most 10⁶. Default 100…10 000 (8 sizes). */
  sizes?: ArrayLike<number>;
  /** Rows removed one at a time (the first ones), errors averaged. Default 5. */
  removals?: number;
  /** Draws of the VI energy. Default 8. */
  viDraws?: number;
  /** Prior variance σ_p² of the weights. Default 1. */
  priorVariance?: number;
  /** Data seed. Default 7. */
  seed?: number;
}

/** Errors of the forgetting step vs exact retraining, Bayesian logistic regression. */
export interface BifRateResult {
  n: Float64Array;
  /** Mean ‖γ_S^{−z} − γ_{S−z}‖ (forgetting step vs retraining), MAP. */
  mapError: Float64Array;
  viError: Float64Array;
  /** Mean ‖γ_S − γ_{S−z}‖ (what the removal changes), MAP. */
  mapShift: Float64Array;
  viShift: Float64Array;
  /** Least-squares log-log slopes of the errors (theory: −2). */
  mapSlope: number;
  viSlope: number;
}

export interface BifApi {
  /**
   * Row ids of a removal scenario: rows of label 0 by largest x1 first and of
   * label 2 by smallest x2 first, interleaved (so each batch of 4 takes 2 + 2).
   * `scenario` is 'seed400' (200 each), 'seed800' (400 each) or a count per cluster.
   */
  bifScenarioIds(data: LabelledPoints, scenario?: BifScenario | number): Int32Array;
  /**
   * The removal presets for a menu at `n` rows (the core's table): at the preset's own
   * size the published scenarios; elsewhere those scaled to the same share, and requests
   * of 20 and 200 rows. `first`: the one to mark on arrival.
   */
  bifScenarioPresets(n: number): { name: string; perCluster: number; label: string; first: boolean }[];
  /** Consecutive batches of `size` (default 4) ids, the last possibly shorter. */
  splitBatches(ids: ArrayLike<number>, size?: number): number[][];
  /** Creates the stateful experiment on data (row-major x, labels 0..K−1, each label used). */
  createGmmForgetting(data: LabelledPoints, options?: GmmForgettingOptions): GmmForgetting;
  /** Creates the retrain policy on data; options.residualBudget is its budget (0: never retrain). */
  createGmmRetrainPolicy(data: LabelledPoints, options?: GmmForgettingOptions): GmmRetrainPolicy;
  /**
   * The whole protocol in one call: train, forget `forget` (default: the
   * scenario's ids) in batches of `requestSize` (default 4), retrain, report.
   */
  gmmForget(args: GmmForgetArgs): GmmForgetResult;
  /** The O(1/n²) measurement on MAP and VI logistic regression (≈1 s for the defaults natively). */
  bifRate(options?: BifRateOptions): BifRateResult;
}
