// Bayesian-neural-network API: the generated 2-D data sets with their split, the
// forget scenarios, and the problem as a stateful object trained in chunks (for a
// Web Worker that reports progress and can cancel between chunks), forgotten by a
// method and compared with the retrained model. See wasm/types/bnn.d.ts for the
// shapes. Arguments are checked (checks.js) before they reach the core.
import { CoreObject, forward, live } from './core-object.js';
import * as check from './checks.js';
import { optionTables, optionDefault } from './options.js';

const FAMILIES = ['vi', 'chain'];
const WHICH = ['original', 'forgotten', 'retrained'];

function oneOf(fn, name, value, allowed) {
  if (!allowed.includes(value))
    check.fail(fn, name, `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`, check.shown(value));
}

/** A BNN on training data, its retrained twin on D_r, and the forgetting methods. */
class BnnProblem extends CoreObject {
  constructor(core, options) {
    const fn = 'createBnnProblem';
    const { train, test, forget, ...rest } = check.checkOptions(fn, options, optionTables.BnnProblemOptions);
    const seed = rest.seed ?? optionDefault('bnn_dataset', 'seed');
    const ids = typeof forget === 'string' ? core.bnnScenarioIds(train, forget, seed) : Array.from(forget);
    super('BnnProblem', new core.BnnProblem(train, test, ids, rest));
  }
  /** @deprecated Use forgotten. */
  get erased() {
    check.deprecated('BnnProblem.erased', 'forgotten');
    this[live]('erased');
    return this.forgotten;
  }

  /** Up to `steps` more training steps of a family ('vi' or 'chain'): the original, then the retrained model. */
  train(family, steps) {
    const run = this[live]('train');
    oneOf('BnnProblem.train', 'family', family, FAMILIES);
    check.integer('BnnProblem.train', 'steps', steps);
    const progress = run.train(family, steps);
    return { progress, done: progress >= 1 };
  }
  trained(family) {
    const run = this[live]('trained');
    oneOf('BnnProblem.trained', 'family', family, FAMILIES);
    return run.trained(family);
  }
  /** Trains the family to the end if needed; the original and retrained measures. */
  fit(family) {
    const run = this[live]('fit');
    oneOf('BnnProblem.fit', 'family', family, FAMILIES);
    return run.fit(family);
  }
  /** Forgets the rows of D_e with a method ('nothing', 'bif-vi', 'bif-sghmc', 'eubo', 'rkl'). */
  forget(args) {
    const run = this[live]('forget');
    const { method, ...request } = check.checkOptions('BnnProblem.forget', args, optionTables.BnnForgetArgs, {
      parameter: 'args',
    });
    return run.forget(method, request);
  }
  /** Class probabilities (row-major n×K) of points (row-major n×features). */
  predict(x, family, which) {
    const run = this[live]('predict');
    check.numbers('BnnProblem.predict', 'x', x);
    oneOf('BnnProblem.predict', 'family', family, FAMILIES);
    oneOf('BnnProblem.predict', 'which', which, WHICH);
    return run.predict(Array.from(x), family, which);
  }
}
forward(BnnProblem, { getters: ['parameters', 'forgotten'] });

export function bnnApi(core) {
  return {
    bnnDataset(options) {
      return core.bnnDataset(check.checkOptions('bnnDataset', options, optionTables.BnnDatasetOptions));
    },
    bnnScenarioIds(args) {
      const {
        data,
        scenario,
        seed = optionDefault('bnn_dataset', 'seed'),
      } = check.checkOptions('bnnScenarioIds', args, optionTables.BnnScenarioIdsArgs, { parameter: 'args' });
      return core.bnnScenarioIds(data, scenario, seed);
    },
    /** The posterior a method forgets from: 'chain' (SGHMC) or 'vi' (the core's family_of). */
    bnnFamilyOf(method) {
      check.string('bnnFamilyOf', 'method', method);
      return core.bnnFamilyOf(method);
    },
    /** Every method with its posterior family and whether it reads λ (the core's table). */
    bnnMethods: () => core.bnnMethods(),
    createBnnProblem: (options) => new BnnProblem(core, options),
  };
}
