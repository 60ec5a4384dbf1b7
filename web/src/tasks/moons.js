// Worker tasks for the moons panel, on the variational API
// (wasm/types/variational.d.ts). One learned MoonsProblem is kept per data set;
// unlearning results and their heatmaps are cached per (forget set, method, λ),
// so moving the λ slider over values already computed redraws at once.
import { dataKey } from './keys.js';

// The worker-wide state of this panel: one problem at a time.
let current = null; // {key, problem, forgetKey, grids: Map, runs: Map, gridKey}

function requireApi(lethe) {
  if (typeof lethe.moonsProblem !== 'function')
    throw new Error('This build has no variational-unlearning API (moonsProblem).');
}

function problemKey({ x, labels, seed }) {
  return `${dataKey(Float64Array.from(x), Int32Array.from(labels))}:${seed}`;
}

function problemFor(lethe, { x, labels, seed }) {
  const X = Float64Array.from(x),
    L = Int32Array.from(labels);
  const key = problemKey({ x: X, labels: L, seed });
  if (current?.key !== key) {
    current?.problem.dispose();
    current = null;
    const problem = lethe.moonsProblem({ x: X, labels: L, seed });
    current = { key, problem, forgetKey: null, runs: new Map(), base: null };
  }
  return current;
}

const forgetKeyOf = (forget) => [...forget].sort((a, b) => a - b).join(',');

function setForgotten(state, forget) {
  const ids = [...forget].sort((a, b) => a - b);
  const forgetKey = ids.join(',');
  if (state.forgetKey !== forgetKey) {
    // Retraining q(θ|D_r) on the remaining rows, warm-started from q(θ|D): the comparison's cost.
    state.retrainSeconds = state.problem.setForgotten(ids); // throws (state unchanged) on a bad set
    state.forgetKey = forgetKey;
    state.runs.clear();
    state.base = null;
  }
}

/** q(θ|D) and q(θ|D_r) on the grid, and the do-nothing baseline (cached per forget set and grid). */
function baseFor(state, grid) {
  const gridKey = dataKey(grid);
  if (state.base?.gridKey !== gridKey) {
    state.runs.clear();
    state.base = {
      gridKey,
      full: state.problem.predictGrid(grid, 'full'),
      retrained: state.problem.predictGrid(grid, 'retrained'),
      baseline: state.problem.baseline(),
    };
  }
  return state.base;
}

function runFor(state, method, lambda, grid) {
  const key = `${method}:${lambda}`;
  let run = state.runs.get(key);
  if (!run) {
    const t0 = performance.now();
    const result = state.problem.forget({ method, lambda });
    const forgotten = state.problem.predictGrid(grid, 'forgotten');
    run = { result, forgotten, seconds: (performance.now() - t0) / 1000 };
    state.runs.set(key, run);
  }
  return run;
}

