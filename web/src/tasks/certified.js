// Worker tasks for the certified-removal panel, on the model lifecycle
// (wasm/types/model.d.ts): a 'logistic' model trained with objective perturbation
// (Guo et al. 2020), asked to forget one row per request with the residual check on
// and automatic retraining, so that every request carries its proven bound, the
// running sum, the measured residual ‖∇L_b(w; D′)‖ and the decision. The rules (the
// budget β = σε/c, when to retrain, the bound) are the core's; this file holds one
// model, steps through the requests (progress, Cancel between requests) and measures
// the forgotten model against a retrained one for the panel.
import { dataKey } from './keys.js';

// One model at a time: {key, model, done: ids forgotten in order, requests, original, gridKey}.
let current = null;

function requireApi(lethe) {
  if (typeof lethe.train !== 'function' || typeof lethe.loadModel !== 'function')
    throw new Error('This build has no model lifecycle (train, loadModel).');
}

const keyOf = (X, L, options) => `${dataKey(X, L)}:${JSON.stringify(options)}`;

/** One request's record in the panel's shape (the chart's fields and the certificate's). */
function shapedRequest(r, request, ids) {
  const c = r.certificate;
  return {
    request,
    requestId: r.requestId,
    certificate: c,
    ids: Array.from(ids),
    bound: c.value,
    sum: c.sum,
    actual: c.actual,
    budget: c.budget,
    distanceBound: c.distanceBound,
    decision: r.decision,
    seconds: r.seconds,
  };
}

/** The model's accuracy on the rows it holds (the core's score()); null with none. */
const accuracy = (model) => model.score().value;

/** p(class 1 | x) on the grid: predict()'s first column ('probability'). */
function probabilities(model, grid) {
  const p = model.predict(grid);
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) out[i] = p.values[i * p.cols];
  return out;
}

function forgetOne(state, id) {
  const r = state.model.forget([id], { autoRetrain: true, check: true });
  const shaped = shapedRequest(r, state.requests.length + 1, r.ids);
  state.requests.push(shaped);
  state.done.push(id);
  return shaped;
}

/**
 * The model for (data, options) having forgotten `done` in that order: the one held
 * when it is that model, else trained afresh (and the requests replayed: the same
 * seed gives the same model and certificates).
 */
async function modelFor(lethe, { X, L, options, done, grid }, ctx) {
  const key = keyOf(X, L, options);
  const same =
    current?.key === key && current.done.length === done.length && current.done.every((id, i) => id === done[i]);
  if (same) return current;
  current?.model.dispose();
  current = null;
  const n = L.length;
  await ctx.step(0, { text: `Training the certified model on ${n} points…` });
  const t0 = performance.now();
  const model = lethe.train({ family: 'logistic', x: X, features: 2, labels: L, options });
  const trainWall = (performance.now() - t0) / 1000;
  const state = {
    key,
    model,
    done: [],
    requests: [],
    trainWall,
    original: { grid: probabilities(model, grid), accuracy: accuracy(model) },
    gridKey: dataKey(grid),
  };
  current = state;
  for (const id of done) {
    await ctx.step(0.05 + (0.45 * state.done.length) / done.length, {
      text: `Replaying request ${state.done.length + 1} / ${done.length}…`,
    });
    forgetOne(state, id);
  }
  return state;
}

/**
 * The forgotten model against a model retrained on the rows it holds: verify() (the
 * reference retrained with the same b: ‖w − w*‖ and its proven bound) and the
 * lifecycle's own retraining of a copy (a fresh b, as a retrain serves it): its
 * boundary, its accuracy and its time.
 */
function compare(lethe, state, { grid }) {
  const held = state.model.status().rows;
  const forgotten = { grid: probabilities(state.model, grid), accuracy: accuracy(state.model) };
  if (!state.done.length) return { forgotten, retrained: null, verify: null, held };
  const verify = state.model.verify();
  const copy = lethe.loadModel(state.model.save());
  try {
    const r = copy.retrain();
    return {
      forgotten,
      retrained: { grid: probabilities(copy, grid), accuracy: accuracy(copy), seconds: r.seconds },
      verify,
      held,
    };
  } finally {
    copy.dispose();
  }
}

export const certifiedTasks = {
  /** The logistic family's options as the core describes them: {name: {defaultValue, minimum, maximum, integer, doc}}. */
  'certified.family'(lethe) {
    requireApi(lethe);
    const family = lethe.modelFamilies().find((f) => f.name === 'logistic');
    return Object.fromEntries(family.options.map(({ name, ...spec }) => [name, spec]));
  },

  /** The paper's MNIST settings (σ, ε, δ, λ), the panel's first setting. */
  'certified.paper'(lethe) {
    requireApi(lethe);
    return lethe.certifiedPaperSettings();
  },

  /** A seeded order of the rows (the core's, as the certified bench's): the rows "forget more" takes next. */
  'certified.order'(lethe, { seed, n }) {
    return Array.from(lethe.shuffledRows(seed, n));
  },

  /**
   * Trains (or keeps) the model that has forgotten `done`, then forgets `ids`, one
   * row per request, posting each request's record as it commits; returns every
   * request so far, the budget and the comparison with retraining. A cancel between
   * two requests puts the model back as it was before this call (its saved bytes),
   * so the panel's last finished result stays the model's state.
   */
  async 'certified.forget'(lethe, { x, labels, options, done = [], ids = [], grid }, ctx) {
    requireApi(lethe);
    const X = Float64Array.from(x),
      L = Int32Array.from(labels),
      G = Float64Array.from(grid);
    const args = { X, L, options, done, grid: G };
    const state = await modelFor(lethe, args, ctx);
    const snapshot = ids.length ? state.model.save() : null;
    const before = { done: state.done.length, requests: state.requests.length };
    try {
      for (let k = 0; k < ids.length; k++) {
        const shaped = forgetOne(state, ids[k]);
        await ctx.step(0.5 + (0.45 * (k + 1)) / ids.length, {
          text: `Request ${k + 1} / ${ids.length}: row ${ids[k]} ${shaped.decision}`,
          request: shaped,
        });
      }
      await ctx.step(0.96, { text: 'Retraining a copy on the rows held, for the comparison…' });
    } catch (err) {
      // Cancelled (or refused) midway: back to the model before this call, unless a
      // newer job has replaced the model meanwhile (it disposed this one).
      if (snapshot && current === state) {
        state.model.dispose();
        state.model = lethe.loadModel(snapshot);
        state.done.length = before.done;
        state.requests.length = before.requests;
      }
      throw err;
    }
    const status = state.model.status();
    const { perturbationSigma, certifyEpsilon, certifyDelta } = status.options;
    return {
      n: L.length,
      rows: status.rows,
      budget: status.residualBudget,
      sumNow: status.certificateSum,
      sigma: perturbationSigma,
      epsilon: certifyEpsilon,
      delta: certifyDelta,
      trainWall: state.trainWall,
      done: [...state.done],
      requests: state.requests,
      original: state.original,
      ...compare(lethe, state, args),
    };
  },
};
