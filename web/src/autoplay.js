// Autoplay for embedded demos: each panel shows its point once, on its own, the
// way a reader would — through the panel's own buttons and test hooks
// (data-method, data-view, data-preset, data-action, data-role=lambda), with
// synthetic events, so the panels need no autoplay code. The element stops a
// player at the first real (trusted) interaction, pauses it while it is off
// screen, and never starts one under prefers-reduced-motion.
import { fmt } from './plot.js';

class Stopped extends Error {}

/** Drives one panel through its script; every wait can be paused and ends when stopped. */
class Player {
  #stopped = false;
  #paused = false;
  #waiters = new Set(); // re-checked on pause/resume/stop and on every attribute change in the panel
  #cleanups = []; // run once when the player stops
  #observer;

  constructor(panel, { onStep, onEnd }) {
    this.panel = panel;
    this.el = panel.element;
    this.onStep = onStep;
    this.onEnd = onEnd;
    this.#observer = new MutationObserver(() => this.#poke());
    // Subtree: a redraw (a canvas's data-drawn) is how a new selection shows.
    this.#observer.observe(this.el, { attributes: true, subtree: true });
  }

  get running() {
    return !this.#stopped;
  }

  get paused() {
    return this.#paused;
  }

  /** `fn` runs when the player stops (at the end, or at a reader's first interaction). */
  onStop(fn) {
    if (this.#stopped) fn();
    else this.#cleanups.push(fn);
  }

  #poke() {
    for (const w of [...this.#waiters]) w();
  }

  /** Resolves once `test()` holds while not paused; throws Stopped when stopped first. */
  until(test) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#stopped) {
          this.#waiters.delete(check);
          reject(new Stopped());
        } else if (!this.#paused && test()) {
          this.#waiters.delete(check);
          resolve();
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Waits `ms` of visible time (a pause stops the clock); throws Stopped when stopped meanwhile. */
  async hold(ms) {
    let left = ms;
    while (left > 0) {
      await this.until(() => true);
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, Math.min(left, 100)));
      if (!this.#paused) left -= performance.now() - t0;
    }
    await this.until(() => true);
  }

  count(name) {
    return Number(this.el.dataset[name] || 0);
  }

  click(selector) {
    const b = this.el.querySelector(selector);
    if (!b) throw new Error(`autoplay: no ${selector} in the panel`);
    b.click();
  }

  say(text) {
    if (!this.#stopped) this.onStep(text);
  }

  pause() {
    this.#paused = true;
    this.#poke();
  }
  resume() {
    this.#paused = false;
    this.#poke();
  }

  stop(reason = 'stopped') {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#observer.disconnect();
    for (const fn of this.#cleanups.splice(0)) fn();
    this.#poke();
    this.onEnd(reason);
  }
}

/** Sets the moons slider to λ as a reader would (an input event on the range). */
function slideLambda(play, lambda) {
  const input = play.el.querySelector('[data-role=lambda]');
  const i = play.panel.lambdas.indexOf(lambda);
  if (i < 0 || Number(input.value) === i) return;
  input.value = String(i);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function pickPreset(play, name) {
  const select = play.el.querySelector('[data-role=scenario]');
  select.value = name;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

const METHOD_NAMES = { rkl: 'Reverse KL', eubo: 'EUBO' };
const lambdaText = (l) => (l === 0 ? '0' : l >= 0.01 ? String(l) : l.toExponential(0));

/** Moons at (method, λ) through the panel's controls; resolves once that result is shown. */
async function settle(play, method, lambda) {
  const p = play.panel;
  if (p.method === method && p.lambda === lambda && p.result) return;
  const n = play.count('forgotten');
  slideLambda(play, lambda);
  play.click(`[data-method=${method}]`);
  // The last request wins (a newer one cancels the older on the panel's channel): one more result.
  await play.until(
    () => play.count('forgotten') > n && !(play.el.dataset.busy ?? '').split(' ').includes('moons.forget'),
  );
}

/**
 * Moons: the tip is marked; reverse KL and then EUBO at a small λ forget it
 * from q(θ|D) alone, and the heatmap switches between the forgotten and the
 * retrained model. Ends on the author's method, λ and view.
 */
async function moons(play, { lambda }) {
  const p = play.panel;
  const start = { method: p.method, lambda: p.lambda, view: p.view };
  await play.until(() => p.data);
  // The author's λ if it is small, else the page's (the core's page_settings moons λ).
  const small = lambda > 0 && lambda <= 1e-3 ? lambda : p.defaultLambda;
  if (!p.applied) {
    if (!p.selection.size) pickPreset(play, p.presets.first);
    await play.until(() => p.selection.size > 0);
    play.click('[data-action=forget]');
  }
  await play.until(() => p.result && p.applied);
  play.click('[data-view=before]');
  play.say(`The ${p.applied.size} marked points will be forgotten. The heatmap shows q(θ|D), learned from all points.`);
  await play.hold(2600);
  for (const method of ['rkl', 'eubo']) {
    await settle(play, method, small);
    play.click('[data-view=forgotten]');
    play.say(
      `${METHOD_NAMES[method]} at λ = ${lambdaText(small)} forgets them from q(θ|D) alone: KL on the forgotten points ${fmt(p.result.klForgotten)}, against ${fmt(p.result.full.klForgotten)} for doing nothing.`,
    );
    await play.hold(3200);
    play.click('[data-view=retrained]');
    play.say('The heatmap now shows q(θ|D_r), retrained without them: the model unlearning aims for.');
    await play.hold(2600);
  }
  await settle(play, start.method, start.lambda);
  play.click(`[data-view=${start.view}]`);
}

/**
 * Slow motion for the panel's worker: every step of a job (for the mixture,
 * one forgetting request) waits `ms`, so a job of many quick steps — a hundred
 * requests in a second — shows step by step. The computation and its timings
 * are the real ones (the waits are not timed). Returns the function that ends it.
 */
function slowMotion(play, ms = 40) {
  const compute = play.panel.compute;
  compute.pace(ms);
  let on = true;
  const stop = () => {
    if (on) {
      on = false;
      compute.pace(0);
    }
  };
  play.onStop(stop);
  return stop;
}

/** Mixture: once trained, the marked points are forgotten batch by batch (in slow motion), the centres moving toward the retrained target. */
async function mixture(play) {
  const p = play.panel;
  await play.until(() => play.count('trained') > 0);
  if (!p.selection.size) {
    pickPreset(play, p.firstPreset);
    await play.until(() => p.selection.size > 0);
  }
  // A forget attribute has the panel forget on its own once trained; otherwise autoplay asks.
  if (!p.result) {
    const n = play.count('forgotten');
    play.click('[data-action=forget]');
    const normalSpeed = slowMotion(play);
    play.say(
      `Forgetting ${p.selection.size} marked points in batches of four, one influence-function step each (slowed down to be seen): the black diamonds are the forgotten model's centres.`,
    );
    try {
      await play.until(() => play.count('forgotten') > n);
    } finally {
      normalSpeed();
    }
  }
  const r = p.result;
  play.say(
    `Done without retraining: KL to the retrained target ${fmt(r.klProcessedTarget)}, against ${fmt(r.klOriginalTarget)} before forgetting. Squares: the target; circles: the original centres.`,
  );
  await play.hold(5000);
}

/** Exact: three presets in turn, each forgotten; the forgotten curve lies on the retrained one every time. */
async function exact(play) {
  const p = play.panel;
  await play.until(() => play.el.dataset.ready);
  for (const preset of ['Right end (x > 1.5)', 'Middle gap', 'Every 4th']) {
    play.click(`[data-preset="${preset}"]`);
    play.say(`Marked: ${preset.toLowerCase()}.`);
    await play.hold(1500);
    const n = play.count('forgotten');
    play.click('[data-action=forget]');
    await play.until(() => play.count('forgotten') > n);
    play.say(
      `Forgotten by subtracting their sufficient statistics: the forgotten curve (thin, black) lies on the retrained one (thick, orange); largest difference ${fmt(p.result.maxPredictionDifference, 2)}.`,
    );
    await play.hold(3000);
  }
}

/**
 * Neural network: the tip, forgotten on arrival, is shown against the retrained
 * network and the original one, then the heatmap returns to the forgotten model.
 */
async function bnn(play) {
  const p = play.panel;
  await play.until(() => play.count('forgotten') > 0);
  const start = p.view;
  const { run, retrained } = p.result;
  play.say(
    `Forgotten in ${fmt(run.seconds * 1000, 2)} ms without retraining (retraining took ${fmt(retrained.seconds, 2)} s): predictive KL to the retrained network ${fmt(run.klForgotten)} on the forgotten points, against ${fmt(p.result.original.klForgotten)} before.`,
  );
  await play.hold(3500);
  play.click('[data-view=retrained]');
  play.say(
    'The retrained network, for comparison: its map is what forgetting aims at (thick orange line: its p = 0.5 boundary).',
  );
  await play.hold(3000);
  play.click('[data-view=original]');
  play.say('The original network, trained with the forgotten points (dashed blue line).');
  await play.hold(3000);
  play.click(`[data-view=${start}]`);
}

/**
 * Certified removal: once trained, points are forgotten a hundred requests at a
 * time (in slow motion) until the running bound passes the budget and the model
 * retrains; the narration reads the proof against the measured residual.
 */
async function certified(play) {
  const p = play.panel;
  await play.until(() => p.result && !play.el.dataset.busy);
  play.say(
    `Trained with a random term bᵀw: the budget β = ${fmt(p.result.budget)} allows removals until their proven bounds add up to it.`,
  );
  await play.hold(2500);
  const normalSpeed = slowMotion(play, 15);
  try {
    for (let i = 0; i < 5 && !p.result.requests.some((q) => q.decision === 'retrained'); i++) {
      const n = play.count('forgotten');
      play.click('[data-action=more-100]');
      play.say(
        'Forgetting 100 points, one request each: every request adds its proven bound to the running sum (blue).',
      );
      await play.until(() => play.count('forgotten') > n);
    }
  } finally {
    normalSpeed();
  }
  const q = p.result.requests,
    worst = Math.max(...q.filter((x) => x.decision === 'forgotten').map((x) => x.actual / x.sum));
  const retrained = q.find((x) => x.decision === 'retrained');
  play.say(
    `${q.length} requests: the measured residual stayed at most ${fmt(worst, 2)} of the running bound${retrained ? `; past the budget after request ${retrained.request} the model retrained on its own` : ''}.`,
  );
  await play.hold(5000);
}

const SCRIPTS = { moons, mixture, exact, bnn, certified };

/**
 * Starts the panel's script. onStep(text) narrates; onEnd(reason) fires once,
 * with 'finished', 'interaction', 'error: …' or the reason given to stop().
 */
export function startAutoplay(key, panel, { onStep, onEnd, lambda } = {}) {
  const play = new Player(panel, { onStep, onEnd });
  const script = SCRIPTS[key];
  if (!script) {
    play.stop('no autoplay for this panel');
    return play;
  }
  script(play, { lambda }).then(
    () => play.stop('finished'),
    (err) => {
      if (err instanceof Stopped) return;
      play.stop(`error: ${err.message}`);
    },
  );
  return play;
}
