// Inference-forgetting panel (BIF): a 4-component Gaussian mixture whose means
// are inferred by SGHMC, SGLD or mean-field VI. Forgetting applies the
// influence-function step γ ← γ + H⁻¹ Σ∇h(γ, z) batch by batch to the learned
// state, and is compared with the same sampler retrained on the remaining points.
import { h, uniqueId, countEvent } from '../dom.js';
import { ScatterPanel } from '../scatter-panel.js';
import { Selection, validIds } from '../selection.js';
import { marker, fmt } from '../plot.js';
import { ROLE, SERIES, OKABE_ITO, withAlpha } from '../palette.js';
import { pointBounds, equalAspectScales } from '../field.js';
import { htmlLegend, swatch } from '../legend-html.js';
import { dataSourceBox } from '../data-source.js';
import { countWord } from '../text.js';

const SAMPLERS = { sghmc: 'SGHMC', sgld: 'SGLD', vi: 'VI' };
const SCENARIOS = {
  seed400: '400: 200 from each elongated cluster',
  seed800: '800: 400 from each elongated cluster',
};
const ITERATIONS = [2000, 10000, 50000, 200000];
const SHAPES = ['circle', 'triangle', 'square', 'diamond'];
const CENTRE = {
  origin: { label: 'original', draw: (ctx, x, y) => haloed(ctx, 'circle', x, y, 9, { stroke: OKABE_ITO.blue, lineWidth: 3 }) },
  target: { label: 'target (retrained)', draw: (ctx, x, y) => haloed(ctx, 'square', x, y, 9, { stroke: OKABE_ITO.vermillion, lineWidth: 3 }) },
  processed: { label: 'processed (forgotten)', draw: (ctx, x, y) => haloed(ctx, 'diamond', x, y, 6, { fill: ROLE.ink, stroke: '#fff', lineWidth: 1.5 }) },
};

function haloed(ctx, shape, x, y, r, style) {
  if (style.stroke && !style.fill) marker(ctx, shape, x, y, r, { stroke: '#fff', lineWidth: style.lineWidth + 3 });
  marker(ctx, shape, x, y, r, style);
}

export class MixturePanel extends ScatterPanel {
  static key = 'mixture';

  async init() {
    const s = this.initialState;
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : 0;
    this.sampler = s.sampler in SAMPLERS ? s.sampler : 'sghmc';
    this.iterations = ITERATIONS.includes(s.iterations) ? s.iterations : 2000;
    this.selection = new Selection();
    this.trained = null;   // {means, trails, sampler}
    this.result = null;    // forgetting result
    this.applied = null;
    this.build();
    this.warnIfCsvLink(s, 'mixture');
    await this.loadBuiltin(this.seed, s.erase ?? null, { autoForget: (s.erase ?? []).length > 0 });
  }

