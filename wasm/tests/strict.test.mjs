// The strict API: calls a lenient API would coerce or ignore (an unknown option key, a
// string for a number, NaN, a size the heap cannot hold, a method after dispose())
// are Errors with the message in the house style, and the module keeps working
// after every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLethe } from '../index.js';
import { optionTables } from '../src/options.js';
import { MAX_ROWS } from '../src/checks.js';
import { assertThrowsError } from './support.mjs';

const lethe = await loadLethe();

/** fn() must throw an Error with exactly this message. */
function assertMessage(fn, message) {
  const error = assertThrowsError(fn);
  assert.equal(error.message, message);
}

/** A small call that must still work: the module survived the error before it. */
function assertStillWorks() {
  assert.equal(lethe.makeMoons({ n: 10, seed: 1 }).labels.length, 10);
}

const mixture = lethe.makeBifMixture({ seed: 3 });
const smallMixture = { x: mixture.x.slice(0, 800), labels: mixture.labels.slice(0, 400) };
const series = lethe.makeRegression1d({ n: 20, seed: 1 });
const allowed = (table) => Object.keys(optionTables[table]).join(', ');

test('the limit is 10⁶ rows', () => {
  assert.equal(MAX_ROWS, 1_000_000);
});

test('an unknown option key is rejected, naming the key and the allowed ones', () => {
  assertMessage(() => lethe.makeMoons({ nosie: 0.3 }), "makeMoons: unknown option 'nosie' (allowed: n, noise, seed)");
  const problem = lethe.moonsProblem({ seed: 0, forget: 'tip' });
  const bnnData = lethe.bnnDataset({ seed: 0 });
  const bnn = lethe.createBnnProblem({
    train: bnnData.train,
    test: bnnData.test,
    forget: 'tip',
    hidden: [3],
    viSteps: 5,
    burnIn: 5,
  });
  const model = lethe.train({ family: 'linear', x: [[0], [1], [2]], y: [0, 1, 2] });
  try {
    // Every function and constructor that takes an options object, with the name its
    // messages use and the table of its declared interface.
    const calls = [
      ['makeMoons', 'MakeMoonsOptions', (o) => lethe.makeMoons(o)],
      ['makeRegression1d', 'MakeRegression1dOptions', (o) => lethe.makeRegression1d(o)],
      ['makeBifMixture', 'MakeBifMixtureOptions', (o) => lethe.makeBifMixture(o)],
      ['ExactRegression', 'ExactRegressionOptions', (o) => lethe.fitExactRegression(series.x, series.y, o)],
      ['exactForget', 'ExactForgetArgs', (o) => lethe.exactForget(o)],
      ['moonsProblem', 'MoonsProblemOptions', (o) => lethe.moonsProblem(o)],
      ['moonsKlSweep', 'MoonsSweepOptions', (o) => lethe.moonsKlSweep(o)],
      ['moonsScenarioIds', 'MoonsScenarioIdsArgs', (o) => lethe.moonsScenarioIds(o)],
      ['MoonsProblem.forget', 'ForgetArgs', (o) => problem.forget(o)],
      ['GmmForgetting', 'GmmForgettingOptions', (o) => lethe.createGmmForgetting(smallMixture, o)],
      ['gmmForget', 'GmmForgetArgs', (o) => lethe.gmmForget(o)],
      ['bifRate', 'BifRateOptions', (o) => lethe.bifRate(o)],
      ['bnnDataset', 'BnnDatasetOptions', (o) => lethe.bnnDataset(o)],
      ['bnnScenarioIds', 'BnnScenarioIdsArgs', (o) => lethe.bnnScenarioIds(o)],
      ['createBnnProblem', 'BnnProblemOptions', (o) => lethe.createBnnProblem(o)],
      ['BnnProblem.forget', 'BnnForgetArgs', (o) => bnn.forget(o)],
      ['runScale', 'RunScaleArgs', (o) => lethe.runScale(o)],
      ['train', 'TrainModelArgs', (o) => lethe.train(o)],
      ['LetheModel.forget', 'ModelForgetOptions', (o) => model.forget([0], o)],
      ['LetheModel.retrain', 'ModelRetrainOptions', (o) => model.retrain(o)],
      ['LetheModel.verify', 'ModelVerifyOptions', (o) => model.verify(o)],
    ];
    // A nested table is named with its parent's key as the prefix.
    assertMessage(
      () => model.verify({ audit: { x: [[0, 0]], y: [0], ids: [0], bogus: 1 } }),
      `LetheModel.verify: unknown option 'audit.bogus' (allowed: ${allowed('ModelAuditArgs')})`,
    );
    assertMessage(
      () => model.verify({ audit: { x: [[0, 0]], y: [0], ids: [0] }, heldOut: { x: [[0, 0]], y: [0], ids: [0] } }),
      `LetheModel.verify: unknown option 'heldOut.ids' (allowed: ${allowed('ModelHeldOutArgs')})`,
    );
    assert.deepEqual(
      [...calls.map((c) => c[1]), 'ModelAuditArgs', 'ModelHeldOutArgs'].sort(),
      Object.keys(optionTables).sort(),
      'a call for every table',
    );
    for (const [fn, table, call] of calls) {
      assertMessage(() => call({ bogus: 1 }), `${fn}: unknown option 'bogus' (allowed: ${allowed(table)})`);
      assertStillWorks();
    }
    // A nested options object is checked too, its keys named by their path.
    assertMessage(
      () => lethe.exactForget({ x: series.x, y: series.y, forget: [0], grid: [0], options: { featurs: 3 } }),
      `exactForget: unknown option 'options.featurs' (allowed: ${allowed('ExactRegressionOptions')})`,
    );
    // The sweep accepts its own keys and every key of a problem, and no other.
    assertThrowsError(
      () => lethe.moonsKlSweep({ lambda: [0] }),
      "moonsKlSweep: unknown option 'lambda'",
      'lambdas, onProgress',
    );
    // What is not an object is not a set of options.
    assertMessage(() => lethe.makeMoons(5), "makeMoons: parameter 'options' must be an object (got number 5)");
    assertMessage(() => lethe.makeMoons(null), "makeMoons: parameter 'options' must be an object (got null)");
    assertMessage(
      () => lethe.bifRate([100, 200]),
      "bifRate: parameter 'options' must be an object (got an array of length 2)",
    );
    assertMessage(
      () => problem.forget('eubo'),
      "MoonsProblem.forget: parameter 'args' must be an object (got string 'eubo')",
    );
    // The trained problem is unharmed.
    assert.ok(problem.forget({ method: 'rkl', lambda: 1e-3 }).klForgotten > 0);
    // The model is unharmed too.
    assert.equal(model.status().rows, 3);
  } finally {
    problem.dispose();
    bnn.dispose();
    model.dispose();
  }
  // Undefined is an absent option: the default applies.
  assert.equal(lethe.makeMoons({ n: undefined, seed: 2 }).labels.length, 100);
});

