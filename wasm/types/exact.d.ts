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

export interface ExactRegressionOptions {
  /** Number of RBF bumps (plus a bias feature). Default 12. */
  features?: number;
  lo?: number;
  hi?: number;
  /** RBF width. Default 0.6. */
  width?: number;
  /** Prior precision α of the weights. Default 1. */
  priorPrecision?: number;
  /** Observation noise variance σ². Default 0.09. */
  noiseVariance?: number;
}

export interface ExactRegression {
  erase(ids: ArrayLike<number>): this;
  posterior(): GaussianParams;
  retrainedPosterior(): GaussianParams;
  predict(xs: ArrayLike<number>): Prediction;
  predictRetrained(xs: ArrayLike<number>): Prediction;
  readonly remaining: number;
  readonly erasedIds: Int32Array;
  dispose(): void;
}

export interface ExactUnlearnResult {
  original: Prediction;
  unlearned: Prediction;
  retrained: Prediction;
  /** max |unlearned − retrained| over the grid's means and standard deviations. */
  maxPredictionDifference: number;
  /** max |unlearned − retrained| over posterior mean and covariance entries. */
  maxPosteriorDifference: number;
}

export interface ExactApi {
  randomStream(seed: number, count: number): { uniforms: Float64Array; normals: Float64Array };
  makeMoons(options?: { n?: number; noise?: number; seed?: number }): LabelledPoints;
  makeBifMixture(options?: { seed?: number }): LabelledPoints;
  makeRegression1d(options?: { n?: number; noise?: number; seed?: number }): Series1D;
  parseLabelledCsv(text: string, source?: string): LabelledPoints;
  parseSeriesCsv(text: string, source?: string): Series1D;
  gaussianKl(a: GaussianParams, b: GaussianParams): number;
  /** Bytes in use by the wasm allocator, and the wasm memory size: for leak checks. */
  heapStats(): { allocatedBytes: number; heapBytes: number };
  fitExactRegression(x: ArrayLike<number>, y: ArrayLike<number>, options?: ExactRegressionOptions): ExactRegression;
  exactUnlearn(args: {
    x: ArrayLike<number>;
    y: ArrayLike<number>;
    erase: ArrayLike<number>;
    grid: ArrayLike<number>;
    options?: ExactRegressionOptions;
  }): ExactUnlearnResult;
}
