// The poster an embedded demo shows before its worker starts: the panel's
// title and its default data as a static SVG (the very points the panel loads
// first, exported from the wasm module at build time by scripts/poster-data.mjs),
// with the preset it marks first. No wasm, no worker, a few kilobytes.
import { POSTER_DATA } from '../generated/poster-data.js';
import { OKABE_ITO, SERIES } from '../palette.js';

export const POSTER_TEXT = {
  exact: {
    title: 'Exact unlearning · Bayesian linear regression',
    line: 'Forget points from a conjugate posterior and compare with retraining.',
  },
  moons: {
    title: 'Variational unlearning · sparse GP classifier on two moons',
    line: 'Forget the marked points by EUBO or reverse KL and compare with the retrained model.',
  },
  mixture: {
    title: 'Inference forgetting · Gaussian mixture',
    line: 'Forget the marked points batch by batch and watch the centres move toward the retrained ones.',
  },
  bnn: {
    title: 'Neural network · a Bayesian MLP forgets points',
    line: 'Forget the marked points from a Bayesian neural network and compare its predictive map with the retrained one.',
  },
  certified: {
    title: 'Certified removal · logistic regression with a proof per request',
    line: 'Forget points one request at a time: each comes with a proven bound, checked against the residual measured, and the model retrains once the budget is spent.',
  },
};

const W = 600,
  H = 330,
  PAD = 14;

function scaleTo(values, lo, hi, a, b) {
  return values.map((v) => a + ((v - lo) / (hi - lo || 1)) * (b - a));
}

function bounds(xs) {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const f = (v) => String(Math.round(v * 10) / 10);

/** Points of 2-D data, x row-major, equal units on both axes, centred. */
function project2d(x) {
  const xs = x.filter((_, i) => i % 2 === 0),
    ys = x.filter((_, i) => i % 2 === 1);
  const [x0, x1] = bounds(xs),
    [y0, y1] = bounds(ys);
  const k = Math.min((W - 2 * PAD) / (x1 - x0), (H - 2 * PAD) / (y1 - y0));
  const ox = (W - k * (x1 - x0)) / 2,
    oy = (H - k * (y1 - y0)) / 2;
  return xs.map((v, i) => [ox + k * (v - x0), H - oy - k * (ys[i] - y0)]);
}

function moonsMarks(d, marked) {
  return project2d(d.x)
    .map(([px, py], i) => {
      const fill = d.labels[i] === 1 ? OKABE_ITO.orange : OKABE_ITO.blue;
      const shape =
        d.labels[i] === 1
          ? `<path d="M${f(px)} ${f(py - 5)}L${f(px + 4.4)} ${f(py + 3.3)}L${f(px - 4.4)} ${f(py + 3.3)}Z" fill="${fill}" stroke="#1a1a1a"/>`
          : `<circle cx="${f(px)}" cy="${f(py)}" r="4.2" fill="${fill}" stroke="#1a1a1a"/>`;
      return (
        shape +
        (marked.has(i)
          ? `<circle cx="${f(px)}" cy="${f(py)}" r="7" fill="none" stroke="${OKABE_ITO.vermillion}" stroke-width="2"/>`
          : '')
      );
    })
    .join('');
}

function mixtureMarks(d, marked) {
  return project2d(d.x)
    .map(([px, py], i) =>
      marked.has(i)
        ? `<path d="M${f(px - 2.6)} ${f(py - 2.6)}L${f(px + 2.6)} ${f(py + 2.6)}M${f(px + 2.6)} ${f(py - 2.6)}L${f(px - 2.6)} ${f(py + 2.6)}" stroke="#1a1a1a" stroke-width="1.4"/>`
        : `<circle cx="${f(px)}" cy="${f(py)}" r="2.4" fill="${SERIES[d.labels[i] % 8]}" fill-opacity="0.75"/>`,
    )
    .join('');
}

function exactMarks(d, marked) {
  const [y0, y1] = bounds(d.y);
  const px = scaleTo(d.x, -3.25, 3.25, PAD, W - PAD),
    py = scaleTo(d.y, y0 - 0.3, y1 + 0.3, H - PAD, PAD);
  return px
    .map(
      (x, i) =>
        `<circle cx="${f(x)}" cy="${f(py[i])}" r="3.5" fill="#1a1a1a" stroke="#fff"/>` +
        (marked.has(i)
          ? `<circle cx="${f(x)}" cy="${f(py[i])}" r="7" fill="none" stroke="${OKABE_ITO.vermillion}" stroke-width="2"/>`
          : ''),
    )
    .join('');
}

// The BNN's default data is two moons too (its training split), drawn the same way.
const MARKS = { moons: moonsMarks, mixture: mixtureMarks, exact: exactMarks, bnn: moonsMarks };

/**
 * The poster's figure for `key`, or '' when the element asks for other data
 * than the default (another seed, an uploaded file), which only the module can make.
 * `forget`: the element's forget ids (rows of the full data), or null for the default preset.
 */
export function posterFigure(key, { seed, data, forget }) {
  const d = POSTER_DATA[key];
  if (!d || (seed !== undefined && seed !== d.seed) || (data !== undefined && data !== 'builtin')) return '';
  // The mixture poster holds every k-th row: row id i is poster point i / k.
  const every = d.every ?? 1;
  const marked = new Set(forget ? forget.filter((id) => id % every === 0).map((id) => id / every) : d.marked);
  return (
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="The demo's data, before it starts" data-role="poster-figure">` +
    `<rect width="${W}" height="${H}" fill="#fff"/>${MARKS[key](d, marked)}</svg>`
  );
}
