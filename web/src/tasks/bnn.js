// Worker tasks for the neural-network panel, on the BNN API (wasm/types/bnn.d.ts).
// One BnnProblem is kept at a time, for one (data set, seed, forget set): the core
// fixes D_e when the problem is made, and trains the original posterior on D and
// the retrained one on D_r in chunks of optimiser/sampler steps. Between chunks
// the task reports progress and yields, so Cancel stops it there; a cancelled
// problem keeps its partial training and the next request resumes it (the core
// gives the same models for any chunking). Heatmaps of the original and the
// retrained posterior are cached per family; each forget() is computed afresh
// (milliseconds) and its map with it.
import { dataKey } from './keys.js';
import { coreDefaults } from './data.js';

// Steps per chunk: about 20–40 ms of training in the browser, so a cancel lands fast
// and the progress bar moves smoothly, while the yields cost < 2 % of the time.
const STEPS_PER_CHUNK = 50;

const FAMILY_NAMES = { vi: 'mean-field VI', chain: 'SGHMC' };

let current = null; // {key, problem, grids: {vi: {gridKey, original, retrained}, chain: ...}, wall: {vi, chain}}

function requireApi(lethe) {
  if (typeof lethe.createBnnProblem !== 'function')
    throw new Error('This build has no neural-network API (createBnnProblem).');
}

function problemKey({ dataset, seed, forget, canaries }) {
  return `${dataset}:${seed}:${canaries}:${[...forget].sort((a, b) => a - b).join(',')}`;
}

/** The problem for (data set, seed, forget set): kept while they stay the same; made anew (cheap, untrained) otherwise. */
function problemFor(lethe, args) {
  const key = problemKey(args);
  if (current?.key !== key) {
    const data = lethe.bnnDataset({ dataset: args.dataset, seed: args.seed });
    const forget = [...args.forget].sort((a, b) => a - b);
    const options = { train: data.train, test: data.test, forget, seed: args.seed };
    if (args.canaries > 0) options.canaries = args.canaries; // the core plants them and fits the shadows
    const problem = lethe.createBnnProblem(options); // throws on a bad set
    current?.problem.dispose();
    // The shadows the core fits with canaries: its default (BnnOptions::shadows), read from its description.
    const shadows = lethe.optionSpecs().bnn.find((o) => o.name === 'shadows').default;
    current = { key, problem, canaries: args.canaries, shadows, grids: {}, wall: { vi: 0, chain: 0 } };
  }
  return current;
}

/** p(class 1 | x) on the grid from the predict() rows (n × classes, row-major). */
function classOne(probs, points) {
  const cols = probs.length / points;
  const out = new Float64Array(points);
  for (let i = 0; i < points; i++) out[i] = probs[i * cols + cols - 1];
  return out;
}

/** Trains the family's original and retrained posteriors to the end, a chunk at a time (progress, cancel). */
async function trainFamily(state, family, n, forgotten, ctx) {
  const { problem } = state;
  if (problem.trained(family)) return;
  // The core's stages, of equal length: original, retrained, then the audit's shadows.
  const stages = 2 + (state.canaries > 0 ? state.shadows : 0);
  let progress = 0;
  while (progress < 1) {
    const k = Math.min(stages - 1, Math.floor(progress * stages));
    const stage =
      k === 0
        ? `Training the original ${FAMILY_NAMES[family]} posterior on ${n} points`
        : k === 1
          ? `Retraining on the ${n - forgotten} remaining points (the comparison)`
          : `Training shadow model ${k - 1} of ${state.shadows} on the remaining points (the canary audit)`;
    await ctx.step(0.92 * progress, { text: `${stage}… ${Math.round(progress * 100)} %` });
    const t0 = performance.now();
    ({ progress } = problem.train(family, STEPS_PER_CHUNK));
    state.wall[family] += (performance.now() - t0) / 1000;
  }
}

function gridsFor(state, family, grid) {
  const gridKey = dataKey(grid);
  const points = grid.length / 2;
  let g = state.grids[family];
  if (g?.gridKey !== gridKey) {
    g = {
      gridKey,
      original: classOne(state.problem.predict(grid, family, 'original'), points),
      retrained: classOne(state.problem.predict(grid, family, 'retrained'), points),
    };
    state.grids[family] = g;
  }
  return g;
}

export const bnnTasks = {
  /** The generated data set with its fixed train/test split: {train, test}, each {x, labels, features, classes}. */
  /** The core's methods (bnnMethods) and the defaults of the data set and the request. */
  'bnn.methods'(lethe) {
    requireApi(lethe);
    return {
      methods: lethe.bnnMethods(),
      dataset: coreDefaults(lethe, 'bnn_dataset'),
      request: coreDefaults(lethe, 'bnn_forget'),
    };
  },
  'bnn.dataset'(lethe, { dataset, seed }) {
    requireApi(lethe);
    return lethe.bnnDataset({ dataset, seed });
  },

  /** A preset's row ids on the training set (the core's scenarios: tip, random:P). */
  'bnn.scenario'(lethe, { dataset, seed, scenario }) {
    requireApi(lethe);
    const { train } = lethe.bnnDataset({ dataset, seed });
    return lethe.bnnScenarioIds({ data: train, scenario, seed });
  },

  /**
   * Trains (cached, in chunks) the method's family — original on D, retrained on
   * D_r — then forgets D_e with the method at λ; returns the three models'
   * measures, the heatmaps of p(class 1|x) on the grid, and the times (the core's
   * seconds per model, and the browser's wall clock of the training chunks).
   */
  async 'bnn.forget'(lethe, { dataset, seed, forget, method, lambda, canaries, grid }, ctx) {
    requireApi(lethe);
    const g = Float64Array.from(grid);
    const family = lethe.bnnFamilyOf(method); // the core's family_of
    const state = problemFor(lethe, { dataset, seed, forget, canaries });
    const data = lethe.bnnDataset({ dataset, seed });
    const n = data.train.labels.length;
    const wasTrained = state.problem.trained(family);
    await trainFamily(state, family, n, forget.length, ctx);
    await ctx.step(0.94, { text: `Forgetting ${forget.length} points (${method})…` });
    const fit = state.problem.fit(family);
    const base = gridsFor(state, family, g);
    const t0 = performance.now();
    const run = state.problem.forget({ method, lambda });
    const forgetWall = (performance.now() - t0) / 1000;
    const forgotten = classOne(state.problem.predict(g, family, 'forgotten'), g.length / 2);
    return {
      family,
      method,
      lambda: run.lambda,
      n,
      test: data.test.labels.length,
      forgotten: forget.length,
      parameters: state.problem.parameters,
      trainedNow: !wasTrained,
      original: fit.original,
      retrained: fit.retrained,
      run,
      wall: { train: state.wall[family], forget: forgetWall },
      grids: { original: base.original, retrained: base.retrained, forgotten },
    };
  },
};
