// The model lifecycle (core/lethe/model/): train once on the user's rows, forget ids
// as deletion requests arrive — each answered with a certificate and a decision —,
// retrain when the residual budget says so, and keep the model as a .lethe file: the
// same bytes as the native `lethe train` / `lethe forget` files, so that a file
// written in one loads in the other. The results have the fields of the native
// tool's JSON (`lethe forget|status|verify --json`) in camelCase. Ids are the
// user's: any integers of magnitude below 2^53, returned as Float64Arrays.
// A refused call (an unknown or already forgotten id, a request id reused for other
// ids, a bad option) throws an Error naming the routine and the parameter, and
// changes nothing: status() and save() are the same afterwards.

/** The families a model file can hold. */
export type ModelFamilyName = 'linear' | 'logistic' | 'gp' | 'bnn' | 'mixture';

/**
 * Option values of the 'linear' family (exact conjugate Bayesian linear regression on
 * the features and a bias). Defaults and ranges: modelFamilies().
 */
export interface LinearOptionValues {
  /** α: the prior w ~ N(0, α⁻¹ I) on the weights and the bias. */
  priorPrecision: number;
  /** σ²: the observation noise y = wᵀx̃ + ε, ε ~ N(0, σ²). */
  noiseVariance: number;
}

/**
 * Option values of the 'logistic' family (Bayesian logistic regression, MAP + Laplace;
 * forgetting is one Newton step with a proven bound). Defaults and ranges: modelFamilies().
 */
export interface LogisticOptionValues {
  /** σ_p²: the prior w ~ N(0, σ_p² I). */
  priorVariance: number;
  /** Newton iterations of training, at most (an integer). */
  maxIterations: number;
  /** 1: features centred and scaled by their training mean and sd, fixed for the model's life. */
  standardise: number;
  /** σ > 0: certified removal (Guo et al. 2020), L + bᵀw with b ~ N(0, σ²I), rows scaled to ‖x̃‖ ≤ 1. */
  perturbationSigma: number;
  /** ε > 0 (with σ): the residual budget β = σε/√(2 log(1.5/δ)). */
  certifyEpsilon: number;
  /** δ of the (ε, δ) guarantee. */
  certifyDelta: number;
  /** Seed of the perturbation b (an integer). */
  seed: number;
}

/**
 * Option values of the 'bnn' family (a one-hidden-layer tanh MLP classifier, labels
 * 0..C−1, mean-field VI; forgetting is the damped BIF VI step, certificate 'estimate').
 * Defaults and ranges: modelFamilies().
 */
export interface BnnOptionValues {
  /** Units of the one tanh hidden layer (an integer). */
  hiddenWidth: number;
  /** Adam steps of the VI training (an integer). */
  steps: number;
  /** Rows per Adam step (an integer). */
  batch: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** σ_p²: the prior θ ~ N(0, σ_p² I) on every weight. */
  priorVariance: number;
  /** δ of the forgetting step (Ĥ + δI)⁻¹b. */
  damping: number;
  /** Seed of every draw (an integer). */
  seed: number;
  /** Antithetic pairs of draws of the forgetting step (an integer). */
  drawPairs: number;
  /** Posterior draws averaged by predict() (an integer). */
  predictiveSamples: number;
}

/**
 * Option values of the 'gp' family (a sparse GP classifier; forgetting by EUBO or reverse
 * KL with the adjusted likelihood, certificate 'estimate'). Defaults and ranges: modelFamilies().
 */
export interface GpOptionValues {
  /** The forgetting method as the file keeps it: 0 'eubo', 1 'rkl' (train() takes either spelling). */
  method: number;
  /** λ of the adjusted likelihood p̃_λ(D_e|θ). */
  adjustedLambda: number;
  /** M inducing points (an integer). */
  inducing: number;
  /** ℓ of the squared-exponential kernel, in standardised units. */
  lengthscale: number;
  /** σ_k², the kernel's variance. */
  kernelVariance: number;
  /** Seed of the inducing points and the Monte Carlo draws (an integer). */
  seed: number;
}

/**
 * Option values of the 'mixture' family (class-conditional Gaussians; forgetting is the
 * BIF step). Defaults and ranges: modelFamilies().
 */
