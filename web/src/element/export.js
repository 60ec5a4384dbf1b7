// What a reader can take away from an embedded demo: the figure as SVG (vector:
// the panel redraws its canvases into SvgContext recorders) or PNG (that SVG
// rasterised, so both show the same), and the current result as JSON with the
// field names of the CLI's --json for that panel.
import { SvgContext, escapeXml } from './svg-context.js';

const GAP = 12,
  MARGIN = 8;
const LEGEND_FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// A chart that is still its placeholder text ("Press Run sweep…") is not part of the figure.
const EMPTY_CHARTS =
  'canvas[data-role=kl-chart]:not([data-runs]), canvas[data-role=residual-chart]:not([data-requests])';

/** The figure canvases the reader sees, in page order. */
function shownCanvases(panel) {
  return [...panel.element.querySelectorAll('.figures canvas')].filter(
    (c) => c.getClientRects().length > 0 && !c.matches(EMPTY_CHARTS),
  );
}

/** Redraws every figure of the panel into recorders instead of its canvases; canvas → SvgContext. */
function recordFigures(panel) {
  const canvases = shownCanvases(panel);
  const recorders = new Map();
  canvases.forEach((canvas, i) => {
    // prepareCanvas sizes the canvas (CSS size in style, backing store ×dpr) before asking for its context.
    canvas.getContext = () => {
      const w = parseFloat(canvas.style.width) || canvas.width,
        h = parseFloat(canvas.style.height) || canvas.height;
      const rec = new SvgContext(w, h, canvas.width / w, `f${i}`);
      recorders.set(canvas, rec);
      return rec;
    };
  });
  try {
    panel.redrawAll();
  } finally {
    for (const canvas of canvases) delete canvas.getContext; // the prototype's getContext again
  }
  return canvases.filter((c) => recorders.has(c)).map((c) => ({ canvas: c, rec: recorders.get(c) }));
}

/** A figure's HTML legend (SVG swatches and labels) laid out in rows of at most `width`. */
function legendMarkup(figure, width, measure) {
  const items = [...(figure?.querySelectorAll(':scope > [data-role$=legend] li, :scope > .legend li') ?? [])];
  if (!items.length) return { markup: '', height: 0 };
  measure.font = LEGEND_FONT;
  const rowH = 20,
    parts = [];
  let x = 0,
    y = 0;
  for (const li of items) {
    const sw = li.querySelector('svg');
    const label = li.textContent.trim();
    const swW = sw ? Number(sw.getAttribute('width')) : 0,
      swH = sw ? Number(sw.getAttribute('height')) : 0;
    const w = swW + 5 + measure.measureText(label).width + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      y += rowH;
    }
    if (sw) {
      const inner = new XMLSerializer()
        .serializeToString(sw)
        .replace(/^<svg[^>]*>/, '')
        .replace(/<\/svg>$/, '');
      parts.push(
        `<svg x="${x}" y="${y + (rowH - swH) / 2}" width="${swW}" height="${swH}" viewBox="${sw.getAttribute('viewBox')}">${inner}</svg>`,
      );
    }
    parts.push(
      `<text x="${x + swW + 5}" y="${y + rowH / 2}" dominant-baseline="central" font-family="system-ui, sans-serif" font-size="13" fill="#1a1a1a">${escapeXml(label)}</text>`,
    );
    x += w;
  }
  return { markup: parts.join(''), height: y + rowH };
}

/**
 * The panel's figures as one SVG document: its title, then each figure with
 * its legend, stacked. Everything is vector: paths, text and, for heatmaps, one
 * rect per run of equal cells.
 */
