// Worker tasks that produce or parse 2-D labelled data sets. Options left out
// take the API's defaults, which are not repeated here.

export const dataTasks = {
  'data.moons'(lethe, options) {
    return lethe.makeMoons(options);
  },
  'data.mixture'(lethe, { seed = 0 }) {
    return lethe.makeBifMixture({ seed });
  },
  /** Parses `x1,x2,label` text; a malformed file throws an Error naming the line. */
  'data.parseCsv'(lethe, { text, name = 'upload.csv' }) {
    return lethe.parseLabelledCsv(text, name);
  },
};
