// Worker tasks for the exact-unlearning panel (conjugate Bayesian linear
// regression on RBF features; see wasm/types/exact.d.ts).

export const exactTasks = {
  /** The 1-D regression data set (size and noise: the API's defaults unless given). */
  'exact.data'(lethe, options) {
    return lethe.makeRegression1d(options);
  },

  /** Posterior predictive of the model fitted on everything, on `grid`. */
  'exact.fit'(lethe, { x, y, grid, options }) {
    const model = lethe.fitExactRegression(x, y, options);
    try {
      return { prediction: model.predict(grid) };
    } finally {
      model.dispose();
    }
  },

  /**
   * Exact unlearning of `forget` (row ids) next to retraining on the rest; the
   * result carries the largest difference between the two.
   */
  'exact.forget'(lethe, { x, y, forget, grid, options }) {
    return lethe.exactForget({ x, y, forget, grid, options });
  },
};
