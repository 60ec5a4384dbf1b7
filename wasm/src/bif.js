// Bayesian inference forgetting API: the Gaussian-mixture experiment as a
// stateful object driven in chunks (for a Web Worker that reports progress and
// can cancel between chunks), the same experiment in one call, the removal
// scenarios, and the measured O(1/n²) rate. Means are K×2 row-major
// Float64Arrays; see wasm/types/bif.d.ts for the documented shapes. Arguments are
// checked (checks.js) before they reach the core.
import { CoreObject, forward, live } from './core-object.js';
import * as check from './checks.js';
import { optionDefault, optionTables } from './options.js';

// Which rows and in requests of how many, when a caller does not say: the core's
// GmmRequestOptions (optionSpecs().gmm_requests).
const requestDefault = (name) => optionDefault('gmm_requests', name);

function dataArgs(data, fn) {
  check.labelledPoints(fn, 'data', data);
  return [data.x, data.labels];
}

function perCluster(core, scenario, fn) {
  check.scenarioOrCount(fn, 'scenario', scenario);
  return typeof scenario === 'number' ? scenario : core.bifScenarioPerCluster(scenario);
}

/** The mixture experiment: train, forget batch by batch, retrain a target. */
class GmmForgetting extends CoreObject {
  #order = null;
  constructor(core, data, options) {
    const fn = 'GmmForgetting';
    const [x, labels] = dataArgs(data, fn);
    super(
      'GmmForgetting',
      new core.GmmForgetting(x, labels, check.checkOptions(fn, options, optionTables.GmmForgettingOptions)),
    );
  }

