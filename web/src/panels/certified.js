// Certified-removal panel: the model lifecycle's 'logistic' family trained with
// objective perturbation (Guo, Goldstein, Hannun & van der Maaten 2020) on two moons.
// Each deletion request forgets one point by one Newton step and carries a proof:
// its bound on the gradient residual, the running sum of the bounds (which bounds
// ‖∇L_b(w; D′)‖), the residual measured, and the decision — once the sum passes the
// budget β = σε/c the lifecycle retrains on its own. The chart draws them request by
// request (residual-chart.js); the plot and the read-outs set the forgotten model
// beside one retrained on the rows it holds. The options, their ranges and every
// rule come from the core (modelFamilies(), through the worker); the panel renders.
import { h, uniqueId, countEvent } from '../dom.js';
import { ignoreCancelled } from '../client.js';
import { PredictiveMapPanel } from '../predictive-map-panel.js';
import { Selection, validIds } from '../selection.js';
import { fmt } from '../plot.js';
import { OKABE_ITO } from '../palette.js';
import { pointBounds, makeGrid } from '../field.js';
import { htmlLegend, swatch } from '../legend-html.js';
import { dataSourceBox } from '../data-source.js';
import { sizeControl, validSize, groupDigits } from '../size-control.js';
import { showSpeedup, clearSpeedup } from '../speedup.js';
import { drawResidualChart, RESIDUAL_STYLE } from '../residual-chart.js';

// "Forget more": the next rows of a seeded order, one request each.
const MORE = [1, 10, 100];
const VIEWS = { forgotten: 'forgotten', retrained: 'retrained', original: 'original' };
const GRID_NX = 72,
  GRID_NY = 48;
// The two options the panel offers, by their core names, with the URL's keys.
const CONTROLS = [
  { name: 'certifyEpsilon', key: 'epsilon', label: 'ε' },
  { name: 'perturbationSigma', key: 'sigma', label: 'σ' },
];
const CHART_TEXT = {
  y: 'running bound',
  right: 'bound per request',
  empty: 'Forget points to follow each request’s proven bound, the measured residual and the budget.',
  passed: 'retrained after',
};

