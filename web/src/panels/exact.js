// Exact unlearning panel: conjugate Bayesian linear regression on RBF features.
// The posterior is Gaussian in closed form; forgetting D_e subtracts its
// sufficient statistics from the natural parameters, which must give exactly
// the posterior retrained on D_r = D \ D_e (eq. 1 of the method).
import { h, uniqueId, countEvent } from '../dom.js';
import { PanelBase } from '../panel-base.js';
import { Selection, validIds } from '../selection.js';
import {
  prepareCanvas,
  linearScale,
  drawAxes,
  padExtent,
  extent,
  polyline,
  band,
  marker,
  markPending,
  fmt,
} from '../plot.js';
import { htmlLegend, swatch } from '../legend-html.js';
import { ROLE, withAlpha } from '../palette.js';
import { ignoreCancelled } from '../client.js';

const GRID_SIZE = 241;
const X_DOMAIN = [-3.25, 3.25];
const MARGIN = { left: 58, right: 14, top: 12, bottom: 46 };

export class ExactPanel extends PanelBase {
  static key = 'exact';
  static title = 'Exact unlearning · Bayesian linear regression';

  async init() {
    const s = this.initialState;
    // A first visit's points: the core's page setting (the seed this panel has always shown).
    const page = await this.compute.run('page.settings').catch(ignoreCancelled);
    if (!page || this.disposed) return;
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : page.exactDataSeed;
    this.selection = new Selection();
    this.result = null; // last exactForget result
    this.applied = null; // ids that result forgotten
    this.grid = Float64Array.from(
      { length: GRID_SIZE },
      (_, i) => X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / (GRID_SIZE - 1),
    );
    this.build();
    await this.loadData(s.forget ?? []);
    if (this.selection.size > 0) await this.forget();
  }