  build() {
    this.canvas = this.interactivePlot('Mixture data with cluster centres. Drag a box to mark points for erasure; arrow keys move between points, Space marks.');
    const eraseBox = this.eraseFieldset({
      idPrefix: 'mix-scenario', scenarios: SCENARIOS, action: 'forget', label: 'Forget marked points', onAction: () => this.forget(),
    });
    const itId = uniqueId('mix-iterations');
    this.iterationsSelect = h('select', { id: itId, 'data-role': 'iterations' },
      ITERATIONS.map((n) => h('option', { value: String(n), selected: n === this.iterations }, `${n} iterations`)));
    this.iterationsSelect.addEventListener('change', () => {
      this.iterations = Number(this.iterationsSelect.value);
      this.notifyState();
      this.train();
    });
    this.iterationsLabel = h('label', { for: itId, class: 'visually-hidden' }, 'Training iterations');
    this.trainButton = h('button', { type: 'button', 'data-action': 'train', onclick: () => this.train() }, 'Train again');
    this.samplerButtons = Object.entries(SAMPLERS).map(([k, label]) => h('button', {
      type: 'button', 'data-sampler': k, 'aria-pressed': String(k === this.sampler), onclick: () => this.setSampler(k),
    }, label));
    this.read = {};
    const dd = (k) => (this.read[k] = h('dd', { 'data-role': k }, '–'));
    this.centreTable = h('div', { 'data-role': 'centre-table' });
    this.dataBox = dataSourceBox({
      panel: this, builtinLabel: () => this.builtinDescription(), seed: this.seed,
      validate: (labels) => (labels.length < 20 ? 'at least 20 points are needed' : null),
      onData: (data, meta) => (meta.source === 'csv'
        ? this.setData(data, { source: 'csv', name: meta.name }, [], {})
        : this.loadBuiltin(meta.seed, null, {})),
    });
    this.frame({
      key: 'mixture',
      title: 'Inference forgetting · Gaussian mixture',
      explain: [
        'A sampler (SGHMC or SGLD) or variational inference learns the four cluster means; the thin lines are their trails during training. ',
        h('b', {}, 'Forget'), ' removes the marked points in batches of four with one influence-function step each — no retraining — while the worker also retrains from scratch as the target. ',
        'A good forgetting puts the black diamonds (processed) on the red-orange squares (target), away from the blue circles (original); the table below the figure says how much closer they came.',
      ],
      figures: [h('figure', { class: 'figure' }, this.canvas,
        this.legendEl = h('div', { 'data-role': 'legend' }),
        h('figcaption', {}, 'Drag a box to mark points (Shift adds), or click a point, or pick a preset. Keyboard: focus the plot, arrows move, Space marks.')),
        this.centreTable],
      controls: [
        eraseBox,
        h('fieldset', {}, h('legend', {}, 'Inference'),
          h('div', { class: 'seg', role: 'group', 'aria-label': 'Inference procedure' }, ...this.samplerButtons),
          h('div', { class: 'row' }, this.iterationsLabel, this.iterationsSelect, this.trainButton)),
        h('fieldset', {}, h('legend', {}, 'Result'),
          h('dl', { class: 'readout' },
            h('dt', {}, 'KL(processed ‖ target) (ε)'), dd('kl'),
            h('dt', {}, 'time: forgetting / retraining'), dd('times'))),
        this.dataBox.element,
      ],
    });
    this.attachSelection(this.canvas, 'box');
  }

  getState() {
    return {
      ...this.dataState(),
      erase: this.selection?.sorted() ?? [], sampler: this.sampler,
      iterations: this.iterations === 2000 ? undefined : this.iterations,
    };
  }

  /** "four-cluster mixture (n = 2000)": size and clusters of the generated data, as the module made it. */
  builtinDescription() {
    if (!this.builtinShape) return 'built-in mixture'; // Generate pressed before the first data arrived
    const { size, clusters } = this.builtinShape;
    return `${countWord(clusters)}-cluster mixture (n = ${size})`;
  }

  async loadBuiltin(seed, erase, opts) {
    const data = await this.run('data', 'data.mixture', { seed }, { showProgress: false });
    if (!data) return;
    // Recorded before setSeed shows the Data box's label.
    this.builtinShape = { size: data.labels.length, clusters: Math.max(...data.labels) + 1 };
    this.seed = seed;
    this.dataBox.setSeed(seed);
    let ids = erase;
    if (!ids) ids = await this.scenarioIds('seed400', data).catch(() => []);
    await this.setData(data, { source: 'builtin', seed }, ids, opts);
  }

  scenarioIds(name, data = this.data) {
    return this.compute.run('mixture.scenario', { x: data.x, labels: data.labels, scenario: name }).then((ids) => Array.from(ids));
  }

  jobArgs(extra = {}) {
    return { x: this.data.x, labels: this.data.labels, sampler: this.sampler, seed: this.seed, iterations: this.iterations, ...extra };
  }