test('a value of the wrong type is rejected, never coerced', () => {
  assertMessage(() => lethe.makeMoons({ n: '100' }), "makeMoons: parameter 'n' must be a number (got string '100')");
  assertMessage(
    () => lethe.makeMoons({ noise: '0.2' }),
    "makeMoons: parameter 'noise' must be a number (got string '0.2')",
  );
  assertMessage(
    () => lethe.makeRegression1d({ seed: true }),
    "makeRegression1d: parameter 'seed' must be a number (got boolean true)",
  );
  assertMessage(
    () => lethe.makeBifMixture({ seed: null }),
    "makeBifMixture: parameter 'seed' must be a number (got null)",
  );
  assertMessage(
    () => lethe.fitExactRegression(series.x, series.y, { features: '12' }),
    "ExactRegression: parameter 'features' must be a number (got string '12')",
  );
  assertMessage(
    () => lethe.fitExactRegression(series.x, series.y, { features: 2.5 }),
    "ExactRegression: parameter 'features' must be an integer (got 2.5)",
  );
  assertMessage(
    () => lethe.moonsProblem({ variance: '4' }),
    "moonsProblem: parameter 'variance' must be a number (got string '4')",
  );
  assertMessage(
    () => lethe.moonsProblem({ mcSamples: [1000] }),
    "moonsProblem: parameter 'mcSamples' must be a number (got an array of length 1)",
  );
  assertMessage(
    () => lethe.createGmmForgetting(smallMixture, { iterations: '20' }),
    "GmmForgetting: parameter 'iterations' must be a number (got string '20')",
  );
  assertMessage(
    () => lethe.gmmForget({ data: smallMixture, requestSize: '4' }),
    "gmmForget: parameter 'requestSize' must be a number (got string '4')",
  );
  assertMessage(
    () => lethe.bifRate({ removals: '2' }),
    "bifRate: parameter 'removals' must be a number (got string '2')",
  );
  // Booleans where booleans are expected, strings where strings are.
  assertMessage(
    () => lethe.moonsProblem({ reportTarget: 'true' }),
    "moonsProblem: parameter 'reportTarget' must be a boolean (got string 'true')",
  );
  assertMessage(
    () => lethe.moonsProblem({ reportTarget: 1 }),
    "moonsProblem: parameter 'reportTarget' must be a boolean (got number 1)",
  );
  assertMessage(
    () => lethe.moonsProblem({ protocol: 1 }),
    "moonsProblem: parameter 'protocol' must be a string (got number 1)",
  );
  assertMessage(
    () => lethe.createGmmForgetting(smallMixture, { sampler: true }),
    "GmmForgetting: parameter 'sampler' must be a string (got boolean true)",
  );
  assertMessage(
    () => lethe.moonsKlSweep({ onProgress: 'log' }),
    "moonsKlSweep: parameter 'onProgress' must be a function (got string 'log')",
  );
  assertMessage(
    () => lethe.parseLabelledCsv(12),
    "parseLabelledCsv: parameter 'text' must be a string (got number 12)",
  );
  assertMessage(
    () => lethe.parseSeriesCsv('1,2\n', 7),
    "parseSeriesCsv: parameter 'source' must be a string (got number 7)",
  );
  // Arrays: not a string, and numbers inside.
  assertMessage(
    () => lethe.moonsProblem({ x: '0,0,1,1', labels: [0, 1] }),
    "moonsProblem: parameter 'x' must be an array of numbers (got string '0,0,1,1')",
  );
  assertMessage(
    () => lethe.moonsProblem({ x: [0, 0, '1', 1], labels: [0, 1] }),
    "moonsProblem: parameter 'x' must hold numbers only (got string '1' at index 2)",
  );
  assertMessage(
    () => lethe.fitExactRegression([1, 2], ['1', '2']),
    "ExactRegression: parameter 'y' must hold numbers only (got string '1' at index 0)",
  );
  assertMessage(
    () => lethe.zeroLambdaPosition(0.1),
    "zeroLambdaPosition: parameter 'lambdas' must be an array of numbers (got number 0.1)",
  );
  assertMessage(
    () => lethe.splitBatches([1, 2], '2'),
    "splitBatches: parameter 'size' must be a number (got string '2')",
  );
  assertMessage(
    () => lethe.splitBatches([1, 2], 0),
    "splitBatches: parameter 'size' must be an integer of at least 1 (got 0)",
  );
  assertMessage(() => lethe.exactForget(7), "exactForget: parameter 'args' must be an object (got number 7)");
  assertMessage(
    () => lethe.splitBatches('1234'),
    "splitBatches: parameter 'ids' must be an array of numbers (got string '1234')",
  );
  assertMessage(
    () => lethe.bifScenarioIds(smallMixture, true),
    "bifScenarioIds: parameter 'scenario' must be a scenario name or a count per cluster (got boolean true)",
  );
  assertMessage(
    () => lethe.gaussianKl(1, 2),
    "gaussianKl: parameter 'a' must be an object { mean, covariance } (got number 1)",
  );
  // Positional numbers.
  assertMessage(() => lethe.randomStream('1', 4), "randomStream: parameter 'seed' must be a number (got string '1')");
  assertMessage(() => lethe.randomStream(1, '4'), "randomStream: parameter 'count' must be a number (got string '4')");
  // Labels are not truncated to integers on the way in: the core sees 0.5 and says so.
  assertThrowsError(() => lethe.moonsProblem({ x: [0, 0, 1, 1], labels: [0, 0.5] }), "'labels'", 'integers', '0.5');
  // Required arguments.
  assertMessage(() => lethe.exactForget(), "exactForget: parameter 'x' must be an array of numbers (got undefined)");
  assertMessage(
    () => lethe.exactForget({ x: series.x, y: series.y, forget: [0] }),
    "exactForget: parameter 'grid' must be an array of numbers (got undefined)",
  );
  assertMessage(
    () => lethe.moonsScenarioIds({ labels: [0, 1] }),
    "moonsScenarioIds: parameter 'x' must be an array of numbers (got undefined)",
  );
  assertMessage(
    () => lethe.gmmForget({}),
    "gmmForget: parameter 'data' must be an object { x, labels } (got undefined)",
  );

  const problem = lethe.moonsProblem({ seed: 1 });
  try {
    assertMessage(
      () => problem.setForgotten(['1', '2']),
      "MoonsProblem.setForgotten: parameter 'rows' must hold numbers only (got string '1' at index 0)",
    );
    assertMessage(
      () => problem.setForgotten(3),
      "MoonsProblem.setForgotten: parameter 'rows' must be an array of numbers (got number 3)",
    );
    assertMessage(
      () => problem.scenarioIds(1),
      "MoonsProblem.scenarioIds: parameter 'scenario' must be a string (got number 1)",
    );
    problem.setForgotten('tip');
    assertMessage(
      () => problem.forget({ method: 'eubo', lambda: '0.5' }),
      "MoonsProblem.forget: parameter 'lambda' must be a number (got string '0.5')",
    );
    assertMessage(
      () => problem.forget({ method: 'eubo' }),
      "MoonsProblem.forget: parameter 'lambda' must be a number (got undefined)",
    );
    assertMessage(
      () => problem.forget({ method: 1, lambda: 0.5 }),
      "MoonsProblem.forget: parameter 'method' must be a string (got number 1)",
    );
    assertMessage(
      () => problem.predictGrid([0, 0], 2),
      "MoonsProblem.predictGrid: parameter 'which' must be a string (got number 2)",
    );
    assertMessage(
      () => problem.predictGrid('0,0', 'full'),
      "MoonsProblem.predictGrid: parameter 'grid' must be an array of numbers (got string '0,0')",
    );
    assert.equal(problem.forgotten.length, 20); // nothing changed
    assert.equal(problem.forget({ lambda: 0.5 }).method, 'EUBO'); // 'eubo' by default
  } finally {
    problem.dispose();
  }

  const model = lethe.fitExactRegression(series.x, series.y);
  try {
    assertMessage(
      () => model.forget('12'),
      "ExactRegression.forget: parameter 'ids' must be an array of numbers (got string '12')",
    );
    assertMessage(
      () => model.predict([0, '1']),
      "ExactRegression.predict: parameter 'xs' must hold numbers only (got string '1' at index 1)",
    );
    assert.equal(model.remaining, 20);
  } finally {
    model.dispose();
  }

  const run = lethe.createGmmForgetting(smallMixture, { iterations: 20, seed: 1 });
  try {
    assertMessage(() => run.train('5'), "GmmForgetting.train: parameter 'k' must be a number (got string '5')");
    assertMessage(() => run.train(2.5), "GmmForgetting.train: parameter 'k' must be an integer (got 2.5)");
    assert.equal(run.trainIteration, 0);
    run.train();
    assertMessage(
      () => run.forgetBatch(['7']),
      "GmmForgetting.forgetBatch: parameter 'ids' must hold numbers only (got string '7' at index 0)",
    );
    assertMessage(
      () => run.startTarget(7),
      "GmmForgetting.startTarget: parameter 'forgottenIds' must be an array of numbers (got number 7)",
    );
    assert.equal(run.remaining, 400);
    assert.equal(run.forgetBatch([7]).remaining, 399);
  } finally {
    run.dispose();
  }
  assertStillWorks();
});