  build() {
    this.canvas = this.interactivePlot(
      'Regression data and posterior. Arrow keys move between points, Space marks a point for erasure.',
    );
    const seedId = uniqueId('exact-seed');
    this.seedInput = h('input', {
      type: 'number',
      id: seedId,
      min: 0,
      step: 1,
      value: String(this.seed),
      style: 'width: 6em',
    });
    this.forgetButtons({ action: 'forget', label: 'Forget marked points', onAction: () => this.forget() });
    this.diffEl = h('dd', { 'data-role': 'max-diff' }, '–');
    this.postDiffEl = h('dd', { 'data-role': 'posterior-diff' }, '–');
    this.bandEl = h('dd', { 'data-role': 'band-change' }, '–');
    this.modelStatusEl = h('dd', { 'data-role': 'model-status' }, '–');
    this.modelInput = h('input', {
      type: 'file',
      accept: '.lethe',
      hidden: true,
      'data-role': 'model-file',
      onchange: () => this.loadModelFile(),
    });
    const preset = (label, pick) =>
      h('button', { type: 'button', 'data-preset': label, onclick: () => this.selection.replace(pick()) }, label);
    this.frame({
      key: 'exact',
      title: ExactPanel.title,
      explain: [
        'A Bayesian linear model with 13 radial-basis features has a Gaussian posterior in closed form. ',
        h('b', {}, 'Forget'),
        ' removes the marked points by subtracting their sufficient statistics from the posterior — no retraining. ',
        'The thick orange curve is a model retrained from scratch without those points; the thin black one is the forgotten posterior drawn over it, ',
        'and the read-out gives their largest difference, which is pure rounding error (about 1e-12 or smaller).',
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
            'Posterior mean with a ±2σ band. Click a point to mark it, drag across to mark a range (Shift adds). Keyboard: focus the plot, ←/→ move, Space marks.',
          ),
        ),
      ],
      controls: [
        h(
          'fieldset',
          {},
          h('legend', {}, 'Forget'),
          this.countsEl,
          h('div', { class: 'row' }, this.actionButton),
          h('div', { class: 'row' }, this.undoButton, this.resetButton),
          h(
            'div',
            { class: 'row', role: 'group', 'aria-label': 'Preset selections' },
            preset('Right end (x > 1.5)', () => this.idsWhere((x) => x > 1.5)),
            preset('Middle gap', () => this.idsWhere((x) => x > -0.6 && x < 0.6)),
            preset('Every 4th', () => this.idsWhere((_, i) => i % 4 === 0)),
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Result'),
          h(
            'dl',
            { class: 'readout' },
            h('dt', {}, 'max |forgotten − retrained| (mean, sd)'),
            this.diffEl,
            h('dt', {}, 'max |Δ| posterior mean, cov.'),
            this.postDiffEl,
            h('dt', {}, 'band change vs. before'),
            this.bandEl,
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Data'),
          h(
            'div',
            { class: 'row' },
            h('label', { for: seedId }, 'Seed'),
            this.seedInput,
            h('button', { type: 'button', 'data-action': 'new-data', onclick: () => this.newData() }, 'New data'),
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Model file'),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              { type: 'button', 'data-action': 'download-model', onclick: () => this.downloadModel() },
              'Download model',
            ),
            h(
              'button',
              { type: 'button', 'data-action': 'load-model', onclick: () => this.modelInput.click() },
              'Load model',
            ),
            this.modelInput,
          ),
          h('dl', { class: 'readout' }, h('dt', {}, 'model file'), this.modelStatusEl),
          h(
            'p',
            { class: 'hint' },
            'The points as a .lethe file (the linear family on x, the marked points forgotten as one request), the format the lethe command-line tool reads and writes.',
          ),
        ),
      ],
    });
    this.attachSelection(this.canvas, 'range');
  }

  idsWhere(pred) {
    const out = [];
    if (!this.data) return out;
    this.data.x.forEach((x, i) => {
      if (pred(x, i)) out.push(i);
    });
    return out;
  }

  getState() {
    return { seed: this.seed, forget: this.selection ? this.selection.sorted() : [] };
  }

  async loadData(forget = []) {
    // Size and noise are the API's defaults (makeRegression1d).
    const data = await this.run('data', 'exact.data', { seed: this.seed }, { showProgress: false });
    if (!data) return;
    this.data = data;
    const fit = await this.run('data', 'exact.fit', { x: data.x, y: data.y, grid: this.grid }, { showProgress: false });
    if (!fit) return;
    this.original = fit.prediction;
    this.result = null;
    this.applied = null;
    this.selection.reset(validIds(forget, data.x.length));
    this.showResult();
    this.element.dataset.ready = 'true';
  }

  async newData() {
    const seed = Number(this.seedInput.value);
    if (!Number.isInteger(seed) || seed < 0) {
      this.message('Seed must be a whole number ≥ 0.', 'error');
      return;
    }
    this.seed = seed;
    this.message('');
    await this.loadData([]);
    this.notifyState();
  }

  async forget() {
    const forget = this.data && this.markedIds('Mark at least one point first (click it, or drag across a range).');
    if (!forget) return;
    this.message('');
    const result = await this.run(
      'forget',
      'exact.forget',
      { x: this.data.x, y: this.data.y, forget, grid: this.grid },
      { label: 'Forgetting' },
    );
    if (!result) return;
    this.showErasure(result, forget);
    countEvent(this.element, 'forgotten');
  }

  /** Saves the points, the applied request forgotten, as a .lethe model file (a download). */
  async downloadModel() {
    if (!this.data) return;
    const forget = this.applied ? [...this.applied].sort((a, b) => a - b) : [];
    const saved = await this.run(
      'model',
      'model.save',
      { x: this.data.x, y: this.data.y, forget, requestId: 'exact-panel' },
      { showProgress: false },
    ).catch((err) => this.message(`Download model: ${err.message}`, 'error'));
    if (!saved) return;
    this.showModelStatus(saved.status);
    const url = URL.createObjectURL(new Blob([saved.bytes], { type: 'application/octet-stream' }));
    h('a', { href: url, download: `exact-seed-${this.seed}.lethe` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    countEvent(this.element, 'modelSaved');
  }

  /** Reads the chosen .lethe file and shows its status (rows, requests). */
  async loadModelFile() {
    const file = this.modelInput.files?.[0];
    if (!file) return;
    this.modelInput.value = '';
    const bytes = new Uint8Array(await file.arrayBuffer());
    const status = await this.run('model', 'model.status', { bytes }, { showProgress: false }).catch((err) => {
      this.modelStatusEl.textContent = '–';
      this.message(`Load model: ${file.name}: ${err.message}`, 'error');
    });
    if (!status) return;
    this.message('');
    this.showModelStatus(status, file.name);
    countEvent(this.element, 'modelLoaded');
  }

  showModelStatus(status, name = '') {
    const n = status.requests.length;
    this.modelStatusEl.textContent =
      `${name ? `${name}: ` : ''}${status.family}, ${status.rows} rows, ${status.forgotten} forgotten, ` +
      `${n} request${n === 1 ? '' : 's'}`;
    this.modelStatusEl.dataset.rows = String(status.rows);
    this.modelStatusEl.dataset.requests = String(n);
  }

  reset() {
    this.result = null;
    this.applied = null;
    this.selection.clear();
    this.message('');
    this.showResult();
  }

  showResult() {
    const r = this.result;
    if (r) {
      this.diffEl.textContent = fmt(r.maxPredictionDifference, 2);
      this.diffEl.dataset.value = String(r.maxPredictionDifference);
      this.postDiffEl.textContent = fmt(r.maxPosteriorDifference, 2);
      this.postDiffEl.dataset.value = String(r.maxPosteriorDifference);
      let dm = 0;
      for (let i = 0; i < this.grid.length; i++)
        dm = Math.max(dm, Math.abs(r.forgotten.stdDev[i] - this.original.stdDev[i]));
      this.bandEl.textContent = `σ up to ${fmt(dm, 3)}`;
      this.bandEl.dataset.value = String(dm);
    } else {
      for (const el of [this.diffEl, this.postDiffEl, this.bandEl]) {
        el.textContent = '–';
        delete el.dataset.value;
      }
    }
    this.updateCounts();
    this.draw();
  }

  updateCounts() {
    if (this.data) this.showCounts(this.data.x.length, { staleHint: 'press Forget', inModel: true });
  }

  scales(width, height) {
    const d = this.data,
      o = this.original;
    let [lo, hi] = extent(d.y);
    for (let i = 0; i < this.grid.length; i++) {
      lo = Math.min(lo, o.mean[i] - 2 * o.stdDev[i]);
      hi = Math.max(hi, o.mean[i] + 2 * o.stdDev[i]);
    }
    [lo, hi] = padExtent(Math.max(lo, -6), Math.min(hi, 6), 0.04);
    return {
      sx: linearScale(X_DOMAIN, [MARGIN.left, width - MARGIN.right]),
      sy: linearScale([lo, hi], [height - MARGIN.bottom, MARGIN.top]),
    };
  }

  screenPoints() {
    if (!this.data || !this.sx) return [];
    const { x, y } = this.data;
    return Array.from(x, (xi, i) => ({ id: i, px: this.sx(xi), py: this.sy(y[i]) }));
  }

  draw(overlay = this.picker?.overlay()) {
    if (!this.data || !this.original || !this.canvas) return;
    const width = this.figureWidth(this.canvas),
      height = Math.round(Math.min(420, Math.max(260, width * 0.55)));
    const ctx = prepareCanvas(this.canvas, width, height);
    const { sx, sy } = this.scales(width, height);
    this.sx = sx;
    this.sy = sy;
    drawAxes(ctx, sx, sy, { xLabel: 'input x', yLabel: 'output y' });
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
    ctx.clip();
    const g = this.grid,
      lower = (p) => p.mean.map((m, i) => m - 2 * p.stdDev[i]),
      upper = (p) => p.mean.map((m, i) => m + 2 * p.stdDev[i]);
    if (!this.result) {
      const o = this.original;
      band(ctx, g, lower(o), upper(o), sx, sy);
      ctx.fillStyle = withAlpha(ROLE.original, 0.18);
      ctx.fill();
      polyline(ctx, g, o.mean, sx, sy);
      ctx.strokeStyle = ROLE.original;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    } else {
      const { forgotten: u, retrained: r } = this.result,
        o = this.original;
      // Before: dashed blue mean, for the eye to see what moved.
      polyline(ctx, g, o.mean, sx, sy);
      ctx.strokeStyle = withAlpha(ROLE.original, 0.85);
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.stroke();
      ctx.setLineDash([]);
      // Retrained: wide orange band and a thick mean.
      band(ctx, g, lower(r), upper(r), sx, sy);
      ctx.fillStyle = withAlpha(ROLE.retrained, 0.25);
      ctx.fill();
      polyline(ctx, g, r.mean, sx, sy);
      ctx.strokeStyle = withAlpha(ROLE.retrained, 0.9);
      ctx.lineWidth = 6;
      ctx.stroke();
      // Forgotten: thin black mean and dotted band edges, drawn on top.
      for (const edge of [lower(u), upper(u)]) {
        polyline(ctx, g, edge, sx, sy);
        ctx.strokeStyle = ROLE.afterForget;
        ctx.lineWidth = 1.25;
        ctx.setLineDash([2, 3]);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      polyline(ctx, g, u.mean, sx, sy);
      ctx.strokeStyle = ROLE.afterForget;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    this.drawPoints(ctx, sx, sy, overlay);
    if (overlay?.box) {
      const [x0, , x1] = overlay.box;
      ctx.fillStyle = withAlpha(ROLE.marked, 0.12);
      ctx.strokeStyle = ROLE.marked;
      ctx.lineWidth = 1;
      ctx.fillRect(Math.min(x0, x1), MARGIN.top, Math.abs(x1 - x0), height);
      ctx.strokeRect(Math.min(x0, x1) + 0.5, MARGIN.top, Math.abs(x1 - x0), height);
    }
    ctx.restore();
    this.renderLegend();
    countEvent(this.canvas, 'drawn');
  }

  renderLegend() {
    const key = this.result ? 'after' : 'before';
    if (this.legendKey === key) return;
    this.legendKey = key;
    const curves = this.result
      ? [
          { swatch: swatch.line(ROLE.original, { width: 1.5, dash: '6 4' }), label: 'before: posterior on all data' },
          {
            swatch: swatch.line(withAlpha(ROLE.retrained, 0.9), { width: 6 }),
            label: 'retrained without the forgotten points (band ±2σ)',
          },
          { swatch: swatch.line(ROLE.afterForget, { width: 1.5 }), label: 'after forgetting (band edges dotted)' },
        ]
      : [{ swatch: swatch.line(ROLE.original, { width: 2.5 }), label: 'posterior mean on all data, band ±2σ' }];
    this.legendEl.replaceChildren(
      htmlLegend([
        ...curves,
        { swatch: swatch.circle(ROLE.ink, '#fff'), label: 'data point' },
        { swatch: swatch.marked(), label: 'marked for erasure' },
        { swatch: swatch.circle('#fff', ROLE.forgotten, 1.75), label: 'forgotten (hollow)' },
      ]),
    );
  }

  drawPoints(ctx, sx, sy, overlay) {
    const { x, y } = this.data;
    for (let i = 0; i < x.length; i++) {
      const px = sx(x[i]),
        py = sy(y[i]);
      const marked = this.selection.has(i),
        forgotten = this.applied?.has(i) ?? false;
      if (forgotten && marked) {
        marker(ctx, 'circle', px, py, 4.5, { fill: '#fff', stroke: ROLE.forgotten, lineWidth: 1.75 });
      } else {
        marker(ctx, 'circle', px, py, 3.5, { fill: ROLE.ink, stroke: '#fff', lineWidth: 1 });
        if (marked) markPending(ctx, px, py);
      }
      if (overlay?.cursor === i) marker(ctx, 'square', px, py, 8, { stroke: ROLE.ink, lineWidth: 2 });
    }
  }
}
