// The options every function and constructor accepts: one table per options
// object, named after the interface that declares it in wasm/types/*.d.ts, each key
// with the check its value must pass (checks.js). This is the one list of allowed
// keys: a key not in its table is rejected, and wasm/tests/declarations.test.mjs
// checks that each table has exactly the members (and the required ones) of its
// declared interface, so that the two cannot drift apart.
//
// The options of the experiments are not listed here: they are the core's option
// sets (core/lethe/experiments/option_sets.cpp, read through core.optionSpecs() when
// the module loads), the same descriptions the CLI and the bindings read, with their
// types, ranges and choices. A table adds to its set only the arguments of its own
// routine (data, forget, ...); `optionSets` says which set each table starts from.
// A key renamed for 0.3.0 stays for one release as renamed('newKey') (`erase` for
// `forget`): read as the new key, with a deprecation warning.
import {
  number,
  integer,
  rowCount,
  boolean,
  string,
  callback,
  numbers,
  points,
  ids,
  sizes,
  labelledPoints,
  idsOrScenario,
  scenarioOrCount,
  required,
  nested,
  classificationData,
  described,
  matrixLike,
  seconds,
  strings,
  numberRecord,
  renamed,
} from './checks.js';

// The generators' sizes are also bounded by the rows the wasm build holds (rowCount).
const MakeMoonsOptions = { n: rowCount };
const MakeRegression1dOptions = { n: rowCount };
const MakeBifMixtureOptions = { n: rowCount };

const ExactRegressionOptions = {};
const ExactForgetArgs = {
  x: required(numbers),
  y: required(numbers),
  forget: required(ids),
  /** @deprecated */
  erase: renamed('forget'),
  grid: required(numbers),
  options: nested(() => optionTables.ExactRegressionOptions),
};

// The routine-specific keys of the tables built on an option set; the set's own keys
// come first (installOptionSpecs).
const MoonsProblemOptions = {
  x: points,
  labels: numbers,
  n: rowCount,
  noise: number,
  inducing: points,
  reportTarget: boolean,
  forget: idsOrScenario,
  /** @deprecated */
  erase: renamed('forget'),
};
const MoonsSweepOptions = { lambdas: numbers, onProgress: callback };
const MoonsScenarioIdsArgs = { x: required(points), labels: required(numbers), scenario: string, seed: number };
const ForgetArgs = {};

const GmmForgettingOptions = {};
// scenario: a name of the set's, or a count per cluster.
const GmmForgetArgs = {
  data: required(labelledPoints),
  forget: ids,
  /** @deprecated */
  erase: renamed('forget'),
  scenario: scenarioOrCount,
};
const BifRateOptions = { sizes };

const BnnDatasetOptions = {};
const BnnScenarioIdsArgs = { data: required(classificationData), scenario: required(string), seed: number };
const BnnProblemOptions = {
  train: required(classificationData),
  test: required(classificationData),
  forget: required(idsOrScenario),
  /** @deprecated */
  erase: renamed('forget'),
  seed: number,
};
const BnnForgetArgs = { method: required(string) };

const RunScaleArgs = {
  family: required(string),
  n: required(rowCount),
};

/** The option sets (core.optionSpecs()) each table starts from, in order. */
export const optionSets = Object.freeze({
  MakeMoonsOptions: ['make_moons'],
  MakeRegression1dOptions: ['make_regression_1d'],
  MakeBifMixtureOptions: ['make_bif_mixture'],
  ExactRegressionOptions: ['exact_regression'],
  MoonsProblemOptions: ['moons'],
  MoonsSweepOptions: ['moons'],
  ForgetArgs: ['moons_forget'],
  GmmForgettingOptions: ['gmm'],
  GmmForgetArgs: ['gmm', 'gmm_requests'],
  BifRateOptions: ['bif_rate'],
  BnnDatasetOptions: ['bnn_dataset'],
  BnnProblemOptions: ['bnn'],
  BnnForgetArgs: ['bnn_forget'],
  ModelForgetOptions: ['model_forget'],
  ModelRetrainOptions: ['model_retrain'],
  RunScaleArgs: ['scale'],
});

