// What the 2-D panels (moons, mixture) share on top of PanelBase: labelled
// points x1,x2 from the built-in generator or a CSV file, marked with a box or
// a preset, and one scatter plot: clipped to its box, with the drag box on top
// and x1/x2 axes around it. A subclass says how tall the plot is
// (plotHeight), how data maps to it (plotScales) and what it shows
// (drawContent), and how a preset picks ids (scenarioIds).
import { h, uniqueId, countEvent } from './dom.js';
import { PanelBase } from './panel-base.js';
import { prepareCanvas, drawAxes, drawSelectionBox } from './plot.js';

const MARGIN = { left: 54, right: 10, top: 10, bottom: 38 };

export class ScatterPanel extends PanelBase {
  /** A link cannot carry an uploaded file: say so when one referred to it. */
  warnIfCsvLink(state, builtinName) {
    if (state.data !== 'csv') return;
    this.message(
      `This link referred to an uploaded CSV file, which links cannot carry; showing the built-in ${builtinName} instead.`,
      'warn',
    );
  }

  /** The part of the URL state that names the data: the built-in seed, or that it came from a CSV file. */
  dataState() {
    const csv = this.dataMeta?.source === 'csv';
    return { data: csv ? 'csv' : undefined, seed: csv ? undefined : this.seed };
  }

  /**
   * The Forget box: counts, a preset picker (`scenarios`: name → label), the
   * panel's action button, Undo and Reset.
   */
  forgetFieldset({ idPrefix, scenarios, action, label, onAction }) {
    this.forgetButtons({ action, label, onAction });
    return h(
      'fieldset',
      {},
      h('legend', {}, 'Forget'),
      this.countsEl,
      this.scenarioRow(idPrefix, scenarios),
      h('div', { class: 'row' }, this.actionButton),
      h('div', { class: 'row' }, this.undoButton, this.resetButton),
    );
  }

  /** A select of presets; choosing one replaces the marked set and returns the select to its prompt. */
  scenarioRow(idPrefix, scenarios) {
    const id = uniqueId(idPrefix);
    const select = h('select', { id, 'data-role': 'scenario' });
    select.addEventListener('change', async () => {
      const name = select.value;
      select.value = '';
      if (!name || !this.data) return;
      const ids = await this.scenarioIds(name).catch((err) => {
        this.message(err.message, 'error');
        return null;
      });
      if (ids) this.selection.replace(ids);
    });
    this.scenarioSelect = select;
    this.setScenarios(scenarios);
    return h('div', { class: 'row' }, h('label', { for: id, class: 'visually-hidden' }, 'Preset'), select);
  }

  /** Replaces the presets offered (`scenarios`: name → label), e.g. when the data size changes. */
  setScenarios(scenarios) {
    this.scenarioSelect.replaceChildren(
      h('option', { value: '' }, 'Choose a preset…'),
      ...Object.entries(scenarios).map(([k, label]) => h('option', { value: k }, label)),
    );
  }

  /**
   * Each row's forget state for drawing, 0 unmarked, 1 marked, 2 marked and forgotten
   * (in this.applied): built from the marked ids, so a redraw of 10⁵ rows does
   * no set lookup per row.
   */
  markFlags() {
    const flags = new Uint8Array(this.data.labels.length);
    for (const id of this.selection.ids) flags[id] = this.applied?.has(id) ? 2 : 1;
    return flags;
  }

  /** Point i on the plot, in CSS pixels (x is row-major: x[2i], x[2i+1]). */
  screenXY(i) {
    const { x } = this.data;
    return [this.sx(x[2 * i]), this.sy(x[2 * i + 1])];
  }

  screenPoints() {
    if (!this.data || !this.sx) return [];
    return Array.from({ length: this.data.labels.length }, (_, i) => {
      const [px, py] = this.screenXY(i);
      return { id: i, px, py };
    });
  }

  draw(overlay = this.picker?.overlay()) {
    if (!this.data || !this.canvas) return;
    const width = this.figureWidth(this.canvas),
      height = this.plotHeight(width);
    const ctx = prepareCanvas(this.canvas, width, height);
    const box = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
    const { sx, sy } = this.plotScales(box);
    this.sx = sx;
    this.sy = sy;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
    ctx.clip();
    this.drawContent(ctx, box, overlay);
    if (overlay?.box) drawSelectionBox(ctx, overlay.box);
    ctx.restore();
    drawAxes(ctx, sx, sy, { xLabel: 'x1', yLabel: 'x2', grid: false });
    countEvent(this.canvas, 'drawn');
  }
}