const median = (xs) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
const pct = (v) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)} %`);

export class CertifiedPanel extends PredictiveMapPanel {
  static key = 'certified';

  async init() {
    const family = await this.compute.run('certified.family').catch(ignoreCancelled);
    // The first visit's setting: the paper's MNIST σ and ε (certifiedPaperSettings; the
    // family's defaults, 0, mean "not certified"; its ranges bound what the inputs accept).
    const paper = await this.compute.run('certified.paper').catch(ignoreCancelled);
    // The points of a first visit and their seed: the core's page setting (enough points
    // that b costs no accuracy) and make_moons' default.
    const page = await this.compute.run('page.settings').catch(ignoreCancelled);
    const data = await this.compute.run('options.defaults', { set: 'make_moons' }).catch(ignoreCancelled);
    if (!family || !paper || !page || !data || this.disposed) return;
    this.defaultN = page.certifiedRows;
    this.family = family;
    this.firstSetting = { certifyEpsilon: paper.epsilon, perturbationSigma: paper.sigma };
    const s = this.initialState;
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : data.seed;
    this.n = validSize(s.n, this.defaultN);
    this.view = s.view in VIEWS ? s.view : 'forgotten';
    this.settings = {};
    for (const c of CONTROLS) this.settings[c.name] = this.validSetting(c.name, s[c.key]) ?? this.firstSetting[c.name];
    this.selection = new Selection();
    this.result = null;
    this.live = null;
    this.applied = new Set();
    this.build();
    this.warnIfCsvLink(s, 'moons');
    await this.loadBuiltin(this.seed, s.forget ?? []);
  }

  /** `value` when the core's range for option `name` admits it, else undefined. */
  validSetting(name, value) {
    const spec = this.family[name];
    return Number.isFinite(value) && value >= spec.minimum && value <= spec.maximum ? value : undefined;
  }

  build() {
    this.canvas = this.interactivePlot(
      'Two-moons data over the certified logistic model’s p(y=1|x). Arrow keys move between points, Space marks a point to forget.',
    );
    this.chartCanvas = h('canvas', {
      'data-role': 'residual-chart',
      role: 'img',
      'aria-label': 'Each request’s proven bound, their running sum, the measured residual and the budget.',
    });
    this.forgetButtons({
      action: 'forget',
      label: 'Forget marked (one request each)',
      onAction: () => this.forgetMarked(),
    });
    this.moreButtons = MORE.map((k) =>
      h(
        'button',
        { type: 'button', 'data-action': `more-${k}`, onclick: () => this.forgetMore(k) },
        `Forget ${k} more`,
      ),
    );
    this.settingInputs = {};
    const settingRows = CONTROLS.map((c) => {
      const spec = this.family[c.name],
        id = uniqueId(`cert-${c.key}`);
      const input = h('input', {
        type: 'number',
        id,
        min: spec.minimum,
        max: spec.maximum,
        step: 'any',
        value: String(this.settings[c.name]),
        'data-role': c.key,
        title: spec.doc,
        style: 'width: 7em',
      });
      input.addEventListener('change', () => this.setSetting(c, input));
      this.settingInputs[c.name] = input;
      return h('div', { class: 'row' }, h('label', { for: id }, c.label), input);
    });
    this.viewButtons = Object.entries(VIEWS).map(([k, label]) =>
      h(
        'button',
        { type: 'button', 'data-view': k, 'aria-pressed': String(k === this.view), onclick: () => this.setView(k) },
        label,
      ),
    );
    this.chartLog = true;
    this.scaleButtons = [
      ['log', 'decades'],
      ['linear', 'linear'],
    ].map(([k, label]) =>
      h(
        'button',
        {
          type: 'button',
          'data-scale': k,
          'aria-pressed': String((k === 'log') === this.chartLog),
          onclick: () => this.setChartScale(k === 'log'),
        },
        label,
      ),
    );
    this.read = {};
    const dd = (k, cls) => (this.read[k] = h('dd', { 'data-role': k, class: cls }, '–'));
    this.logBody = h('tbody', {});
    this.sizeBox = sizeControl({
      value: this.n,
      defaultSize: this.defaultN,
      onChange: (n) => this.setSize(n),
      note: 'A request costs one Newton step on the forgotten row and one pass over the rows held (the measured residual); retraining costs a whole training. The budget fits more removals as N grows.',
    });
    this.dataBox = dataSourceBox({
      panel: this,
      builtinLabel: () => `two moons (n = ${groupDigits(this.n)})`,
      seed: this.seed,
      validate: (labels) => {
        if (labels.some((l) => l !== 0 && l !== 1)) return 'the certified panel needs labels 0 and 1 only';
        if (!labels.includes(0) || !labels.includes(1)) return 'both classes (0 and 1) must be present';
        if (labels.length < 20) return 'at least 20 points are needed';
        return null;
      },
      onData: (data, meta) =>
        meta.source === 'csv'
          ? this.setData(data, { source: 'csv', name: meta.name }, [])
          : this.loadBuiltin(meta.seed, []),
    });
    this.frame({
      key: 'certified',
      title: 'Certified removal · logistic regression with a proof per request',
      explain: [
        'A logistic regression is trained with a random linear term bᵀw, b ~ N(0, σ²I) (objective perturbation, Guo et al. 2020). ',
        h('b', {}, 'Each deletion request'),
        ' removes one point by one Newton step — no retraining — and comes with a proven bound on the gradient residual it adds. ',
        'While the running sum of the bounds stays within the budget β = σε/√(2 ln(1.5/δ)), the model is (ε, δ)-indistinguishable from one retrained without the points; past it, the model retrains on its own. ',
        'The measured residual ‖∇L(w; D′)‖ (green) stays under the running bound on every request.',
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
            'Click a point to mark it, drag a box to mark a region (Shift adds); “Forget marked” sends one request per point. Thin black line: the forgotten model’s p = 0.5 boundary; thick orange: a copy retrained on the rows it holds.',
          ),
        ),
        h(
          'figure',
          { class: 'figure', 'data-role': 'residual-figure' },
          this.chartCanvas,
          (this.chartLegendEl = h('div', { 'data-role': 'residual-legend' })),
          h(
            'div',
            { class: 'row' },
            h('span', { class: 'hint' }, 'Left axis:'),
            h('div', { class: 'seg', role: 'group', 'aria-label': 'Left axis scale' }, ...this.scaleButtons),
          ),
          h(
            'figcaption',
            {},
            'Per request: its proven bound (bars, right axis), the running sum of the bounds (blue line), which bounds the residual measured (green dots), and the budget (dashed). ',
            'Where the sum passes the budget the model is retrained (dotted line, diamond) and the sum starts again.',
          ),
          h(
            'details',
            { 'data-role': 'request-log' },
            h('summary', {}, 'The requests as a table'),
            h(
              'div',
              { class: 'table-scroll', style: 'max-height: 16em; overflow-y: auto' },
              h(
                'table',
                { class: 'kl-table' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ...['request', 'row', 'bound', 'running bound', 'actual', 'decision'].map((t) =>
                      h('th', { scope: 'col' }, t),
                    ),
                  ),
                ),
                this.logBody,
              ),
            ),
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
          h('div', { class: 'row' }, ...this.moreButtons),
          h('div', { class: 'row' }, this.undoButton, this.resetButton),
          h('p', { class: 'hint' }, 'Reset trains again on every point and forgets nothing.'),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Certified removal'),
          ...settingRows,
          h(
            'p',
            { class: 'hint', 'data-role': 'setting-hint' },
            `δ = ${this.family.certifyDelta.defaultValue}, prior variance σ_p² = ${this.family.priorVariance.defaultValue} (the core’s defaults). σ = 0: no perturbation, no budget. A change trains again and replays the requests.`,
          ),
          h(
            'div',
            { class: 'row' },
            h('span', { class: 'hint' }, 'Heatmap:'),
            h('div', { class: 'seg', role: 'group', 'aria-label': 'Heatmap shows' }, ...this.viewButtons),
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Result'),
          h(
            'dl',
            { class: 'readout' },
            h('dt', {}, 'budget β = σε/c'),
            dd('budget'),
            h('dt', {}, 'requests · retrains'),
            dd('requests', 'sentence'),
            h('dt', {}, 'last request: bound · running bound · actual'),
            dd('last'),
            h('dt', {}, 'running bound now (of the budget)'),
            dd('sum'),
            h('dt', {}, '‖w − w*‖ to the retrained MAP: measured ≤ proven'),
            dd('distance'),
            h('dt', {}, 'accuracy on the rows held: forgotten / retrained'),
            dd('accuracy'),
            h('dt', {}, 'time: one request (median) / retraining'),
            dd('times'),
            h('dt', {}, 'speedup'),
            dd('speedup', 'sentence'),
          ),
        ),
        this.sizeBox.element,
        this.dataBox.element,
      ],
    });
    this.attachSelection(this.canvas, 'box');
    this.legendEl.replaceChildren(htmlLegend(this.mapLegend('p(y=1|x)')));
    this.afterCancel = () => {
      this.live = null;
      this.drawChart();
    };
  }

  getState() {
    const out = {
      ...this.dataState(),
      n: this.dataMeta?.source === 'csv' || this.n === this.defaultN ? undefined : this.n,
      forget: this.result?.done ?? [],
      view: this.view === 'forgotten' ? undefined : this.view,
    };
    for (const c of CONTROLS)
      out[c.key] = this.settings[c.name] === this.firstSetting?.[c.name] ? undefined : this.settings[c.name];
    return out;
  }

  /** A typed setting inside the core's range trains again (the requests replayed); anything else puts the field back. */
  setSetting(c, input) {
    const value = input.value.trim() === '' ? NaN : Number(input.value);
    const ok = this.validSetting(c.name, value);
    if (ok === undefined) {
      const spec = this.family[c.name];
      input.value = String(this.settings[c.name]);
      this.message(`${c.label} is a number from ${spec.minimum} to ${spec.maximum} (${spec.doc}).`, 'warn');
      return;
    }
    if (ok === this.settings[c.name]) return;
    this.settings[c.name] = ok;
    this.notifyState();
    this.runRequests([], { done: this.result?.done ?? [] });
  }

  /** The chart's left axis in decades (the measured residual sits far below its bound) or linear (the budget's share spent). */
  setChartScale(log) {
    this.chartLog = log;
    this.scaleButtons.forEach((b) => b.setAttribute('aria-pressed', String((b.dataset.scale === 'log') === log)));
    this.drawChart();
  }

  setView(k) {
    this.view = k;
    this.viewButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === k)));
    this.notifyState();
    this.draw();
  }

  setSize(n) {
    this.n = n;
    this.sizeBox.set(n);
    this.loadBuiltin(this.seed, []);
  }

  async loadBuiltin(seed, forget) {
    const data = await this.run('data', 'data.moons', { n: this.n, seed }, { showProgress: false });
    if (!data) return;
    this.seed = seed;
    this.dataBox.setSeed(seed);
    await this.setData(data, { source: 'builtin', seed }, forget);
  }

  async setData(data, meta, forget) {
    this.compute.cancelChannel('forget');
    this.data = data;
    this.dataMeta = meta;
    this.bounds = pointBounds(data.x, 0.08);
    this.grid = makeGrid(this.bounds, GRID_NX, GRID_NY);
    this.order = await this.run(
      'data',
      'certified.order',
      { n: data.labels.length, seed: this.seed },
      {
        showProgress: false,
      },
    );
    if (!this.order) return;
    this.result = null;
    this.live = null;
    this.applied = new Set();
    this.selection.reset();
    this.showResult();
    this.element.dataset.ready = 'true';
    // A link's forgotten rows are forgotten again as requests, in increasing id order.
    await this.runRequests(validIds(forget, data.labels.length), { done: [] });
  }

  reset() {
    this.selection.reset();
    this.message('');
    this.runRequests([], { done: [] });
  }

  /** The marked rows not forgotten yet, in increasing order. */
  pendingIds() {
    return this.selection.sorted().filter((id) => !this.applied.has(id));
  }

  forgetMarked() {
    const ids = this.pendingIds();
    if (!ids.length) {
      this.message('Mark at least one point first (click it or drag a box), or use “Forget 1 more”.', 'warn');
      return;
    }
    return this.runRequests(ids);
  }

  /** The next `k` rows of the seeded order that the model still holds. */
  forgetMore(k) {
    const ids = [];
    for (const id of this.order) {
      if (ids.length === k) break;
      if (!this.applied.has(id)) ids.push(id);
    }
    // The model must keep a row of each class; the core refuses to empty it.
    if (ids.length < k || this.applied.size + ids.length >= this.data.labels.length) {
      this.message('No rows left to forget.', 'warn');
      return;
    }
    return this.runRequests(ids);
  }

  /**
   * Forgets `ids` (one request each) from the model that has forgotten `done` (the
   * worker trains it, or replays, when it holds another), drawing each request as it
   * commits; the finished result becomes what the panel shows.
   */
  async runRequests(ids, { done = this.result?.done ?? [] } = {}) {
    if (!this.data) return;
    const base = this.result && done === this.result.done ? this.result.requests : [];
    this.live = ids.length ? { requests: [...base], budget: this.result?.budget ?? 0 } : null;
    this.drawChart();
    const result = await this.run(
      'forget',
      'certified.forget',
      {
        x: this.data.x,
        labels: this.data.labels,
        options: { ...this.settings },
        done,
        ids,
        grid: this.grid.points,
      },
      {
        label: ids.length ? `Forgetting ${ids.length} points` : 'Training',
        onDetail: (d) => {
          if (!d.request || !this.live) return;
          this.live.requests.push(d.request);
          this.live.budget = d.request.budget;
          this.scheduleChartDraw();
        },
      },
    ).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    this.live = null;
    if (!result) {
      this.drawChart();
      return;
    }
    this.result = {
      ...result,
      grids: {
        original: result.original.grid,
        forgotten: result.forgotten.grid,
        retrained: result.retrained?.grid ?? result.forgotten.grid,
      },
    };
    this.applied = new Set(result.done);
    // Marks that are now forgotten are no longer pending.
    if (this.selection.size) this.selection.reset(this.pendingIds());
    if (!this.messageEl.classList.contains('error') || ids.length) this.message('');
    this.showResult();
    this.notifyState();
    countEvent(this.element, ids.length ? 'forgotten' : 'trained');
  }

  /** Forget state for drawing: 2 forgotten, 1 marked, 0 neither. */
  markFlags() {
    const flags = new Uint8Array(this.data.labels.length);
    for (const id of this.selection.ids) flags[id] = 1;
    for (const id of this.applied) flags[id] = 2;
    return flags;
  }

  updateCounts() {
    if (!this.data) return;
    const pending = this.pendingIds().length,
      n = this.data.labels.length;
    this.countsEl.replaceChildren(
      h('b', {}, groupDigits(n)),
      ' points · ',
      h('b', { 'data-role': 'marked-count' }, String(pending)),
      ' marked · ',
      h('b', { 'data-role': 'forgotten-count' }, String(this.applied.size)),
      ' forgotten',
    );
    this.actionButton.disabled = pending === 0;
    this.undoButton.disabled = !this.selection.canUndo;
  }

  get mapKeys() {
    return { original: 'original', retrained: 'retrained', forgotten: 'forgotten' };
  }

  mapLabel() {
    return `heatmap: ${VIEWS[this.view]} model`;
  }

  showResult() {
    const r = this.result;
    const set = (k, text, data = {}) => {
      const el = this.read[k];
      el.textContent = text;
      for (const key of Object.keys(el.dataset)) if (key !== 'role') delete el.dataset[key];
      for (const [key, v] of Object.entries(data)) if (v !== null && v !== undefined) el.dataset[key] = String(v);
    };
    if (!r) {
      for (const k of Object.keys(this.read)) set(k, '–');
      clearSpeedup(this.read.times, this.read.speedup);
      this.renderLog();
      this.updateCounts();
      this.draw();
      this.drawChart();
      return;
    }
    const q = r.requests,
      last = q.at(-1);
    const retrains = q.filter((x) => x.decision === 'retrained').map((x) => x.request);
    set(
      'budget',
      r.budget > 0 ? `${fmt(r.budget)} (σ = ${r.sigma}, ε = ${r.epsilon}, δ = ${r.delta})` : 'none (σ or ε is 0)',
      { value: r.budget },
    );
    set(
      'requests',
      `${q.length} · ${retrains.length ? `retrained after request${retrains.length > 1 ? 's' : ''} ${retrains.join(', ')}` : 'no retrain'}`,
      { value: q.length, retrains: retrains.length },
    );
    set(
      'last',
      last ? `${fmt(last.bound)} · ${fmt(last.sum)} · ${last.actual === null ? '–' : fmt(last.actual)}` : '–',
      last ? { bound: last.bound, sum: last.sum, actual: last.actual } : {},
    );
    set('sum', r.budget > 0 ? `${fmt(r.sumNow)} of ${fmt(r.budget)}` : fmt(r.sumNow), { value: r.sumNow });
    const v = r.verify;
    set(
      'distance',
      v
        ? `${fmt(v.parameterDistance)} ≤ ${v.distanceBound === null ? '– (just retrained)' : fmt(v.distanceBound)}`
        : '–',
      v ? { value: v.parameterDistance, bound: v.distanceBound, holds: v.boundHolds } : {},
    );
    set(
      'accuracy',
      `${pct(r.forgotten.accuracy)} / ${r.retrained ? pct(r.retrained.accuracy) : '–'} (original on every row: ${pct(r.original.accuracy)})`,
      { forgotten: r.forgotten.accuracy, retrained: r.retrained?.accuracy },
    );
    const forgetSeconds = median(q.filter((x) => x.decision === 'forgotten').map((x) => x.seconds));
    if (forgetSeconds !== undefined && r.retrained)
      showSpeedup(this.read.times, this.read.speedup, forgetSeconds, r.retrained.seconds);
    else clearSpeedup(this.read.times, this.read.speedup);
    this.renderLog();
    this.updateCounts();
    this.draw();
    this.drawChart();
  }

  /** The requests as table rows, each with its numbers in data-* (the chart's data, readable). */
  renderLog() {
    const q = this.result?.requests ?? [];
    this.logBody.replaceChildren(
      ...q.map((x) =>
        h(
          'tr',
          {
            'data-request': x.request,
            'data-bound': x.bound,
            'data-sum': x.sum,
            'data-actual': x.actual ?? '',
            'data-decision': x.decision,
          },
          h('td', {}, String(x.request)),
          h('td', {}, x.ids.join(', ')),
          h('td', {}, fmt(x.bound)),
          h('td', {}, fmt(x.sum)),
          h('td', {}, x.actual === null ? '–' : fmt(x.actual)),
          h('td', {}, x.decision),
        ),
      ),
    );
  }

  scheduleChartDraw() {
    if (this.chartPending) return;
    this.chartPending = true;
    requestAnimationFrame(() => {
      this.chartPending = false;
      if (!this.disposed) this.drawChart();
    });
  }

  /** The certificate chart of the shown requests (the running ones while they go), and its legend. */
  drawChart() {
    const canvas = this.chartCanvas;
    if (!canvas) return;
    const run = this.live ?? this.result;
    const requests = (run?.requests ?? []).map((x) => ({
      request: x.request,
      residual: x.bound,
      accumulated: x.sum,
      actual: x.actual,
      recommended: x.decision === 'retrained',
      aloneAccumulated: null,
    }));
    const swaps = requests.filter((x) => x.recommended).map((x) => ({ afterRequest: x.request }));
    drawResidualChart(canvas, this.figureWidth(canvas), {
      total: requests.length || null,
      requests,
      budget: run?.budget ?? 0,
      swaps,
      actual: true,
      yLog: this.chartLog,
      text: CHART_TEXT,
    });
    countEvent(canvas, 'drawn');
    const last = requests.at(-1);
    canvas.setAttribute(
      'aria-label',
      last
        ? `${requests.length} requests; running bound ${fmt(last.accumulated)}, measured residual ${last.actual === null ? 'not measured' : fmt(last.actual)}${swaps.length ? `; retrained after request ${swaps.map((s) => s.afterRequest).join(', ')}` : ''}.`
        : 'Certificate chart: no deletion requests yet.',
    );
    const S = RESIDUAL_STYLE;
    this.chartLegendEl.replaceChildren(
      htmlLegend([
        { swatch: swatch.square(S.perRequest.color, 'none'), label: 'bound of each request (right axis)' },
        { swatch: swatch.line(S.accumulated.color, { width: S.accumulated.width }), label: 'running bound (proof)' },
        { swatch: swatch.circle(S.actual.color, S.actual.color), label: 'actual residual (measured)' },
        { swatch: swatch.line(S.budget.color, { width: 1.5, dash: S.budget.dash.join(' ') }), label: 'budget β' },
        { swatch: swatch.diamond(OKABE_ITO.vermillion, '#fff'), label: 'retrained' },
      ]),
    );
  }

  redrawAll() {
    this.draw();
    this.drawChart();
  }
}
