// Inference-forgetting panel (BIF): a 4-component Gaussian mixture whose means
// are inferred by SGHMC, SGLD or mean-field VI. Forgetting applies the
// influence-function step γ ← γ + H⁻¹ Σ∇h(γ, z) batch by batch to the learned
// state, and is compared with the same sampler retrained on the remaining points.
// Each request also gets a certificate (its residual, computed without
// retraining); once their sum passes the budget, the worker retrains on the rows
// still in training and the retrained model serves the requests that follow.
import { h, uniqueId, countEvent } from '../dom.js';
import { ignoreCancelled } from '../client.js';
import { ScatterPanel } from '../scatter-panel.js';
import { Selection, validIds } from '../selection.js';
import { marker, fmt } from '../plot.js';
import { ROLE, SERIES, OKABE_ITO, withAlpha } from '../palette.js';
import { pointBounds, equalAspectScales } from '../field.js';
import { drawPointGroups, markerRadius, groupRows } from '../point-batch.js';
import { htmlLegend, swatch } from '../legend-html.js';
import { dataSourceBox } from '../data-source.js';
import { countWord } from '../text.js';
import { drawResidualChart, RESIDUAL_STYLE } from '../residual-chart.js';
import { sizeControl, validSize } from '../size-control.js';
import { showSpeedup, clearSpeedup } from '../speedup.js';

const SAMPLERS = { sghmc: 'SGHMC', sgld: 'SGLD', vi: 'VI' };
// Iterations offered beyond the core's default (gmm's `iterations` in lethe.optionSpecs()).
const MORE_ITERATIONS = [10000, 50000, 200000];
const SHAPES = ['circle', 'triangle', 'square', 'diamond'];
const CENTRE = {
  origin: {
    label: 'original',
    draw: (ctx, x, y) => haloed(ctx, 'circle', x, y, 9, { stroke: OKABE_ITO.blue, lineWidth: 3 }),
  },
  target: {
    label: 'target (retrained)',
    draw: (ctx, x, y) => haloed(ctx, 'square', x, y, 9, { stroke: OKABE_ITO.vermillion, lineWidth: 3 }),
  },
  processed: {
    label: 'processed (forgotten)',
    draw: (ctx, x, y) => haloed(ctx, 'diamond', x, y, 6, { fill: ROLE.ink, stroke: '#fff', lineWidth: 1.5 }),
  },
};

function haloed(ctx, shape, x, y, r, style) {
  if (style.stroke && !style.fill) marker(ctx, shape, x, y, r, { stroke: '#fff', lineWidth: style.lineWidth + 3 });
  marker(ctx, shape, x, y, r, style);
}

/** {name: {label, perCluster}} → {name: label}, for the preset menu. */
const presetLabels = (presets) => Object.fromEntries(Object.entries(presets).map(([k, p]) => [k, p.label]));

export class MixturePanel extends ScatterPanel {
  static key = 'mixture';

  async init() {
    const s = this.initialState;
    // The preset's size without `n` is the module's; the size control starts there.
    this.defaultN = await this.compute.run('data.mixtureSize').catch(ignoreCancelled);
    if (this.defaultN === undefined || this.disposed) return;
    this.n = validSize(s.n, this.defaultN);
    // The presets at this size come from the core (bifScenarioPresets), through the worker.
    const presets = await this.compute.run('mixture.presets', { n: this.n }).catch(ignoreCancelled);
    if (!presets || this.disposed) return;
    ({ presets: this.presets, first: this.firstPreset } = presets);
    const specs = await this.compute.run('options.defaults', { set: 'gmm' }).catch(ignoreCancelled);
    const data = await this.compute.run('options.defaults', { set: 'make_bif_mixture' }).catch(ignoreCancelled);
    if (!specs || !data || this.disposed) return;
    // The data's seed and the sampler of a first visit: the core's defaults.
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : data.seed;
    this.sampler = s.sampler in SAMPLERS ? s.sampler : specs.sampler;
    // Points per forgetting request: the core's default (gmm_requests' requestSize).
    const requests = await this.compute.run('options.defaults', { set: 'gmm_requests' }).catch(ignoreCancelled);
    // The budget on arrival: the core's page setting (passed by seed800's removal, not by seed400's).
    const page = await this.compute.run('page.settings').catch(ignoreCancelled);
    if (!requests || !page || this.disposed) return;
    this.defaultBudget = page.mixtureResidualBudget;
    this.requestSize = requests.requestSize;
    this.defaultIterations = specs.iterations;
    this.iterationChoices = [this.defaultIterations, ...MORE_ITERATIONS.filter((n) => n > this.defaultIterations)];
    this.iterations = this.iterationChoices.includes(s.iterations) ? s.iterations : this.defaultIterations;
    this.budget = Number.isFinite(s.budget) && s.budget >= 0 ? s.budget : this.defaultBudget;
    this.selection = new Selection();
    this.trained = null; // {means, trails, sampler}
    this.result = null; // forgetting result
    this.live = null; // the running forget request's residuals and swaps, until its result arrives
    this.applied = null;
    this.build();
    this.warnIfCsvLink(s, 'mixture');
    await this.loadBuiltin(this.seed, s.forget ?? null, { autoForget: (s.forget ?? []).length > 0 });
  }

