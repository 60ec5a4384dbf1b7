// Worker tasks for the mixture panel, on the BIF API (wasm/types/bif.d.ts):
// training in chunks (the means after each chunk draw the trails), then
// forgetting batch by batch with the retrained target advanced alongside.
import { dataKey } from './keys.js';

let trained = null; // {key, gmm, used} — one experiment at a time

function requireApi(lethe) {
  if (typeof lethe.createGmmForgetting !== 'function') throw new Error('This build has no inference-forgetting API (createGmmForgetting).');
}

/** K×2 row-major → [[x, y], ...]. */
function pairs(flat) {
  const out = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k], flat[k + 1]]);
  return out;
}

function keyOf({ x, labels, sampler, seed, iterations }) {
  return `${dataKey(Float64Array.from(x), Int32Array.from(labels))}:${sampler}:${seed}:${iterations}`;
}

/** Trains a fresh experiment in chunks, reporting the means after each one. */
async function trainFresh(lethe, args, ctx, { from = 0, to = 1 } = {}) {
  const { x, labels, sampler, seed, iterations } = args;
  trained?.gmm.dispose();
  trained = null;
  const gmm = lethe.createGmmForgetting({ x: Float64Array.from(x), labels: Int32Array.from(labels) }, { sampler, seed, iterations });
  try {
    const chunk = Math.max(10, Math.ceil(iterations / 80));
    let p;
    do {
      p = gmm.train(chunk);
      await ctx.step(from + (to - from) * (p.iteration / p.total), {
        text: `Training ${sampler.toUpperCase()}: ${p.iteration} / ${p.total} iterations`, means: pairs(p.means),
      });
    } while (!p.done);
  } catch (err) {
    gmm.dispose();
    throw err;
  }
  trained = { key: keyOf(args), gmm, used: false };
  return trained;
}

export const mixtureTasks = {
  'mixture.scenario'(lethe, { x, labels, scenario }) {
    requireApi(lethe);
    return lethe.bifScenarioIds({ x: Float64Array.from(x), labels: Int32Array.from(labels) }, scenario);
  },

  async 'mixture.train'(lethe, args, ctx) {
    requireApi(lethe);
    const t0 = performance.now();
    const state = await trainFresh(lethe, args, ctx);
    return { means: pairs(state.gmm.means()), seconds: (performance.now() - t0) / 1000 };
  },

  /**
   * Forgets `erase` in batches of `removeBatch` (default: splitBatches' own, the
   * protocol's 4) from the trained model (training it first unless the panel's
   * trained model is still untouched), and trains the target on the remaining
   * rows alongside.
   */
  async 'mixture.forget'(lethe, args, ctx) {
    requireApi(lethe);
    const { erase, removeBatch, iterations } = args;
    let state = trained;
    if (!state || state.key !== keyOf(args) || state.used) state = await trainFresh(lethe, args, ctx, { from: 0, to: 0.2 });
    state.used = true;
    const { gmm } = state;
    const batches = lethe.splitBatches(erase, removeBatch);
    // Target iterations per forgetting batch, so both finish together.
    const perBatch = Math.max(1, Math.ceil(iterations / batches.length));
    gmm.startTarget(erase);
    let secondsForget = 0, secondsRetrain = 0, targetIteration = 0;
    const trail = [];
    for (let b = 0; b < batches.length; b++) {
      let t = performance.now();
      const res = gmm.forgetBatch(batches[b]);
      secondsForget += (performance.now() - t) / 1000;
      t = performance.now();
      if (!gmm.targetTrained) targetIteration = gmm.trainTarget(perBatch).iteration;
      secondsRetrain += (performance.now() - t) / 1000;
      trail.push(pairs(res.means));
      await ctx.step(0.2 + 0.8 * (b + 1) / batches.length, {
        text: `Forgetting batch ${b + 1} / ${batches.length} · target ${targetIteration} / ${iterations} iterations`,
        processed: pairs(res.means),
      });
    }
    const t = performance.now();
    while (!gmm.targetTrained) gmm.trainTarget();
    secondsRetrain += (performance.now() - t) / 1000;
    const r = gmm.report();
    return {
      origin: pairs(r.original), processed: pairs(r.processed), target: pairs(r.target),
      processedToTarget: Array.from(r.processedToTarget), originalToTarget: Array.from(r.originalToTarget),
      spread: Array.from(r.spread), klProcessedTarget: r.klProcessedTarget, klOriginalTarget: r.klOriginalTarget,
      erasedCount: r.erasedCount, batches: batches.length, secondsForget, secondsRetrain,
      componentForLabel: Array.from(gmm.componentForLabel()), trail,
    };
  },
};
