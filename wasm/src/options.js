// The options every function and constructor accepts: one table per options
// object, named after the interface that declares it in wasm/types/*.d.ts, each key
// with the check its value must pass (checks.js). This is the one list of allowed
// keys: a key not in its table is rejected, and wasm/tests/declarations.test.mjs
// checks that each table has exactly the members (and the required ones) of its
// declared interface, so that the two cannot drift apart.
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
  matrixLike,
  seconds,
  strings,
  numberRecord,
} from './checks.js';

const MakeMoonsOptions = { n: rowCount, noise: number, seed: number };
const MakeRegression1dOptions = { n: rowCount, noise: number, seed: number };
const MakeBifMixtureOptions = { n: rowCount, seed: number };

const ExactRegressionOptions = {
  features: integer,
  lo: number,
  hi: number,
  width: number,
  priorPrecision: number,
  noiseVariance: number,
};
const ExactUnlearnArgs = {
  x: required(numbers),
  y: required(numbers),
  erase: required(ids),
  grid: required(numbers),
  options: nested(ExactRegressionOptions),
};

const MoonsProblemOptions = {
  x: points,
  labels: numbers,
  n: rowCount,
  noise: number,
  seed: number,
  inducing: points,
  lengthscales: numbers,
  variance: number,
  protocol: string,
  mcSamples: integer,
  mcSteps: integer,
  rklEstimator: string,
  rklBatches: integer,
  isSamples: integer,
  reportTarget: boolean,
  steps: integer,
  samples: integer,
  learningRate: number,
  erase: idsOrScenario,
};
const MoonsSweepOptions = { ...MoonsProblemOptions, lambdas: numbers, onProgress: callback };
const MoonsScenarioIdsArgs = { x: required(points), labels: required(numbers), scenario: string, seed: number };
const UnlearnArgs = { method: string, lambda: required(number) };

const GmmForgettingOptions = {
  sampler: string,
  iterations: integer,
  batch: integer,
  stepScale: number,
  stepExponent: number,
  friction: number,
  gradientSamples: integer,
  hessianSamples: integer,
  residualBudget: number,
  window: integer,
  viDraws: integer,
  viLearningRate: number,
  seed: number,
  solver: string,
};
const GmmForgetArgs = {
  ...GmmForgettingOptions,
  data: required(labelledPoints),
  erase: ids,
  scenario: scenarioOrCount,
  removeBatch: integer,
};
const BifRateOptions = { sizes, removals: integer, viDraws: integer, priorVariance: number, seed: number };

const BnnDatasetOptions = { dataset: string, seed: number };
const BnnScenarioIdsArgs = { data: required(classificationData), scenario: required(string), seed: number };
const BnnProblemOptions = {
  train: required(classificationData),
  test: required(classificationData),
  erase: required(idsOrScenario),
  seed: number,
  hidden: numbers,
  activation: string,
  viSteps: integer,
  burnIn: integer,
  damping: number,
  hessianRows: integer,
};
const BnnForgetArgs = { method: required(string), lambda: number };

const RunScaleArgs = {
  family: required(string),
  n: required(rowCount),
  request: integer,
  repeats: integer,
  seed: number,
  lambda: number,
  hessianRows: integer,
};

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
const ModelForgetOptions = { requestId: string, autoRetrain: boolean, now: seconds };
const ModelRetrainOptions = { requestId: string, now: seconds };

const tables = {
  MakeMoonsOptions,
  MakeRegression1dOptions,
  MakeBifMixtureOptions,
  ExactRegressionOptions,
  ExactUnlearnArgs,
  MoonsProblemOptions,
  MoonsSweepOptions,
  MoonsScenarioIdsArgs,
  UnlearnArgs,
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
};
export const optionTables = Object.freeze(
  Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, Object.freeze(table)])),
);