  build() {
    this.canvas = this.interactivePlot(
      'Mixture data with cluster centres. Drag a box to mark points for erasure; arrow keys move between points, Space marks.',
    );
    this.residualCanvas = h('canvas', {
      'data-role': 'residual-chart',
      role: 'img',
      'aria-label': 'Residual of each forgetting request and their running sum, with the budget.',
    });
    const forgetBox = this.forgetFieldset({
      idPrefix: 'mix-scenario',
      scenarios: presetLabels(this.presets),
      action: 'forget',
      label: 'Forget marked points',
      onAction: () => this.forget(),
    });
    const itId = uniqueId('mix-iterations');
    this.iterationsSelect = h(
      'select',
      { id: itId, 'data-role': 'iterations' },
      this.iterationChoices.map((n) =>
        h('option', { value: String(n), selected: n === this.iterations }, `${n} iterations`),
      ),
    );
    this.iterationsSelect.addEventListener('change', () => {
      this.iterations = Number(this.iterationsSelect.value);
      this.notifyState();
      this.train();
    });
    this.iterationsLabel = h('label', { for: itId, class: 'visually-hidden' }, 'Training iterations');
    this.trainButton = h(
      'button',
      { type: 'button', 'data-action': 'train', onclick: () => this.train() },
      'Train again',
    );
    this.samplerButtons = Object.entries(SAMPLERS).map(([k, label]) =>
      h(
        'button',
        {
          type: 'button',
          'data-sampler': k,
          'aria-pressed': String(k === this.sampler),
          onclick: () => this.setSampler(k),
        },
        label,
      ),
    );
    const budgetId = uniqueId('mix-budget'),
      budgetHintId = uniqueId('mix-budget-hint');
    this.budgetInput = h('input', {
      type: 'number',
      id: budgetId,
      min: 0,
      step: 0.01,
      value: String(this.budget),
      'data-role': 'budget',
      'aria-describedby': budgetHintId,
      style: 'width: 7em',
    });
    this.budgetInput.addEventListener('change', () => this.setBudget(this.budgetInput.value));
    this.read = {};
    const dd = (k, cls) => (this.read[k] = h('dd', { 'data-role': k, class: cls }, '–'));
    this.healthEl = h('div', { class: 'health', 'data-role': 'health' });
    this.centreTable = h('div', { class: 'table-scroll', 'data-role': 'centre-table' });
    this.sizeBox = sizeControl({
      value: this.n,
      defaultSize: this.defaultN,
      onChange: (n) => this.setSize(n),
      note: 'Each forgetting request reads the forgotten rows and a Hessian estimate; retraining runs the sampler again on the rows left, for the same number of minibatch iterations at every N.',
    });
    this.dataBox = dataSourceBox({
      panel: this,
      builtinLabel: () => this.builtinDescription(),
      seed: this.seed,
      validate: (labels) => (labels.length < 20 ? 'at least 20 points are needed' : null),
      onData: (data, meta) =>
        meta.source === 'csv'
          ? this.setData(data, { source: 'csv', name: meta.name }, [], {})
          : this.loadBuiltin(meta.seed, null, {}),
    });
    this.frame({
      key: 'mixture',
      title: 'Inference forgetting · Gaussian mixture',
      explain: [
        'A sampler (SGHMC or SGLD) or variational inference learns the four cluster means; the thin lines are their trails during training. ',
        h('b', {}, 'Forget'),
        ' removes the marked points in batches of four with one influence-function step each — no retraining — while the worker also retrains from scratch as the target. ',
        'A good forgetting puts the black diamonds (processed) on the red-orange squares (target), away from the blue circles (original); the table below the figure says how much closer they came.',
      ],
      figures: [
        h(
          'figure',
          { class: 'figure' },
          this.canvas,
          (this.legendEl = h('div', { 'data-role': 'legend' })),
          h(
            'figcaption',
            {},
            'Drag a box to mark points (Shift adds), or click a point, or pick a preset. Keyboard: focus the plot, arrows move, Space marks.',
          ),
        ),
        h(
          'figure',
          { class: 'figure', 'data-role': 'residual-figure' },
          this.residualCanvas,
          (this.residualLegendEl = h('div', { 'data-role': 'residual-legend' })),
          h(
            'figcaption',
            {},
            'Residual: how far forgetting has left the model from a retrained one, estimated without retraining. ',
            `Each batch of ${this.requestSize} points is one request; once the accumulated residual passes the budget, the worker retrains on the points still in training, swaps that model in and the sum starts again from 0.`,
          ),
        ),
        this.centreTable,
      ],
      controls: [
        forgetBox,
        h(
          'fieldset',
          {},
          h('legend', {}, 'Inference'),
          h('div', { class: 'seg', role: 'group', 'aria-label': 'Inference procedure' }, ...this.samplerButtons),
          h('div', { class: 'row' }, this.iterationsLabel, this.iterationsSelect, this.trainButton),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Retrain policy'),
          h('div', { class: 'row' }, h('label', { for: budgetId }, 'Residual budget'), this.budgetInput),
          h(
            'p',
            { class: 'hint', id: budgetHintId },
            'Retrain from scratch once the accumulated residual passes this; 0: never.',
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Result'),
          this.healthEl,
          h(
            'dl',
            { class: 'readout' },
            h('dt', {}, 'KL(processed ‖ target) (ε)'),
            dd('kl'),
            h('dt', {}, 'time: forgetting / retraining'),
            dd('times'),
            h('dt', {}, 'speedup'),
            dd('speedup', 'sentence'),
            h('dt', {}, 'accumulated residual'),
            dd('residual'),
            h('dt', {}, 'retrain policy'),
            dd('recommendation', 'sentence'),
            h('dt', {}, 'model serving the requests'),
            dd('swap', 'sentence'),
          ),
        ),
        this.sizeBox.element,
        this.dataBox.element,
      ],
    });
    this.attachSelection(this.canvas, 'box');
  }

  getState() {
    return {
      ...this.dataState(),
      n: this.dataMeta?.source === 'csv' || this.n === this.defaultN ? undefined : this.n,
      forget: this.selection?.sorted() ?? [],
      sampler: this.sampler,
      iterations: this.iterations === this.defaultIterations ? undefined : this.iterations,
      budget: this.budget === this.defaultBudget ? undefined : this.budget,
    };
  }

  /** A typed budget: a number ≥ 0 (0: no budget); anything else puts the field back to the budget in use. */
  setBudget(text) {
    const value = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(value) || value < 0) {
      this.budgetInput.value = String(this.budget);
      this.message('The residual budget is a number of at least 0 (0: never retrain).', 'warn');
      return;
    }
    if (value === this.budget) return;
    this.budget = value;
    this.notifyState();
    if (!this.result && !this.live) this.showPolicy(null);
    // The shown run keeps the budget it ran with (its chart and swaps follow from it).
    this.message(this.result ? `The budget ${fmt(value)} applies from the next Forget.` : '');
  }