test('NaN and ±Infinity are reported as such', () => {
  assertMessage(() => lethe.makeMoons({ n: NaN }), "makeMoons: parameter 'n' must be finite (got NaN)");
  assertMessage(
    () => lethe.makeMoons({ noise: Infinity }),
    "makeMoons: parameter 'noise' must be finite (got Infinity)",
  );
  assertMessage(() => lethe.makeRegression1d({ n: NaN }), "makeRegression1d: parameter 'n' must be finite (got NaN)");
  assertMessage(
    () => lethe.moonsProblem({ learningRate: -Infinity }),
    "moonsProblem: parameter 'learningRate' must be finite (got -Infinity)",
  );
  assertMessage(
    () => lethe.createGmmForgetting(smallMixture, { residualBudget: NaN }),
    "GmmForgetting: parameter 'residualBudget' must be finite (got NaN)",
  );
  assertMessage(() => lethe.bifRate({ seed: NaN }), "bifRate: parameter 'seed' must be finite (got NaN)");
  assertMessage(() => lethe.randomStream(NaN, 3), "randomStream: parameter 'seed' must be finite (got NaN)");
  assertMessage(() => lethe.randomStream(1, NaN), "randomStream: parameter 'count' must be finite (got NaN)");
  // Inside arrays, with the index.
  assertMessage(
    () => lethe.zeroLambdaPosition([0.1, NaN]),
    "zeroLambdaPosition: parameter 'lambdas' must be finite (got NaN at index 1)",
  );
  assertMessage(
    () => lethe.fitExactRegression(new Float64Array([0, Infinity]), [0, 1]),
    "ExactRegression: parameter 'x' must be finite (got Infinity at index 1)",
  );
  assertMessage(
    () => lethe.moonsScenarioIds({ x: [0, 0, NaN, 1], labels: [0, 1] }),
    "moonsScenarioIds: parameter 'x' must be finite (got NaN at index 2)",
  );
  const problem = lethe.moonsProblem({ seed: 0, forget: 'tip' });
  try {
    assertMessage(
      () => problem.forget({ method: 'rkl', lambda: NaN }),
      "MoonsProblem.forget: parameter 'lambda' must be finite (got NaN)",
    );
    assertMessage(
      () => problem.predictGrid([0, NaN], 'full'),
      "MoonsProblem.predictGrid: parameter 'grid' must be finite (got NaN at index 1)",
    );
    assert.equal(problem.predictGrid([0, 0], 'full').length, 1);
  } finally {
    problem.dispose();
  }
  const run = lethe.createGmmForgetting(smallMixture, { iterations: 20, seed: 1 });
  try {
    assertMessage(() => run.train(NaN), "GmmForgetting.train: parameter 'k' must be finite (got NaN)");
    assertMessage(
      () => run.trainTarget(Infinity),
      "GmmForgetting.trainTarget: parameter 'k' must be finite (got Infinity)",
    );
  } finally {
    run.dispose();
  }
  assertStillWorks();
});

