// Neural-network panel: a Bayesian MLP classifier (2-16-16-1 tanh, Gaussian prior)
// on generated 2-D data (moons or two spirals, with the core's fixed train/test
// split). The posterior — mean-field VI, or an SGHMC chain for bif-sghmc — is
// trained on D and, for the comparison, retrained on D_r with the same seed and
// protocol; forgetting D_e forgets it from the original posterior alone (BIF
// influence step, EUBO or reverse KL with the λ-adjusted likelihood, or nothing).
// The heatmap shows p(class 1|x) of the original, forgotten or retrained model;
// the result box reads the measures of all three side by side with the times.
import { h, uniqueId, countEvent } from '../dom.js';
import { PredictiveMapPanel } from '../predictive-map-panel.js';
import { Selection, validIds } from '../selection.js';
import { fmt } from '../plot.js';
import { pointBounds, makeGrid } from '../field.js';
import { htmlLegend } from '../legend-html.js';
import { showSpeedup, clearSpeedup } from '../speedup.js';
import { ignoreCancelled } from '../client.js';

const DATASETS = { moons: 'two moons', spirals: 'two spirals' };
// Two rows of buttons in the narrow controls column: the influence step, then variational unlearning and the floor.
const METHOD_ROWS = [
  ['bif-sghmc', 'bif-vi'],
  ['eubo', 'rkl', 'nothing'],
];
// The slider's stops of λ (which methods read it is the core's: bnnMethods' takesLambda).
export const LAMBDAS = [0, 1e-3, 1e-2, 0.1, 0.5, 1];
const VIEWS = { forgotten: 'forgotten', retrained: 'retrained', original: 'original' };
// The heatmap's grid: predicting it through S = 32 draws of q costs about as much as forgetting.
const GRID_NX = 52,
  GRID_NY = 36;

const fmtLambda = (l) => (l === 0 ? '0' : String(l));
const pct = (v) => (v === undefined || v === null ? '–' : `${(100 * v).toFixed(0)} %`);

export class BnnPanel extends PredictiveMapPanel {
  static key = 'bnn';

  async init() {
    const s = this.initialState;
    // The methods that read λ and the defaults of the data set and the request: the core's.
    const core = await this.compute.run('bnn.methods').catch(ignoreCancelled);
    // The first method, the scenario menu and the audit's canaries: the core's page settings
    // (the SGHMC chain first: mean-field VI underfits the moons at the core's defaults).
    const page = await this.compute.run('page.settings').catch(ignoreCancelled);
    if (!core || !page || this.disposed) return;
    this.defaultMethod = page.bnnMethod;
    this.presets = Object.fromEntries(page.bnnScenarios.map((p) => [p.name, p.label]));
    this.firstPreset = page.bnnScenarios[0].name;
    // When the audit is on: that many random-label canaries planted (the core's plant_canaries),
    // forgotten with D_e, as many held out; shadow models on D_r calibrate the attack.
    this.auditCanaries = page.bnnAuditCanaries;
    this.lambdaMethods = new Set(core.methods.filter((m) => m.takesLambda).map((m) => m.name));
    // Each method's label, the core's (bnnMethods).
    this.methodLabels = Object.fromEntries(core.methods.map((m) => [m.name, m.label]));
    this.defaultDataset = core.dataset.dataset;
    this.dataset = s.data in DATASETS ? s.data : this.defaultDataset;
    this.seed = Number.isInteger(s.seed) && s.seed >= 0 ? s.seed : core.dataset.seed;
    this.method = s.method in this.methodLabels ? s.method : this.defaultMethod;
    this.lambdas = [...LAMBDAS];
    const lam = Number.isFinite(s.lambda) && s.lambda >= 0 && s.lambda <= 1 ? s.lambda : core.request.lambda;
    if (!this.lambdas.includes(lam)) {
      this.lambdas.push(lam);
      this.lambdas.sort((a, b) => a - b);
    }
    this.lambda = lam;
    this.view = s.view in VIEWS ? s.view : 'forgotten';
    this.canaries = s.canaries > 0 ? this.auditCanaries : 0;
    this.selection = new Selection();
    this.result = null;
    this.build();
    await this.loadData(s.forget ?? null);
  }

