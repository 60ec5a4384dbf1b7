// 2-D figures: an equal-aspect frame around point data, a probability heatmap
// drawn through an offscreen image, and the 0.5 contour by marching squares.
import { linearScale } from './plot.js';

/** Bounding box of row-major points x[2i], x[2i+1], padded by `pad` of its size. */
export function pointBounds(x, pad = 0.08) {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < x.length; i += 2) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, x[i + 1]);
    y1 = Math.max(y1, x[i + 1]);
  }
  const px = (x1 - x0 || 1) * pad,
    py = (y1 - y0 || 1) * pad;
  return [x0 - px, x1 + px, y0 - py, y1 + py];
}

/**
 * Scales mapping data bounds into the plot box with equal units on both axes
 * (geometry is part of what the figures show), centred in the box.
 */
export function equalAspectScales([x0, x1, y0, y1], box) {
  const w = box.right - box.left,
    h = box.bottom - box.top;
  const k = Math.min(w / (x1 - x0), h / (y1 - y0));
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const hx = w / k / 2,
    hy = h / k / 2;
  return {
    sx: linearScale([cx - hx, cx + hx], [box.left, box.right]),
    sy: linearScale([cy - hy, cy + hy], [box.bottom, box.top]),
  };
}

/** Grid description: nx × ny cell centres over [x0,x1]×[y0,y1], as row-major points (row = y). */
export function makeGrid([x0, x1, y0, y1], nx, ny) {
  const pts = new Float64Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = 2 * (j * nx + i);
      pts[k] = x0 + ((x1 - x0) * (i + 0.5)) / nx;
      pts[k + 1] = y0 + ((y1 - y0) * (j + 0.5)) / ny;
    }
  }
  return { bounds: [x0, x1, y0, y1], nx, ny, points: pts };
}

// Diverging map for a probability: class-0 blue (p=0) → white (0.5) → class-1
// orange (p=1), kept light so the points on top stay readable.
const LOW = [0, 114, 178],
  HIGH = [230, 159, 0],
  MID = [255, 255, 255];
export function probabilityColor(p, strength = 0.62) {
  const t = Math.min(1, Math.max(0, p));
  const [c, a] = t < 0.5 ? [LOW, (0.5 - t) * 2] : [HIGH, (t - 0.5) * 2];
  const s = a * strength;
  return [0, 1, 2].map((k) => Math.round(MID[k] + (c[k] - MID[k]) * s));
}

/** Paints values (p in [0,1], row-major ny×nx, row 0 at y0) into the data rectangle. */
export function drawHeatmap(ctx, grid, values, sx, sy) {
  const {
    nx,
    ny,
    bounds: [x0, x1, y0, y1],
  } = grid;
  const off =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(nx, ny)
      : Object.assign(document.createElement('canvas'), { width: nx, height: ny });
  const octx = off.getContext('2d');
  const img = octx.createImageData(nx, ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [r, g, b] = probabilityColor(values[j * nx + i]);
      const k = 4 * ((ny - 1 - j) * nx + i); // image rows go downwards, y upwards
      img.data[k] = r;
      img.data[k + 1] = g;
      img.data[k + 2] = b;
      img.data[k + 3] = 255;
    }
  }
  octx.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const left = sx(x0),
    right = sx(x1),
    top = sy(y1),
    bottom = sy(y0);
  ctx.drawImage(off, left, top, right - left, bottom - top);
  ctx.restore();
}

/**
 * Contour segments of `values` at `level` by marching squares on the cell
 * centres; returns [[xa, ya, xb, yb], ...] in data units.
 */
export function contourSegments(grid, values, level = 0.5) {
  const {
    nx,
    ny,
    bounds: [x0, x1, y0, y1],
  } = grid;
  const X = (i) => x0 + ((x1 - x0) * (i + 0.5)) / nx,
    Y = (j) => y0 + ((y1 - y0) * (j + 0.5)) / ny;
  const v = (i, j) => values[j * nx + i] - level;
  const segs = [];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = v(i, j),
        b = v(i + 1, j),
        c = v(i + 1, j + 1),
        d = v(i, j + 1);
      // Edge crossings by linear interpolation: bottom (a-b), right (b-c), top (d-c), left (a-d).
      const cross = [];
      if (a < 0 !== b < 0) cross.push([X(i) + ((X(i + 1) - X(i)) * a) / (a - b), Y(j)]);
      if (b < 0 !== c < 0) cross.push([X(i + 1), Y(j) + ((Y(j + 1) - Y(j)) * b) / (b - c)]);
      if (d < 0 !== c < 0) cross.push([X(i) + ((X(i + 1) - X(i)) * d) / (d - c), Y(j + 1)]);
      if (a < 0 !== d < 0) cross.push([X(i), Y(j) + ((Y(j + 1) - Y(j)) * a) / (a - d)]);
      if (cross.length === 2) segs.push([...cross[0], ...cross[1]]);
      else if (cross.length === 4) {
        // saddle: pair by the centre value
        const centre = (a + b + c + d) / 4;
        if (centre < 0 === a < 0) {
          segs.push([...cross[0], ...cross[1]], [...cross[2], ...cross[3]]);
        } else {
          segs.push([...cross[0], ...cross[3]], [...cross[1], ...cross[2]]);
        }
      }
    }
  }
  return segs;
}

export function strokeSegments(ctx, segs, sx, sy) {
  ctx.beginPath();
  for (const [xa, ya, xb, yb] of segs) {
    ctx.moveTo(sx(xa), sy(ya));
    ctx.lineTo(sx(xb), sy(yb));
  }
  ctx.stroke();
}
