// The mixture panel's certificate chart: for each forgetting request, its
// residual r_k (thin bars, right axis) and the accumulated residual of the model
// serving the requests (line, left axis), which starts again from 0 when a
// retrained model is swapped in; the budget as a dashed line, a marker where it
// was passed, and — once a swap happened — the accumulated residual of the
// original model forgetting on alone (grey), for comparison.
// The certified-removal panel draws the same chart for a proof: the bars are each
// request's proven bound, the line their running sum (which bounds the gradient
// residual), and `actual` adds the residual measured (dots), which the sum bounds;
// its axis titles and texts are passed in `text`.
import { prepareCanvas, drawAxes, linearScale, niceTicks, marker, fmt, FONT } from './plot.js';
import { ROLE, OKABE_ITO, withAlpha } from './palette.js';

export const RESIDUAL_STYLE = {
  accumulated: { color: OKABE_ITO.blue, width: 2 },
  perRequest: { color: withAlpha(OKABE_ITO.skyBlue, 0.85) },
  budget: { color: OKABE_ITO.vermillion, dash: [6, 4] },
  alone: { color: '#8a8a8a', width: 1.5 },
  swap: { color: ROLE.muted, dash: [2, 3] },
  actual: { color: OKABE_ITO.green, width: 1.25 },
};

// The mixture's words; a chart of another quantity passes its own.
const TEXT = {
  y: 'accumulated',
  right: 'per request',
  empty: 'Forget marked points to follow the residual request by request.',
  passed: 'retrain after',
};

const MARGIN = { left: 54, right: 64, top: 18, bottom: 38 };

/** Chart height for a width: short, but tall enough for its two axes to have ticks. */
export function residualChartHeight(width) {
  return width < 420 ? 210 : 240;
}

/**
 * Draws the chart on `canvas` at `width` CSS pixels.
 * @param {object} o
 * @param {number|null} o.total     requests in the run (the x axis); null before any run
 * @param {{request:number, residual:number, accumulated:number, aloneAccumulated:number, recommended:boolean, actual?:number|null}[]} o.requests
 * @param {number} o.budget         0: no budget
 * @param {{afterRequest:number}[]} o.swaps
 * @param {boolean} [o.actual]      draw each request's measured residual `actual` (left axis, with the sum it is bounded by)
 * @param {boolean} [o.yLog]        the left axis in decades (a measured residual far below its bound stays visible)
 * @param {Partial<typeof TEXT>} [o.text]  axis titles, the empty chart's sentence, the label of the first pass
 */
