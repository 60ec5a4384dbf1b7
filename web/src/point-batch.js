// Scatter points at any count without per-point DOM. Up to RASTER_ABOVE points
// each marker is a canvas path (antialiased, as the panels drew them before
// data sizes could change). Above, the points are written into one ImageData
// the size of the canvas's backing store — each marker a precomputed pixel
// stamp, blended source-over — and that image is drawn onto the plot once:
// 10⁵ points take milliseconds, where one canvas path per point (or one path
// holding them all, whose fill grows faster than the count) takes a second.
import { marker } from './plot.js';

/** Whether a marker shape of plot.js is only stroked (it encloses no area). */
const isOpenShape = (shape) => shape === 'cross' || shape === 'plus';

/** Point counts above which points are rasterised. */
export const RASTER_ABOVE = 3000;

/**
 * Draws groups of points, in order (later groups on top). Each group:
 * {ids: row indices, shape, r: radius in CSS px, fill, stroke, lineWidth}.
 * `x` is row-major (x[2i], x[2i+1]); `sx`, `sy` are linear maps (plot.js
 * linearScale) from data to CSS pixels; `n`
 * is the data size, which picks vector or raster drawing for every group alike.
 */
export function drawPointGroups(ctx, { x, sx, sy, n }, groups) {
  // A stand-in context (a vector export recording the drawing) has no pixels: it gets the markers.
  if (n <= RASTER_ABOVE || !hasPixels(ctx)) {
    for (const { ids, shape, r, fill = null, stroke = null, lineWidth = 1.25 } of groups) {
      for (const i of ids) marker(ctx, shape, sx(x[2 * i]), sy(x[2 * i + 1]), r, { fill, stroke, lineWidth });
    }
    return;
  }
  const layer = rasterLayer(ctx);
  for (const g of groups) layer.stamp(x, sx, sy, g);
  layer.paint();
}

/**
 * The marker radius for `n` points: `base` up to `comfortable` points, then
 * shrinking like 1/√n (the area the points cover stays about the same) down to
 * `min`, so that 10⁵ points still show the data's density rather than one blot.
 */
export function markerRadius(n, base, { comfortable = 1000, min = 0.9 } = {}) {
  if (n <= comfortable) return base;
  return Math.max(min, base * Math.sqrt(comfortable / n));
}

/**
 * Whether outlines are worth drawing: above `limit` points they merge into a
 * dark mass and hide the colours (shape and colour still tell the classes apart).
 */
export const outlinesFor = (n, limit = RASTER_ABOVE) => n <= limit;

/**
 * Splits the rows 0…n−1 by `keyOf(i)`, an integer in [0, keys) (or −1: left
 * out), into `keys` Int32Arrays of row indices in increasing order: a counting
 * sort, two passes and no allocation per row.
 */
export function groupRows(n, keyOf, keys) {
  const key = new Int32Array(n),
    counts = new Int32Array(keys);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    key[i] = k;
    if (k >= 0) counts[k]++;
  }
  const groups = Array.from(counts, (c) => new Int32Array(c)),
    filled = new Int32Array(keys);
  for (let i = 0; i < n; i++) {
    const k = key[i];
    if (k >= 0) groups[k][filled[k]++] = i;
  }
  return groups;
}

// ---- raster drawing ----------------------------------------------------------

const hasPixels = (ctx) => typeof CanvasRenderingContext2D !== 'undefined' && ctx instanceof CanvasRenderingContext2D;

/** "#rrggbb", "rgb(r,g,b)" or "rgba(r,g,b,a)" → [r, g, b, a] with a in [0, 1]; null for none. */
export function parseColor(css) {
  if (!css || css === 'none') return null;
  if (css[0] === '#') {
    const v = parseInt(css.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255, 1];
  }
  const m = css.match(/[\d.]+/g);
  if (!m || m.length < 3) throw new Error(`point-batch: cannot parse colour '${css}'`);
  return [Number(m[0]), Number(m[1]), Number(m[2]), m.length > 3 ? Number(m[3]) : 1];
}

/**
 * Whether the pixel centre (dx, dy) from a marker's centre lies inside `shape`
 * of radius r, with the same geometry as plot.js's marker.
 */
function inside(shape, dx, dy, r) {
  switch (shape) {
    case 'square':
      return Math.abs(dx) <= 0.9 * r && Math.abs(dy) <= 0.9 * r;
    case 'diamond':
      return Math.abs(dx) + Math.abs(dy) <= 1.2 * r;
    case 'triangle': {
      // Apex (0, −1.15r), base y = 0.75r from −r to r: the half-width grows linearly down from the apex.
      if (dy < -1.15 * r || dy > 0.75 * r) return false;
      return Math.abs(dx) <= (r * (dy + 1.15 * r)) / (1.9 * r);
    }
    default:
      return dx * dx + dy * dy <= r * r;
  }
}

