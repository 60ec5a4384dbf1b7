// Variational unlearning API: the two-moons sparse GP classifier, EUBO and reverse-KL
// unlearning with the adjusted likelihood, and the KL-vs-λ sweep.
//
// Shape: `moonsProblem(options)` learns q(θ|D) once and returns a stateful wrapper;
// `setErased` retrains q(θ|D_r); `unlearn({method, lambda})` runs one method at one λ
// (the fast protocol takes tens of milliseconds, so a page can call it on every λ
// change, or one λ at a time for a sweep with progress and cancellation between
// calls); `predictGrid` evaluates p(y=1|x) on a grid for q(θ|D), q(θ|D_r) or q̃.

function toFloat64(a) {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}
function toInt32(a) {
  return a instanceof Int32Array ? a : Int32Array.from(a);
}

/** Copies the user's options into the plain object the embind constructor reads. */
function coreOptions(options = {}) {
  const o = { ...options };
  if (o.x !== undefined) o.x = toFloat64(o.x);
  if (o.labels !== undefined) o.labels = toInt32(o.labels);
  if (o.inducing !== undefined) o.inducing = toFloat64(o.inducing);
  if (o.lengthscales !== undefined) o.lengthscales = toFloat64(o.lengthscales);
  delete o.erase;
  return o;
}

class MoonsProblem {
  #p;
  #scenario = null;
  constructor(core, options) {
    this.#p = new core.MoonsProblem(coreOptions(options));
    try {
      if (options && options.erase !== undefined) this.setErased(options.erase);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }
  #live() {
    if (!this.#p) throw new Error('MoonsProblem: used after dispose()');
    return this.#p;
  }
  /** The training data: x row-major (n×2), labels 0/1. */
  get data() { return this.#live().data(); }
  /** The inducing inputs Z, row-major (M×2). */
  get inducing() { return this.#live().inducing(); }
  /** Seconds spent learning q(θ|D). */
  get learnSeconds() { return this.#live().learnSeconds(); }
  /** Row ids of a scenario preset on this problem's data. */
  scenarioIds(scenario) { return this.#live().scenarioIds(String(scenario)); }
  /**
   * Chooses D_e (row ids, or a scenario name) and retrains q(θ|D_r) on the rest.
   * Returns the seconds the retraining took. Throws, changing nothing, on a bad set.
   */
  setErased(erase) {
    const p = this.#live();
    if (typeof erase === 'string') {
      const ids = p.scenarioIds(erase);
      const seconds = p.setErased(ids);
      this.#scenario = erase;
      return seconds;
    }
    const seconds = p.setErased(Array.from(erase));
    this.#scenario = null;
    return seconds;
  }
  /** The erased row ids (sorted), empty before setErased. */
  get erased() { return this.#live().erased(); }
  /** The scenario name last passed to setErased, or null for explicit ids. */
  get scenario() { return this.#scenario; }
  fullPosterior() { return this.#live().fullPosterior(); }
  retrainedPosterior() { return this.#live().retrainedPosterior(); }
  unlearnedPosterior() { return this.#live().unlearnedPosterior(); }
  /** The "do nothing" baseline q̃ = q(θ|D) against q(θ|D_r). */
  baseline() { return this.#live().baseline(); }
  /** One unlearning run; q̃ is kept for predictGrid(grid, 'unlearned'). The core checks the method's name. */
  unlearn({ method = 'eubo', lambda } = {}) {
    if (typeof lambda !== 'number') throw new Error('MoonsProblem.unlearn: lambda must be a number in [0, 1]');
    return this.#live().unlearn(String(method), lambda);
  }
  /** p(y=1|x) on a row-major n×2 grid under 'full' | 'retrained' | 'unlearned'. */
  predictGrid(grid, which = 'unlearned') {
    return this.#live().predictGrid(toFloat64(grid), String(which));
  }
  /** Frees the wasm-side problem. Safe to call twice. */
  dispose() {
    if (this.#p) { this.#p.delete(); this.#p = null; }
  }
  [Symbol.dispose]() { this.dispose(); }
}

/** The whole experiment at every λ (learn, retrain, EUBO and rKL), like `lethe moons-kl --json`. */
function moonsKlSweep(core, { lambdas, onProgress, ...options } = {}) {
  const start = performance.now();
  const defaults = core.moonsDefaults();
  const list = lambdas ? Array.from(lambdas) : Array.from(defaults.lambdas);
  const methods = defaults.methods.map((m) => m.name);
  // Like the CLI: the fast reverse KL also reports the target's own optimum.
  const problem = new MoonsProblem(core, { erase: 'tip', reportTarget: true, ...options });
  try {
    const full = problem.baseline();
    const runs = [];
    const total = methods.length * list.length;
    for (const lambda of list) {
      for (const method of methods) {
        runs.push(problem.unlearn({ method, lambda }));
        if (onProgress) onProgress(runs.length / total, runs[runs.length - 1]);
      }
    }
    return { full, runs, learnSeconds: problem.learnSeconds, secondsTotal: (performance.now() - start) / 1000 };
  } finally {
    problem.dispose();
  }
}

export function variationalApi(core) {
  return {
    moonsProblem: (options) => new MoonsProblem(core, options),
    moonsScenarios: () => core.moonsScenarios(),
    moonsScenarioIds: ({ x, labels, scenario = 'tip', seed = 0 }) =>
      core.moonsScenarioIds(toFloat64(x), toInt32(labels), String(scenario), seed),
    moonsDefaults: () => core.moonsDefaults(),
    zeroLambdaPosition: (lambdas) => core.zeroLambdaPosition(toFloat64(lambdas)),
    moonsKlSweep: (options) => moonsKlSweep(core, options),
  };
}