test('sizes beyond the row limit are rejected up front, stating the limit', () => {
  const limit = 'the row limit of the wasm build';
  assertMessage(
    () => lethe.makeMoons({ n: 1e9 }),
    `makeMoons: parameter 'n' must be at most 1000000, ${limit} (got 1000000000)`,
  );
  assertMessage(
    () => lethe.makeMoons({ n: MAX_ROWS + 1 }),
    `makeMoons: parameter 'n' must be at most 1000000, ${limit} (got 1000001)`,
  );
  assertMessage(
    () => lethe.makeRegression1d({ n: 2e6 }),
    `makeRegression1d: parameter 'n' must be at most 1000000, ${limit} (got 2000000)`,
  );
  assertMessage(
    () => lethe.moonsProblem({ n: 2e6 }),
    `moonsProblem: parameter 'n' must be at most 1000000, ${limit} (got 2000000)`,
  );
  assertMessage(
    () => lethe.randomStream(0, 1e9),
    `randomStream: parameter 'count' must be at most 1000000, ${limit} (got 1000000000)`,
  );
  // 2^32 + 5 once reached the core as 5 (embind wraps ints around).
  assertMessage(
    () => lethe.makeMoons({ n: 2 ** 32 + 5 }),
    `makeMoons: parameter 'n' must be at most 1000000, ${limit} (got 4294967301)`,
  );
  assertMessage(
    () => lethe.createGmmForgetting(smallMixture, { iterations: 2 ** 32 + 5 }),
    "GmmForgetting: parameter 'iterations' must be an integer of magnitude at most 2147483647 (got 4294967301)",
  );
  // Arrays passed in: n×2 points count rows of two.
  const tooManyPoints = new Float64Array(2 * (MAX_ROWS + 1));
  assertMessage(
    () => lethe.moonsProblem({ x: tooManyPoints, labels: new Int32Array(MAX_ROWS + 1) }),
    `moonsProblem: parameter 'x' must hold at most 1000000 rows of 2, ${limit} (got 1000001 rows of 2)`,
  );
  assertMessage(
    () => lethe.createGmmForgetting({ x: tooManyPoints, labels: new Int32Array(MAX_ROWS + 1) }),
    `GmmForgetting: parameter 'x' must hold at most 1000000 rows of 2, ${limit} (got 1000001 rows of 2)`,
  );
  const tooManyNumbers = new Float64Array(MAX_ROWS + 1);
  assertMessage(
    () => lethe.fitExactRegression(tooManyNumbers, tooManyNumbers),
    `ExactRegression: parameter 'x' must hold at most 1000000 numbers, ${limit} (got 1000001 numbers)`,
  );
  assertMessage(
    () => lethe.bifRate({ sizes: [100, 2e6] }),
    `bifRate: parameter 'sizes' must hold sizes of at most 1000000, ${limit} (got 2000000 at index 1)`,
  );
  // The limit itself is allowed.
  assert.equal(lethe.makeMoons({ n: MAX_ROWS, seed: 1 }).labels.length, MAX_ROWS);
  assertStillWorks();
});

