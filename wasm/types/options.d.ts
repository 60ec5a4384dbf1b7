// The options of the experiments as the core describes them (core/lethe/experiments/
// option_sets.cpp): the same descriptions the CLI parses and lists (`lethe <command>
// --help`) and the JavaScript layer checks arguments against.

/** One option: its name, type, default, accepted values and one line of documentation. */
export interface OptionSpec {
  /** The JavaScript key, camelCase: 'residualBudget'. */
  readonly name: string;
  /** The core's snake_case name, as in the CLI's --residual-budget and the JSON. */
  readonly option: string;
  readonly type: 'number' | 'integer' | 'bool' | 'enum' | 'numbers' | 'integers' | 'text';
  readonly doc: string;
  /** The options struct's own default (a list for 'numbers' and 'integers'). */
  readonly default: number | boolean | string | readonly number[];
  /** The accepted range of a number, an integer or each entry of a list (±Infinity: none). */
  readonly minimum: number;
  readonly maximum: number;
  readonly exclusiveMinimum: boolean;
  /** Lists: the number of entries (maxCount 0: no limit). */
  readonly minCount: number;
  readonly maxCount: number;
  /** 'enum': the accepted values. */
  readonly choices: readonly string[];
  /** What a valid value is, as messages say it: "must be an integer in [1, 2147483647]". */
  readonly requirement: string;
  /** Old keys still accepted for one release, each read as `name` with a warning: 'removeBatch'. */
  readonly deprecatedNames: readonly string[];
}

/** The option sets by name: 'moons', 'gmm', 'bif_rate', 'bnn', 'scale'. */
export type OptionSpecs = Readonly<Record<string, readonly OptionSpec[]>>;

export interface OptionsApi {
  /** Every experiment's options, as the core describes them. */
  optionSpecs(): OptionSpecs;
  /** The demo page's first settings where they are not a routine's defaults (core page_settings). */
  pageSettings(): PageSettings;
}

/** A forget scenario of the BNN panel's menu: a `bnnScenarioIds` token and its menu line. */
export interface BnnScenarioPreset {
  name: string;
  label: string;
}

/** What the demo page shows on arrival, each chosen for what it lets a visitor see. */
export interface PageSettings {
  /** The moons panel's λ: where the reverse KL's own optimum is closest to retraining. */
  moonsLambda: number;
  /** The seed of the exact panel's 40 points. */
  exactDataSeed: number;
  /** The certified panel's moons points: enough that the perturbation costs no accuracy. */
  certifiedRows: number;
  /** The mixture panel's residual budget: passed by the seed800 removal, not by seed400's. */
  mixtureResidualBudget: number;
  /** The BNN panel's first method (a `bnnMethods()` name). */
  bnnMethod: string;
  /** The BNN panel's scenario menu, the first marked on arrival. */
  bnnScenarios: BnnScenarioPreset[];
  /** Canaries planted (and as many held out) when the BNN panel's audit is on. */
  bnnAuditCanaries: number;
}