  /** Runs up to k more training iterations of the original model. */
  train(k) {
    const run = this[live]('train');
    if (k === undefined) k = run.iterations();
    check.integer('GmmForgetting.train', 'k', k);
    const iteration = run.train(k);
    return { iteration, total: run.iterations(), done: run.trained(), means: run.means() };
  }
  /** componentForLabel()[k] is the component matched to label k (after training). */
  componentForLabel() {
    const run = this[live]('componentForLabel');
    if (!this.#order) this.#order = run.componentForLabel();
    return this.#order.slice();
  }

  /** Forgets one batch of row ids (throws, changing nothing, on a bad request). */
  forgetBatch(ids) {
    const run = this[live]('forgetBatch');
    check.ids('GmmForgetting.forgetBatch', 'ids', ids);
    const shift = run.forgetBatch(Array.from(ids));
    const means = run.means();
    const residuals = run.residuals();
    return {
      shift,
      remaining: run.remaining(),
      means,
      meansByLabel: run.meansByLabel(),
      residual: residuals[residuals.length - 1],
      accumulatedResidual: run.accumulatedResidual(),
      retrainRecommendedAfter: run.retrainRecommendedAfter() || null,
    };
  }
  /** The first request after which the accumulated residual passed residualBudget; null if none yet. */
  get retrainRecommendedAfter() {
    return this[live]('retrainRecommendedAfter').retrainRecommendedAfter() || null;
  }
  /** @deprecated Use forgottenIds. */
  get erasedIds() {
    check.deprecated('GmmForgetting.erasedIds', 'forgottenIds');
    this[live]('erasedIds');
    return this.forgottenIds;
  }

  /** Starts the target: the same inference from scratch on every row but `forgottenIds`. */
  startTarget(forgottenIds) {
    const run = this[live]('startTarget');
    check.ids('GmmForgetting.startTarget', 'forgottenIds', forgottenIds);
    run.startTarget(Array.from(forgottenIds));
    return this;
  }
  /** Runs up to k more iterations of the target. */
  trainTarget(k) {
    const run = this[live]('trainTarget');
    if (k === undefined) k = run.iterations();
    check.integer('GmmForgetting.trainTarget', 'k', k);
    const iteration = run.trainTarget(k);
    return { iteration, total: run.iterations(), done: run.targetTrained(), means: run.targetMeans() };
  }
}
forward(GmmForgetting, {
  getters: [
    'components',
    'size',
    'iterations',
    'trained',
    'trainIteration',
    'remaining',
    'residuals',
    'forgottenIds',
    'targetStarted',
    'targetTrained',
  ],
  methods: ['means', 'meansByLabel', 'originalHealth', 'targetMeans', 'report'],
});

/**
 * The retrain policy (core/lethe/experiments/gmm_retrain_policy.hpp): requests
 * forgotten one by one, a retrain swapped in once the residual sum passes the
 * budget, BIF alone kept as the comparison. Driven by step() calls.
 */
class GmmRetrainPolicy extends CoreObject {
  constructor(core, data, options) {
    const fn = 'GmmRetrainPolicy';
    const [x, labels] = dataArgs(data, fn);
    super(
      'GmmRetrainPolicy',
      new core.GmmRetrainPolicy(x, labels, check.checkOptions(fn, options, optionTables.GmmForgettingOptions)),
    );
  }
  /** Starts the requests: `forget` in batches of `requestSize` (default: the core's GmmRequestOptions). Once only. */
  start(forget, requestSize = requestDefault('requestSize')) {
    const run = this[live]('start');
    check.ids('GmmRetrainPolicy.start', 'forget', forget);
    check.integer('GmmRetrainPolicy.start', 'requestSize', requestSize);
    run.start(Array.from(forget), requestSize);
    return this;
  }
  /** One step: a chunk of k iterations (default: defaultChunk) or one request. */
  step(k = 0) {
    const run = this[live]('step');
    check.integer('GmmRetrainPolicy.step', 'k', k);
    return run.step(k);
  }
}
forward(GmmRetrainPolicy, {
  getters: ['components', 'size', 'iterations', 'defaultChunk', 'started', 'trained', 'done', 'phase', 'progress'],
  methods: ['means', 'meansByLabel', 'componentForLabel', 'originalHealth', 'result', 'resultJson'],
});

/** The core's batches of `size` (the last may be shorter); arguments checked here first. */
function splitBatches(core, ids, size = requestDefault('requestSize')) {
  check.ids('splitBatches', 'ids', ids);
  check.integer('splitBatches', 'size', size);
  if (size < 1) check.fail('splitBatches', 'size', 'must be an integer of at least 1', check.shown(size));
  return core.splitBatches(Array.from(ids), size);
}

export function bifApi(core) {
  const scenarioIds = (data, scenario = requestDefault('scenario')) => {
    const fn = 'bifScenarioIds';
    const [x, labels] = dataArgs(data, fn);
    return core.bifScenarioIds(x, labels, perCluster(core, scenario, fn));
  };
  return {
    bifScenarioIds: scenarioIds,
    bifScenarioPresets(n) {
      check.integer('bifScenarioPresets', 'n', n);
      return core.bifScenarioPresets(n);
    },
    splitBatches: (ids, size) => splitBatches(core, ids, size),
    createGmmForgetting: (data, options) => new GmmForgetting(core, data, options),
    createGmmRetrainPolicy: (data, options) => new GmmRetrainPolicy(core, data, options),
    gmmForget(args) {
      const fn = 'gmmForget';
      const {
        data,
        forget,
        scenario = requestDefault('scenario'),
        requestSize = requestDefault('requestSize'),
        ...options
      } = check.checkOptions(fn, args, optionTables.GmmForgetArgs, { parameter: 'args' });
      const [x, labels] = dataArgs(data, fn);
      const ids = forget ?? core.bifScenarioIds(x, labels, perCluster(core, scenario, fn));
      return core.gmmForget(x, labels, Array.from(ids), requestSize, options);
    },
    bifRate(options) {
      const { sizes, ...rest } = check.checkOptions('bifRate', options, optionTables.BifRateOptions);
      return core.bifRate(sizes === undefined ? undefined : Array.from(sizes), rest);
    },
  };
}
