// Foundation API: random numbers, data sets, CSV parsing, Gaussian KL, and exact
// Bayesian unlearning for conjugate linear regression. Arguments are checked
// (checks.js) before they reach the core.
import { CoreObject, forward, live } from './core-object.js';
import * as check from './checks.js';
import { optionTables } from './options.js';

/** Wraps the embind model so callers get dispose() and plain-object results. */
class ExactRegression extends CoreObject {
  constructor(core, x, y, options) {
    const fn = 'ExactRegression';
    check.numbers(fn, 'x', x);
    check.numbers(fn, 'y', y);
    super(
      'ExactRegression',
      new core.ExactRegression(x, y, check.checkOptions(fn, options, optionTables.ExactRegressionOptions)),
    );
  }
  /** Forgets the given row ids exactly (throws, changing nothing, on a bad request). */
  forget(ids) {
    const model = this[live]('forget');
    check.ids('ExactRegression.forget', 'ids', ids);
    model.forget(Array.from(ids));
    return this;
  }
  predict(xs) {
    const model = this[live]('predict');
    check.numbers('ExactRegression.predict', 'xs', xs);
    return model.predict(Array.from(xs));
  }
  predictRetrained(xs) {
    const model = this[live]('predictRetrained');
    check.numbers('ExactRegression.predictRetrained', 'xs', xs);
    return model.predictRetrained(Array.from(xs));
  }
  /** @deprecated Use forget. */
  erase(ids) {
    check.deprecated('ExactRegression.erase', 'forget');
    this[live]('erase');
    return this.forget(ids);
  }
  /** @deprecated Use forgottenIds. */
  get erasedIds() {
    check.deprecated('ExactRegression.erasedIds', 'forgottenIds');
    this[live]('erasedIds');
    return this.forgottenIds;
  }
}
forward(ExactRegression, { getters: ['remaining', 'forgottenIds'], methods: ['posterior', 'retrainedPosterior'] });

export function exactApi(core) {
  const api = {
    shuffledRows(seed, count) {
      check.number('shuffledRows', 'seed', seed);
      check.rowCount('shuffledRows', 'count', count);
      return core.shuffledRows(seed, count);
    },
    randomStream(seed, count) {
      check.number('randomStream', 'seed', seed);
      check.rowCount('randomStream', 'count', count);
      return core.randomStream(seed, count);
    },
    // The generators' defaults and ranges are the core's (optionSpecs(): make_moons, ...).
    makeMoons(options) {
      return core.makeMoons(check.checkOptions('makeMoons', options, optionTables.MakeMoonsOptions));
    },
    makeBifMixture(options) {
      return core.makeBifMixture(check.checkOptions('makeBifMixture', options, optionTables.MakeBifMixtureOptions));
    },
    makeRegression1d(options) {
      return core.makeRegression1d(
        check.checkOptions('makeRegression1d', options, optionTables.MakeRegression1dOptions),
      );
    },
    parseLabelledCsv(text, source = 'input.csv') {
      check.string('parseLabelledCsv', 'text', text);
      check.string('parseLabelledCsv', 'source', source);
      return core.parseLabelledCsv(text, source);
    },
    parseSeriesCsv(text, source = 'input.csv') {
      check.string('parseSeriesCsv', 'text', text);
      check.string('parseSeriesCsv', 'source', source);
      return core.parseSeriesCsv(text, source);
    },
    gaussianKl(a, b) {
      check.gaussian('gaussianKl', 'a', a);
      check.gaussian('gaussianKl', 'b', b);
      return core.gaussianKl(a.mean, a.covariance, b.mean, b.covariance);
    },
    /** malloc'd bytes and total wasm memory: for leak checks. */
    heapStats: () => core.heapStats(),
    fitExactRegression: (x, y, options) => new ExactRegression(core, x, y, options),

    /**
     * One-shot exact forgetting: fit on (x, y), forget the rows `forget`, and compare with
     * retraining on the rest (the core's compare_exact_forgetting).
     */
    exactForget(args) {
      const { x, y, forget, grid, options } = check.checkOptions('exactForget', args, optionTables.ExactForgetArgs, {
        parameter: 'args',
      });
      return core.exactForget(x, y, forget, grid, options ?? {});
    },
    /** @deprecated Use exactForget (its result's `unlearned` is `forgotten`). */
    exactUnlearn(args) {
      check.deprecated('exactUnlearn', 'exactForget');
      const result = api.exactForget(args);
      return { ...result, unlearned: result.forgotten };
    },
  };
  return api;
}