  /** "four-cluster mixture (n = 2000)": size and clusters of the generated data, as the module made it. */
  builtinDescription() {
    if (!this.builtinShape) return 'built-in mixture'; // Generate pressed before the first data arrived
    const { size, clusters } = this.builtinShape;
    return `${countWord(clusters)}-cluster mixture (n = ${size})`;
  }

  /** A new size: new built-in data of that size (same seed), its presets and the first preset marked. */
  setSize(n) {
    this.n = n;
    this.sizeBox.set(n);
    this.loadBuiltin(this.seed, null, {});
  }

  async loadBuiltin(seed, forget, opts) {
    // Without `n` at the default size: exactly the module's preset, as before sizes existed.
    const args = this.n === this.defaultN ? { seed } : { seed, n: this.n };
    const data = await this.run('data', 'data.mixture', args, { showProgress: false });
    if (!data) return;
    // Recorded before setSeed shows the Data box's label.
    this.builtinShape = { size: data.labels.length, clusters: data.labels.reduce((k, l) => Math.max(k, l + 1), 0) };
    this.seed = seed;
    this.dataBox.setSeed(seed);
    let ids = forget;
    await this.usePresetsFor(data);
    if (!ids) ids = await this.scenarioIds(this.firstPreset, data).catch(() => []);
    await this.setData(data, { source: 'builtin', seed }, ids, opts);
  }