test('running out of wasm memory is an Error saying so, not "std::bad_alloc"', () => {
  // 2·10⁹ common random numbers of the fast EUBO: far beyond any heap.
  const problem = lethe.moonsProblem({ seed: 0, forget: 'tip', mcSamples: 2e9 });
  try {
    const error = assertThrowsError(
      () => problem.forget({ method: 'eubo', lambda: 0.5 }),
      'lethe: out of memory',
      'WebAssembly heap',
      'MB',
    );
    assert.ok(!error.message.includes('std::bad_alloc'), error.message);
    // The problem and the module both survive it.
    assert.ok(problem.forget({ method: 'rkl', lambda: 1e-3 }).klForgotten > 0);
    assert.ok(problem.baseline().klForgotten > 0);
  } finally {
    problem.dispose();
  }
  assertStillWorks();
});

// Calls every member of a disposed wrapper: each must throw the Lethe Error naming
// the object and the member; dispose() itself stays safe to call again.
function assertDisposedEverywhere(object, className) {
  const prototype = Object.getPrototypeOf(object);
  const members = Object.getOwnPropertyNames(prototype).filter((k) => k !== 'constructor' && k !== 'dispose');
  assert.ok(members.length > 5, `${className}: members ${members}`);
  for (const member of members) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, member);
    const use = descriptor.get ? () => object[member] : () => object[member]([0], 'full');
    assertMessage(use, `${className}.${member}: the object has been disposed`);
  }
  object.dispose();
  object[Symbol.dispose]();
}

