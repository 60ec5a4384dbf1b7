// Foundation API: random numbers, data sets, CSV parsing, Gaussian KL, and exact
// Bayesian unlearning for conjugate linear regression.

/** Wraps the embind model so callers get dispose() and plain-object results. */
class ExactRegression {
  #model;
  constructor(core, x, y, options) {
    this.#model = new core.ExactRegression(x, y, options ?? {});
  }
  /** Exact unlearning of the given row ids (throws, changing nothing, on a bad request). */
  erase(ids) { this.#model.erase(Array.from(ids)); return this; }
  posterior() { return this.#model.posterior(); }
  retrainedPosterior() { return this.#model.retrainedPosterior(); }
  predict(xs) { return this.#model.predict(Array.from(xs)); }
  predictRetrained(xs) { return this.#model.predictRetrained(Array.from(xs)); }
  get remaining() { return this.#model.remaining(); }
  get erasedIds() { return this.#model.erasedIds(); }
  /** Frees the wasm-side model. Safe to call twice. */
  dispose() {
    if (this.#model) { this.#model.delete(); this.#model = null; }
  }
  [Symbol.dispose]() { this.dispose(); }
}

function maxAbsDifference(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function exactApi(core) {
  return {
    randomStream: (seed, count) => core.randomStream(seed, count),
    makeMoons: ({ n = 100, noise = 0.2, seed = 0 } = {}) => core.makeMoons(n, noise, seed),
    makeBifMixture: ({ seed = 0 } = {}) => core.makeBifMixture(seed),
    makeRegression1d: ({ n = 40, noise = 0.3, seed = 0 } = {}) => core.makeRegression1d(n, noise, seed),
    parseLabelledCsv: (text, source = 'input.csv') => core.parseLabelledCsv(String(text), String(source)),
    parseSeriesCsv: (text, source = 'input.csv') => core.parseSeriesCsv(String(text), String(source)),
    gaussianKl: (a, b) => core.gaussianKl(a.mean, a.covariance, b.mean, b.covariance),
    /** malloc'd bytes and total wasm memory: for leak checks. */
    heapStats: () => core.heapStats(),
    fitExactRegression: (x, y, options) => new ExactRegression(core, x, y, options),

    /**
     * One-shot exact unlearning: fit on (x, y), erase `erase`, and compare with
     * retraining on the rest. Frees everything it allocates.
     */
    exactUnlearn({ x, y, erase, grid, options }) {
      const model = new ExactRegression(core, x, y, options);
      try {
        const original = model.predict(grid);
        model.erase(erase);
        const unlearned = model.predict(grid);
        const retrained = model.predictRetrained(grid);
        const pu = model.posterior(), pr = model.retrainedPosterior();
        return {
          original, unlearned, retrained,
          maxPredictionDifference: Math.max(
            maxAbsDifference(unlearned.mean, retrained.mean),
            maxAbsDifference(unlearned.stdDev, retrained.stdDev)),
          maxPosteriorDifference: Math.max(
            maxAbsDifference(pu.mean, pr.mean), maxAbsDifference(pu.covariance, pr.covariance)),
        };
      } finally {
        model.dispose();
      }
    },
  };
}