// MoonsSweepOptions extends MoonsProblemOptions (as its interface does).
const extending = { MoonsSweepOptions: MoonsProblemOptions };
// Keys of a set that a table requires (the set gives their check and range).
const requiring = { ForgetArgs: ['lambda'] };
// The model lifecycle (model.js). The family options are the core's (modelFamilies()):
// `options` is checked for numbers here and for its keys and ranges by the core.
const TrainModelArgs = {
  family: required(string),
  x: required(matrixLike),
  features: integer,
  y: numbers,
  labels: numbers,
  ids,
  featureNames: strings,
  targetName: string,
  residualBudget: number,
  options: numberRecord,
  now: seconds,
};
// requestId, autoRetrain and check are the core's (model_forget); the clock is the caller's.
const ModelForgetOptions = { now: seconds };
const ModelAuditArgs = { x: required(matrixLike), y: required(numbers), ids: required(ids) };
const ModelHeldOutArgs = { x: required(matrixLike), y: required(numbers) };
// shadows' range is the core's (train_shadows), checked there.
const ModelVerifyOptions = { audit: nested(ModelAuditArgs), heldOut: nested(ModelHeldOutArgs), shadows: integer };
const ModelRetrainOptions = { now: seconds };

const tables = {
  MakeMoonsOptions,
  MakeRegression1dOptions,
  MakeBifMixtureOptions,
  ExactRegressionOptions,
  ExactForgetArgs,
  MoonsProblemOptions,
  MoonsSweepOptions,
  MoonsScenarioIdsArgs,
  ForgetArgs,
  GmmForgettingOptions,
  GmmForgetArgs,
  BifRateOptions,
  BnnDatasetOptions,
  BnnScenarioIdsArgs,
  BnnProblemOptions,
  BnnForgetArgs,
  RunScaleArgs,
  TrainModelArgs,
  ModelForgetOptions,
  ModelRetrainOptions,
  ModelAuditArgs,
  ModelHeldOutArgs,
  ModelVerifyOptions,
};
/** Every table by name; the described ones are complete once installOptionSpecs has run. */
export const optionTables = {};
/** The core's option descriptions, by set name (lethe.optionSpecs()). */
export const optionSpecs = {};

/**
 * Builds the tables from the core's descriptions; called by loadLethe before any
 * API is made. Every instance of the module describes the same options, so the
 * first call fills the tables and later ones only check that they are filled.
 */
export function installOptionSpecs(core) {
  if (Object.isFrozen(optionTables)) return;
  const specs = core.optionSpecs();
  for (const [set, list] of Object.entries(specs)) optionSpecs[set] = Object.freeze(list.map((s) => Object.freeze(s)));
  Object.freeze(optionSpecs);
  for (const [name, own] of Object.entries(tables)) {
    // Each described key, and its old names (the core's deprecated names) renamed to it.
    const fromSets = (optionSets[name] ?? []).flatMap((set) =>
      optionSpecs[set].flatMap((spec) => [
        [spec.name, described(spec)],
        ...spec.deprecatedNames.map((old) => [old, renamed(spec.name)]),
      ]),
    );
    const table = { ...Object.fromEntries(fromSets), ...extending[name], ...own };
    for (const key of requiring[name] ?? []) table[key] = required(table[key]);
    optionTables[name] = Object.freeze(table);
  }
  Object.freeze(optionTables);
}

/** The core's default of option `name` (camelCase) of set `set`: the one place it is written. */
export function optionDefault(set, name) {
  const spec = optionSpecs[set]?.find((s) => s.name === name);
  if (!spec) throw new Error(`lethe: no option '${name}' in the core's set '${set}'`);
  return spec.default;
}