export interface MixtureOptionValues {
  /** The posterior as the file keeps it: 0 'sghmc', 1 'sgld', 2 'vi' (train() takes either spelling). */
  method: number;
  /** σ², each component's variance, in standardised units. */
  componentVariance: number;
  /** σ_p², the prior on each component's mean. */
  priorVariance: number;
  /** Sampler steps before states are kept (an integer). */
  steps: number;
  /** Chain states kept as the posterior (an integer). */
  samples: number;
  /** Rows per sampler step (an integer). */
  batch: number;
  /** Seed of every draw (an integer). */
  seed: number;
}

/** Arguments of train(). Every key is checked: an unknown key or a wrong type is an Error. */
export interface TrainModelArgs {
  family: ModelFamilyName;
  /**
   * Inputs: rows (an array of arrays of numbers, all of one length) or row-major
   * numbers with `features` per row. At most 10⁶ rows.
   */
  x: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  /** Columns of a flat `x` (required then; checked against the rows' length otherwise). */
  features?: number;
  /** Targets, one per row ('linear'). Give `y` or `labels`, not both. */
  y?: ArrayLike<number>;
  /** Labels 0 or 1, one per row ('logistic'); 0..C−1 ('bnn', C ≥ 2). */
  labels?: ArrayLike<number>;
  /** The rows' ids (distinct integers); default 0, 1, …, n − 1. */
  ids?: ArrayLike<number>;
  /** One name per feature; default x1, x2, …. */
  featureNames?: string[];
  /** The target's name; default 'y' (with `y`) or 'label' (with `labels`). */
  targetName?: string;
  /** Retrain when the certificates' running sum passes it (0, the default: never). */
  residualBudget?: number;
  /** The family's options by their camelCase names; the others take the core's defaults. */
  options?:
    | Partial<LinearOptionValues>
    | Partial<LogisticOptionValues>
    | Partial<BnnOptionValues>
    | (Partial<Omit<GpOptionValues, 'method'>> & { method?: number | 'eubo' | 'rkl' })
    | (Partial<Omit<MixtureOptionValues, 'method'>> & { method?: number | 'sghmc' | 'sgld' | 'vi' });
  /** The file's creation time, seconds since 1970. Default Math.floor(Date.now() / 1000). */
  now?: number;
}

/** Options of LetheModel.forget. */
export interface ModelForgetOptions {
  /** The request's id ('request-<n>' when left out or empty). The same id with the same ids again changes nothing. */
  requestId?: string;
  /** Past the residual budget, retrain on the rows left at once (decision 'retrained'). Default false. */
  autoRetrain?: boolean;
  /**
   * 'proof' families: measure the residual the bound bounds (one pass over the rows
   * held; certificate.actual) and refuse to commit if the bound does not hold.
   * Default true; false reads only the request's rows (actual stays null).
   */
  check?: boolean;
  /** The request's time, seconds since 1970. Default Math.floor(Date.now() / 1000). */
  now?: number;
}

/** Options of LetheModel.retrain. */
export interface ModelRetrainOptions {
  /** The request's id ('retrain-<n>' when left out or empty). */
  requestId?: string;
  /** The request's time, seconds since 1970. Default Math.floor(Date.now() / 1000). */
  now?: number;
}

/** What a request can say about how close the model is to retraining. */
export interface ModelCertificate {
  /**
   * 'exact': the posterior is the retrained one (up to rounding); 'proof': `value` is a
   * proven bound on this request's contribution to the remaining-data gradient norm,
   * `sum` the bound since the last training; 'estimate': `value` is an estimate.
   */
  kind: 'exact' | 'proof' | 'estimate';
  value: number;
  sum: number;
  /** The residual budget in force (0: none). */
  budget: number;
  /** 'proof': sum / μ, a proven bound on ‖θ − θ_retrained‖; null otherwise. */
  distanceBound: number | null;
  /** 'proof': `value` again, under the name of Guo et al. (2020)'s gradient-residual bound; null otherwise. */
  bound: number | null;
  /** 'proof' with the check on: ‖∇L(θ; D′)‖ measured on the rows held, which `sum` bounds; null otherwise. */
  actual: number | null;
  /** Certified removal: the ε and δ the budget was chosen for; null when not certified. */
  epsilon: number | null;
  delta: number | null;
}

/** The result of LetheModel.forget (the fields of `lethe forget --json`). */
export interface ModelForgetResult {
  requestId: string;
  ids: Float64Array;
  certificate: ModelCertificate;
  /** 'forgotten', 'retrain-recommended' (the sum passed the budget) or 'retrained'. */
  decision: 'forgotten' | 'retrain-recommended' | 'retrained';
  /** The request id was applied before (with the same ids): nothing changed. */
  alreadyApplied: boolean;
  rowsLeft: number;
  /** Processor seconds of the step. */
  seconds: number;
}

