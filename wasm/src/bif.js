// Bayesian inference forgetting API: the Gaussian-mixture experiment as a
// stateful object driven in chunks (for a Web Worker that reports progress and
// can cancel between chunks), the same experiment in one call, the removal
// scenarios, and the measured O(1/n²) rate. Means are K×2 row-major
// Float64Arrays; see wasm/types/bif.d.ts for the documented shapes.

function dataArgs(data, fn) {
  if (!data || typeof data !== 'object' || data.x == null || data.labels == null)
    throw new Error(`${fn}: parameter 'data' must be an object { x, labels }`);
  return [data.x, data.labels];
}

function perCluster(core, scenario) {
  if (typeof scenario === 'number') return scenario;
  return core.bifScenarioPerCluster(String(scenario));
}

/** Reorders K×2 means (component order) into label order. */
function byLabel(means, componentForLabel) {
  const out = new Float64Array(means.length);
  componentForLabel.forEach((c, k) => { out[2 * k] = means[2 * c]; out[2 * k + 1] = means[2 * c + 1]; });
  return out;
}

/** The mixture experiment: train, forget batch by batch, retrain a target. */
class GmmForgetting {
  #run;
  #order = null;
  constructor(core, data, options) {
    this.#run = new core.GmmForgetting(...dataArgs(data, 'GmmForgetting'), options ?? {});
  }
  get components() { return this.#live().components(); }
  get size() { return this.#live().size(); }
  /** Iterations of each fit (original and target). */
  get iterations() { return this.#live().iterations(); }

  /** Runs up to k more training iterations of the original model. */
  train(k = this.iterations) {
    const run = this.#live();
    const iteration = run.train(k);
    return { iteration, total: run.iterations(), done: run.trained(), means: run.means() };
  }
  get trained() { return this.#live().trained(); }
  get trainIteration() { return this.#live().trainIteration(); }
  /** Current means of the model (component order): the chain state while training, then the processed model's. */
  means() { return this.#live().means(); }
  /** componentForLabel()[k] is the component matched to label k (after training). */
  componentForLabel() {
    if (!this.#order) this.#order = this.#live().componentForLabel();
    return this.#order.slice();
  }

  /** Forgets one batch of row ids (throws, changing nothing, on a bad request). */
  forgetBatch(ids) {
    const run = this.#live();
    const shift = run.forgetBatch(Array.from(ids));
    const means = run.means();
    const residuals = run.residuals();
    let accumulated = 0;
    for (const r of residuals) accumulated += r;
    return {
      shift, remaining: run.remaining(), means, meansByLabel: byLabel(means, this.componentForLabel()),
      residual: residuals[residuals.length - 1], accumulatedResidual: accumulated,
      retrainRecommendedAfter: run.retrainRecommendedAfter() || null,
    };
  }
  get remaining() { return this.#live().remaining(); }
  /** The certificate of every request so far (see GmmForgettingReport.residuals). */
  get residuals() { return this.#live().residuals(); }
  /** The first request after which the accumulated residual passed residualBudget; null if none yet. */
  get retrainRecommendedAfter() { return this.#live().retrainRecommendedAfter() || null; }
  /** Whether the trained original's components match the labels one to one (after training). */
  originalHealth() { return this.#live().originalHealth(); }
  get erasedIds() { return this.#live().erasedIds(); }

  /** Starts the target: the same inference from scratch on every row but `erasedIds`. */
  startTarget(erasedIds) { this.#live().startTarget(Array.from(erasedIds)); return this; }
  /** Runs up to k more iterations of the target. */
  trainTarget(k = this.iterations) {
    const run = this.#live();
    const iteration = run.trainTarget(k);
    return { iteration, total: run.iterations(), done: run.targetTrained(), means: run.targetMeans() };
  }
  get targetStarted() { return this.#live().targetStarted(); }
  get targetTrained() { return this.#live().targetTrained(); }
  targetMeans() { return this.#live().targetMeans(); }
  /** Original, processed and target centres per label, distances and KL. */
  report() { return this.#live().report(); }

  /** Frees the wasm-side state. Safe to call twice. */
  dispose() {
    if (this.#run) { this.#run.delete(); this.#run = null; }
  }
  [Symbol.dispose]() { this.dispose(); }
  #live() {
    if (!this.#run) throw new Error('GmmForgetting: the object has been disposed');
    return this.#run;
  }
}

function splitBatches(ids, size = 4) {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`splitBatches: parameter 'size' must be an integer of at least 1 (got ${size})`);
  const all = Array.from(ids);
  const out = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

export function bifApi(core) {
  const scenarioIds = (data, scenario = 'seed400') =>
    core.bifScenarioIds(...dataArgs(data, 'bifScenarioIds'), perCluster(core, scenario));
  return {
    bifScenarioIds: scenarioIds,
    splitBatches,
    createGmmForgetting: (data, options) => new GmmForgetting(core, data, options),
    gmmForget({ data, erase, scenario = 'seed400', removeBatch = 4, ...options } = {}) {
      const ids = erase ?? scenarioIds(data, scenario);
      return core.gmmForget(...dataArgs(data, 'gmmForget'), Array.from(ids), removeBatch, options);
    },
    bifRate({ sizes, ...options } = {}) {
      return core.bifRate(sizes == null ? undefined : Array.from(sizes), options);
    },
  };
}