export function drawResidualChart(
  canvas,
  width,
  { total, requests, budget, swaps, actual = false, yLog = false, text = {} },
) {
  const words = { ...TEXT, ...text };
  const height = residualChartHeight(width);
  const ctx = prepareCanvas(canvas, width, height);
  const box = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
  if (!total) {
    ctx.fillStyle = ROLE.muted;
    ctx.font = FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const lines = wrap(ctx, words.empty, width - 24);
    lines.forEach((line, i) => ctx.fillText(line, width / 2, height / 2 + 16 * (i - (lines.length - 1) / 2)));
    delete canvas.dataset.requests;
    delete canvas.dataset.actual;
    return;
  }
  const showAlone = swaps.length > 0;
  // Scaled to the served model's sum and the budget: the original's own sum,
  // which keeps growing without retraining, may run off the top (its value is in the read-out).
  let top = budget > 0 ? budget * 1.5 : 0,
    topRequest = 0;
  const measured = actual ? requests.filter((r) => Number.isFinite(r.actual)) : [];
  for (const r of requests) {
    top = Math.max(top, r.accumulated * 1.1);
    topRequest = Math.max(topRequest, r.residual * 1.15);
  }
  for (const r of measured) top = Math.max(top, r.actual * 1.1);
  const sx = linearScale([0.5, total + 0.5], [box.left, box.right]);
  const swapAfter = new Set(swaps.map((s) => s.afterRequest));
  // yOf: a value's height. In decades, from the smallest positive value drawn (a
  // swap's measured residual, of a freshly trained model, excepted) to the top; 0
  // (the sum after a swap) and anything below sit on the bottom edge.
  let sy, yOf;
  if (yLog) {
    let least = budget > 0 ? budget : Infinity;
    for (const r of requests) if (r.accumulated > 0) least = Math.min(least, r.accumulated);
    for (const r of measured) if (r.actual > 0 && !swapAfter.has(r.request)) least = Math.min(least, r.actual);
    const hi = Math.log10(top || 1e-3) + 0.25; // room above the budget for its label
    const lo = Math.min(hi - 1, Math.floor(Math.log10(Number.isFinite(least) ? least : top / 10)));
    sy = linearScale([lo, hi], [box.bottom, box.top]);
    yOf = (v) => sy(v > 0 ? Math.max(lo, Math.log10(v)) : lo);
  } else {
    sy = linearScale([0, top || 1e-3], [box.bottom, box.top]);
    yOf = sy;
  }
  const sr = linearScale([0, topRequest || 1e-4], [box.bottom, box.top]);
  drawAxes(ctx, sx, sy, { xLabel: 'request', yLabel: words.y, grid: true, yLog });
  drawRightAxis(ctx, sr, box, words.right);

  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top - 1, box.right - box.left, box.bottom - box.top + 1);
  ctx.clip();
  // Bars first, so the lines stay on top of them.
  const barWidth = Math.max(1, Math.min(6, (box.right - box.left) / total - 1));
  ctx.fillStyle = RESIDUAL_STYLE.perRequest.color;
  for (const r of requests)
    ctx.fillRect(sx(r.request) - barWidth / 2, sr(r.residual), barWidth, box.bottom - sr(r.residual));
  for (const s of swaps) {
    const x = Math.round(sx(s.afterRequest + 0.5)) + 0.5;
    ctx.strokeStyle = RESIDUAL_STYLE.swap.color;
    ctx.lineWidth = 1;
    ctx.setLineDash(RESIDUAL_STYLE.swap.dash);
    ctx.beginPath();
    ctx.moveTo(x, box.top);
    ctx.lineTo(x, box.bottom);
    ctx.stroke();
  }
  if (budget > 0 && budget <= top) {
    const y = Math.round(yOf(budget)) + 0.5;
    ctx.strokeStyle = RESIDUAL_STYLE.budget.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(RESIDUAL_STYLE.budget.dash);
    ctx.beginPath();
    ctx.moveTo(box.left, y);
    ctx.lineTo(box.right, y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  // The original's own sum stops where it could no longer forget on its own.
  if (showAlone)
    strokeSeries(
      ctx,
      requests.filter((r) => r.aloneAccumulated !== null).map((r) => [sx(r.request), yOf(r.aloneAccumulated)]),
      RESIDUAL_STYLE.alone,
    );
  // The served model's sum: back to 0 after each swap (a vertical drop on the swap line).
  const points = [[sx(0.5), yOf(0)]];
  for (const r of requests) {
    points.push([sx(r.request), yOf(r.accumulated)]);
    if (swapAfter.has(r.request)) points.push([sx(r.request + 0.5), yOf(r.accumulated)], [sx(r.request + 0.5), yOf(0)]);
  }
  strokeSeries(ctx, points, RESIDUAL_STYLE.accumulated);
  // The measured residual: a dot per request, joined within each stretch between
  // retrains. A request that swapped a model in measured the new model, so its dot
  // sits on the swap line and starts the next stretch.
  if (measured.length) {
    const A = RESIDUAL_STYLE.actual;
    const at = (r) => [sx(swapAfter.has(r.request) ? r.request + 0.5 : r.request), yOf(r.actual)];
    let stretch = [];
    for (const r of measured) {
      if (swapAfter.has(r.request)) {
        strokeSeries(ctx, stretch, A);
        stretch = [];
      }
      stretch.push(at(r));
    }
    strokeSeries(ctx, stretch, A);
    const radius = total > 150 ? 1.8 : 2.8;
    for (const r of measured) marker(ctx, 'circle', ...at(r), radius, { fill: A.color });
  }
  for (const r of requests) {
    if (r.recommended)
      marker(ctx, 'diamond', sx(r.request), yOf(r.accumulated), 5.5, {
        fill: OKABE_ITO.vermillion,
        stroke: '#fff',
        lineWidth: 1.5,
      });
  }
  ctx.restore();
  // Labels outside the clip, on a white backing so the lines do not cross them.
  // The budget's label on the left, where the sum is still small and nothing crosses it.
  if (budget > 0 && budget <= top) label(ctx, `budget ${fmt(budget)}`, box.left + 4, yOf(budget) - 3, 'left', 'bottom');
  // The first pass is named in the top margin, above its marker, where no data is drawn.
  const first = requests.find((r) => r.recommended);
  if (first) {
    ctx.font = FONT;
    const passed = `${words.passed} ${first.request}`,
      half = ctx.measureText(passed).width / 2 + 2;
    const x = Math.min(Math.max(sx(first.request), box.left + half), box.right - half);
    label(ctx, passed, x, box.top - 2, 'center', 'bottom');
  }
  canvas.dataset.requests = String(requests.length);
  if (actual) canvas.dataset.actual = String(measured.length);
  else delete canvas.dataset.actual;
}

/** Words of `text` in lines no wider than `maxWidth` (a phone's chart is narrower than the sentence). */
function wrap(ctx, text, maxWidth) {
  const lines = [];
  for (const word of text.split(' ')) {
    const line = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && ctx.measureText(line).width <= maxWidth) lines[lines.length - 1] = line;
    else lines.push(word);
  }
  return lines;
}

function strokeSeries(ctx, points, { color, width }) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.stroke();
}

function label(ctx, text, x, y, align, baseline) {
  ctx.save();
  ctx.font = FONT;
  ctx.textAlign = align;
  ctx.textBaseline = baseline;
  const w = ctx.measureText(text).width;
  const x0 = align === 'right' ? x - w : align === 'center' ? x - w / 2 : x;
  const y0 = baseline === 'bottom' ? y - 13 : y - 7;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x0 - 2, y0, w + 4, 14);
  ctx.fillStyle = ROLE.ink;
  ctx.fillText(text, x, y);
  ctx.restore();
}

/** Ticks and a label on the right edge for the per-request scale. */
function drawRightAxis(ctx, sr, box, title) {
  ctx.save();
  ctx.font = FONT;
  ctx.fillStyle = ROLE.ink;
  ctx.strokeStyle = ROLE.ink;
  ctx.lineWidth = 1;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const ticks = niceTicks(0, sr.domain[1], Math.max(2, Math.floor((box.bottom - box.top) / 45)));
  ctx.beginPath();
  for (const t of ticks) {
    const y = Math.round(sr(t)) + 0.5;
    ctx.moveTo(box.right, y);
    ctx.lineTo(box.right + 4, y);
    ctx.fillText(t === 0 ? '0' : fmt(t, 2), box.right + 6, y);
  }
  ctx.stroke();
  // Rotated clockwise, reading downwards; 'top' puts the glyphs left of the anchor, inside the canvas.
  ctx.translate(box.right + 62, (box.top + box.bottom) / 2);
  ctx.rotate(Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(title, 0, 0);
  ctx.restore();
}
