// Worker tasks for the moons panel, bound to the variational API
// (wasm/types/variational.d.ts).

function requireApi(lethe, names) {
  const missing = names.filter((n) => typeof lethe[n] !== 'function');
  if (missing.length) throw new Error(`This build has no variational-unlearning API yet (missing ${missing.join(', ')}).`);
}

export const moonsTasks = {
  async 'moons.unlearn'(lethe) {
    requireApi(lethe, ['moonsExperiment']);
  },
  async 'moons.sweep'(lethe) {
    requireApi(lethe, ['moonsExperiment']);
  },
};
