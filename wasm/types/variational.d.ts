// Variational Bayesian unlearning on two moons: a sparse GP classifier
// (M inducing inputs, SE-ARD kernel), q(θ|D) learned by the ELBO, EUBO and reverse-KL
// unlearning with the adjusted likelihood, scored by the averaged predictive KL to the
// retrained posterior q(θ|D_r). MoonsBaseline, ForgetResult and ForgetTarget have
// the fields of `lethe moons-kl --json` in camelCase (both are made from one list,
// core/experiments/moons_fields.hpp); a field the JSON leaves out is null here.

import type { GaussianParams, LabelledPoints } from './exact.js';

/**
 * The forgotten-set presets. `rmK` removes the K class-1 points with the largest x1
 * (any K ≥ 1; the table has rm30, rm40, rm50, moonsScenarioPresets adds rm200 and
 * rm2000 at other sizes); `tipShare` the tip's share of the default size, scaled to n.
 */
export type MoonsScenario = 'tip' | 'random' | 'rm30' | 'rm40' | 'rm50' | 'tipShare' | `rm${number}`;

/** A preset offered at a data size (moonsScenarioPresets): `first` marks the one shown on arrival. */
export interface MoonsScenarioPreset {
  name: MoonsScenario;
  label: string;
  first: boolean;
}

/** `eubo`: evidence upper bound; `rkl`: reverse KL (weighted moment matching). */
export type ForgetMethodName = 'eubo' | 'rkl';

/** Which posterior a grid prediction uses: q(θ|D), q(θ|D_r) or q̃ (`'unlearned'`: deprecated, read as `'forgotten'`). */
export type MoonsPosterior = 'full' | 'retrained' | 'forgotten' | 'unlearned';

/**
 * Options of moonsProblem. Every key is checked (see the top of exact.d.ts): an
 * undeclared key, a value of the wrong type or NaN is an Error naming it.
 */
export interface MoonsProblemOptions {
  /** Training inputs, row-major n×2, at most 10⁶ rows. With `labels`; without both, make_moons(n, noise, seed). */
  x?: ArrayLike<number>;
  /** Labels 0/1, one per row of `x`. */
  labels?: ArrayLike<number>;
  /** Size of the generated moons, at most 10⁶ (default 100). */
  n?: number;
  /** Noise of the generated moons (default 0.2). */
  noise?: number;
  /** Seed of the generated data, of the `random` scenario and of every Monte Carlo draw (default 0). */
  seed?: number;
  /** Inducing inputs Z, row-major M×2 (default: 20 points of make_moons(20, 0.2, 1)). */
  inducing?: ArrayLike<number>;
  /** ARD lengthscales ℓ (default [0.64240, 0.74064]). */
  lengthscales?: ArrayLike<number>;
  /** Kernel variance σ² (default 4.7432). */
  variance?: number;
  /** `fast` (default) or the published `paper` protocol (Adam, 30 000 steps: seconds to minutes). */
  protocol?: 'fast' | 'paper';
  /** fast EUBO, 0 < λ < 1: common random numbers (default 1000) and steps (default 50). */
  mcSamples?: number;
  mcSteps?: number;
  /**
   * fast reverse KL: `published` (default) is the fixed point of the published
   * estimator (weights self-normalised per batch of `samples` draws from q(θ|D),
   * averaged over `rklBatches` batches, default 40); `adaptive` estimates the moments
   * of the reverse-KL target itself by adaptive importance sampling (`isSamples` per
   * round, default 1500). They differ for small λ: see the README, "Variational
   * unlearning on two moons", sections "The tip scenario" and "How it is computed".
   */
  rklEstimator?: 'published' | 'adaptive';
  rklBatches?: number;
  isSamples?: number;
  /** With the published estimator, also compute the adaptive one and return it as `target`. */
  reportTarget?: boolean;
  /** paper protocol: Adam steps (30000), samples per step (1000), learning rate (1e-3). */
  steps?: number;
  samples?: number;
  learningRate?: number;
  /** Forgotten rows or a scenario, applied right after learning (see MoonsProblem.setForgotten). */
  forget?: ArrayLike<number> | MoonsScenario;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  erase?: ArrayLike<number> | MoonsScenario;
}

/** The arguments of MoonsProblem.forget. */
export interface ForgetArgs {
  /** Default 'eubo'. */
  method?: ForgetMethodName;
  /** λ ∈ [0, 1]; required. */
  lambda: number;
}