test('every stateful object throws a Lethe Error naming itself and the method after dispose()', () => {
  const problem = lethe.moonsProblem({ seed: 0, forget: 'tip' });
  problem.forget({ method: 'rkl', lambda: 1e-3 });
  problem.dispose();
  problem.dispose();
  assertMessage(
    () => problem.forget({ method: 'eubo', lambda: 0.5 }),
    'MoonsProblem.forget: the object has been disposed',
  );
  assertMessage(() => problem.scenario, 'MoonsProblem.scenario: the object has been disposed');
  assertDisposedEverywhere(problem, 'MoonsProblem');

  const model = lethe.fitExactRegression(series.x, series.y);
  model.dispose();
  model.dispose();
  assertMessage(() => model.forget([1]), 'ExactRegression.forget: the object has been disposed');
  assertDisposedEverywhere(model, 'ExactRegression');

  const run = lethe.createGmmForgetting(smallMixture, { iterations: 20, seed: 1 });
  run.train();
  run.componentForLabel(); // cached on the JavaScript side: must not outlive dispose()
  run.dispose();
  run.dispose();
  assertMessage(() => run.componentForLabel(), 'GmmForgetting.componentForLabel: the object has been disposed');
  assertMessage(() => run.train(5), 'GmmForgetting.train: the object has been disposed');
  assertDisposedEverywhere(run, 'GmmForgetting');

  const data = lethe.bnnDataset({ seed: 0 });
  const bnn = lethe.createBnnProblem({
    train: data.train,
    test: data.test,
    forget: [0],
    hidden: [3],
    viSteps: 5,
    burnIn: 5,
  });
  bnn.dispose();
  assertMessage(() => bnn.forget({ method: 'bif-vi' }), 'BnnProblem.forget: the object has been disposed');
  assertDisposedEverywhere(bnn, 'BnnProblem');
  assertStillWorks();
});