/** One entry of the request log. */
export interface ModelRequest {
  requestId: string;
  kind: 'forget' | 'retrain';
  /** Seconds since 1970. */
  time: number;
  ids: Float64Array;
  certificate: ModelCertificate;
  decision: 'forgotten' | 'retrain-recommended' | 'retrained';
  seconds: number;
}

/** LetheModel.status() (the fields of `lethe status --json`). */
export interface ModelStatus {
  formatVersion: number;
  family: ModelFamilyName;
  /** Every option of the family, with the value in force. */
  options: LinearOptionValues | LogisticOptionValues | BnnOptionValues | GpOptionValues | MixtureOptionValues;
  features: string[];
  target: string;
  /** Rows still in training. */
  rows: number;
  /** Rows forgotten so far. */
  forgotten: number;
  residualBudget: number;
  /** The certificates' running sum since the last training. */
  certificateSum: number;
  /** residualBudget − certificateSum; Infinity without a budget. */
  budgetLeft: number;
  requests: ModelRequest[];
  /** 16 hex digits: the header's checksum, which covers the whole file. */
  checksum: string;
  /** Requests committed. */
  generation: number;
  fileBytes: number;
  /** Seconds since 1970. */
  created: number;
}

/** LetheModel.predict(): one row per input. */
export interface ModelPrediction {
  /** The family's columns, e.g. ['mean', 'sd', 'predictive_sd'] (linear) — modelFamilies() lists them. */
  columns: string[];
  /** rows × cols, row-major. */
  values: Float64Array;
  rows: number;
  cols: number;
}

/** LetheModel.score(): how well the model fits the rows it holds. */
export interface ModelScore {
  /** The fraction of rows whose most probable class is their label, or the RMSE of the predictive mean. */
  measure: 'accuracy' | 'rmse';
  /** null when the model holds no rows. */
  value: number | null;
  rows: number;
}

/** LetheModel.verify() (the fields of `lethe verify --json`). */
export interface ModelVerifyReport {
  /** Rows the reference model was retrained on. */
  rows: number;
  /** The family's measure, e.g. 'kl' (KL(forgotten ‖ retrained) of the Gaussians). */
  measure: string;
  distance: number;
  /** ‖θ_forgotten − θ_retrained‖ of the means / point estimates. */
  parameterDistance: number;
  /** The proven bound on parameterDistance in force; null for exact families or after a retrain. */
  distanceBound: number | null;
  /** Whether parameterDistance is within distanceBound (true without a bound). */
  boundHolds: boolean;
  /** The fit of the rows held: 'accuracy' (classification) or 'rmse' (regression). */
  scoreMeasure: 'accuracy' | 'rmse';
  /** The forgotten model's fit of the rows held. */
  scoreForgotten: number;
  /** The fit of the same rows by the model retrained now. */
  scoreRetrained: number;
  /** The membership audit, when verify() was given audited rows; null otherwise. */
  audit: ModelMembershipAudit | null;
  retrainSeconds: number;
}

/**
 * The loss (confidence) attack on the audited rows: AUC = P(loss of an audited row >
 * loss of a row held), on the forgotten model and on the model retrained without them.
 * It passes when the two AUCs are within `tolerance`.
 */
export interface ModelMembershipAudit {
  attack: 'loss';
  audited: number;
  members: number;
  aucForgotten: number;
  aucRetrained: number;
  /** aucForgotten − aucRetrained. */
  gap: number;
  tolerance: number;
  /** Whether the gap (with heldOut, the canary gap too; with shadows, the likelihood-ratio gap too) is within tolerance. */
  passes: boolean;
  /** The canary audit's held-out rows (0 without heldOut). */
  heldOut: number;
  /** Confidence-threshold AUC, the forgotten (audited) canaries against the held-out rows, on the forgotten model; null without heldOut. */
  canaryAucForgotten: number | null;
  /** The same on the model retrained without them (≈ 0.5). */
  canaryAucRetrained: number | null;
  /** canaryAucForgotten − canaryAucRetrained; null without heldOut. */
  canaryGap: number | null;
  /** Shadow models of the likelihood-ratio canary audit (0 without shadows). */
  shadows: number;
  /** Offline LiRA AUC (z against shadows trained on halves of the rows held), forgotten canaries against the held-out rows, on the forgotten model; null without shadows. */
  canaryLiraAucForgotten: number | null;
  /** The same on the model retrained without them (≈ 0.5). */
  canaryLiraAucRetrained: number | null;
  /** canaryLiraAucForgotten − canaryLiraAucRetrained; null without shadows. */
  canaryLiraGap: number | null;
}

