// Worker tasks that produce or parse 2-D labelled data sets.

export const dataTasks = {
  'data.moons'(lethe, { n = 100, noise = 0.2, seed = 0 }) {
    return lethe.makeMoons({ n, noise, seed });
  },
  'data.mixture'(lethe, { seed = 0 }) {
    return lethe.makeBifMixture({ seed });
  },
  /** Parses `x1,x2,label` text; a malformed file throws an Error naming the line. */
  'data.parseCsv'(lethe, { text, name = 'upload.csv' }) {
    return lethe.parseLabelledCsv(text, name);
  },
};