  build() {
    this.canvas = this.interactivePlot(
      'Training points over the predictive probability of the neural network. Arrow keys move between points, Space marks a point for erasure.',
    );
    const forgetBox = this.forgetFieldset({
      idPrefix: 'bnn-scenario',
      scenarios: this.presets,
      action: 'forget',
      label: 'Forget marked points',
      onAction: () => this.forget(),
    });
    const datasetId = uniqueId('bnn-dataset');
    this.datasetSelect = h(
      'select',
      { id: datasetId, 'data-role': 'dataset' },
      ...Object.entries(DATASETS).map(([k, label]) => h('option', { value: k, selected: k === this.dataset }, label)),
    );
    this.datasetSelect.addEventListener('change', () => this.setDataset(this.datasetSelect.value));
    this.methodButtons = Object.entries(this.methodLabels).map(([k, label]) =>
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
        label,
      ),
    );
    const lambdaId = uniqueId('bnn-lambda');
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
    this.lambdaInput.addEventListener('change', () => this.setLambda(this.lambdas[Number(this.lambdaInput.value)]));
    this.lambdaInput.addEventListener('input', () => {
      this.lambdaText.textContent = fmtLambda(this.lambdas[Number(this.lambdaInput.value)]);
    });
    this.read = {};
    const dd = (k, cls) => (this.read[k] = h('dd', { 'data-role': k, class: cls }, '–'));
    // A scroll box (as the mixture's centre table): on a phone the eight columns scroll, the page does not.
    this.measuresTable = h('div', { class: 'table-scroll', 'data-role': 'measures' });
    this.frame({
      key: 'bnn',
      title: 'Neural network · a Bayesian MLP forgets points',
      explain: [
        'A Bayesian neural network (two hidden layers of 16 tanh units, Gaussian prior on the weights) is trained on all points: ',
        'mean-field variational inference, or an SGHMC chain for BIF · SGHMC. ',
        h('b', {}, 'Forget'),
        ' removes the marked points D_e from that posterior alone — an influence step (BIF), the EUBO or reverse KL with the λ-adjusted likelihood — ',
        'and compares it with the network retrained on the remaining points D_r (same seed, same protocol). ',
        'The predictive KL to the retrained model is lower the closer forgetting came to it; “nothing” is the floor.',
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
        this.measuresTable,
      ],
      controls: [
        h(
          'fieldset',
          {},
          h('legend', {}, 'Data'),
          h('div', { class: 'row' }, h('label', { for: datasetId }, 'Data set: '), this.datasetSelect),
        ),
        forgetBox,
        h(
          'fieldset',
          {},
          h('legend', {}, 'Method'),
          ...METHOD_ROWS.map((row, i) =>
            h(
              'div',
              {
                class: 'seg',
                role: 'group',
                'aria-label': i ? 'Variational unlearning, or nothing' : 'Influence forgetting (BIF)',
              },
              ...row.map((k) => this.methodButtons.find((b) => b.dataset.method === k)),
            ),
          ),
          (this.lambdaLabel = h(
            'label',
            { for: lambdaId },
            'λ (likelihood adjustment, EUBO and reverse KL): ',
            this.lambdaText,
          )),
          this.lambdaInput,
          h(
            'label',
            { class: 'row' },
            (this.auditBox = h('input', {
              type: 'checkbox',
              'data-role': 'canary-audit',
              checked: this.canaries > 0,
              onchange: () => this.setCanaries(this.auditBox.checked ? this.auditCanaries : 0),
            })),
            ` Canary audit (${this.auditCanaries} planted, ${this.auditCanaries} held out; training ≈ 3× longer)`,
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
            h('dt', {}, 'predictive KL to retrained on D_e (forgotten / nothing)'),
            dd('kl-forgotten'),
            h('dt', {}, 'predictive KL to retrained on D_r (forgotten / nothing)'),
            dd('kl-remaining'),
            h('dt', {}, 'time: forgetting / retraining'),
            dd('times'),
            h('dt', {}, 'speedup'),
            dd('speedup', 'sentence'),
            h('dt', {}, 'training the original on all points'),
            dd('train-seconds'),
            h(
              'dt',
              {},
              'solver (BIF: conjugate gradients; reverse KL: effective sample size; EUBO: its stopping rule)',
            ),
            dd('solver', 'sentence'),
          ),
        ),
      ],
    });
    this.attachSelection(this.canvas, 'box');
    this.renderLegend();
    this.syncLambdaEnabled();
  }

  getState() {
    return {
      // The data set travels as `data` (the key the other panels give their data source).
      data: this.dataset === this.defaultDataset ? undefined : this.dataset,
      seed: this.seed,
      forget: this.selection?.sorted() ?? [],
      method: this.method,
      lambda: this.takesLambda() ? this.lambda : undefined,
      view: this.view === 'forgotten' ? undefined : this.view,
      canaries: this.canaries || undefined,
    };
  }

  setCanaries(count) {
    this.canaries = count;
    this.notifyState();
    if (this.applied) this.forget({ keepSelection: true });
  }

  async loadData(forget) {
    const data = await this.run(
      'data',
      'bnn.dataset',
      { dataset: this.dataset, seed: this.seed },
      { showProgress: false },
    ).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!data || this.disposed) return;
    this.data = { x: data.train.x, labels: data.train.labels };
    this.testCount = data.test.labels.length;
    this.bounds = pointBounds(this.data.x, 0.12);
    this.grid = makeGrid(this.bounds, GRID_NX, GRID_NY);
    this.result = null;
    this.applied = null;
    const ids = forget ?? (await this.scenarioIds(this.firstPreset).catch(() => []));
    this.selection.reset(validIds(ids, this.data.labels.length));
    this.showResult();
    this.notifyState();
    this.element.dataset.ready = 'true';
    if (this.selection.size > 0) await this.forget();
  }

  scenarioIds(name) {
    return this.compute
      .run('bnn.scenario', { dataset: this.dataset, seed: this.seed, scenario: name })
      .then((ids) => Array.from(ids));
  }

  setDataset(k) {
    if (k === this.dataset) return;
    this.compute.cancelChannel('forget');
    this.dataset = k;
    this.loadData(null);
  }

  setMethod(k) {
    this.method = k;
    this.methodButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.method === k)));
    this.syncLambdaEnabled();
    this.notifyState();
    if (this.applied) this.forget({ keepSelection: true });
  }

  takesLambda() {
    return Boolean(this.lambdaMethods?.has(this.method));
  }

  syncLambdaEnabled() {
    const on = this.takesLambda();
    this.lambdaInput.disabled = !on;
    this.lambdaLabel.classList.toggle('hint', !on);
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
    if (this.applied) this.forget({ keepSelection: true });
  }

  reset() {
    this.selection.clear();
    this.result = null;
    this.applied = null;
    this.message('');
    this.showResult();
  }

  async forget({ keepSelection = false } = {}) {
    if (!this.data) return;
    const forget = keepSelection && this.applied ? [...this.applied].sort((a, b) => a - b) : this.selection.sorted();
    if (!forget.length) {
      this.message('Mark at least one point first (click it, drag a box, or pick a preset).', 'warn');
      return;
    }
    this.message('');
    const result = await this.run(
      'forget',
      'bnn.forget',
      {
        dataset: this.dataset,
        seed: this.seed,
        forget,
        method: this.method,
        lambda: this.lambda,
        canaries: this.canaries,
        grid: this.grid.points,
      },
      { label: 'Training, retraining and forgetting' },
    ).catch((err) => {
      this.message(err.message, 'error');
      return null;
    });
    if (!result) return;
    this.showErasure(result, forget);
    if (result.trainedNow) this.element.dataset.trainWallSeconds = result.wall.train.toFixed(3);
    this.element.dataset.forgetWallSeconds = result.wall.forget.toFixed(4);
    countEvent(this.element, 'forgotten');
  }

  showResult() {
    const r = this.result;
    const set = (k, text, value) => {
      this.read[k].textContent = text;
      if (value === undefined) delete this.read[k].dataset.value;
      else this.read[k].dataset.value = String(value);
    };
    if (r) {
      const m = r.run,
        o = r.original,
        t = r.retrained;
      set('kl-forgotten', `${fmt(m.klForgotten)} / ${fmt(o.klForgotten)}`, m.klForgotten);
      set('kl-remaining', `${fmt(m.klRemaining)} / ${fmt(o.klRemaining)}`, m.klRemaining);
      showSpeedup(this.read.times, this.read.speedup, m.seconds, t.seconds);
      set(
        'train-seconds',
        `${fmt(o.seconds, 2)} s on ${r.n} points (${r.family === 'chain' ? 'SGHMC' : 'mean-field VI'})`,
        o.seconds,
      );
      set('solver', solverText(m));
      // What the core says is wrong with a fit or a run (the CLI's "!" lines), beside the numbers.
      const warnings = [o.fitStatus && `original: ${o.fitStatus}`, !m.reliable && m.status].filter(Boolean);
      if (warnings.length) this.message(warnings.join(' · '), 'warn');
      this.renderMeasures(r, [
        ['original', o],
        [this.methodLabels[r.method], m],
        ['retrained', t],
      ]);
    } else {
      for (const k of Object.keys(this.read)) set(k, '–');
      clearSpeedup(this.read.times, this.read.speedup);
      this.measuresTable.replaceChildren();
    }
    this.updateCounts();
    this.draw();
  }

  renderMeasures(r, rows) {
    const audit = rows.some(([, m]) => m.canaryAuc !== null && m.canaryAuc !== undefined);
    const cells = (m) => [
      fmt(m.klForgotten),
      fmt(m.klRemaining),
      pct(m.accuracyForgotten),
      pct(m.accuracyRemaining),
      pct(m.accuracyTest),
      fmt(m.miaAuc),
      ...(audit ? [fmt(m.canaryAuc)] : []),
      fmt(m.seconds, 2),
    ];
    const head = [
      'model',
      'KL on D_e',
      'KL on D_r',
      'accuracy D_e',
      'accuracy D_r',
      'accuracy test',
      'membership AUC',
      ...(audit ? ['canary AUC'] : []),
      'seconds',
    ];
    const table = h(
      'table',
      { class: 'kl-table', 'data-role': 'measures-table' },
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        rows.map(([name, m], i) =>
          h(
            'tr',
            { 'data-row': ['original', 'forgotten', 'retrained'][i] },
            h('td', {}, name),
            ...cells(m).map((c) => h('td', {}, c)),
          ),
        ),
      ),
    );
    this.measuresTable.replaceChildren(
      h('p', { class: 'hint' }, h('b', {}, `The three models (${r.family === 'chain' ? 'SGHMC' : 'mean-field VI'}):`)),
      table,
      h(
        'p',
        { class: 'hint' },
        `KL to the retrained model (– on itself); accuracy on the ${r.forgotten} forgotten, the ${r.n - r.forgotten} remaining and ${this.testCount} held-out test points; `,
        'membership AUC: a confidence-threshold attack telling D_e from unseen test points (≈ 0.5 once they look alike); seconds to train, forget, retrain.',
        audit
          ? ` Canary AUC: a likelihood-ratio attack (shadow models fitted on D_r) telling ${this.auditCanaries} planted random-label rows, forgotten with the marked points, from ${this.auditCanaries} never trained on. It reads ≈ 0.5 on the retrained model; forgetting should land within 0.05 of that. If the original also reads ≈ 0.5, the audit cannot see the canaries here and judges nothing. D_e and its columns include the canaries' copies.`
          : '',
      ),
    );
  }

  updateCounts() {
    if (this.data) this.showCounts(this.data.labels.length, { staleHint: 'press Forget' });
  }

  renderLegend() {
    this.legendEl.replaceChildren(htmlLegend(this.mapLegend('p(class 1|x)')));
  }

  get mapKeys() {
    return { original: 'original', retrained: 'retrained', forgotten: 'forgotten' };
  }

  mapLabel(r) {
    return `heatmap: ${this.view}${this.view === 'forgotten' ? ` (${this.methodLabels[r.method]})` : ''} · ${r.family === 'chain' ? 'SGHMC' : 'VI'}`;
  }
}

/** How the method's solver ended: BIF's conjugate gradients (a stop at negative curvature keeps the step so far), rKL's ESS. */
function solverText(run) {
  if (run.cgIterations !== null && run.cgIterations !== undefined)
    return `${run.cgIterations} CG iterations, ${run.solverStatus}`;
  if (run.ess !== null && run.ess !== undefined) return `ESS ${fmt(run.ess)}${run.reliable ? '' : ' (unreliable)'}`;
  if (run.status) return run.status;
  return '–';
}
