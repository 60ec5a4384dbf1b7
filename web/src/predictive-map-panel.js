// A two-class scatter panel over a predictive map: the moons panel (sparse GP)
// and the neural-network panel draw the same figure. The heat map shows the
// chosen model's p(class 1|x); on top of it go the p = 0.5 contours of the three
// models that matter for forgetting (the original, the retrained one, and the
// forgotten one), then the training points by class, marked and forgotten.
// A subclass says what its three grids are called (mapKeys) and how the heat map
// is labelled (mapLabel).
import { ScatterPanel } from './scatter-panel.js';
import { marker, linearScale } from './plot.js';
import { drawPointGroups, markerRadius, outlinesFor, groupRows } from './point-batch.js';
import { ROLE, OKABE_ITO, withAlpha } from './palette.js';
import { drawHeatmap, contourSegments, strokeSegments, probabilityColor } from './field.js';
import { swatch } from './legend-html.js';

// Contour styles by role: the original dashed, the retrained thick and light
// (so that the forgotten model's thin line shows on it when the two agree).
const CONTOUR = {
  original: { color: OKABE_ITO.blue, width: 2, dash: [5, 3] },
  retrained: { color: withAlpha(OKABE_ITO.orange, 0.95), width: 5, dash: [] },
  forgotten: { color: ROLE.ink, width: 1.75, dash: [] },
};
const BASE_RADIUS = 4.2;

export class PredictiveMapPanel extends ScatterPanel {
  /** The result's grid names by role, e.g. { original: 'before', retrained: 'retrained', forgotten: 'forgotten' }. */
  get mapKeys() {
    throw new Error(`${this.constructor.name}: mapKeys is not defined`);
  }

  /** The text naming what the heat map shows, for result `r`. */
  mapLabel() {
    return `heatmap: ${this.view}`;
  }

  /** The legend: the points' classes and states, the heat map's `quantity` ramp, and the three contours named as in mapKeys. */
  mapLegend(quantity) {
    const ramp = [0, 0.5, 1].map((p) => `rgb(${probabilityColor(p).join(',')})`),
      names = this.mapKeys;
    return [
      { swatch: swatch.circle(OKABE_ITO.blue), label: 'class 0' },
      { swatch: swatch.triangle(OKABE_ITO.orange), label: 'class 1' },
      { swatch: swatch.marked(), label: 'marked for erasure' },
      { swatch: swatch.circle('#fff', ROLE.forgotten, 1.75), label: 'forgotten (hollow)' },
      { swatch: swatch.ramp(ramp), label: `${quantity}: 0 → 1` },
      ...['original', 'retrained', 'forgotten'].map((role) => ({
        swatch: swatch.line(CONTOUR[role].color, { width: CONTOUR[role].width, dash: CONTOUR[role].dash.join(' ') }),
        label: `p = 0.5, ${names[role]}`,
      })),
    ];
  }

  plotHeight(width) {
    return Math.round(Math.min(460, Math.max(240, width * 0.62)));
  }

  /** The heat map's grid spans the data bounds; the axes fill the box with them. */
  plotScales(box) {
    const [bx0, bx1, by0, by1] = this.bounds;
    return { sx: linearScale([bx0, bx1], [box.left, box.right]), sy: linearScale([by0, by1], [box.bottom, box.top]) };
  }

  drawContent(ctx, box, overlay) {
    if (this.result) this.drawPredictive(ctx, box, this.result);
    this.drawPoints(ctx, overlay);
  }

  drawPredictive(ctx, box, r) {
    const { sx, sy } = this,
      keys = this.mapKeys;
    drawHeatmap(ctx, this.grid, r.grids[this.view], sx, sy);
    // Drawn original, retrained, forgotten: the thin forgotten line ends on top.
    for (const role of ['original', 'retrained', 'forgotten']) {
      const style = CONTOUR[role];
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.width;
      ctx.setLineDash(style.dash);
      strokeSegments(ctx, contourSegments(this.grid, r.grids[keys[role]], 0.5), sx, sy);
    }
    ctx.setLineDash([]);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    const label = this.mapLabel(r);
    const w = ctx.measureText(label).width + 10;
    ctx.fillRect(box.right - w - 4, box.top + 4, w, 18);
    ctx.fillStyle = ROLE.ink;
    ctx.textBaseline = 'middle';
    ctx.fillText(label, box.right - w + 1, box.top + 13);
  }

  /** Points grouped by style and drawn by point-batch.js (10⁵ of them in one raster pass). */
  drawPoints(ctx, overlay) {
    const { x, labels } = this.data,
      n = labels.length,
      { sx, sy } = this;
    const r = markerRadius(n, BASE_RADIUS),
      outline = outlinesFor(n);
    // Keys: 0/1 unmarked by class, 2/3 forgotten by class, 4/5 marked (not yet forgotten) by class.
    const flags = this.markFlags(),
      offset = [0, 4, 2];
    const rows = groupRows(n, (i) => labels[i] + offset[flags[i]], 6);
    const shapeOf = (label) => (label === 1 ? 'triangle' : 'circle');
    const groups = [];
    for (const label of [0, 1]) {
      const style = {
        shape: shapeOf(label),
        r,
        fill: label === 1 ? OKABE_ITO.orange : OKABE_ITO.blue,
        stroke: outline ? ROLE.ink : null,
        lineWidth: 1,
      };
      groups.push({ ids: rows[label], ...style }, { ids: rows[4 + label], ...style });
    }
    for (const label of [0, 1]) {
      groups.push({
        ids: rows[2 + label],
        shape: shapeOf(label),
        r: Math.max(2.5, (r * 4.5) / BASE_RADIUS),
        fill: 'rgba(255,255,255,0.6)',
        stroke: '#6b6b6b',
        lineWidth: outline ? 1.75 : 1,
      });
    }
    // Marked, not yet forgotten: a vermillion ring with a black cross over the point (plot.js markPending).
    const ring = Math.max(3.5, (7 * r) / BASE_RADIUS),
      pending = [...rows[4], ...rows[5]];
    groups.push(
      { ids: pending, shape: 'circle', r: ring, stroke: ROLE.marked, lineWidth: 2 },
      { ids: pending, shape: 'cross', r: ring * 0.62, stroke: ROLE.ink, lineWidth: 1.6 },
    );
    drawPointGroups(ctx, { x, sx, sy, n }, groups);
    if (overlay?.cursor !== null && overlay?.cursor !== undefined) {
      const [px, py] = this.screenXY(overlay.cursor);
      marker(ctx, 'square', px, py, 8, { stroke: ROLE.ink, lineWidth: 2 });
    }
  }
}
