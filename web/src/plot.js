// Canvas plotting helpers: HiDPI set-up, linear scales, "nice" ticks, axes with
// labels, markers of several shapes. Drawing is in CSS pixels; the backing store
// is devicePixelRatio times larger so lines stay sharp on HiDPI screens.
import { ROLE, withAlpha } from './palette.js';

export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Sizes the canvas backing store for the current devicePixelRatio and returns a
 * context whose unit is one CSS pixel.
 */
export function prepareCanvas(canvas, cssWidth, cssHeight) {
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const w = Math.max(1, Math.round(cssWidth * dpr)),
    h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

/** Linear map from a data interval to a pixel interval, with its inverse. */
export function linearScale([d0, d1], [r0, r1]) {
  const k = (r1 - r0) / (d1 - d0 || 1);
  const f = (v) => r0 + (v - d0) * k;
  f.invert = (p) => d0 + (p - r0) / k;
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

/** About `count` round tick values covering [lo, hi] (steps 1, 2, 5 × 10^k). */
export function niceTicks(lo, hi, count = 6) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count,
    mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(12));
  return out;
}

/** Widens [lo, hi] by a fraction on each side. */
export function padExtent(lo, hi, fraction = 0.05) {
  const pad = (hi - lo || 1) * fraction;
  return [lo - pad, hi + pad];
}

export function extent(values) {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function formatTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(+v.toPrecision(4));
}

/**
 * Frame with ticks and axis labels. `sx`, `sy` are scales; `yLog` marks a log10
 * axis whose domain is in log10 units.
 */
export function drawAxes(ctx, sx, sy, { xLabel = '', yLabel = '', yLog = false, grid = true, xTicks = null } = {}) {
  const [x0, x1] = sx.range,
    [y0, y1] = sy.range; // y0 is the bottom
  ctx.save();
  ctx.font = FONT;
  ctx.lineWidth = 1;
  // xTicks: explicit [[value, label], ...] (e.g. λ values on a log axis).
  const xt = xTicks
    ? xTicks.map((t) => t[0])
    : niceTicks(sx.domain[0], sx.domain[1], Math.max(4, Math.floor((x1 - x0) / 70)));
  const xLabelOf = (t, i) => (xTicks ? xTicks[i][1] : formatTick(t));
  const yt = yLog
    ? logTicks(sy.domain[0], sy.domain[1])
    : niceTicks(Math.min(...sy.domain), Math.max(...sy.domain), Math.max(2, Math.floor((y0 - y1) / 45)));
  if (grid) {
    ctx.strokeStyle = ROLE.grid;
    ctx.beginPath();
    for (const t of xt) {
      const p = Math.round(sx(t)) + 0.5;
      ctx.moveTo(p, y0);
      ctx.lineTo(p, y1);
    }
    for (const t of yt) {
      const p = Math.round(sy(t)) + 0.5;
      ctx.moveTo(x0, p);
      ctx.lineTo(x1, p);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = ROLE.ink;
  ctx.strokeRect(Math.round(x0) + 0.5, Math.round(y1) + 0.5, Math.round(x1 - x0), Math.round(y0 - y1));
  ctx.fillStyle = ROLE.ink;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  xt.forEach((t, i) => {
    const p = Math.round(sx(t)) + 0.5;
    ctx.moveTo(p, y0);
    ctx.lineTo(p, y0 + 4);
    ctx.fillText(xLabelOf(t, i), p, y0 + 6);
  });
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt) {
    const p = Math.round(sy(t)) + 0.5;
    ctx.moveTo(x0, p);
    ctx.lineTo(x0 - 4, p);
    ctx.fillText(yLog ? `1e${t}` : formatTick(t), x0 - 6, p);
  }
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  if (xLabel) ctx.fillText(xLabel, (x0 + x1) / 2, y0 + 36);
  if (yLabel) {
    ctx.translate(Math.max(2, x0 - 50), (y0 + y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.fillText(yLabel, 0, 0);
  }
  ctx.restore();
}

function logTicks(lo, hi) {
  const a = Math.ceil(Math.min(lo, hi)),
    b = Math.floor(Math.max(lo, hi));
  const step = Math.max(1, Math.ceil((b - a + 1) / 7));
  const out = [];
  for (let t = a; t <= b; t += step) out.push(t);
  return out;
}

/** Markers: shape differs by class so labels do not rely on colour. */
export function marker(ctx, shape, x, y, r, { fill = null, stroke = null, lineWidth = 1.25 } = {}) {
  ctx.beginPath();
  switch (shape) {
    case 'square':
      ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r, y + r * 0.75);
      ctx.lineTo(x - r, y + r * 0.75);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.2);
      ctx.lineTo(x + r * 1.2, y);
      ctx.lineTo(x, y + r * 1.2);
      ctx.lineTo(x - r * 1.2, y);
      ctx.closePath();
      break;
    case 'cross':
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      ctx.lineWidth = lineWidth;
      ctx.strokeStyle = stroke ?? fill;
      ctx.stroke();
      return;
    case 'plus':
      ctx.moveTo(x - r, y);
      ctx.lineTo(x + r, y);
      ctx.moveTo(x, y - r);
      ctx.lineTo(x, y + r);
      ctx.lineWidth = lineWidth;
      ctx.strokeStyle = stroke ?? fill;
      ctx.stroke();
      return;
    default:
      ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.lineWidth = lineWidth;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

/** Polyline through (xs[i], ys[i]) mapped by the scales. */
export function polyline(ctx, xs, ys, sx, sy) {
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) {
    const px = sx(xs[i]),
      py = sy(ys[i]);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
}

/** Filled band between lower and upper curves. */
export function band(ctx, xs, lower, upper, sx, sy) {
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) ctx.lineTo(sx(xs[i]), sy(upper[i]));
  for (let i = xs.length - 1; i >= 0; i--) ctx.lineTo(sx(xs[i]), sy(lower[i]));
  ctx.closePath();
}

/** Formats a small or large number compactly for read-outs. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
  return String(+v.toPrecision(digits));
}

/** "Marked for erasure": a vermillion ring with a black cross over the point (shape, not hue alone). */
export function markPending(ctx, x, y, r = 7) {
  marker(ctx, 'circle', x, y, r, { stroke: ROLE.marked, lineWidth: 2 });
  marker(ctx, 'cross', x, y, r * 0.62, { stroke: ROLE.ink, lineWidth: 1.6 });
}

/** The box being dragged to mark points: [x0, y0, x1, y1] in CSS pixels, corners in any order. */
export function drawSelectionBox(ctx, [x0, y0, x1, y1]) {
  ctx.fillStyle = withAlpha(ROLE.marked, 0.12);
  ctx.strokeStyle = ROLE.marked;
  ctx.lineWidth = 1;
  ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  ctx.strokeRect(Math.min(x0, x1) + 0.5, Math.min(y0, y1) + 0.5, Math.abs(x1 - x0), Math.abs(y1 - y0));
}
