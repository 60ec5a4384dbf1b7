// The scale sweep: forgetting one request against retraining on the rest, for one
// family at one size, by the same core code as `lethe scale` (so that the
// wasm/native ratio of bench/scale.mjs compares the same work). Times are the
// core's processor clock: under node the process's processor seconds (as natively,
// wasm/library_clock.js); a browser has no processor clock, so there it is the
// elapsed time of the call, which the page's other work enters too. The defaults and the family's
// name check are the core's (ScaleOptions, parse_name).
import * as check from './checks.js';
import { optionTables } from './options.js';

export function scaleApi(core) {
  return {
    runScale(args) {
      const { family, n, ...options } = check.checkOptions('runScale', args, optionTables.RunScaleArgs, {
        parameter: 'args',
      });
      return core.runScale(family, n, options);
    },
  };
}