export function figureSvg(panel) {
  const figures = recordFigures(panel);
  if (!figures.length) throw new Error('lethe-demo: there is no figure to export yet');
  const width = Math.max(...figures.map((f) => f.rec.width));
  const measure = document.createElement('canvas').getContext('2d');
  const title = panel.element.querySelector('h2')?.textContent ?? 'Lethe';
  const defs = [],
    body = [];
  let y = 0;
  body.push(
    `<text x="0" y="0" dominant-baseline="text-before-edge" font-family="system-ui, sans-serif" font-size="15" font-weight="600" fill="#1a1a1a">${escapeXml(title)}</text>`,
  );
  y += 26;
  for (const { canvas, rec } of figures) {
    const { defs: d, body: b } = rec.markup();
    defs.push(d);
    body.push(`<g transform="translate(0 ${y})" data-figure="${escapeXml(canvas.dataset.role ?? '')}">${b}</g>`);
    y += rec.height + 4;
    const legend = legendMarkup(canvas.closest('figure'), width, measure);
    if (legend.height) {
      body.push(`<g transform="translate(0 ${y})">${legend.markup}</g>`);
      y += legend.height;
    }
    y += GAP;
  }
  const W = Math.ceil(width + 2 * MARGIN),
    H = Math.ceil(y - GAP + 2 * MARGIN);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<title>${escapeXml(title)}</title><defs>${defs.join('')}</defs>` +
    `<rect width="${W}" height="${H}" fill="#ffffff"/><g transform="translate(${MARGIN} ${MARGIN})">${body.join('')}</g></svg>\n`
  );
}

/** The SVG figure rasterised at `scale` × its CSS size, as a PNG blob. */
export async function figurePng(panel, scale = 2) {
  const svg = figureSvg(panel);
  const [, w, h] = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg).map(Number);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('lethe-demo: PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A result object with its keys in snake_case (the CLI's spelling), typed arrays as arrays. */
function snakeKeys(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeKeys(x)]));
  return v;
}

/** moons: `lethe moons-kl --json`'s shape, {full, runs: [this run]}, with the run's describe() fields. */
function moonsJson(panel) {
  const r = panel.result;
  const n = panel.data.labels.length,
    forgotten = panel.applied?.size ?? 0;
  return {
    full: snakeKeys(r.fullFields ?? r.full),
    runs: [snakeKeys(r.fields ?? r)],
    n_forgotten: forgotten,
    n_remaining: n - forgotten,
  };
}

/**
 * mixture: what `lethe gmm-forget --auto-retrain --residual-budget B --json` prints for
 * the panel's run (the core's JSON of the retrain policy's result), then its set-up.
 */
function mixtureJson(panel) {
  return {
    ...JSON.parse(panel.result.json),
    sampler: panel.sampler,
    n: panel.data.labels.length,
    iterations: panel.iterations,
  };
}

/** exact: no CLI command; the result's fields in the same snake_case, on the panel's grid. */
function exactJson(panel) {
  const r = panel.result;
  return {
    n: panel.data.x.length,
    forgotten_ids: [...panel.applied].sort((a, b) => a - b),
    seed: panel.seed,
    max_prediction_difference: r.maxPredictionDifference,
    max_posterior_difference: r.maxPosteriorDifference,
    grid: Array.from(panel.grid),
    original: snakeKeys(r.original ?? panel.original),
    forgotten: snakeKeys(r.forgotten),
    retrained: snakeKeys(r.retrained),
  };
}

/** bnn: `lethe bnn-forget --json`'s shape, {model, original, retrained, runs: [this run]}. */
function bnnJson(panel) {
  const r = panel.result;
  const { testPerClass, ...run } = r.run;
  return {
    model: {
      dataset: panel.dataset,
      features: 2,
      classes: 2,
      parameters: r.parameters,
      train: r.n,
      test: r.test,
      forgotten: r.forgotten,
      seed: panel.seed,
      family: r.family,
    },
    original: snakeKeys(r.original),
    retrained: snakeKeys(r.retrained),
    runs: [{ ...snakeKeys(run), test_per_class: Array.from(testPerClass ?? []) }],
  };
}

/** certified: each request as `lethe forget --json` prints it, and `lethe verify --json` of the model now. */
function certifiedJson(panel) {
  const r = panel.result;
  return {
    family: 'logistic',
    n: r.n,
    rows: r.rows,
    residual_budget: r.budget,
    certificate_sum: r.sumNow,
    requests: r.requests.map((q) => ({
      request_id: q.requestId,
      ids: q.ids,
      certificate: snakeKeys(q.certificate),
      decision: q.decision,
      seconds: q.seconds,
    })),
    verify: r.verify && snakeKeys(r.verify),
    accuracy_held: { forgotten: r.forgotten.accuracy, retrained: r.retrained?.accuracy ?? null },
    seconds_retrain: r.retrained?.seconds ?? null,
  };
}

const RESULT_JSON = {
  moons: moonsJson,
  mixture: mixtureJson,
  exact: exactJson,
  bnn: bnnJson,
  certified: certifiedJson,
};

/** The shown result as a JSON-ready object: {panel, settings, link, result}; throws when nothing was computed yet. */
export function resultJson(panel, key, { link } = {}) {
  if (!panel.result) throw new Error('lethe-demo: there is no result to export yet (forget some points first)');
  return { panel: key, settings: panel.getState(), link, result: RESULT_JSON[key](panel) };
}
