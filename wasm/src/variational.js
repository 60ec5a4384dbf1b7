// Variational unlearning API: the two-moons sparse GP classifier, EUBO and reverse-KL
// unlearning with the adjusted likelihood, and the KL-vs-λ sweep.
//
// Shape: `moonsProblem(options)` learns q(θ|D) once and returns a stateful wrapper;
// `setForgotten` retrains q(θ|D_r); `forget({method, lambda})` runs one method at one λ
// (the fast protocol takes tens of milliseconds, so a page can call it on every λ
// change, or one λ at a time for a sweep with progress and cancellation between
// calls); `predictGrid` evaluates p(y=1|x) on a grid for q(θ|D), q(θ|D_r) or q̃.
// Arguments are checked (checks.js) before they reach the core.
import { CoreObject, forward, live } from './core-object.js';
import * as check from './checks.js';
import { optionTables, optionDefault } from './options.js';

function toFloat64(a) {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}
// Labels other than an Int32Array go in as doubles, so that the core sees (and
// rejects) a label like 0.5 instead of one that Int32Array.from truncated to 0.
function toLabels(a) {
  return a instanceof Int32Array ? a : toFloat64(a);
}

/** Copies the user's options into the plain object the embind constructor reads. */
function coreOptions(options = {}) {
  const o = { ...options };
  if (o.x !== undefined) o.x = toFloat64(o.x);
  if (o.labels !== undefined) o.labels = toLabels(o.labels);
  if (o.inducing !== undefined) o.inducing = toFloat64(o.inducing);
  if (o.lengthscales !== undefined) o.lengthscales = toFloat64(o.lengthscales);
  delete o.forget;
  return o;
}

class MoonsProblem extends CoreObject {
  #scenario = null;
  constructor(core, options) {
    const checked = check.checkOptions('moonsProblem', options, optionTables.MoonsProblemOptions);
    super('MoonsProblem', new core.MoonsProblem(coreOptions(checked)));
    try {
      if (checked.forget !== undefined) this.setForgotten(checked.forget);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }
  /** Row ids of a scenario preset on this problem's data. */
  scenarioIds(scenario) {
    const p = this[live]('scenarioIds');
    check.string('MoonsProblem.scenarioIds', 'scenario', scenario);
    return p.scenarioIds(scenario);
  }
  /**
   * Chooses D_e (row ids, or a scenario name) and retrains q(θ|D_r) on the rest.
   * Returns the seconds the retraining took. Throws, changing nothing, on a bad set.
   */
  setForgotten(rows) {
    const p = this[live]('setForgotten');
    check.idsOrScenario('MoonsProblem.setForgotten', 'rows', rows);
    if (typeof rows === 'string') {
      const ids = p.scenarioIds(rows);
      const seconds = p.setForgotten(ids);
      this.#scenario = rows;
      return seconds;
    }
    const seconds = p.setForgotten(Array.from(rows));
    this.#scenario = null;
    return seconds;
  }
  /** The scenario name last passed to setForgotten, or null for explicit ids. */
  get scenario() {
    this[live]('scenario');
    return this.#scenario;
  }
  /** One forgetting run; q̃ is kept for predictGrid(grid, 'forgotten'). Defaults are the core's (moons_forget). */
  forget(args) {
    const p = this[live]('forget');
    return p.forget(check.checkOptions('MoonsProblem.forget', args, optionTables.ForgetArgs, { parameter: 'args' }));
  }
  /** p(y=1|x) on a row-major n×2 grid under 'full' | 'retrained' | 'forgotten'. */
  predictGrid(grid, which = 'forgotten') {
    const p = this[live]('predictGrid');
    check.points('MoonsProblem.predictGrid', 'grid', grid);
    check.string('MoonsProblem.predictGrid', 'which', which);
    if (which === 'unlearned') {
      check.deprecated("MoonsProblem.predictGrid(grid, 'unlearned')", "'forgotten'");
      which = 'forgotten';
    }
    return p.predictGrid(toFloat64(grid), which);
  }
  /** @deprecated Use setForgotten. */
  setErased(ids) {
    check.deprecated('MoonsProblem.setErased', 'setForgotten');
    this[live]('setErased');
    return this.setForgotten(ids);
  }
  /** @deprecated Use forgotten. */
  get erased() {
    check.deprecated('MoonsProblem.erased', 'forgotten');
    this[live]('erased');
    return this.forgotten;
  }
  /** @deprecated Use forgottenPosterior. */
  unlearnedPosterior() {
    check.deprecated('MoonsProblem.unlearnedPosterior', 'forgottenPosterior');
    this[live]('unlearnedPosterior');
    return this.forgottenPosterior();
  }
  /** @deprecated Use forget. */
  unlearn(args) {
    check.deprecated('MoonsProblem.unlearn', 'forget');
    this[live]('unlearn');
    return this.forget(args);
  }
}
forward(MoonsProblem, {
  getters: ['data', 'inducing', 'learnSeconds', 'forgotten'],
  methods: ['fullPosterior', 'retrainedPosterior', 'forgottenPosterior', 'baseline'],
});

/** The whole experiment at every λ (learn, retrain, EUBO and rKL), like `lethe moons-kl --json`. */
function moonsKlSweep(core, sweepOptions) {
  const { lambdas, onProgress, ...options } = check.checkOptions(
    'moonsKlSweep',
    sweepOptions,
    optionTables.MoonsSweepOptions,
  );
  const start = performance.now();
  // The core's plan (moons_sweep_plan, as run_moons_sweep runs it): the order of the
  // runs and whether the fast reverse KL reports the target's own optimum; the rows
  // are the sweep's scenario unless the options name others.
  const plan = core.moonsSweepPlan(toFloat64(lambdas ?? optionDefault('moons_sweep', 'lambdas')));
  const problem = new MoonsProblem(core, {
    forget: optionDefault('moons_sweep', 'scenario'),
    reportTarget: plan.reportTarget,
    ...options,
  });
  try {
    const full = problem.baseline();
    const runs = [];
    for (const { method, lambda } of plan.steps) {
      runs.push(problem.forget({ method, lambda }));
      if (onProgress) onProgress(runs.length / plan.steps.length, runs[runs.length - 1]);
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
    moonsScenarioPresets(n) {
      check.rowCount('moonsScenarioPresets', 'n', n);
      return core.moonsScenarioPresets(n);
    },
    moonsScenarioIds(args) {
      const {
        x,
        labels,
        scenario = optionDefault('moons_sweep', 'scenario'),
        seed = optionDefault('moons', 'seed'),
      } = check.checkOptions('moonsScenarioIds', args, optionTables.MoonsScenarioIdsArgs, { parameter: 'args' });
      return core.moonsScenarioIds(toFloat64(x), toLabels(labels), scenario, seed);
    },
    moonsDefaults: () => core.moonsDefaults(),
    zeroLambdaPosition(lambdas) {
      check.numbers('zeroLambdaPosition', 'lambdas', lambdas);
      return core.zeroLambdaPosition(toFloat64(lambdas));
    },
    moonsKlSweep: (options) => moonsKlSweep(core, options),
    moonsSweepPlan(lambdas) {
      check.numbers('moonsSweepPlan', 'lambdas', lambdas);
      return core.moonsSweepPlan(toFloat64(lambdas));
    },
  };
}
