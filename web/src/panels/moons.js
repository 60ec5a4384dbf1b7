// Variational unlearning panel: a sparse-GP classifier on two moons. The
// variational posterior q(θ|D) is learned on all data; forgetting D_e gives the
// forgotten q̃ (EUBO or reverse KL with the λ-adjusted likelihood), compared
// with q(θ|D_r) retrained on the remaining data. The published set-up (data
// size and noise, inducing values, the sweep's λ list, the forget presets, where
// λ = 0 sits on a log axis) comes from the module (lethe.moonsDefaults), read
// once through the worker before the panel is built.
import { h, uniqueId, countEvent } from '../dom.js';
import { ignoreCancelled } from '../client.js';
import { countWord } from '../text.js';
import { PredictiveMapPanel } from '../predictive-map-panel.js';
import { Selection, validIds, sameIds } from '../selection.js';
import { prepareCanvas, drawAxes, marker, fmt, linearScale } from '../plot.js';
import { ROLE, OKABE_ITO } from '../palette.js';
import { pointBounds, makeGrid } from '../field.js';
import { htmlLegend, swatch } from '../legend-html.js';
import { dataSourceBox } from '../data-source.js';
import { sizeControl, validSize, groupDigits } from '../size-control.js';
import { showSpeedup, clearSpeedup } from '../speedup.js';
import { elapsedTicker } from '../elapsed.js';

// The slider's stops: a UI choice, finer than the published sweep's λ list.
export const LAMBDAS = [0, 1e-9, 1e-7, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5, 1];
const METHODS = { eubo: 'EUBO', rkl: 'reverse KL' };
const VIEWS = { forgotten: 'forgotten q̃', retrained: 'retrained q(θ|D_r)', before: 'before q(θ|D)' };
const GRID_NX = 72,
  GRID_NY = 48;
// Background λ prefetch is skipped after a run slower than this (large forgotten sets):
// it would hold the worker for many such runs while the user waits on the next request.
const PREFETCH_MAX_SECONDS = 0.5;

const fmtLambda = (l) => (l === 0 ? '0' : l >= 0.01 ? String(l) : l.toExponential(0).replace('e-', 'e-'));

export class MoonsPanel extends PredictiveMapPanel {
  static key = 'moons';

  async init() {
    const defaults = await this.compute.run('moons.defaults').catch(ignoreCancelled);
    if (!defaults || this.disposed) return; // disposed while the module loaded
    this.defaults = defaults;
    this.sweepLambdas = Array.from(defaults.lambdas);
    // q(θ) is a Gaussian over one value per inducing input (row-major M×2).
    this.inducingCount = defaults.inducing.length / 2;
    const s = this.initialState;
    // The data's seed, the method and λ of a first visit: the core's (the routines' defaults
    // and the page's λ, where the reverse KL's own optimum is closest to retraining).
    const data = await this.compute.run('options.defaults', { set: 'make_moons' }).catch(ignoreCancelled);
    const request = await this.compute.run('options.defaults', { set: 'moons_forget' }).catch(ignoreCancelled);
    const page = await this.compute.run('page.settings').catch(ignoreCancelled);
    if (!data || !request || !page || this.disposed) return;
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : data.seed;
    this.n = validSize(s.n, defaults.n);
    // The presets at this size, and the one a first visit marks, come from the core (moonsScenarioPresets).
    const presets = await this.compute.run('moons.presets', { n: this.n }).catch(ignoreCancelled);
    if (!presets || this.disposed) return;
    this.presets = presets;
    this.method = s.method in METHODS ? s.method : request.method;
    this.lambdas = [...LAMBDAS];
    this.defaultLambda = page.moonsLambda;
    const lam = Number.isFinite(s.lambda) && s.lambda >= 0 && s.lambda <= 1 ? s.lambda : this.defaultLambda;
    if (!this.lambdas.includes(lam)) {
      this.lambdas.push(lam);
      this.lambdas.sort((a, b) => a - b);
    }
    this.lambda = lam;
    this.view = s.view in VIEWS ? s.view : 'forgotten';
    this.selection = new Selection();
    this.result = null;
    this.sweep = null;
    this.build();
    const forget = s.forget ?? null;
    this.warnIfCsvLink(s, 'moons');
    await this.loadBuiltin(this.seed, forget);
  }