  /** The presets for data of this size (published at the default size, scaled and fixed-size requests elsewhere). */
  async usePresetsFor(data) {
    ({ presets: this.presets, first: this.firstPreset } = await this.compute.run('mixture.presets', {
      n: data.labels.length,
    }));
    this.setScenarios(presetLabels(this.presets));
  }

  /** A preset's ids, by the module's bifScenarioIds with the core's rows per cluster at this size. */
  scenarioIds(name, data = this.data) {
    const preset = this.presets[name];
    const scenario = preset ? preset.perCluster : name;
    return this.compute
      .run('mixture.scenario', { x: data.x, labels: data.labels, scenario })
      .then((ids) => Array.from(ids));
  }

  jobArgs(extra = {}) {
    return {
      x: this.data.x,
      labels: this.data.labels,
      sampler: this.sampler,
      seed: this.seed,
      iterations: this.iterations,
      residualBudget: this.budget,
      ...extra,
    };
  }

  async setData(data, meta, forget, { autoForget = false } = {}) {
    this.data = data;
    this.dataMeta = meta;
    if (meta.source === 'csv') await this.usePresetsFor(data);
    this.K = data.labels.reduce((k, l) => Math.max(k, l + 1), 0);
    this.bounds = pointBounds(data.x, 0.04);
    this.trained = null;
    this.result = null;
    this.live = null;
    this.applied = null;
    this.selection.reset(validIds(forget, data.labels.length));
    this.renderLegend();
    this.showResult();
    this.notifyState();
    this.element.dataset.ready = 'true';
    // Training runs in the background; the panel is usable meanwhile.
    const trained = this.train();
    if (autoForget) {
      await trained;
      if (this.trained) await this.forget();
    }
  }

