// The scale sweep of `lethe scale`, one family at one size: forgetting one request
// of `request` rows against retraining on the rest, measured in the same call.

export interface RunScaleArgs {
  /** 'exact' (conjugate regression), 'variational' (sparse GP: EUBO and reverse KL) or 'bif' (MAP, VI, SGLD, SGHMC). */
  family: string;
  /** Data points; at most 10⁶ in the wasm build (10⁵ is the wasm size). */
  n: number;
  /** Rows per request (default 20); must be fewer than n. */
  request?: number;
  /** Timings are medians over this many repeats (default 3). */
  repeats?: number;
  seed?: number;
  /** λ of EUBO and reverse KL (default 1e-5). */
  lambda?: number;
  /** k, the rows of the BIF step's sampled Hessian (default 2048; 0: every row). */
  hessianRows?: number;
  /** SG-MCMC forgets a request in steps of this many rows (default 0: the whole request in one step). */
  mcmcBatch?: number;
}

/** One measurement: the fields of `lethe scale --json`'s runs, in camelCase. */
export interface ScaleRun {
  family: string;
  method: string;
  n: number;
  request: number;
  secondsTrain: number;
  secondsRetrain: number;
  secondsForget: number;
  /** secondsRetrain / secondsForget. */
  speedup: number;
  /** The forgotten model's distance to the retrained one, in qualityMeasure. */
  qualityForget: number;
  /** The same for doing nothing (the model learned on all of D). */
  qualityNothing: number;
  qualityMeasure: string;
  /** Bytes held per data point at the run's peak. */
  bytes: number;
  /**
   * Whether forgetting is worth it, the core's rule: 'forget', 'marginal: retraining
   * costs < 3x more', or 'retrain instead: …' (retraining is faster, or forgetting ends
   * no closer to the retrained model than doing nothing).
   */
  verdict: string;
}

export interface ScaleApi {
  /** Runs one family's sweep at one size; one ScaleRun per method of the family. */
  runScale(args: RunScaleArgs): ScaleRun[];
}