/** Distance of (dx, dy) to the strokes of an open shape (cross: both diagonals; plus: both axes), within its box. */
function openDistance(shape, dx, dy, r) {
  if (Math.abs(dx) > r + 0.5 || Math.abs(dy) > r + 0.5) return Infinity;
  return shape === 'plus'
    ? Math.min(Math.abs(dx), Math.abs(dy))
    : Math.min(Math.abs(dx - dy), Math.abs(dx + dy)) / Math.SQRT2;
}

/**
 * A marker's pixels in device pixels: `fill` and `stroke` are flat [dx, dy, …]
 * offset lists. The stroke is centred on the outline, lineWidth wide (at least
 * one pixel), as the canvas strokes a path; a marker always covers its centre.
 */
function stamp(shape, r, lineWidth, hasFill, hasStroke) {
  const fill = [],
    stroke = [],
    half = Math.max(0.5, lineWidth / 2),
    R = Math.ceil(r * 1.3 + half) + 1;
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      if (isOpenShape(shape)) {
        if (openDistance(shape, dx, dy, r) <= half) stroke.push(dx, dy);
        continue;
      }
      if (hasFill && inside(shape, dx, dy, Math.max(r, 0.5))) fill.push(dx, dy);
      if (hasStroke && inside(shape, dx, dy, r + half) && !inside(shape, dx, dy, Math.max(0, r - half)))
        stroke.push(dx, dy);
    }
  }
  if (!fill.length && !stroke.length) (hasFill ? fill : stroke).push(0, 0);
  return { fill, stroke };
}

/** A transparent image the size of the canvas's backing store, points stamped into it, then drawn once. */
function rasterLayer(ctx) {
  const { width: W, height: H } = ctx.canvas;
  const t = ctx.getTransform(); // CSS px → device px (the devicePixelRatio scale of prepareCanvas)
  const image = new ImageData(W, H),
    px = image.data,
    words = new Uint32Array(px.buffer);
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  // Writes `offsets` around (cx, cy) in colour [r, g, b, a]: an opaque colour is one 32-bit
  // store per pixel; a translucent one is blended source-over with straight alpha,
  // a = as + ad(1 − as), c = (cs·as + cd·ad(1 − as)) / a.
  const put = (cx, cy, offsets, [r, g, b, a]) => {
    const word = littleEndian
      ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
      : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
    for (let j = 0; j < offsets.length; j += 2) {
      const X = cx + offsets[j],
        Y = cy + offsets[j + 1];
      if (X < 0 || X >= W || Y < 0 || Y >= H) continue;
      const p = Y * W + X;
      if (a >= 1) {
        words[p] = word;
        continue;
      }
      const k = 4 * p,
        ad = px[k + 3] / 255,
        wd = ad * (1 - a),
        ao = a + wd;
      px[k] = (r * a + px[k] * wd) / ao;
      px[k + 1] = (g * a + px[k + 1] * wd) / ao;
      px[k + 2] = (b * a + px[k + 2] * wd) / ao;
      px[k + 3] = 255 * ao;
    }
  };
  return {
    stamp(x, sx, sy, { ids, shape, r, fill = null, stroke = null, lineWidth = 1.25 }) {
      if (!ids.length) return;
      const fc = parseColor(fill),
        sc = parseColor(stroke ?? (isOpenShape(shape) ? fill : null));
      const s = stamp(shape, r * t.a, lineWidth * t.a, Boolean(fc), Boolean(sc));
      // The scales are linear: data → device px is one multiply-add per axis.
      const ax = t.a * (sx(1) - sx(0)),
        bx = t.a * sx(0) + t.e,
        ay = t.d * (sy(1) - sy(0)),
        by = t.d * sy(0) + t.f;
      for (const i of ids) {
        const cx = Math.round(ax * x[2 * i] + bx),
          cy = Math.round(ay * x[2 * i + 1] + by);
        if (fc) put(cx, cy, s.fill, fc);
        if (sc) put(cx, cy, s.stroke, sc);
      }
    },
    paint() {
      const off =
        typeof OffscreenCanvas !== 'undefined'
          ? new OffscreenCanvas(W, H)
          : Object.assign(document.createElement('canvas'), { width: W, height: H });
      off.getContext('2d').putImageData(image, 0, 0);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0); // the clip set before stays in force
      ctx.drawImage(off, 0, 0);
      ctx.restore();
    },
  };
}
