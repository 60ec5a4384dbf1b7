// Preset erase sets (row ids) for the 2-D data sets, mirroring the CLI's
// --scenario options.

/** Ids sorted by a key, descending, restricted by a filter. */
function topBy(labels, key, count, keep = () => true) {
  const ids = [];
  for (let i = 0; i < labels.length; i++) if (keep(i)) ids.push(i);
  ids.sort((a, b) => key(b) - key(a) || a - b);
  return ids.slice(0, count);
}

/** mulberry32: a tiny seeded generator for the "random" preset. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MOONS_SCENARIOS = {
  tip: { label: 'Tip: 20 points with the largest x1', pick: ({ x, labels }) => topBy(labels, (i) => x[2 * i], 20) },
  random: {
    label: 'Random 20',
    pick: ({ labels }, seed = 0) => {
      const r = seeded(seed + 1), ids = labels.map((_, i) => i);
      for (let i = ids.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
      return ids.slice(0, Math.min(20, Math.floor(labels.length / 2)));
    },
  },
  rm30: { label: 'Class 1: 30 with the largest x1', pick: ({ x, labels }) => topBy(labels, (i) => x[2 * i], 30, (i) => labels[i] === 1) },
  rm40: { label: 'Class 1: 40 with the largest x1', pick: ({ x, labels }) => topBy(labels, (i) => x[2 * i], 40, (i) => labels[i] === 1) },
  rm50: { label: 'Class 1: 50 with the largest x1', pick: ({ x, labels }) => topBy(labels, (i) => x[2 * i], 50, (i) => labels[i] === 1) },
};

/**
 * The mixture experiment's removals: from the horizontal cluster (label 0) the
 * points with the largest x1, from the vertical one (label 2) those with the
 * smallest x2 — `perCluster` from each.
 */
function elongated(perCluster) {
  return ({ x, labels }) => [
    ...topBy(labels, (i) => x[2 * i], perCluster, (i) => labels[i] === 0),
    ...topBy(labels, (i) => -x[2 * i + 1], perCluster, (i) => labels[i] === 2),
  ];
}

export const MIXTURE_SCENARIOS = {
  seed400: { label: '400: 200 from each elongated cluster', pick: elongated(200) },
  seed800: { label: '800: 400 from each elongated cluster', pick: elongated(400) },
};
