// Forget presets of the moons at any data size (the mixture's come from the core:
// bifScenarioPresets). At a panel's default size the presets are
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
