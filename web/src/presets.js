// Erase presets at any data size. At a panel's default size the presets are
// exactly the published ones (the moons' from the module's table). At other
// sizes two kinds are added:
//   - requests of a fixed size r, chosen the same way at every N (one user's
//     data: the r class-1 points with the largest x1 on the moons; r rows of
//     the two elongated clusters on the mixture). Forgetting one of these
//     costs the same at every N while retraining grows with N;
//   - the published region presets scaled with N (the same share of the data
//     as at the default size), whose forgetting grows with N like retraining.
import { groupDigits } from './size-control.js';

// Request sizes r offered beyond the published presets (the issue's 20, 200 and 2 000 rows).
const REQUEST_SIZES = [200, 2000];

/**
 * The moons presets at `n` points: `core` ({name, label} from moonsDefaults)
 * and, away from the default size, requests of 200 and 2 000 class-1 points
 * (while at most half of class 1, ≈ n/2) and the tip region scaled with n.
 * Returns {name: label}.
 */
export function moonsPresets(n, defaultN, core) {
  const out = Object.fromEntries(core.map(({ name, label }) => [name, label]));
  if (n === defaultN) return out;
  for (const r of REQUEST_SIZES) if (r <= n / 4) out[`rm${r}`] = `Class 1: the ${groupDigits(r)} with the largest x1`;
  const share = tipShareCount(n, defaultN);
  if (share > 20)
    out.tipShare = `Tip region: the ${groupDigits(share)} points with the largest x1 (tip scaled from 20 at n = ${defaultN}; forgetting grows with it)`;
  return out;
}

/** How many points the tip region holds at `n`: tip's 20 of the default size, scaled. */
export const tipShareCount = (n, defaultN) => Math.round((20 * n) / defaultN);

/**
 * Ids of a moons preset the module's table does not have (rmK for any K,
 * tipShare), or null for one it has. Both take the points with the largest
 * x1, of class 1 (rmK) or of any class (tipShare), as the module's tip and
 * rmK do.
 */
export function moonsExtraIds(name, x, labels, defaultN) {
  const rm = /^rm(\d+)$/.exec(name);
  if (name === 'tipShare') return largestX1(x, labels, null, tipShareCount(labels.length, defaultN));
  if (rm && REQUEST_SIZES.includes(Number(rm[1]))) return largestX1(x, labels, 1, Number(rm[1]));
  return null;
}

/** The `count` rows with the largest x1 (of label `label`, or of any when null), in increasing id order. */
export function largestX1(x, labels, label, count) {
  const rows = [];
  for (let i = 0; i < labels.length; i++) if (label === null || labels[i] === label) rows.push(i);
  if (rows.length <= count)
    throw new Error(
      `preset: needs more than ${count} points${label === null ? '' : ` of class ${label}`} (the data has ${rows.length}); both classes must remain`,
    );
  rows.sort((a, b) => x[2 * b] - x[2 * a] || a - b);
  return rows.slice(0, count).sort((a, b) => a - b);
}

// The mixture's published presets: rows per elongated cluster (clusters 0 and 2) at the default size.
const MIXTURE_PUBLISHED = { seed400: 200, seed800: 400 };
// Requests of r rows, half from each elongated cluster.
const MIXTURE_REQUESTS = [20, 200];

/**
 * The mixture presets at `n` points: {name: {label, perCluster}}, perCluster
 * being what lethe.bifScenarioIds takes. At the default size: the published
 * two; elsewhere those two scaled to the same share, and requests of 20 and
 * 200 rows (while each takes at most a fifth of a cluster, ≈ n/4 rows).
 */
export function mixturePresets(n, defaultN) {
  const out = {};
  const scaled = n !== defaultN;
  for (const [name, per] of Object.entries(MIXTURE_PUBLISHED)) {
    const perCluster = scaled ? Math.max(1, Math.round((per * n) / defaultN)) : per;
    const share = scaled ? ` (scaled from ${groupDigits(2 * per)} at n = ${groupDigits(defaultN)})` : '';
    out[name] = {
      perCluster,
      label: `${groupDigits(2 * perCluster)}: ${groupDigits(perCluster)} from each elongated cluster${share}`,
    };
  }
  if (!scaled) return out;
  for (const r of MIXTURE_REQUESTS) {
    if (r / 2 > n / 20) continue;
    out[`request${r}`] = {
      perCluster: r / 2,
      label: `${groupDigits(r)}: one request, ${groupDigits(r / 2)} from each elongated cluster`,
    };
  }
  return out;
}

/** The preset a mixture panel marks on arrival: the published 400 at the default size, one request of 20 rows elsewhere. */
export function mixtureFirstPreset(n, defaultN, presets = mixturePresets(n, defaultN)) {
  return n === defaultN || !presets.request20 ? 'seed400' : 'request20';
}
