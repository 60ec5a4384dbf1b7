// Worker tasks for the mixture panel, on the BIF API (wasm/types/bif.d.ts):
// training in chunks (the means after each chunk draw the trails), then
// forgetting batch by batch with the retrained target advanced alongside, and
// the retrain policy: each request's certificate (residual) is summed, and once
// the sum passes the budget the model is retrained from scratch on the rows
// still in training and swapped in for the requests that follow.
import { dataKey } from './keys.js';

let trained = null; // {key, gmm, used} — one experiment at a time

function requireApi(lethe) {
  if (typeof lethe.createGmmForgetting !== 'function')
    throw new Error('This build has no inference-forgetting API (createGmmForgetting).');
}

/** K×2 row-major → [[x, y], ...]. */
function pairs(flat) {
  const out = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k], flat[k + 1]]);
  return out;
}

/** A model's current means in label order (component orders differ between experiments; labels do not). */
function meansByLabel(gmm) {
  const means = gmm.means(),
    order = gmm.componentForLabel();
  return Array.from(order, (c) => [means[2 * c], means[2 * c + 1]]);
}

/** The distance of each label's centre in `a` to the same label's in `b` (both [[x, y], ...]). */
function distances(a, b) {
  return a.map((p, k) => Math.hypot(p[0] - b[k][0], p[1] - b[k][1]));
}

function healthOf(h) {
  return { healthy: Boolean(h.healthy), problem: h.problem ?? '', restarts: h.restarts ?? 0 };
}

function keyOf({ x, labels, sampler, seed, iterations, residualBudget = 0 }) {
  return `${dataKey(Float64Array.from(x), Int32Array.from(labels))}:${sampler}:${seed}:${iterations}:${residualBudget}`;
}

/** The options every experiment of one request shares, so a retrain is the same inference as the original. */
function experimentOptions({ sampler, seed, iterations, residualBudget = 0 }) {
  return { sampler, seed, iterations, residualBudget };
}

/** Trains `gmm` in chunks; progress goes from `from` to `to`, labelled by `text(progress)`. */
async function trainInChunks(gmm, ctx, { from, to, text, detail = true }) {
  const chunk = Math.max(10, Math.ceil(gmm.iterations / 80));
  let p;
  do {
    p = gmm.train(chunk);
    await ctx.step(from + (to - from) * (p.iteration / p.total), {
      text: text(p),
      ...(detail ? { means: pairs(p.means) } : {}),
    });
  } while (!p.done);
}

/** Trains a fresh experiment in chunks, reporting the means after each one. */
async function trainFresh(lethe, args, ctx, { from = 0, to = 1 } = {}) {
  const { x, labels, sampler } = args;
  trained?.gmm.dispose();
  trained = null;
  const gmm = lethe.createGmmForgetting(
    { x: Float64Array.from(x), labels: Int32Array.from(labels) },
    experimentOptions(args),
  );
  try {
    await trainInChunks(gmm, ctx, {
      from,
      to,
      text: (p) => `Training ${sampler.toUpperCase()}: ${p.iteration} / ${p.total} iterations`,
    });
  } catch (err) {
    gmm.dispose();
    throw err;
  }
  trained = { key: keyOf(args), gmm, used: false };
  return trained;
}

/**
 * Progress of the forgetting loop that stays monotone although the number of
 * retrains is not known in advance: a retrain that starts gets the share of
 * what is left that its work has next to the remaining batches' (`weight`:
 * its work in batches), and those batches share the rest.
 */
class ForgetProgress {
  constructor(from, batches) {
    this.low = from;
    this.first = 0;
    this.batches = batches;
  }
  /** The fraction done after `done` batches. */
  at(done) {
    return this.low + (1 - this.low) * ((done - this.first) / Math.max(1, this.batches - this.first));
  }
  /** [start, end] of a retrain that starts after `done` batches; the batches then continue from its end. */
  retrain(done, weight) {
    const start = this.at(done),
      end = start + (1 - start) * (weight / (weight + this.batches - done));
    this.low = end;
    this.first = done;
    return [start, end];
  }
}

/** The rows of `data` not in `gone` as a data set of their own, and each original id's index in it (−1: gone). */
function remainingRows(data, gone) {
  const n = data.labels.length,
    local = new Int32Array(n).fill(-1);
  const rows = [];
  for (let i = 0; i < n; i++)
    if (!gone[i]) {
      local[i] = rows.length;
      rows.push(i);
    }
  const x = new Float64Array(2 * rows.length),
    labels = new Int32Array(rows.length);
  rows.forEach((i, j) => {
    x[2 * j] = data.x[2 * i];
    x[2 * j + 1] = data.x[2 * i + 1];
    labels[j] = data.labels[i];
  });
  return { data: { x, labels }, local, count: rows.length };
}

