// The page's state in the URL query: which panel, and that panel's settings.
// Forgotten ids are written as sorted ranges ("3-7,12,40-41") to keep links short.

/**
 * [3,4,5,7] → "3-5,7"; when scattered ids make that long, a bitmap instead:
 * "~" + base64url of one bit per row (bit i of byte i>>3 is row i).
 */
export function encodeIds(ids) {
  const ranges = encodeRanges(ids);
  if (ranges.length < 64) return ranges;
  const max = ids.reduce((m, id) => Math.max(m, id), 0); // no spread: 10⁵ ids exceed the argument limit
  const bytes = new Uint8Array((max >> 3) + 1);
  for (const id of ids) bytes[id >> 3] |= 1 << (id & 7);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return b64.length + 1 < ranges.length ? `~${b64}` : ranges;
}

function encodeRanges(ids) {
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
  if (text.startsWith('~')) {
    let bin;
    try {
      bin = atob(text.slice(1).replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      return out;
    }
    for (let b = 0; b < bin.length; b++) {
      const byte = bin.charCodeAt(b);
      for (let k = 0; k < 8; k++) if (byte & (1 << k)) out.push(8 * b + k);
    }
    return out;
  }
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]),
      b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 100000) continue;
    for (let v = a; v <= b; v++) out.push(v);
  }
  return out;
}

const PANELS = ['exact', 'moons', 'mixture', 'bnn', 'certified'];

/** Reads {panel, state} from a query string. */
export function readUrlState(search) {
  const q = new URLSearchParams(search);
  const panel = PANELS.includes(q.get('panel')) ? q.get('panel') : 'exact';
  const num = (k) => (q.has(k) && q.get(k) !== '' && Number.isFinite(Number(q.get(k))) ? Number(q.get(k)) : undefined);
  const state = {
    seed: num('seed'),
    n: num('n'),
    // `erase`: the key of links made before 0.3.0.
    forget: q.has('forget') || q.has('erase') ? decodeIds(q.get('forget') ?? q.get('erase')) : undefined,
    data: q.get('data') ?? undefined,
    method: q.get('method') ?? undefined,
    lambda: num('lambda'),
    sampler: q.get('sampler') ?? undefined,
    view: q.get('view') ?? undefined,
    iterations: num('iterations'),
    budget: num('budget'),
    epsilon: num('epsilon'),
    sigma: num('sigma'),
    canaries: num('canaries'),
  };
  for (const k of Object.keys(state)) if (state[k] === undefined) delete state[k];
  return { panel, state };
}

// The state's keys a query string holds, in this order (then `forget`).
const WRITTEN_KEYS = [
  'data',
  'seed',
  'n',
  'method',
  'lambda',
  'sampler',
  'iterations',
  'budget',
  'epsilon',
  'sigma',
  'canaries',
  'view',
];

/** Writes {panel, state} to a query string (keys in a fixed order). */
export function writeUrlState(panel, state) {
  const q = new URLSearchParams();
  q.set('panel', panel);
  for (const k of WRITTEN_KEYS) {
    const v = state[k];
    if (v === undefined || v === null) continue;
    // Small λ reads better as 1e-5 than 0.00001 (both parse back to the same number).
    q.set(k, typeof v === 'number' && v > 0 && v < 1e-3 ? v.toExponential() : String(v));
  }
  if (state.forget?.length) q.set('forget', encodeIds(state.forget));
  return `?${q.toString().replace(/%2C/g, ',').replace(/%7E/g, '~')}`;
}
