import type { ExactApi } from './types/exact.js';
import type { VariationalApi } from './types/variational.js';
import type { BifApi } from './types/bif.js';
import type { BnnApi } from './types/bnn.js';
import type { ScaleApi } from './types/scale.js';
import type { OptionsApi } from './types/options.js';
import type { ModelApi } from './types/model.js';
import type { VersionApi } from './types/version.js';

export type * from './types/exact.js';
export type * from './types/variational.js';
export type * from './types/bif.js';
export type * from './types/bnn.js';
export type * from './types/scale.js';
export type * from './types/options.js';
export type * from './types/model.js';
export type * from './types/version.js';

/** The loaded module: every routine of Lethe, plus the raw embind module. */
export type Lethe = ExactApi &
  VariationalApi &
  BifApi &
  BnnApi &
  ScaleApi &
  OptionsApi &
  ModelApi &
  VersionApi & { readonly core: unknown };

/** Instantiates the WebAssembly core (wasm embedded; works in node ≥ 20 and browsers). */
export function loadLethe(): Promise<Lethe>;
