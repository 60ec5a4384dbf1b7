// Worker tasks that produce or parse 2-D labelled data sets. Options left out
// take the API's defaults, which are not repeated here.

/** The defaults of a core option set by JavaScript name: {iterations: 2000, ...}. */
export function coreDefaults(lethe, set) {
  return Object.fromEntries(lethe.optionSpecs()[set].map((spec) => [spec.name, spec.default]));
}

export const dataTasks = {
  'data.moons'(lethe, options) {
    return lethe.makeMoons(options);
  },
  /** The mixture preset; `n` left out: the module's default size. */
  'data.mixture'(lethe, { seed, n }) {
    return lethe.makeBifMixture({ n, seed });
  },
  /** The mixture preset's default size: make_bif_mixture's `n` in the core's description. */
  'data.mixtureSize'(lethe) {
    return lethe.optionSpecs().make_bif_mixture.find((spec) => spec.name === 'n').default;
  },
  /** The defaults of a core option set ('gmm', 'moons', ...) by JavaScript name: {iterations: 2000, ...}. */
  'options.defaults'(lethe, { set }) {
    return coreDefaults(lethe, set);
  },
  /** The page's first settings where they are not a routine's defaults (the core's page_settings). */
  'page.settings'(lethe) {
    return lethe.pageSettings();
  },
  /** Parses `x1,x2,label` text; a malformed file throws an Error naming the line. */
  'data.parseCsv'(lethe, { text, name = 'upload.csv' }) {
    return lethe.parseLabelledCsv(text, name);
  },
};
