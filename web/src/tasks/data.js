// Worker tasks that produce or parse 2-D labelled data sets. Options left out
// take the API's defaults, which are not repeated here.

/**
 * The four-cluster mixture preset with `n` rows. Where the module's
 * makeBifMixture takes `n` it makes them; a module whose makeBifMixture makes
 * only its default size gets them by concatenating draws of that size with
 * seeds derived from `seed` and keeping the first `n` rows. make_mixture draws
 * every row independently (its label uniformly, then its coordinates), so the
 * first rows of a draw, and draws with different seeds put together, are
 * again independent rows of the same mixture in the same proportions; up to
 * the default size they are exactly the rows the module itself would make.
 */
function mixtureOfSize(lethe, n, seed) {
  try {
    return lethe.makeBifMixture({ n, seed });
  } catch (err) {
    if (!/unknown option 'n'/.test(err.message)) throw err;
  }
  const x = new Float64Array(2 * n),
    labels = new Int32Array(n);
  // A large odd stride keeps the derived seeds of nearby panel seeds apart.
  for (let part = 0, filled = 0; filled < n; part++) {
    const draw = lethe.makeBifMixture({ seed: seed + part * 1000003 });
    const take = Math.min(draw.labels.length, n - filled);
    x.set(draw.x.subarray(0, 2 * take), 2 * filled);
    labels.set(draw.labels.subarray(0, take), filled);
    filled += take;
  }
  return { x, labels };
}

export const dataTasks = {
  'data.moons'(lethe, options) {
    return lethe.makeMoons(options);
  },
  /** The mixture preset; `n` left out: the module's default size. */
  'data.mixture'(lethe, { seed = 0, n }) {
    return n === undefined ? lethe.makeBifMixture({ seed }) : mixtureOfSize(lethe, n, seed);
  },
  /** The mixture preset's default size (the rows makeBifMixture makes without `n`). */
  'data.mixtureSize'(lethe, args, ctx) {
    let size = ctx.cache.get('data.mixtureSize');
    if (size === undefined) {
      size = lethe.makeBifMixture({ seed: 0 }).labels.length;
      ctx.cache.set('data.mixtureSize', size);
    }
    return size;
  },
  /** Parses `x1,x2,label` text; a malformed file throws an Error naming the line. */
  'data.parseCsv'(lethe, { text, name = 'upload.csv' }) {
    return lethe.parseLabelledCsv(text, name);
  },
};