  build() {
    this.canvas = this.interactivePlot(
      'Two-moons data over the predictive probability. Arrow keys move between points, Space marks a point for erasure.',
    );
    this.klCanvas = h('canvas', {
      'data-role': 'kl-chart',
      role: 'img',
      'aria-label': 'Averaged predictive KL against λ, on the forgotten and on the remaining points.',
    });
    const forgetBox = this.forgetFieldset({
      idPrefix: 'moons-scenario',
      scenarios: this.presets.labels,
      action: 'forget',
      label: 'Forget marked points',
      onAction: () => this.forget(),
    });
    this.methodButtons = Object.entries(METHODS).map(([k, label]) =>
      h(
        'button',
        {
          type: 'button',
          'data-method': k,
          'aria-pressed': String(k === this.method),
          onclick: () => this.setMethod(k),
        },
        label,
      ),
    );
    this.viewButtons = Object.entries(VIEWS).map(([k, label]) =>
      h(
        'button',
        {
          type: 'button',
          'data-view': k,
          'aria-pressed': String(k === this.view),
          onclick: () => this.setView(k),
        },
        label.split(' ')[0],
      ),
    );
    const lambdaId = uniqueId('moons-lambda');
    this.lambdaInput = h('input', {
      type: 'range',
      id: lambdaId,
      min: 0,
      max: this.lambdas.length - 1,
      step: 1,
      value: String(this.lambdas.indexOf(this.lambda)),
      'data-role': 'lambda',
      'aria-valuetext': `λ = ${fmtLambda(this.lambda)}`,
    });
    this.lambdaText = h('output', { for: lambdaId, 'data-role': 'lambda-value' }, fmtLambda(this.lambda));
    this.lambdaInput.addEventListener('input', () => this.setLambda(this.lambdas[Number(this.lambdaInput.value)]));
    this.read = {};
    const dd = (k) => (this.read[k] = h('dd', { 'data-role': k }, '–'));
    this.sweepButton = h(
      'button',
      { type: 'button', 'data-action': 'sweep', onclick: () => this.runSweep() },
      'Run KL-vs-λ sweep',
    );
    this.sweepTable = h('div', { 'data-role': 'sweep-table' });
    this.sizeBox = sizeControl({
      value: this.n,
      defaultSize: this.defaults.n,
      onChange: (n) => this.setSize(n),
      note: 'Learning and retraining grow with N (seconds at 10 000 points, minutes at 100 000); forgetting reads only the forgotten points.',
    });
    this.dataBox = dataSourceBox({
      panel: this,
      builtinLabel: () => `two moons (n = ${this.n}, noise ${this.defaults.noise})`,
      seed: this.seed,
      validate: (labels) => {
        if (labels.some((l) => l !== 0 && l !== 1)) return 'the moons panel needs labels 0 and 1 only';
        if (!labels.includes(0) || !labels.includes(1)) return 'both classes (0 and 1) must be present';
        if (labels.length < 6) return 'at least 6 points are needed';
        return null;
      },
      onData: (data, meta) => {
        if (meta.source !== 'csv') return this.loadBuiltin(meta.seed, null);
        this.seedUsed = 0;
        return this.setData(data, { source: 'csv', name: meta.name }, []);
      },
    });
    this.frame({
      key: 'moons',
      title: 'Variational unlearning · sparse GP classifier on two moons',
      explain: [
        `A Gaussian variational posterior q(θ|D) over ${this.inducingCount} inducing values is learned from all points. `,
        h('b', {}, 'Forget'),
        ' removes the marked points D_e from q alone — by the EUBO or by reverse KL with the λ-adjusted likelihood — ',
        'and compares the result q̃ with q(θ|D_r), retrained on the remaining points. ',
        'The two numbers are the averaged predictive KL between retrained and forgotten, on the forgotten and on the remaining inputs: ',
        'lower is better, and “full” is the same KL when nothing is forgotten.',
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
            'Click a point to mark it, drag a box to mark a region (Shift adds). Keyboard: focus the plot, arrows move, Space marks.',
          ),
        ),
        h(
          'figure',
          { class: 'figure' },
          this.klCanvas,
          h(
            'figcaption',
            {},
            'Averaged predictive KL[q(y|x,D_r) ‖ q̃(y|x)] against λ (log scales; λ = 0 at the left edge), as the CLI’s moons-kl --svg draws it.',
          ),
        ),
      ],
      controls: [
        forgetBox,
        h(
          'fieldset',
          {},
          h('legend', {}, 'Method'),
          h('div', { class: 'seg', role: 'group', 'aria-label': 'Unlearning method' }, ...this.methodButtons),
          h('label', { for: lambdaId }, 'λ (likelihood adjustment): ', this.lambdaText),
          this.lambdaInput,
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
            h('dt', {}, 'KL on forgotten points (forgotten / full)'),
            dd('kl-forgotten'),
            h('dt', {}, 'KL on remaining points (forgotten / full)'),
            dd('kl-remaining'),
            h('dt', {}, 'parameter KL[q̃ ‖ q(θ|D_r)] (ε)'),
            dd('param-kl'),
            h('dt', {}, 'effective sample size (reverse KL)'),
            dd('ess'),
            h('dt', {}, 'time: forgetting / retraining q(θ|D_r) (warm-started from q(θ|D))'),
            dd('times'),
            h('dt', {}, 'speedup'),
            dd('speedup'),
            h('dt', {}, 'learning q(θ|D) on all points'),
            dd('learn-seconds'),
          ),
        ),
        h('fieldset', {}, h('legend', {}, 'KL vs λ'), this.sweepButton, this.sweepTable),
        this.sizeBox.element,
        this.dataBox.element,
      ],
    });
    this.ticker = elapsedTicker(this.progressText);
    this.attachSelection(this.canvas, 'box');
    this.renderLegend();
  }

  getState() {
    return {
      ...this.dataState(),
      n: this.dataMeta?.source === 'csv' || this.n === this.defaults.n ? undefined : this.n,
      forget: this.selection?.sorted() ?? [],
      method: this.method,
      lambda: this.lambda,
      view: this.view === 'forgotten' ? undefined : this.view,
    };
  }

  /** A new size: new built-in data of that size (same seed), its presets and the first-visit preset. */
  setSize(n) {
    this.n = n;
    this.sizeBox.set(n);
    this.loadBuiltin(this.seed, null);
  }

  async loadBuiltin(seed, forget) {
    const { n } = this,
      { noise } = this.defaults;
    const data = await this.run('data', 'data.moons', { n, noise, seed }, { showProgress: false });
    if (!data) return;
    this.seed = seed;
    this.dataBox.setSeed(seed);
    this.seedUsed = seed;
    let ids = forget;
    await this.usePresetsFor(data);
    if (!ids) ids = await this.scenarioIds(this.presets.first, data).catch(() => []);
    await this.setData(data, { source: 'builtin', seed }, ids);
  }

  /** The core's presets for data of this size (kept while the size is the same). */
  async usePresetsFor(data) {
    const n = data.labels.length;
    if (this.presets?.n !== n) this.presets = await this.compute.run('moons.presets', { n });
  }

  scenarioIds(name, data = this.data) {
    return this.compute
      .run('moons.scenario', {
        x: data.x,
        labels: data.labels,
        scenario: name,
        seed: this.seedUsed ?? 0,
      })
      .then((ids) => Array.from(ids));
  }

  async setData(data, meta, forget) {
    // Jobs on the old data would only fight over the worker's problem object.
    for (const ch of ['forget', 'sweep', 'prefetch']) this.compute.cancelChannel(ch);
    this.data = data;
    this.dataMeta = meta;
    await this.usePresetsFor(data);
    this.setScenarios(this.presets.labels);
    this.bounds = pointBounds(data.x, 0.12);
    this.grid = makeGrid(this.bounds, GRID_NX, GRID_NY);
    this.result = null;
    this.sweep = null;
    this.applied = null;
    this.selection.reset(validIds(forget, data.labels.length));
    this.showResult();
    this.drawSweep();
    this.notifyState();
    this.element.dataset.ready = 'true';
    if (this.selection.size > 0) await this.forget();
  }

  setMethod(k) {
    this.method = k;
    this.methodButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.method === k)));
    this.notifyState();
    if (this.applied) this.forget({ keepSelection: true });
  }

  setView(k) {
    this.view = k;
    this.viewButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === k)));
    this.notifyState();
    this.draw();
  }

  setLambda(l) {
    this.lambda = l;
    this.lambdaText.textContent = fmtLambda(l);
    this.lambdaInput.setAttribute('aria-valuetext', `λ = ${fmtLambda(l)}`);
    this.notifyState();
    this.drawSweep();
    if (this.applied) {
      this.lambdaChangedAt = performance.now();
      this.forget({ keepSelection: true, quiet: true });
    }
  }

  reset() {
    this.selection.clear();
    this.result = null;
    this.applied = null;
    this.sweep = null;
    this.message('');
    this.showResult();
    this.drawSweep();
  }

  async forget({ keepSelection = false, quiet = false } = {}) {
    if (!this.data) return;
    const forget = keepSelection && this.applied ? [...this.applied].sort((a, b) => a - b) : this.selection.sorted();
    if (!forget.length) {
      this.message('Mark at least one point first (click it, drag a box, or pick a preset).', 'warn');
      return;
    }
    if (!quiet) this.message('');
    // A sweep running on another forget set would read this request's retrained posterior.
    if (this.sweepForget && !sameIds(this.sweepForget, forget)) this.compute.cancelChannel('sweep');
    const t0 = this.lambdaChangedAt ?? performance.now();
    const result = await this.run(
      'forget',
      'moons.forget',
      {
        x: this.data.x,
        labels: this.data.labels,
        seed: this.seedUsed ?? 0,
        forget,
        method: this.method,
        lambda: this.lambda,
        grid: this.grid.points,
      },
      {
        label: 'Learning, retraining and unlearning',
        showProgress: !quiet,
        onDetail: (d) => (d.long && !quiet ? this.ticker.start(d.text) : this.ticker.stop()),
      },
    )
      .catch((err) => {
        this.message(err.message, 'error');
        return null;
      })
      .finally(() => this.ticker.stop());
    if (!result) return;
    if (this.sweep && !sameIds(this.sweep.forget, forget)) {
      this.sweep = null;
      this.drawSweep();
    }
    this.showErasure(result, forget);
    if (this.lambdaChangedAt !== undefined) {
      const ms = performance.now() - t0;
      this.lambdaChangedAt = undefined;
      this.element.dataset.lambdaRedrawMs = ms.toFixed(1);
    }
    if (!result.reliable)
      this.message(`Reverse KL at λ = ${fmtLambda(this.lambda)} is not reliable: ${result.status}.`, 'warn');
    else if (quiet || !this.messageEl.classList.contains('error')) this.message('');
    countEvent(this.element, 'forgotten');
    if (result.seconds <= PREFETCH_MAX_SECONDS) this.prefetch(forget);
  }

  /** The slider's λ values, nearest to the current one first (the likeliest next moves). */
  lambdasByDistance() {
    const i0 = this.lambdas.indexOf(this.lambda);
    return this.lambdas
      .map((l, i) => [Math.abs(i - i0), l])
      .sort((a, b) => a[0] - b[0])
      .map(([, l]) => l);
  }

  /** Computes the other λ values in the background so the slider redraws at once. */
  prefetch(forget) {
    const job = this.compute.run(
      'moons.prefetch',
      {
        x: this.data.x,
        labels: this.data.labels,
        seed: this.seedUsed ?? 0,
        forget,
        method: this.method,
        lambdas: this.lambdasByDistance(),
        grid: this.grid.points,
      },
      { channel: 'prefetch' },
    );
    this.element.dataset.prefetched = 'false';
    job.then(
      () => {
        this.element.dataset.prefetched = 'true';
      },
      () => {},
    ); // superseded or failed: the foreground request reports its own errors
  }

  async runSweep() {
    if (!this.data) return;
    const forget = this.applied ? [...this.applied].sort((a, b) => a - b) : this.selection.sorted();
    if (!forget.length) {
      this.message('Mark points to forget first.', 'warn');
      return;
    }
    this.sweepButton.disabled = true;
    this.sweepForget = forget;
    try {
      const result = await this.run(
        'sweep',
        'moons.sweep',
        {
          x: this.data.x,
          labels: this.data.labels,
          seed: this.seedUsed ?? 0,
          forget,
          lambdas: this.sweepLambdas,
          grid: this.grid.points,
        },
        { label: 'KL-vs-λ sweep' },
      ).catch((err) => {
        this.message(err.message, 'error');
        return null;
      });
      if (!result) return;
      this.sweep = { ...result, forget };
      this.drawSweep();
      countEvent(this.element, 'swept');
    } finally {
      this.sweepButton.disabled = false;
      this.sweepForget = null;
    }
  }

  showResult() {
    const r = this.result;
    const set = (k, text, value) => {
      this.read[k].textContent = text;
      if (value === undefined) delete this.read[k].dataset.value;
      else this.read[k].dataset.value = String(value);
    };
    if (r) {
      set('kl-forgotten', `${fmt(r.klForgotten)} / ${fmt(r.full.klForgotten)}`, r.klForgotten);
      set('kl-remaining', `${fmt(r.klRemaining)} / ${fmt(r.full.klRemaining)}`, r.klRemaining);
      set('param-kl', fmt(r.paramKl), r.paramKl);
      set(
        'ess',
        r.ess === undefined || r.ess === null
          ? '– (EUBO)'
          : `${fmt(r.ess, 4)}${r.reliable ? '' : ' (too small: unreliable)'}`,
        r.ess ?? undefined,
      );
      showSpeedup(this.read.times, this.read.speedup, r.seconds, r.retrainSeconds);
      set('learn-seconds', `${fmt(r.learnSeconds, 2)} s on ${groupDigits(r.n)} points`, r.learnSeconds);
    } else {
      for (const k of Object.keys(this.read)) set(k, '–');
      clearSpeedup(this.read.times, this.read.speedup);
    }
    this.updateCounts();
    this.draw();
  }

  updateCounts() {
    if (this.data) this.showCounts(this.data.labels.length, { staleHint: 'press Forget' });
  }

  renderLegend() {
    this.legendEl.replaceChildren(htmlLegend(this.mapLegend('p(y=1|x)')));
  }

  get mapKeys() {
    return { original: 'before', retrained: 'retrained', forgotten: 'forgotten' };
  }

  mapLabel() {
    return `heatmap: ${VIEWS[this.view]}`;
  }

  redrawAll() {
    this.draw();
    this.drawSweep();
  }

  drawSweep() {
    const canvas = this.klCanvas;
    if (!canvas) return;
    const width = this.figureWidth(canvas),
      height = 250;
    const ctx = prepareCanvas(canvas, width, height);
    const s = this.sweep;
    this.renderSweepTable();
    if (!s) {
      ctx.fillStyle = ROLE.muted;
      ctx.font = '14px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(
        `Press “Run KL-vs-λ sweep” to compute EUBO and reverse KL at ${countWord(this.sweepLambdas.length)} values of λ.`,
        width / 2,
        height / 2,
      );
      return;
    }
    // No log axis has λ = 0: like the CLI's SVG, it is drawn at the module's
    // zeroLambdaPosition (a power of ten below the smallest positive λ), where
    // the axis has a tick labelled "0".
    const lx = (l) => Math.log10(l > 0 ? l : this.defaults.zeroLambdaPosition);
    // Ticks: "0", the decade of every positive sweep λ, and 1 (the top of λ's range).
    const decades = new Set([0, ...this.sweepLambdas.filter((l) => l > 0).map((l) => Math.floor(Math.log10(l)))]);
    const ticks = [[lx(0), fmtLambda(0)], ...[...decades].sort((a, b) => a - b).map((e) => [e, fmtLambda(10 ** e)])];
    const all = [
      ...s.runs.flatMap((r) => [r.klForgotten, r.klRemaining]),
      s.full.klForgotten,
      s.full.klRemaining,
    ].filter((v) => v > 0 && Number.isFinite(v));
    const ylo = Math.floor(Math.log10(Math.min(...all))),
      yhi = Math.ceil(Math.log10(Math.max(...all)));
    const half = (width - 10) / 2;
    [
      ['klForgotten', 'on forgotten points D_e'],
      ['klRemaining', 'on remaining points D_r'],
    ].forEach(([key, title], k) => {
      const left = 10 + k * half + 52,
        right = 10 + (k + 1) * half - 12;
      const sx = linearScale([lx(0) - 0.5, 0.4], [left, right]);
      const sy = linearScale([ylo, yhi === ylo ? ylo + 1 : yhi], [height - 40, 24]);
      drawAxes(ctx, sx, sy, { xLabel: 'λ (log scale; 0 at the left)', yLabel: 'KL', yLog: true, xTicks: ticks });
      ctx.fillStyle = ROLE.ink;
      ctx.font = '600 13px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(`KL ${title}`, (left + right) / 2, 4);
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, 24, right - left, height - 64);
      ctx.clip();
      // current λ
      ctx.strokeStyle = '#999';
      ctx.setLineDash([2, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(sx(lx(this.lambda)), 24);
      ctx.lineTo(sx(lx(this.lambda)), height - 40);
      ctx.stroke();
      // "full": doing nothing
      const fy = sy(Math.log10(s.full[key]));
      ctx.strokeStyle = ROLE.ink;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(left, fy);
      ctx.lineTo(right, fy);
      ctx.stroke();
      ctx.setLineDash([]);
      for (const [method, color, shape] of [
        ['EUBO', OKABE_ITO.blue, 'circle'],
        ['rKL', OKABE_ITO.vermillion, 'square'],
      ]) {
        const runs = s.runs.filter((r) => r.method === method && r[key] > 0).sort((a, b) => a.lambda - b.lambda);
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        ctx.beginPath();
        runs.forEach((r, i) => {
          const p = [sx(lx(r.lambda)), sy(Math.log10(r[key]))];
          if (i) ctx.lineTo(...p);
          else ctx.moveTo(...p);
        });
        ctx.stroke();
        // Hollow markers: runs whose ESS was too small to trust.
        for (const r of runs) {
          marker(
            ctx,
            shape,
            sx(lx(r.lambda)),
            sy(Math.log10(r[key])),
            4,
            r.reliable === false ? { fill: '#fff', stroke: color, lineWidth: 2 } : { fill: color, stroke: '#fff' },
          );
        }
      }
      ctx.restore();
    });
    canvas.dataset.runs = String(s.runs.length);
  }

  renderSweepTable() {
    const s = this.sweep;
    if (!s) {
      this.sweepTable.replaceChildren();
      return;
    }
    const rows = [...s.runs].sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : b.lambda - a.lambda));
    this.sweepTable.replaceChildren(
      htmlLegend([
        { swatch: swatch.circle(OKABE_ITO.blue, '#fff'), label: 'EUBO' },
        { swatch: swatch.square(OKABE_ITO.vermillion, '#fff'), label: 'reverse KL' },
        { swatch: swatch.line(ROLE.ink, { width: 1.5, dash: '6 4' }), label: 'full (nothing forgotten)' },
      ]),
      h(
        'table',
        { class: 'kl-table' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'method'), h('th', {}, 'λ'), h('th', {}, 'KL D_e'), h('th', {}, 'KL D_r')),
        ),
        h(
          'tbody',
          {},
          h(
            'tr',
            {},
            h('td', {}, 'full'),
            h('td', {}, '–'),
            h('td', {}, fmt(s.full.klForgotten)),
            h('td', {}, fmt(s.full.klRemaining)),
          ),
          rows.map((r) =>
            h(
              'tr',
              {},
              h('td', {}, r.reliable === false ? `${r.method} †` : r.method),
              h('td', {}, fmtLambda(r.lambda)),
              h('td', {}, fmt(r.klForgotten)),
              h('td', {}, fmt(r.klRemaining)),
            ),
          ),
        ),
      ),
      s.runs.some((r) => r.reliable === false)
        ? h(
            'p',
            { class: 'hint' },
            `† reverse KL whose effective sample size was too small for a covariance in ${this.inducingCount} dimensions (hollow markers): not reliable.`,
          )
        : '',
    );
  }
}