/** The label that has no row left among `labels` (a retrain then has fewer clusters than the model), or −1. */
function emptiedLabel(labels, components) {
  const seen = new Uint8Array(components);
  for (const l of labels) seen[l] = 1;
  return seen.indexOf(0);
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
    return {
      means: pairs(state.gmm.means()),
      seconds: (performance.now() - t0) / 1000,
      health: healthOf(state.gmm.originalHealth()),
    };
  },

  /**
   * Forgets `erase` in batches of `removeBatch` (default: splitBatches' own, the
   * protocol's 4) from the trained model (training it first unless the panel's
   * trained model is still untouched), and trains the target on the remaining
   * rows alongside.
   *
   * Retrain policy (residualBudget > 0): when the served model's accumulated
   * residual passes the budget after request k, the same inference is trained
   * from scratch on the rows still in training and serves requests k+1… (its
   * own residuals start again from 0). The original model keeps forgetting
   * every request too — "BIF alone", the comparison the policy is judged by.
   * A retrained model needs its own target for its report (the module compares
   * only models of one experiment), so one is trained alongside on the same rows
   * as the panel's target. When the budget is passed at the last request, the
   * panel's target is exactly the retrain and is swapped in.
   */
  async 'mixture.forget'(lethe, args, ctx) {
    requireApi(lethe);
    const { erase, removeBatch, iterations, residualBudget = 0 } = args;
    let state = trained,
      from = 0;
    if (!state || state.key !== keyOf(args) || state.used) {
      state = await trainFresh(lethe, args, ctx, { from: 0, to: 0.2 });
      from = 0.2;
    }
    state.used = true;
    const original = state.gmm;
    const data = { x: Float64Array.from(args.x), labels: Int32Array.from(args.labels) };
    const K = original.components;
    const batches = lethe.splitBatches(erase, removeBatch);
    // Target iterations per forgetting batch, so both finish together.
    const perBatch = Math.max(1, Math.ceil(iterations / batches.length));
    original.startTarget(erase);
    const progress = new ForgetProgress(from, batches.length);
    const gone = new Uint8Array(data.labels.length);
    // The model that answers the requests: the original until the first swap.
    let served = { gmm: original, local: null, firstRequest: 1 };
    const requests = [],
      swaps = [],
      skipped = [],
      trail = [];
    let secondsForget = 0,
      secondsRetrain = 0,
      targetIteration = 0,
      swapToTarget = null;
    // BIF alone can fail where a retrained model does not (a cluster nearly emptied leaves
    // an energy without a strict minimum): then only the comparison stops.
    let aloneStopped = null,
      aloneAccumulated = 0;
    // A retrain's work in batches, for the progress bar: its sampler steps against a
    // batch's (the forgetting step's ~100 gradient states, twice once BIF alone runs
    // beside the served model, and the targets' share).
    const retrainWeight = Math.max(1, iterations / (200 + 2 * perBatch));
    const disposeServed = () => {
      if (served.gmm !== original) served.gmm.dispose();
    };
    try {
      for (let b = 0; b < batches.length; b++) {
        const batch = batches[b],
          request = b + 1;
        for (const id of batch) gone[id] = 1;
        let t = performance.now();
        let alone = null;
        if (!aloneStopped) {
          try {
            alone = original.forgetBatch(batch);
            aloneAccumulated = alone.accumulatedResidual;
          } catch (err) {
            if (served.gmm === original) throw err;
            aloneStopped = { atRequest: request, reason: err.message };
          }
        }
        if (served.gmm === original) secondsForget += (performance.now() - t) / 1000;
        t = performance.now();
        const res = served.gmm === original ? alone : served.gmm.forgetBatch(batch.map((id) => served.local[id]));
        if (served.gmm !== original) secondsForget += (performance.now() - t) / 1000;
        t = performance.now();
        if (!original.targetTrained) targetIteration = original.trainTarget(perBatch).iteration;
        secondsRetrain += (performance.now() - t) / 1000;
        if (served.gmm !== original && !served.gmm.targetTrained) served.gmm.trainTarget(served.perBatch);
        // The served model's recommendation is numbered from its own first request.
        const recommended =
          res.retrainRecommendedAfter !== null && res.retrainRecommendedAfter + served.firstRequest - 1 === request;
        const entry = {
          request,
          residual: res.residual,
          accumulated: res.accumulatedResidual,
          aloneAccumulated: alone ? aloneAccumulated : null,
          recommended,
        };
        requests.push(entry);
        const processed = pairs(res.meansByLabel);
        trail.push(processed);
        await ctx.step(progress.at(request), {
          text: `Forgetting request ${request} / ${batches.length} · target ${targetIteration} / ${iterations} iterations`,
          processed,
          request: entry,
        });
        if (!recommended) continue;
        if (request === batches.length) {
          swapToTarget = { afterRequest: request };
          break;
        }
        // Retrain on the rows still in training and swap the new model in.
        const rest = remainingRows(data, gone);
        const emptied = emptiedLabel(rest.data.labels, K);
        if (emptied >= 0) {
          skipped.push({
            afterRequest: request,
            reason: `cluster ${emptied} has no rows left, so a retrain would have fewer clusters than the model`,
          });
          await ctx.step(progress.at(request), {
            text: `Retrain recommended after request ${request}, but ${skipped.at(-1).reason}`,
            skipped: skipped.at(-1),
          });
          continue;
        }
        const [start, end] = progress.retrain(request, retrainWeight);
        const t0 = performance.now();
        const next = lethe.createGmmForgetting(rest.data, experimentOptions(args));
        try {
          await trainInChunks(next, ctx, {
            from: start,
            to: end,
            detail: false,
            text: (p) =>
              `Retraining on ${rest.count} rows (recommended after request ${request}): ${p.iteration} / ${p.total} iterations`,
          });
        } catch (err) {
          next.dispose();
          throw err;
        }
        const seconds = (performance.now() - t0) / 1000;
        const health = healthOf(next.originalHealth());
        if (!health.healthy) {
          // An unhealthy retrain is worse than the model it would replace: keep forgetting with that one.
          next.dispose();
          skipped.push({ afterRequest: request, reason: `the retrain was unhealthy (${health.problem})` });
          await ctx.step(end, { text: `Kept the forgetting model: ${skipped.at(-1).reason}`, skipped: skipped.at(-1) });
          continue;
        }
        // Its comparison run: the same rows as the panel's target (every row but all of `erase`),
        // trained alongside the requests still to come so that both finish with them.
        next.startTarget(
          batches
            .slice(b + 1)
            .flat()
            .map((id) => rest.local[id]),
        );
        disposeServed();
        served = {
          gmm: next,
          local: rest.local,
          firstRequest: request + 1,
          perBatch: Math.ceil(iterations / (batches.length - request)),
        };
        const swap = { afterRequest: request, rows: rest.count, seconds, health };
        swaps.push(swap);
        await ctx.step(end, {
          text: `Swapped in the model retrained on ${rest.count} rows`,
          swap: { ...swap, means: meansByLabel(next) },
        });
      }
      let t = performance.now();
      while (!original.targetTrained) original.trainTarget();
      secondsRetrain += (performance.now() - t) / 1000;
      if (served.gmm !== original) while (!served.gmm.targetTrained) served.gmm.trainTarget();
      const base = original.report();
      const target = pairs(base.target),
        origin = pairs(base.original);
      const aloneResult = {
        processed: pairs(base.processed),
        processedToTarget: Array.from(base.processedToTarget),
        klProcessedTarget: base.klProcessedTarget,
      };
      // What the panel shows as "processed": the model that served the last request.
      // klAgainstOwnRun: ε was measured against the served experiment's own run on the
      // target's rows and that run differs from the panel's target (the same inference
      // with the same seed on the same rows gives the same fit, so normally it does not).
      let processed = aloneResult.processed,
        klProcessedTarget = aloneResult.klProcessedTarget,
        servedHealth = null,
        klAgainstOwnRun = false;
      if (swapToTarget) {
        // The panel's target is a retrain on exactly the rows left after the last request.
        processed = target;
        klProcessedTarget = 0;
        const rowsLeft = gone.length - gone.reduce((n, g) => n + g, 0);
        swaps.push({
          afterRequest: swapToTarget.afterRequest,
          rows: rowsLeft,
          seconds: secondsRetrain,
          health: healthOf(base.targetHealth),
          isTarget: true,
        });
      } else if (served.gmm !== original) {
        const own = served.gmm.report();
        processed = pairs(own.processed);
        klProcessedTarget = own.klProcessedTarget;
        klAgainstOwnRun = distances(pairs(own.target), target).some((d) => d > 1e-9);
        servedHealth = { original: healthOf(own.originalHealth), target: healthOf(own.targetHealth) };
      }
      return {
        origin,
        processed,
        target,
        processedToTarget:
          processed === aloneResult.processed ? aloneResult.processedToTarget : distances(processed, target),
        originalToTarget: Array.from(base.originalToTarget),
        spread: Array.from(base.spread),
        klProcessedTarget,
        klOriginalTarget: base.klOriginalTarget,
        klAgainstOwnRun,
        erasedCount: erase.length,
        batches: batches.length,
        secondsForget,
        secondsRetrain,
        componentForLabel: Array.from(original.componentForLabel()),
        trail,
        residualBudget,
        requests,
        swaps,
        skipped,
        recommendedAfter: requests.filter((r) => r.recommended).map((r) => r.request),
        alone: swaps.length && !aloneStopped ? aloneResult : null,
        aloneStopped,
        originalHealth: healthOf(base.originalHealth),
        targetHealth: healthOf(base.targetHealth),
        servedHealth,
      };
    } finally {
      disposeServed();
    }
  },
};
