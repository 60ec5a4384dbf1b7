// The scale sweep: forgetting one request against retraining on the rest, for one
// family at one size, by the same core code as `lethe scale` (so that the
// wasm/native ratio of bench/scale.mjs compares the same work). Times are the
// core's processor clock; in a browser or node that is the elapsed time of the
// call, which the page's other work enters too.
import * as check from './checks.js';
import { optionTables } from './options.js';

const FAMILIES = ['exact', 'variational', 'bif'];

export function scaleApi(core) {
  return {
    runScale(args) {
      const { family, n, request = 20, repeats = 3, seed = 0, lambda = 1e-5, hessianRows = 2048 } =
        check.checkOptions('runScale', args, optionTables.RunScaleArgs, { parameter: 'args' });
      if (!FAMILIES.includes(family))
        throw new Error(`runScale: parameter 'family' must be ${FAMILIES.map((f) => `'${f}'`).join(', ')} (got '${family}')`);
      return core.runScale(family, n, { request, repeats, seed, lambda, hessianRows });
    },
  };
}