/** Rows of the audited rows' kind that the model never saw (the canary audit's held-out canaries). */
export interface ModelHeldOutArgs {
  /** Rows, or row-major numbers with the model's feature count per row. */
  x: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  /** Their targets. */
  y: ArrayLike<number>;
}

/** Rows the model has forgotten, from the auditor's copy (the model file no longer has them). */
export interface ModelAuditArgs {
  /** Rows, or row-major numbers with the model's feature count per row. */
  x: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  /** Their targets (labels for classification families). */
  y: ArrayLike<number>;
  /** Their ids: each must be one the model has forgotten. */
  ids: ArrayLike<number>;
}

/** Options of LetheModel.verify. */
export interface ModelVerifyOptions {
  /** Forgotten rows to audit for membership. */
  audit?: ModelAuditArgs;
  /** With audit: rows never trained on, for the canary audit (the audited rows as canaries). */
  heldOut?: ModelHeldOutArgs;
  /** With heldOut: K ≥ 2 shadow models, each trained on a seeded half of the rows held, for the likelihood-ratio canary audit (default 0: none). */
  shadows?: number;
}

/** A trained or loaded model and its file, held in wasm memory: call dispose() when done. */
export interface LetheModel {
  /** Forgets the rows with these ids as one request; throws, changing nothing, on a refused request. */
  forget(ids: ArrayLike<number>, options?: ModelForgetOptions): ModelForgetResult;
  /** Retrains from scratch on the rows held; the certificates' sum starts again. */
  retrain(options?: ModelRetrainOptions): ModelRequest;
  status(): ModelStatus;
  /** The fit of the rows held (accuracy or RMSE), O(rows held). */
  score(): ModelScore;
  /** Predictions at inputs given as rows or row-major numbers (the model's feature count per row). */
  predict(x: ArrayLike<ArrayLike<number>> | ArrayLike<number>): ModelPrediction;
  /** Retrains a reference model now (O(data)) and measures the distance to it; audits forgotten rows if given. */
  verify(options?: ModelVerifyOptions): ModelVerifyReport;
  /** The .lethe file's bytes, self-contained (a fresh copy). */
  save(): Uint8Array;
  /** Frees the wasm-side model; safe to call twice. Later calls throw. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/** One option of a family, as the core describes it (the CLI's --kebab-name reads the same). */
export interface ModelFamilyOption {
  /** The camelCase key of TrainModelArgs.options. */
  name: string;
  defaultValue: number;
  /** Inclusive range. */
  minimum: number;
  maximum: number;
  integer: boolean;
  doc: string;
  /** A choice's tokens, in the order of the indices the file keeps (empty for a number). */
  choices: string[];
}

/** A family a model file can hold. */
export interface ModelFamilyDescription {
  name: ModelFamilyName;
  /** 'regression' (y any real number) or 'classification' (labels 0 or 1; 0..C−1 for 'bnn'). */
  target: 'regression' | 'classification';
  /** The columns of predict(). */
  predictionColumns: string[];
  options: ModelFamilyOption[];
}

export interface ModelApi {
  /** Trains a model of a family on at most 10⁶ rows; its file lives in memory until save(). */
  train(args: TrainModelArgs): LetheModel;
  /**
   * Opens a .lethe file's bytes (from save() or the native tool). A corrupted,
   * truncated or newer-format file throws an Error saying so; every checksum is checked.
   */
  loadModel(bytes: Uint8Array): LetheModel;
  /** The families with their options (camelCase names, defaults, ranges, docs), read from the core. */
  modelFamilies(): ModelFamilyDescription[];
  /** The certified-removal paper's MNIST settings (Guo et al. 2020, §4.1), as the core states them. */
  certifiedPaperSettings(): CertifiedPaperSettings;
}

/** λ of the regulariser (λn/2)‖w‖², σ of the perturbation, and the (ε, δ) of the guarantee. */
export interface CertifiedPaperSettings {
  lambda: number;
  sigma: number;
  epsilon: number;
  delta: number;
}