export const moonsTasks = {
  /**
   * The core's published set-up (inducing inputs, kernel, λ list, data size and
   * noise, forget presets), with where a log axis over those λ draws λ = 0: the
   * page reads these instead of repeating them. Constant, so computed once.
   */
  'moons.defaults'(lethe, args, ctx) {
    requireApi(lethe);
    let defaults = ctx.cache.get('moons.defaults');
    if (!defaults) {
      const d = lethe.moonsDefaults();
      defaults = { ...d, zeroLambdaPosition: lethe.zeroLambdaPosition(d.lambdas) };
      ctx.cache.set('moons.defaults', defaults);
    }
    return defaults;
  },

  /** The core's presets for n points: {n, labels: {name: label}, first: the name a first visit marks}. */
  'moons.presets'(lethe, { n }) {
    requireApi(lethe);
    const list = lethe.moonsScenarioPresets(n);
    return {
      n,
      labels: Object.fromEntries(list.map(({ name, label }) => [name, label])),
      first: list.find((p) => p.first).name,
    };
  },

  /** A preset's ids, by the core (moonsScenarioIds; rmK and tipShare at any size). */
  'moons.scenario'(lethe, { x, labels, scenario, seed }) {
    requireApi(lethe);
    return lethe.moonsScenarioIds({ x, labels, scenario, seed });
  },

  /**
   * Learn (cached), retrain (cached), forget at one (method, λ); heatmaps of the
   * three posteriors, and the times: learning q(θ|D), retraining q(θ|D_r) and
   * forgetting. Learning and retraining are single wasm calls that grow with N
   * (seconds at 10⁴ points): progress names each before it starts (`long`: the
   * panel counts the seconds meanwhile) and a cancel between them stops the job
   * there; one inside a call is a hard cancel (the client replaces the worker).
   */
  async 'moons.forget'(lethe, { x, labels, seed, forget, method, lambda, grid }, ctx) {
    requireApi(lethe);
    const g = Float64Array.from(grid),
      n = labels.length;
    if (current?.key !== problemKey({ x, labels, seed })) {
      await ctx.step(0.02, { text: `Learning q(θ|D) on ${n} points…`, long: true });
    }
    const state = problemFor(lethe, { x, labels, seed });
    if (state.forgetKey !== forgetKeyOf(forget)) {
      await ctx.step(0.5, {
        text: `Retraining q(θ|D_r) on the ${n - forget.length} remaining points (the comparison)…`,
        long: true,
      });
    }
    setForgotten(state, forget);
    await ctx.step(0.9, { text: `Unlearning ${forget.length} points (${method === 'rkl' ? 'reverse KL' : 'EUBO'})…` });
    const base = baseFor(state, g);
    const cached = state.runs.has(`${method}:${lambda}`);
    const run = runFor(state, method, lambda, g);
    const r = run.result;
    return {
      cached,
      klForgotten: r.klForgotten,
      klRemaining: r.klRemaining,
      paramKl: r.paramKl,
      ess: r.ess,
      reliable: r.reliable,
      status: r.status,
      seconds: r.seconds,
      learnSeconds: state.problem.learnSeconds,
      retrainSeconds: state.retrainSeconds,
      n,
      forgotten: forget.length,
      full: {
        klForgotten: base.baseline.klForgotten,
        klRemaining: base.baseline.klRemaining,
        paramKl: base.baseline.paramKl,
      },
      grids: { before: base.full, retrained: base.retrained, forgotten: run.forgotten },
      // Every field the module describes (the CLI's --json fields, camelCase), for the JSON export.
      fields: r,
      fullFields: base.baseline,
    };
  },

  /** Computes (and caches) the runs for a list of λ, so later λ changes are instant. */
  async 'moons.prefetch'(lethe, { x, labels, seed, forget, method, lambdas, grid }, ctx) {
    requireApi(lethe);
    const g = Float64Array.from(grid);
    const state = problemFor(lethe, { x, labels, seed });
    setForgotten(state, forget);
    baseFor(state, g);
    let done = 0;
    for (const lambda of lambdas) {
      await ctx.step(done / lambdas.length);
      await ctx.giveWay();
      runFor(state, method, lambda, g);
      done += 1;
    }
    return { done };
  },

  /** The KL-vs-λ experiment: EUBO and rKL at each λ, one run per step (progress, cancellable). */
  async 'moons.sweep'(lethe, { x, labels, seed, forget, lambdas, grid }, ctx) {
    requireApi(lethe);
    const g = Float64Array.from(grid);
    const t0 = performance.now();
    const state = problemFor(lethe, { x, labels, seed });
    setForgotten(state, forget);
    const base = baseFor(state, g);
    const runs = [];
    // The runs and their order are the core's plan (moons_sweep_plan, as moonsKlSweep runs it).
    const { steps } = lethe.moonsSweepPlan(lambdas);
    for (const { method, lambda } of steps) {
      await ctx.step(runs.length / steps.length, {
        text: `KL-vs-λ sweep: ${method === 'rkl' ? 'reverse KL' : 'EUBO'} at λ = ${lambda} (${runs.length + 1}/${steps.length})`,
      });
      const r = runFor(state, method, lambda, g).result;
      runs.push({
        method: r.method,
        lambda,
        klForgotten: r.klForgotten,
        klRemaining: r.klRemaining,
        paramKl: r.paramKl,
        ess: r.ess,
        reliable: r.reliable,
      });
    }
    return {
      full: { klForgotten: base.baseline.klForgotten, klRemaining: base.baseline.klRemaining },
      runs,
      seconds: (performance.now() - t0) / 1000,
    };
  },
};
