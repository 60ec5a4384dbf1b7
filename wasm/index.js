// Lethe's JavaScript API: loads the WebAssembly core and gives it an idiomatic
// shape. Every array returned is a fresh typed-array copy, never a view into the
// wasm heap; every argument is checked before it reaches the core (src/checks.js,
// against the option tables of src/options.js); every error is a real Error,
// carrying the C++ message when the core raised it.
import createLetheCore from './dist/lethe_core.mjs';
import { exactApi } from './src/exact.js';
import { variationalApi } from './src/variational.js';
import { bifApi } from './src/bif.js';
import { bnnApi } from './src/bnn.js';
import { scaleApi } from './src/scale.js';
import { installOptionSpecs, optionSpecs } from './src/options.js';
import { modelApi } from './src/model.js';

/**
 * Instantiates the module. Each call makes an independent instance (own heap).
 * @returns {Promise<import('./index').Lethe>}
 */
export async function loadLethe() {
  const core = await createLetheCore();
  installOptionSpecs(core);
  return Object.freeze({
    core,
    // The core's version (core/lethe/base/version.hpp), equal to package.json's.
    version: core.version(),
    modelFormatVersion: core.modelFormatVersion(),
    optionSpecs: () => optionSpecs,
    pageSettings: () => core.pageSettings(),
    ...exactApi(core),
    ...variationalApi(core),
    ...bifApi(core),
    ...bnnApi(core),
    ...scaleApi(core),
    ...modelApi(core),
  });
}