test('every declared option of the right type is still accepted', () => {
  // One call per table with every optional key given a valid value (small runs).
  const moons = lethe.makeMoons({ n: 60, noise: 0.1, seed: 4 });
  assert.equal(lethe.makeRegression1d({ n: 5, noise: 0.1, seed: 2 }).x.length, 5);
  assert.equal(lethe.makeBifMixture({ seed: 1 }).labels.length > 0, true);
  const regression = lethe.fitExactRegression(series.x, series.y, {
    features: 8,
    lo: -2,
    hi: 2,
    width: 0.5,
    priorPrecision: 2,
    noiseVariance: 0.1,
  });
  assert.equal(regression.predict([0]).mean.length, 1);
  regression.dispose();
  const problem = lethe.moonsProblem({
    x: moons.x,
    labels: Array.from(moons.labels),
    seed: 3,
    variance: 4,
    lengthscales: [0.6, 0.7],
    protocol: 'fast',
    mcSamples: 200,
    mcSteps: 10,
    rklEstimator: 'published',
    rklBatches: 5,
    isSamples: 200,
    reportTarget: false,
    steps: 10,
    samples: 10,
    learningRate: 1e-3,
    forget: [0, 1, 2],
  });
  assert.equal(problem.forget({ method: 'eubo', lambda: 0.1 }).method, 'EUBO');
  problem.dispose();
  const ids = lethe.gmmForget({
    data: smallMixture,
    forget: [3, 4],
    requestSize: 1,
    sampler: 'sgld',
    iterations: 20,
    batch: 32,
    stepScale: 4,
    stepExponent: -0.15,
    friction: 0.4,
    gradientSamples: 5,
    hessianSamples: 2,
    residualBudget: 0,
    window: 10,
    viDraws: 4,
    viLearningRate: 0.05,
    seed: 1,
    solver: 'direct',
  });
  assert.equal(ids.forgottenCount, 2);
  assert.equal(lethe.bifRate({ sizes: [40, 80], removals: 1, viDraws: 4, priorVariance: 1, seed: 2 }).n.length, 2);
  const bnnData = lethe.bnnDataset({ dataset: 'spirals', seed: 2 });
  const tip = lethe.bnnScenarioIds({ data: bnnData.train, scenario: 'tip', seed: 1 });
  const bnn = lethe.createBnnProblem({
    train: bnnData.train,
    test: bnnData.test,
    forget: tip,
    seed: 1,
    hidden: [3],
    activation: 'relu',
    viSteps: 5,
    burnIn: 5,
    damping: 10,
    hessianRows: 0,
  });
  assert.equal(bnn.forget({ method: 'rkl', lambda: 0 }).method, 'rkl');
  bnn.dispose();
});
