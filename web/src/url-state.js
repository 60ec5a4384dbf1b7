// The page's state in the URL query: which panel, and that panel's settings.
// Erased ids are written as sorted ranges ("3-7,12,40-41") to keep links short.

/** [3,4,5,7] → "3-5,7". */
export function encodeIds(ids) {
  const s = [...new Set(ids)].filter(Number.isInteger).sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** "3-5,7" → [3,4,5,7]; anything malformed is skipped (a link must never break the page). */
export function decodeIds(text) {
  const out = [];
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 100000) continue;
    for (let v = a; v <= b; v++) out.push(v);
  }
  return out;
}

const PANELS = ['exact', 'moons', 'mixture'];

/** Reads {panel, state} from a query string. */
export function readUrlState(search) {
  const q = new URLSearchParams(search);
  const panel = PANELS.includes(q.get('panel')) ? q.get('panel') : 'exact';
  const num = (k) => (q.has(k) && q.get(k) !== '' && Number.isFinite(Number(q.get(k))) ? Number(q.get(k)) : undefined);
  const state = {
    seed: num('seed'),
    erase: q.has('erase') ? decodeIds(q.get('erase')) : undefined,
    data: q.get('data') ?? undefined,
    method: q.get('method') ?? undefined,
    lambda: num('lambda'),
    sampler: q.get('sampler') ?? undefined,
    view: q.get('view') ?? undefined,
  };
  for (const k of Object.keys(state)) if (state[k] === undefined) delete state[k];
  return { panel, state };
}

/** Writes {panel, state} to a query string (keys in a fixed order). */
export function writeUrlState(panel, state) {
  const q = new URLSearchParams();
  q.set('panel', panel);
  for (const k of ['data', 'seed', 'method', 'lambda', 'sampler', 'view']) {
    if (state[k] !== undefined && state[k] !== null) q.set(k, String(state[k]));
  }
  if (state.erase?.length) q.set('erase', encodeIds(state.erase));
  return `?${q.toString().replace(/%2C/g, ',')}`;
}