/** The arguments of moonsScenarioIds. */
export interface MoonsScenarioIdsArgs {
  /** Row-major n×2, at most 10⁶ rows. */
  x: ArrayLike<number>;
  /** 0/1, one per row. */
  labels: ArrayLike<number>;
  /** Default 'tip'. */
  scenario?: MoonsScenario;
  /** Seed of the `random` scenario. Default 0. */
  seed?: number;
}

/** One run of a sweep: a method ('eubo' | 'rkl') at one λ. */
export interface MoonsSweepStep {
  method: string;
  lambda: number;
}

/** How a KL-vs-λ sweep runs: its steps in order, and whether the fast reverse KL reports its target. */
export interface MoonsSweepPlan {
  steps: MoonsSweepStep[];
  reportTarget: boolean;
}

/** The options of moonsKlSweep: a problem's, plus the λ values and a progress callback. */
export interface MoonsSweepOptions extends MoonsProblemOptions {
  /** Default: the published λ values (moonsDefaults().lambdas). */
  lambdas?: ArrayLike<number>;
  /** Called after every run with the fraction done and the run's result. */
  onProgress?: (fraction: number, run: ForgetResult) => void;
}

/** The "do nothing" baseline, q̃ = q(θ|D). */
export interface MoonsBaseline {
  /** mean over x ∈ D_e of KL[q(y|x, D_r) ‖ q(y|x, D)] */
  klForgotten: number;
  /** the same over x ∈ D_r */
  klRemaining: number;
  /** KL[q(θ|D) ‖ q(θ|D_r)] */
  paramKl: number;
}

export interface ForgetResult {
  method: 'EUBO' | 'rKL';
  lambda: number;
  /** mean over x ∈ D_e of KL[q(y|x, D_r) ‖ q̃(y|x)] */
  klForgotten: number;
  /** the same over x ∈ D_r */
  klRemaining: number;
  /** KL[q̃ ‖ q(θ|D_r)]: the ε of ε-certified removal */
  paramKl: number;
  /**
   * Reverse KL only (null for EUBO): effective sample size behind q̃ — the mean per
   * batch (published estimator) or the total over the pooled rounds (adaptive).
   */
  ess: number | null;
  /** Reverse KL only: ESS of plain importance sampling from q(θ|D), which collapses for small λ. */
  essInitial: number | null;
  /** False when the ESS could not support a covariance in M dimensions; see `status`. */
  reliable: boolean;
  /** Optimiser steps (EUBO) or importance-sampling rounds (rKL). */
  iterations: number;
  /** What the method did, and why a result is flagged unreliable. */
  status: string;
  seconds: number;
  /** Reverse KL with `reportTarget`: the reverse KL's own optimum (adaptive estimator); else null. */
  target: ForgetTarget | null;
}

export interface ForgetTarget {
  klForgotten: number;
  klRemaining: number;
  paramKl: number;
  /** Total ESS over the pooled importance-sampling rounds. */
  ess: number;
  reliable: boolean;
  status: string;
  seconds: number;
}

