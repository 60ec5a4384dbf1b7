// Every function of the API checks its arguments before the core sees them, and
// throws an Error naming the function and the parameter, the module staying usable:
//   - an options key that is not declared: "makeMoons: unknown option 'nosie'
//     (allowed: n, noise, seed)";
//   - a value of the wrong type, never coerced: "must be a number (got string
//     '100')", "must be a boolean (got number 1)", "must be a string (got …)";
//   - NaN or ±Infinity where a number is expected: "must be finite (got NaN)";
//   - more than 10⁶ rows (MAX_ROWS, the row limit of the wasm build) in a generated
//     data set or in an array passed in (an n×2 point array counts n rows);
//   - a method of a stateful object called after dispose():
//     "MoonsProblem.forget: the object has been disposed".
// An option left undefined takes its default; null is not a default but a wrong type.
// A computation that outgrows the wasm heap (2 GB at most) throws an Error whose
// message says "out of memory", not "std::bad_alloc".

/** n points in the plane, row-major: x[2*i], x[2*i+1] is point i. */
export interface LabelledPoints {
  x: Float64Array;
  labels: Int32Array;
}

export interface Series1D {
  x: Float64Array;
  y: Float64Array;
}

export interface GaussianParams {
  mean: Float64Array;
  /** d×d, row-major. */
  covariance: Float64Array;
}

export interface Prediction {
  mean: Float64Array;
  stdDev: Float64Array;
}

export interface MakeMoonsOptions {
  /** Rows, 2 to 10⁶. Default 100. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default 0.2. */
  noise?: number;
  /** Default 0. */
  seed?: number;
}

export interface MakeRegression1dOptions {
  /** Rows, 1 to 10⁶. Default 40. */
  n?: number;
  /** Standard deviation of the noise of y. Default 0.3. */
  noise?: number;
  /** Default 0. */
  seed?: number;
}

export interface MakeBifMixtureOptions {
  /** Number of points, an integer in [1, 10⁶]; the four clusters keep their proportions. Default 2000. */
  n?: number;
  /** Default 0. */
  seed?: number;
}

export interface ExactRegressionOptions {
  /** Number of RBF bumps (plus a bias feature), an integer. Default 12. */
  features?: number;
  /** Centre of the first bump. Default −3. */
  lo?: number;
  /** Centre of the last bump. Default 3. */
  hi?: number;
  /** RBF width. Default 0.6. */
  width?: number;
  /** Prior precision α of the weights. Default 1. */
  priorPrecision?: number;
  /** Observation noise variance σ². Default 0.09. */
  noiseVariance?: number;
}

/** A fitted model. Holds wasm memory: call dispose() when done. */
export interface ExactRegression {
  /** Exact unlearning of row ids; throws, changing nothing, on a bad request. */
  forget(ids: ArrayLike<number>): this;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase(ids: ArrayLike<number>): this;
  posterior(): GaussianParams;
  retrainedPosterior(): GaussianParams;
  predict(xs: ArrayLike<number>): Prediction;
  predictRetrained(xs: ArrayLike<number>): Prediction;
  readonly remaining: number;
  readonly forgottenIds: Int32Array;
  /** @deprecated Use forgottenIds (0.3.0; removed in the next release). */
  readonly erasedIds: Int32Array;
  /** Frees the wasm-side model; safe to call twice. Later calls throw. */
  dispose(): void;
}

export interface ExactForgetArgs {
  /** Inputs, at most 10⁶. */
  x: ArrayLike<number>;
  /** Targets, one per input. */
  y: ArrayLike<number>;
  /** Row ids to forget. */
  forget: ArrayLike<number>;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase?: ArrayLike<number>;
  /** Inputs at which the three predictions are compared. */
  grid: ArrayLike<number>;
  options?: ExactRegressionOptions;
}

/**
 * @deprecated The 0.2 spelling of ExactForgetArgs, `erase` for `forget` (accepted with a
 * warning in 0.3.0; removed in the next release). Use ExactForgetArgs.
 */
export type ExactForgetArgsWithErase = Omit<ExactForgetArgs, 'forget' | 'erase'> & {
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase: ArrayLike<number>;
  forget?: undefined;
};

export interface ExactForgetResult {
  original: Prediction;
  forgotten: Prediction;
  retrained: Prediction;
  /** max |forgotten − retrained| over the grid's means and standard deviations. */
  maxPredictionDifference: number;
  /** max |forgotten − retrained| over posterior mean and covariance entries. */
  maxPosteriorDifference: number;
}

export interface ExactApi {
  /** `count` (at most 10⁶) uniforms and then `count` normals of the seeded generator. */
  randomStream(seed: number, count: number): { uniforms: Float64Array; normals: Float64Array };
  /** 0, 1, …, count − 1 (count at most 10⁶) in a seeded random order (the core's Fisher–Yates `shuffled`). */
  shuffledRows(seed: number, count: number): Int32Array;
  makeMoons(options?: MakeMoonsOptions): LabelledPoints;
  makeBifMixture(options?: MakeBifMixtureOptions): LabelledPoints;
  makeRegression1d(options?: MakeRegression1dOptions): Series1D;
  parseLabelledCsv(text: string, source?: string): LabelledPoints;
  parseSeriesCsv(text: string, source?: string): Series1D;
  gaussianKl(a: GaussianParams, b: GaussianParams): number;
  /** Bytes in use by the wasm allocator, and the wasm memory size: for leak checks. */
  heapStats(): { allocatedBytes: number; heapBytes: number };
  /** Fits the model on at most 10⁶ rows (x, y). */
  fitExactRegression(x: ArrayLike<number>, y: ArrayLike<number>, options?: ExactRegressionOptions): ExactRegression;
  exactForget(args: ExactForgetArgs): ExactForgetResult;
  /** @deprecated Pass `forget` instead of `erase` (0.3.0; removed in the next release). */
  exactForget(args: ExactForgetArgsWithErase): ExactForgetResult;
  /** @deprecated Use exactForget (0.3.0; removed in the next release): the same, with `unlearned` for `forgotten`. */
  exactUnlearn(args: ExactForgetArgs | ExactForgetArgsWithErase): ExactForgetResult & { unlearned: Prediction };
}

/** @deprecated Use ExactForgetArgs. */
export type ExactUnlearnArgs = ExactForgetArgs;
/** @deprecated Use ExactForgetResult. */
export type ExactUnlearnResult = ExactForgetResult;
