// Worker tasks for the mixture panel, bound to the BIF API (wasm/types/bif.d.ts).

function requireApi(lethe, names) {
  const missing = names.filter((n) => typeof lethe[n] !== 'function');
  if (missing.length) throw new Error(`This build has no inference-forgetting API yet (missing ${missing.join(', ')}).`);
}

export const mixtureTasks = {
  async 'mixture.train'(lethe) {
    requireApi(lethe, ['gmmForget']);
  },
  async 'mixture.forget'(lethe) {
    requireApi(lethe, ['gmmForget']);
  },
};
