// Worker tasks for the mixture panel: a thin host of the core's retrain policy
// (GmmRetrainPolicy, wasm/types/bif.d.ts). The policy trains the original, forgets
// the requests, retrains and swaps once the residual sum passes the budget, and keeps
// BIF alone as the comparison; this file only steps it, posts each step's progress
// (so that the panel can draw and Cancel can stop between steps) and reshapes the
// result for the panel (K×2 row-major → [[x, y], ...]).
import { dataKey } from './keys.js';

let trained = null; // {key, policy}: trained by 'mixture.train', not started yet

function requireApi(lethe) {
  if (typeof lethe.createGmmRetrainPolicy !== 'function')
    throw new Error('This build has no inference-forgetting API (createGmmRetrainPolicy).');
}

/** K×2 row-major → [[x, y], ...]. */
function pairs(flat) {
  const out = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k], flat[k + 1]]);
  return out;
}

// residualBudget left out: the core's default (the gmm set's), not repeated here.
function keyOf({ x, labels, sampler, seed, iterations, residualBudget }) {
  return `${dataKey(Float64Array.from(x), Int32Array.from(labels))}:${sampler}:${seed}:${iterations}:${residualBudget}`;
}

function createPolicy(lethe, { x, labels, sampler, seed, iterations, residualBudget }) {
  return lethe.createGmmRetrainPolicy(
    { x: Float64Array.from(x), labels: Int32Array.from(labels) },
    { sampler, seed, iterations, residualBudget },
  );
}

function dropTrained() {
  trained?.policy.dispose();
  trained = null;
}

/** Posts what one policy step did: the text of the progress bar and what the panel draws. */
async function post(ctx, s, sampler) {
  const counted = `${s.iteration} / ${s.total} iterations`;
  if (s.phase === 'train') {
    await ctx.step(s.progress, { text: `Training ${sampler.toUpperCase()}: ${counted}`, means: pairs(s.means) });
  } else if (s.phase === 'forget') {
    await ctx.step(s.progress, {
      text: `Forgetting request ${s.requestsDone} / ${s.batches} · target ${s.targetIteration} / ${s.total} iterations`,
      processed: pairs(s.means),
      request: s.request,
    });
    if (s.skipped)
      await ctx.step(s.progress, {
        text: `Retrain recommended after request ${s.skipped.afterRequest}, but ${s.skipped.reason}`,
        skipped: s.skipped,
      });
  } else if (s.phase === 'retrain') {
    if (s.swap)
      await ctx.step(s.progress, {
        text: `Swapped in the model retrained on ${s.swap.rows} rows`,
        swap: { ...s.swap, means: pairs(s.means) },
      });
    else if (s.skipped)
      await ctx.step(s.progress, { text: `Kept the forgetting model: ${s.skipped.reason}`, skipped: s.skipped });
    else
      await ctx.step(s.progress, {
        text: `Retraining on ${s.rows} rows (recommended after request ${s.requestsDone}): ${counted}`,
      });
  } else {
    await ctx.step(s.progress, { text: `Training the target: ${counted}` });
  }
}

/** The policy's result in the panel's shapes. */
function shaped(r) {
  return {
    ...r,
    origin: pairs(r.original),
    processed: pairs(r.processed),
    target: pairs(r.target),
    processedToTarget: Array.from(r.processedToTarget),
    originalToTarget: Array.from(r.originalToTarget),
    spread: Array.from(r.spread),
    componentForLabel: Array.from(r.componentForLabel),
    recommendedAfter: Array.from(r.recommendedAfter),
    alone: r.alone && {
      ...r.alone,
      processed: pairs(r.alone.processed),
      processedToTarget: Array.from(r.alone.processedToTarget),
    },
  };
}

export const mixtureTasks = {
  /** The core's presets at n rows: {presets: {name: {label, perCluster}}, first: the name marked on arrival}. */
  'mixture.presets'(lethe, { n }) {
    requireApi(lethe);
    const list = lethe.bifScenarioPresets(n);
    return {
      presets: Object.fromEntries(list.map(({ name, label, perCluster }) => [name, { label, perCluster }])),
      first: list.find((p) => p.first).name,
    };
  },

  'mixture.scenario'(lethe, { x, labels, scenario }) {
    requireApi(lethe);
    return lethe.bifScenarioIds({ x: Float64Array.from(x), labels: Int32Array.from(labels) }, scenario);
  },

  async 'mixture.train'(lethe, args, ctx) {
    requireApi(lethe);
    const t0 = performance.now();
    dropTrained();
    const policy = createPolicy(lethe, args);
    try {
      while (!policy.trained) await post(ctx, policy.step(), args.sampler);
    } catch (err) {
      policy.dispose();
      throw err;
    }
    trained = { key: keyOf(args), policy };
    return {
      means: pairs(policy.means()),
      seconds: (performance.now() - t0) / 1000,
      health: policy.originalHealth(),
    };
  },

  /**
   * Forgets `forget` in requests of `requestSize` with the core's retrain policy
   * (residualBudget > 0: retrain and swap once the residual sum passes it), from the
   * panel's trained model when it is the same experiment and not used yet (else a
   * fresh one, trained first: the same seed gives the same fit).
   */
  async 'mixture.forget'(lethe, args, ctx) {
    requireApi(lethe);
    const policy = trained?.key === keyOf(args) ? trained.policy : createPolicy(lethe, args);
    if (trained?.policy !== policy) dropTrained();
    trained = null;
    try {
      policy.start(args.forget, args.requestSize);
      while (!policy.done) await post(ctx, policy.step(), args.sampler);
      // The panel's shapes, and the result as the CLI prints it (for the JSON export).
      return { ...shaped(policy.result()), json: policy.resultJson() };
    } finally {
      policy.dispose();
    }
  },
};