  setSampler(k) {
    if (k === this.sampler) return;
    this.sampler = k;
    this.samplerButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.sampler === k)));
    this.notifyState();
    this.train();
  }

  async train() {
    if (!this.data) return;
    this.result = null;
    this.live = null;
    this.applied = null;
    this.forgetTrail = [];
    this.trained = { means: null, trails: [], sampler: this.sampler, partial: true };
    this.showResult();
    const result = await this.run('job', 'mixture.train', this.jobArgs(), {
      label: `Training (${SAMPLERS[this.sampler]})`,
      onDetail: (d) => this.onTrainProgress(d),
    }).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!result) {
      if (this.trained?.partial) this.trained = null;
      this.draw();
      return;
    }
    this.trained = { ...this.trained, ...result, partial: false, sampler: this.sampler };
    this.element.dataset.trainedSampler = this.sampler;
    this.showResult();
    countEvent(this.element, 'trained');
  }

  onTrainProgress(detail) {
    if (!detail?.means || !this.trained?.partial) return;
    this.trained.trails.push(detail.means);
    this.trained.means = detail.means;
    this.scheduleDraw();
  }

  async forget() {
    const forget = this.data && this.markedIds('Mark points first: drag a box or pick a preset.');
    if (!forget) return;
    this.message('');
    this.result = null;
    this.applied = null;
    this.forgetTrail = [];
    const live = {
      total: Math.ceil(forget.length / this.requestSize),
      budget: this.budget,
      requests: [],
      swaps: [],
      skipped: [],
    };
    this.live = live;
    this.showResult();
    // The worker retrains first when its trained model was already used (same seed: same fit).
    const result = await this.run('job', 'mixture.forget', this.jobArgs({ forget, requestSize: this.requestSize }), {
      label: 'Forgetting',
      onDetail: (d) => this.onForgetProgress(d),
    }).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!result) {
      // Failed or cancelled: the partial run is not a result (unless a newer request has taken over the figures).
      if (this.live === live) {
        this.live = null;
        this.forgetTrail = [];
        this.showResult();
      }
      return;
    }
    this.live = null;
    this.showErasure(result, forget);
    countEvent(this.element, 'forgotten');
  }

  /** One forgetting request done, a retrain swapped in or skipped: the figure, the chart and the read-out follow. */
  onForgetProgress(d) {
    if (d.means && this.trained?.partial) this.onTrainProgress(d);
    const live = this.live;
    if (!live) return;
    if (d.processed) this.forgetTrail.push(d.processed);
    if (d.request) live.requests.push(d.request);
    if (d.swap) {
      live.swaps.push(d.swap);
      // The retrained model's centres: the trail jumps there (a break, not a line across).
      this.forgetTrail.push(null, d.swap.means);
      countEvent(this.element, 'swapped');
    }
    if (d.skipped) live.skipped.push(d.skipped);
    if (d.request?.recommended || d.swap || d.skipped) this.showPolicy(live);
    else if (d.request) this.showAccumulated(live);
    this.scheduleDraw();
  }

  afterCancel() {
    if (this.trained?.partial) this.trained = null;
    if (this.live) {
      this.live = null;
      this.forgetTrail = [];
      this.showResult();
    }
    this.draw();
  }

  reset() {
    this.selection.clear();
    this.forgetTrail = [];
    this.result = null;
    this.live = null;
    this.applied = null;
    this.message('');
    this.showResult();
  }

  showResult() {
    const r = this.result;
    const meaningful = !r || this.fitsTrusted(r);
    if (r) {
      const alone = r.alone ? `; BIF alone: ${fmt(r.alone.klProcessedTarget)}` : '';
      this.read.kl.textContent = meaningful
        ? `${fmt(r.klProcessedTarget)} (original: ${fmt(r.klOriginalTarget)}${alone})`
        : 'not meaningful: a fit is unhealthy (see above)';
      this.read.kl.dataset.value = String(r.klProcessedTarget);
      showSpeedup(this.read.times, this.read.speedup, r.secondsForget, r.secondsRetrain);
      this.renderCentreTable(r, meaningful);
    } else {
      this.read.kl.textContent = '–';
      clearSpeedup(this.read.times, this.read.speedup);
      delete this.read.kl.dataset.value;
      this.centreTable.replaceChildren();
    }
    this.showHealth();
    this.showPolicy(r ?? this.live);
    this.updateCounts();
    this.draw();
  }

  /** Every fit a result rests on, named for the read-out. */
  fitsOf(r) {
    const fits = [
      ['The original fit', r.originalHealth],
      ['The target (retrained)', r.targetHealth],
    ];
    for (const s of r.swaps ?? [])
      if (!s.isTarget) fits.push([`The retrain after request ${s.afterRequest}`, s.health]);
    if (r.servedHealth) fits.push(['The retrained model’s own target run', r.servedHealth.target]);
    return fits.filter(([, health]) => health);
  }

  /** Ratios against a fit whose components do not match the labels say nothing: they are shown only when every fit is healthy. */
  fitsTrusted(r) {
    return this.fitsOf(r).every(([, health]) => health.healthy);
  }

  /** Warnings for unhealthy fits and notes on restarts, from the result or, before one, from training. */
  showHealth() {
    const fits = this.result
      ? this.fitsOf(this.result)
      : this.trained?.health
        ? [['The trained model', this.trained.health]]
        : [];
    const restarted = (health) => (health.restarts > 0 ? ` (restarted ${health.restarts}×)` : '');
    this.healthEl.replaceChildren(
      ...fits.flatMap(([who, health]) => {
        if (!health.healthy) {
          return [
            h(
              'p',
              { class: 'message warn', 'data-role': 'health-warning' },
              `${who} is unhealthy${restarted(health)}: ${health.problem}. Distances and ratios against it are not meaningful.`,
            ),
          ];
        }
        return health.restarts > 0
          ? [
              h(
                'p',
                { class: 'hint', 'data-role': 'health-restarts' },
                `${who}: restarted ${health.restarts}× before its components matched the labels.`,
              ),
            ]
          : [];
      }),
    );
  }

  /**
   * The certificate read-outs of a run (finished or still going): the accumulated
   * residual, where the budget was passed, and which model serves the requests.
   */
  showPolicy(run) {
    const rec = this.read.recommendation,
      served = this.read.swap;
    delete rec.dataset.recommendedAfter;
    if (!run) {
      this.read.residual.textContent = '–';
      delete this.read.residual.dataset.value;
      rec.textContent =
        this.budget > 0
          ? `retrain when the accumulated residual passes ${fmt(this.budget)}`
          : 'no budget: never retrain';
      served.textContent = '–';
      this.drawResidual();
      return;
    }
    this.showAccumulated(run);
    const budget = run.residualBudget ?? run.budget;
    const recommended = run.requests.filter((q) => q.recommended).map((q) => q.request);
    const done = run.requests.length,
      finished = run === this.result;
    if (recommended.length) {
      rec.dataset.recommendedAfter = String(recommended[0]);
      const again = recommended.length - 1;
      const later = again
        ? `; passed again ${again === 1 ? 'once' : `${countWord(again)} times`} after retraining`
        : '';
      rec.textContent = `retrain recommended after request ${recommended[0]} (budget ${fmt(budget)})${later}`;
    } else if (!(budget > 0)) {
      rec.textContent = 'no budget: never retrain';
    } else {
      rec.textContent = finished
        ? `not needed: the sum stayed within the budget ${fmt(budget)}`
        : `within the budget ${fmt(budget)} so far`;
    }
    served.replaceChildren(...this.servingText(run, done, finished));
    this.drawResidual();
  }

  /** The accumulated residual of the model serving the requests (and, after a swap, of the original forgetting on alone). */
  showAccumulated(run) {
    const last = run.requests.at(-1),
      out = this.read.residual;
    if (!last) {
      out.textContent = '–';
      delete out.dataset.value;
      this.scheduleResidualDraw();
      return;
    }
    const budget = run.residualBudget ?? run.budget;
    const since = run.swaps.some((s) => !s.isTarget) ? ', counted from the last retrain' : '';
    const alone =
      run.swaps.length && last.aloneAccumulated !== null ? ` (BIF alone: ${fmt(last.aloneAccumulated)})` : '';
    out.textContent = `${fmt(last.accumulated)}${budget > 0 ? ` of ${fmt(budget)}` : ''} after request ${last.request}${since}${alone}`;
    out.dataset.value = String(last.accumulated);
    this.scheduleResidualDraw();
  }

  /**
   * Which model answers the requests: the original, or the last retrain swapped
   * in (with how many came before it), or a retrain that was skipped.
   */
  servingText(run, done, finished) {
    const swaps = run.swaps,
      parts = [];
    const total = run.total ?? run.batches;
    const last = swaps.at(-1);
    if (!last) parts.push(done ? 'the original model, forgetting every request' : '–');
    else if (last.isTarget) {
      parts.push(
        `after request ${last.afterRequest}, the last: the target, retrained on ${last.rows} rows in ${fmt(last.seconds, 2)} s, was swapped in`,
      );
    } else {
      const next = last.afterRequest + 1;
      const rest = !finished
        ? `; forgetting requests ${next}… from it`
        : next < total
          ? `; requests ${next}–${total} forgotten from it`
          : `; request ${total} forgotten from it`;
      parts.push(
        `retrained on ${last.rows} rows in ${fmt(last.seconds, 2)} s after request ${last.afterRequest} and swapped in${rest}`,
      );
    }
    const earlier = swaps.slice(0, -1).map((s) => s.afterRequest);
    if (earlier.length)
      parts.push(` (also retrained after request${earlier.length > 1 ? 's' : ''} ${earlier.join(', ')})`);
    for (const s of run.skipped ?? []) parts.push(`; no retrain after request ${s.afterRequest}: ${s.reason}`);
    return parts;
  }

  scheduleResidualDraw() {
    if (this.residualPending) return;
    this.residualPending = true;
    requestAnimationFrame(() => {
      this.residualPending = false;
      if (!this.disposed) this.drawResidual();
    });
  }

  /** The residual chart of the shown run (the running one while it goes), and its legend. */
  drawResidual() {
    const canvas = this.residualCanvas;
    if (!canvas) return;
    const run = this.result ?? this.live;
    const total = run ? (run.total ?? run.batches) : null;
    const swaps = run?.swaps ?? [];
    drawResidualChart(canvas, this.figureWidth(canvas), {
      total,
      requests: run?.requests ?? [],
      budget: run ? (run.residualBudget ?? run.budget) : this.budget,
      swaps,
    });
    countEvent(canvas, 'drawn');
    const first = run?.requests.find((q) => q.recommended);
    canvas.setAttribute(
      'aria-label',
      run?.requests.length
        ? `Residuals of ${run.requests.length} requests; accumulated ${fmt(run.requests.at(-1).accumulated)}${first ? `; the budget was passed after request ${first.request}` : ''}.`
        : 'Residual chart: no forgetting requests yet.',
    );
    const S = RESIDUAL_STYLE;
    const items = [
      {
        swatch: swatch.line(S.accumulated.color, { width: S.accumulated.width }),
        label: swaps.length ? 'accumulated since the last (re)training' : 'accumulated',
      },
      { swatch: swatch.square(S.perRequest.color, 'none'), label: 'each request (right axis)' },
      { swatch: swatch.line(S.budget.color, { width: 1.5, dash: S.budget.dash.join(' ') }), label: 'budget' },
      { swatch: swatch.diamond(OKABE_ITO.vermillion, '#fff'), label: 'budget passed' },
    ];
    if (swaps.length) {
      items.push(
        {
          swatch: swatch.line(S.swap.color, { width: 1, dash: S.swap.dash.join(' ') }),
          label: 'retrained model swapped in',
        },
        { swatch: swatch.line(S.alone.color, { width: S.alone.width }), label: 'original, forgetting alone' },
      );
    }
    this.residualLegendEl.replaceChildren(htmlLegend(items));
  }

  redrawAll() {
    this.draw();
    this.drawResidual();
  }

  renderCentreTable(r, meaningful) {
    const removed = new Array(r.origin.length).fill(0);
    for (const id of this.applied ?? []) if (this.data.labels[id] < removed.length) removed[this.data.labels[id]]++;
    const alone = r.alone;
    this.centreTable.replaceChildren(
      h(
        'table',
        { class: 'kl-table centres' },
        h(
          'caption',
          { class: 'visually-hidden' },
          'Distances of the original and processed centres to the retrained target, per cluster',
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'cluster'),
            h('th', { scope: 'col' }, 'removed'),
            // A zero-width space after each arrow: on a phone the header breaks there instead of widening the page.
            h('th', { scope: 'col', title: 'distance from the original centre to the target' }, 'orig→\u200btgt'),
            h(
              'th',
              {
                scope: 'col',
                title: 'distance from the processed centre (the model serving the last request) to the target',
              },
              'proc→\u200btgt',
            ),
            alone
              ? h(
                  'th',
                  {
                    scope: 'col',
                    title: 'distance to the target of the original model forgetting every request without retraining',
                  },
                  'alone→\u200btgt',
                )
              : null,
            h('th', { scope: 'col', title: 'how many times closer forgetting brought the centre' }, 'closer'),
          ),
        ),
        h(
          'tbody',
          {},
          r.origin.map((_, k) => {
            const d0 = r.originalToTarget[k],
              d1 = r.processedToTarget[k];
            return h(
              'tr',
              { 'data-cluster': k },
              h('td', {}, String(k)),
              h('td', {}, String(removed[k])),
              h('td', { 'data-role': 'dist-origin', 'data-value': String(d0) }, fmt(d0)),
              h('td', { 'data-role': 'dist-processed', 'data-value': String(d1) }, fmt(d1)),
              alone
                ? h(
                    'td',
                    { 'data-role': 'dist-alone', 'data-value': String(alone.processedToTarget[k]) },
                    fmt(alone.processedToTarget[k]),
                  )
                : null,
              h('td', {}, removed[k] && meaningful && d1 > 0 ? `${fmt(d0 / d1, 2)}×` : '–'),
            );
          }),
        ),
      ),
      h('p', { class: 'hint' }, ...this.tableNotes(r)),
    );
  }

  tableNotes(r) {
    const notes = [
      `Centres in label order; ${r.batches} requests of up to ${this.requestSize} points. “closer” is orig→tgt ÷ proc→tgt.`,
    ];
    if (r.aloneStopped)
      notes.push(
        ` The original model could not forget request ${r.aloneStopped.atRequest} on its own (${r.aloneStopped.reason}), so there is no BIF-alone comparison.`,
      );
    if (r.alone) {
      notes.push(
        ' Processed: the model serving the last request, retrained on the way; alone: the original model forgetting every request without retraining.',
      );
      if (r.klAgainstOwnRun)
        notes.push(' ε of the processed model is measured against its own retrained target run, on the same rows.');
      if (this.sampler !== 'vi') {
        const [lo, hi] = [Math.min(...r.spread), Math.max(...r.spread)];
        notes.push(
          ` A sampler retrained from scratch is a new random run: its distance to the target is of the order of the sampling spread (${fmt(lo, 2)}–${fmt(hi, 2)} here).`,
        );
      }
    }
    return notes;
  }

  updateCounts() {
    if (this.data) this.showCounts(this.data.labels.length);
  }

  renderLegend() {
    const comps = Array.from({ length: Math.min(this.K, 8) }, (_, k) => ({
      swatch: (swatch[SHAPES[k % 4]] ?? swatch.circle)(SERIES[k], SERIES[k]),
      label: `cluster ${k}`,
    }));
    this.legendEl.replaceChildren(
      htmlLegend([
        ...comps,
        { swatch: swatch.cross(ROLE.ink, 1.6), label: 'marked (×)' },
        { swatch: swatch.circle('#fff', '#6b6b6b', 1.5), label: 'forgotten (hollow)' },
        { swatch: swatch.line(ROLE.ink, { width: 1.5 }), label: 'mean trail' },
        { swatch: swatch.circle('none', OKABE_ITO.blue, 2.5), label: CENTRE.origin.label },
        { swatch: swatch.diamond(ROLE.ink, '#fff'), label: CENTRE.processed.label },
        { swatch: swatch.square('none', OKABE_ITO.vermillion, 2.5), label: CENTRE.target.label },
      ]),
    );
  }

  plotHeight(width) {
    return Math.round(Math.min(600, Math.max(260, width * 0.8)));
  }

  plotScales(box) {
    return equalAspectScales(this.bounds, box);
  }

  /** The points, the training trails, the forgetting trail, then the three sets of centres. */
  drawContent(ctx, box, overlay) {
    this.drawPoints(ctx, overlay);
    this.drawTrails(ctx);
    this.drawForgetTrail(ctx);
    if (this.result) {
      for (const key of ['origin', 'target', 'processed']) {
        for (const c of this.result[key]) CENTRE[key].draw(ctx, this.sx(c[0]), this.sy(c[1]));
      }
    }
  }

  /** Points grouped by cluster and style and drawn by point-batch.js: 10⁵ of them in one raster pass. */
  drawPoints(ctx, overlay) {
    const { x, labels } = this.data,
      n = labels.length,
      { sx, sy } = this;
    const r = markerRadius(n, 2.4, { comfortable: 2000, min: 0.8 });
    const flags = this.markFlags();
    // Keys: k unmarked of cluster k, K + k forgotten of cluster k, 2K marked.
    const K = this.K,
      rows = groupRows(n, (i) => (flags[i] === 0 ? labels[i] : flags[i] === 2 ? K + labels[i] : 2 * K), 2 * K + 1);
    const ids = (k) => rows[k];
    // Unmarked points first, then forgotten (hollow) and marked on top so they stay visible.
    const groups = [];
    for (let k = 0; k < K; k++)
      groups.push({ ids: ids(k), shape: SHAPES[k % 4], r, fill: withAlpha(SERIES[k % 8], 0.75) });
    for (let k = 0; k < K; k++)
      groups.push({
        ids: ids(K + k),
        shape: SHAPES[k % 4],
        r: Math.max(2.2, (r * 2.8) / 2.4),
        fill: '#fff',
        stroke: '#6b6b6b',
        lineWidth: 1.1,
      });
    // Dense data: a black × replaces the point.
    groups.push({ ids: ids(2 * K), shape: 'cross', r: Math.max(2, (r * 3.2) / 2.4), stroke: ROLE.ink, lineWidth: 1.6 });
    drawPointGroups(ctx, { x, sx, sy, n }, groups);
    if (overlay?.cursor !== null && overlay?.cursor !== undefined) {
      marker(ctx, 'square', ...this.screenXY(overlay.cursor), 7, { stroke: ROLE.ink, lineWidth: 2 });
    }
  }

  /**
   * While forgetting: the processed means request by request (dashed, label
   * order), ending at the diamonds. A null entry is a swap: the retrained
   * model's means start a new stretch rather than a line across the plot.
   */
  drawForgetTrail(ctx) {
    const t = this.forgetTrail;
    const last = t?.findLast((m) => m);
    if (!last) return;
    ctx.save();
    ctx.setLineDash([3, 2]);
    for (let k = 0; k < last.length; k++) {
      ctx.beginPath();
      let pen = false;
      for (const m of t) {
        if (!m) {
          pen = false;
          continue;
        }
        const p = [this.sx(m[k][0]), this.sy(m[k][1])];
        if (pen) ctx.lineTo(...p);
        else ctx.moveTo(...p);
        pen = true;
      }
      ctx.strokeStyle = ROLE.ink;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      if (!this.result) CENTRE.processed.draw(ctx, this.sx(last[k][0]), this.sy(last[k][1]));
    }
    ctx.restore();
  }

  drawTrails(ctx) {
    const t = this.trained;
    if (!t?.trails?.length) return;
    const K = t.trails[0].length;
    for (let k = 0; k < K; k++) {
      ctx.beginPath();
      t.trails.forEach((m, i) => {
        const p = [this.sx(m[k][0]), this.sy(m[k][1])];
        if (i) ctx.lineTo(...p);
        else ctx.moveTo(...p);
      });
      ctx.strokeStyle = 'rgba(0,0,0,0.75)';
      ctx.lineWidth = 1;
      ctx.stroke();
      const last = t.trails[t.trails.length - 1][k];
      if (!this.result)
        marker(ctx, 'circle', this.sx(last[0]), this.sy(last[1]), 4, {
          fill: ROLE.ink,
          stroke: '#fff',
          lineWidth: 1.5,
        });
    }
  }
}