/** A learned moons problem. Holds wasm memory: call dispose() when done. */
export interface MoonsProblem {
  /** The training data (x row-major n×2). */
  readonly data: LabelledPoints;
  /** The inducing inputs, row-major M×2. */
  readonly inducing: Float64Array;
  /** Seconds spent learning q(θ|D). */
  readonly learnSeconds: number;
  /** Row ids of a preset on this problem's data (throws for rm50 when class 1 has only 50 points). */
  scenarioIds(scenario: MoonsScenario): Int32Array;
  /**
   * Sets D_e (row ids or a scenario) and retrains q(θ|D_r) on the rest (warm-started
   * from q(θ|D)); returns the seconds it took. Throws an Error naming 'forget', and
   * changes nothing, for an empty set, ids out of range or repeated, all rows, or all
   * of one class.
   */
  setForgotten(rows: ArrayLike<number> | MoonsScenario): number;
  /** @deprecated Use setForgotten (0.3.0; removed in the next release). */
  setErased(rows: ArrayLike<number> | MoonsScenario): number;
  /** The forgotten row ids (sorted); empty before setForgotten. */
  readonly forgotten: Int32Array;
  /** @deprecated Use forgotten (0.3.0; removed in the next release). */
  readonly erased: Int32Array;
  /** The scenario last given to setForgotten, or null for explicit ids. */
  readonly scenario: MoonsScenario | null;
  fullPosterior(): GaussianParams;
  /** Throws before setForgotten. */
  retrainedPosterior(): GaussianParams;
  /** The q̃ of the last forget(); throws before. */
  forgottenPosterior(): GaussianParams;
  /** @deprecated Use forgottenPosterior (0.3.0; removed in the next release). */
  unlearnedPosterior(): GaussianParams;
  /** KLs of doing nothing; throws before setForgotten. */
  baseline(): MoonsBaseline;
  /**
   * One forgetting run at one λ ∈ [0, 1] (λ = 1: nothing is forgotten; λ = 0: no
   * adjustment). Keeps q̃ for predictGrid(…, 'forgotten'). Fast protocol: tens of
   * milliseconds, so a sweep can be run one λ at a time with progress in between.
   */
  forget(args: ForgetArgs): ForgetResult;
  /** @deprecated Use forget (0.3.0; removed in the next release). */
  unlearn(args: ForgetArgs): ForgetResult;
  /**
   * p(y = 1 | x) at the rows of a row-major n×2 grid under q(θ|D) ('full'), q(θ|D_r)
   * ('retrained') or the last q̃ ('forgotten', the default). The grid's projection is
   * cached, so re-evaluating the same grid after a new forget() is cheap.
   */
  predictGrid(grid: ArrayLike<number>, which?: MoonsPosterior): Float64Array;
  /**
   * Frees the wasm-side problem; safe to call twice. Any later call (a method or a
   * getter) throws "MoonsProblem.<name>: the object has been disposed".
   */
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface MoonsDefaults {
  inducing: Float64Array;
  lengthscales: Float64Array;
  variance: number;
  /** The published λ values: 0.5, 0.1, 1e-3, 1e-5, 1e-9, 0. */
  lambdas: Float64Array;
  n: number;
  noise: number;
  /** The forget presets in display order, each with a one-line label for a menu. */
  scenarios: { name: MoonsScenario; label: string }[];
  /** The unlearning methods, in the order a sweep runs them, with the label results carry. */
  methods: { name: ForgetMethodName; label: ForgetResult['method'] }[];
  /**
   * Where plots of KL against λ draw λ = 0 (no log axis has it): this many decades
   * below the decade of the smallest positive λ; see zeroLambdaPosition.
   */
  zeroLambdaDecades: number;
}

export interface MoonsSweepResult {
  full: MoonsBaseline;
  /** For each λ: EUBO, then rKL. */
  runs: ForgetResult[];
  learnSeconds: number;
  secondsTotal: number;
}

export interface VariationalApi {
  /** Learns q(θ|D) for the given (or generated) data; optionally sets D_e too. */
  moonsProblem(options?: MoonsProblemOptions): MoonsProblem;
  /** The preset names, in display order. */
  moonsScenarios(): MoonsScenario[];
  /**
   * The presets for data of n points (the core's moons_scenario_presets): the published
   * ones at the default size; elsewhere also rm200, rm2000 (while at most n/4) and tipShare.
   */
  moonsScenarioPresets(n: number): MoonsScenarioPreset[];
  /** Row ids of a preset for arbitrary data (x row-major n×2, labels 0/1). */
  moonsScenarioIds(args: MoonsScenarioIdsArgs): Int32Array;
  moonsDefaults(): MoonsDefaults;
  /** The λ at which a log axis over these λ values draws λ = 0 (a power of ten). */
  zeroLambdaPosition(lambdas: ArrayLike<number>): number;
  /**
   * The whole KL-vs-λ experiment in one call (like `lethe moons-kl --json`); forget
   * defaults to 'tip' and reportTarget to true. onProgress(fraction, run) is called
   * after every run.
   */
  moonsKlSweep(options?: MoonsSweepOptions): MoonsSweepResult;
  /** The runs of a sweep over `lambdas`, in order, and whether its problem reports the target (the core's moons_sweep_plan). */
  moonsSweepPlan(lambdas: ArrayLike<number>): MoonsSweepPlan;
}

/** @deprecated Use ForgetMethodName. */
export type UnlearnMethodName = ForgetMethodName;
/** @deprecated Use ForgetArgs. */
export type UnlearnArgs = ForgetArgs;
/** @deprecated Use ForgetResult. */
export type UnlearnResult = ForgetResult;
/** @deprecated Use ForgetTarget. */
export type UnlearnTarget = ForgetTarget;