  async setData(data, meta, erase, { autoForget = false } = {}) {
    this.data = data;
    this.dataMeta = meta;
    this.K = Math.max(...data.labels) + 1;
    this.bounds = pointBounds(data.x, 0.04);
    this.trained = null;
    this.result = null;
    this.applied = null;
    this.selection.reset(validIds(erase, data.labels.length));
    this.renderLegend();
    this.showResult();
    this.notifyState();
    this.element.dataset.ready = 'true';
    // Training runs in the background; the panel is usable meanwhile.
    const trained = this.train();
    if (autoForget) { await trained; if (this.trained) await this.forget(); }
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
    this.applied = null;
    this.trained = { means: null, trails: [], sampler: this.sampler, partial: true };
    this.showResult();
    const result = await this.run('job', 'mixture.train', this.jobArgs(),
      { label: `Training (${SAMPLERS[this.sampler]})`, onDetail: (d) => this.onTrainProgress(d) }).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!result) { if (this.trained?.partial) this.trained = null; this.draw(); return; }
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
    const erase = this.data && this.markedIds('Mark points first: drag a box or pick a preset.');
    if (!erase) return;
    this.message('');
    this.result = null;
    this.applied = null;
    this.forgetTrail = [];
    // The worker retrains first when its trained model was already used (same seed: same fit).
    const result = await this.run('job', 'mixture.forget', this.jobArgs({ erase }), {
      label: 'Forgetting',
      onDetail: (d) => {
        if (d.means && this.trained?.partial) this.onTrainProgress(d);
        if (d.processed) { this.forgetTrail.push(d.processed); this.scheduleDraw(); }
      },
    }).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!result) return;
    this.showErasure(result, erase);
    countEvent(this.element, 'forgotten');
  }

  afterCancel() {
    if (this.trained?.partial) this.trained = null;
    this.draw();
  }

  reset() {
    this.selection.clear();
    this.forgetTrail = [];
    this.result = null;
    this.applied = null;
    this.message('');
    this.showResult();
  }

  showResult() {
    const r = this.result;
    if (r) {
      this.read.kl.textContent = `${fmt(r.klProcessedTarget)} (original: ${fmt(r.klOriginalTarget)})`;
      this.read.kl.dataset.value = String(r.klProcessedTarget);
      this.read.times.textContent = `${fmt(r.secondsForget, 2)} s / ${fmt(r.secondsRetrain, 2)} s`;
      this.renderCentreTable(r);
    } else {
      this.read.kl.textContent = '–';
      this.read.times.textContent = '–';
      delete this.read.kl.dataset.value;
      this.centreTable.replaceChildren();
    }
    this.updateCounts();
    this.draw();
  }

  renderCentreTable(r) {
    const removed = new Array(r.origin.length).fill(0);
    for (const id of this.applied ?? []) if (this.data.labels[id] < removed.length) removed[this.data.labels[id]]++;
    this.centreTable.replaceChildren(h('table', { class: 'kl-table centres' },
      h('caption', { class: 'visually-hidden' }, 'Distances of the original and processed centres to the retrained target, per cluster'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'cluster'), h('th', { scope: 'col' }, 'removed'),
        h('th', { scope: 'col', title: 'distance from the original centre to the target' }, 'orig→tgt'),
        h('th', { scope: 'col', title: 'distance from the processed centre to the target' }, 'proc→tgt'),
        h('th', { scope: 'col', title: 'how many times closer forgetting brought the centre' }, 'closer'))),
      h('tbody', {}, r.origin.map((_, k) => {
        const d0 = r.originalToTarget[k], d1 = r.processedToTarget[k];
        return h('tr', { 'data-cluster': k }, h('td', {}, String(k)), h('td', {}, String(removed[k])),
          h('td', { 'data-role': 'dist-origin', 'data-value': String(d0) }, fmt(d0)),
          h('td', { 'data-role': 'dist-processed', 'data-value': String(d1) }, fmt(d1)),
          h('td', {}, removed[k] ? `${fmt(d0 / d1, 2)}×` : '–'));
      }))),
    h('p', { class: 'hint' }, `Centres in label order; ${r.batches} batches of up to 4. “closer” is orig→tgt ÷ proc→tgt.`));
  }

  updateCounts() {
    if (this.data) this.showCounts(this.data.labels.length);
  }

  renderLegend() {
    const comps = Array.from({ length: Math.min(this.K, 8) }, (_, k) => ({
      swatch: (swatch[SHAPES[k % 4]] ?? swatch.circle)(SERIES[k], SERIES[k]), label: `cluster ${k}` }));
    this.legendEl.replaceChildren(htmlLegend([
      ...comps,
      { swatch: swatch.cross(ROLE.ink, 1.6), label: 'marked (×)' },
      { swatch: swatch.circle('#fff', '#6b6b6b', 1.5), label: 'erased (hollow)' },
      { swatch: swatch.line(ROLE.ink, { width: 1.5 }), label: 'mean trail' },
      { swatch: swatch.circle('none', OKABE_ITO.blue, 2.5), label: CENTRE.origin.label },
      { swatch: swatch.diamond(ROLE.ink, '#fff'), label: CENTRE.processed.label },
      { swatch: swatch.square('none', OKABE_ITO.vermillion, 2.5), label: CENTRE.target.label },
    ]));
  }

  plotHeight(width) { return Math.round(Math.min(600, Math.max(260, width * 0.8))); }

  plotScales(box) { return equalAspectScales(this.bounds, box); }

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

  drawPoints(ctx, overlay) {
    const { labels } = this.data;
    // Unmarked points first, then marked and erased on top so they stay visible.
    const layers = [[], []];
    for (let i = 0; i < labels.length; i++) layers[this.selection.has(i) ? 1 : 0].push(i);
    for (const i of layers[0]) {
      const k = labels[i];
      marker(ctx, SHAPES[k % 4], ...this.screenXY(i), 2.4, { fill: withAlpha(SERIES[k % 8], 0.75) });
    }
    for (const i of layers[1]) {
      const [px, py] = this.screenXY(i);
      if (this.applied?.has(i)) marker(ctx, SHAPES[labels[i] % 4], px, py, 2.8, { fill: '#fff', stroke: '#6b6b6b', lineWidth: 1.1 });
      else marker(ctx, 'cross', px, py, 3.2, { stroke: ROLE.ink, lineWidth: 1.6 }); // dense data: a black × replaces the point
    }
    if (overlay?.cursor !== null && overlay?.cursor !== undefined) {
      marker(ctx, 'square', ...this.screenXY(overlay.cursor), 7, { stroke: ROLE.ink, lineWidth: 2 });
    }
  }

  /** While forgetting: the processed means batch by batch (dashed), ending at the diamonds. */
  drawForgetTrail(ctx) {
    const t = this.forgetTrail;
    if (!t?.length) return;
    ctx.save();
    ctx.setLineDash([3, 2]);
    for (let k = 0; k < t[0].length; k++) {
      ctx.beginPath();
      t.forEach((m, i) => { const p = [this.sx(m[k][0]), this.sy(m[k][1])]; if (i) ctx.lineTo(...p); else ctx.moveTo(...p); });
      ctx.strokeStyle = ROLE.ink; ctx.lineWidth = 1.5; ctx.stroke();
      if (!this.result) { const m = t[t.length - 1][k]; CENTRE.processed.draw(ctx, this.sx(m[0]), this.sy(m[1])); }
    }
    ctx.restore();
  }

  drawTrails(ctx) {
    const t = this.trained;
    if (!t?.trails?.length) return;
    const K = t.trails[0].length;
    for (let k = 0; k < K; k++) {
      ctx.beginPath();
      t.trails.forEach((m, i) => { const p = [this.sx(m[k][0]), this.sy(m[k][1])]; if (i) ctx.lineTo(...p); else ctx.moveTo(...p); });
      ctx.strokeStyle = 'rgba(0,0,0,0.75)'; ctx.lineWidth = 1; ctx.stroke();
      const last = t.trails[t.trails.length - 1][k];
      if (!this.result) marker(ctx, 'circle', this.sx(last[0]), this.sy(last[1]), 4, { fill: ROLE.ink, stroke: '#fff', lineWidth: 1.5 });
    }
  }
}
