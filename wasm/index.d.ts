import type { ExactApi } from './types/exact';
import type { VariationalApi } from './types/variational';
import type { BifApi } from './types/bif';

export type * from './types/exact';
export type * from './types/variational';
export type * from './types/bif';

/** The loaded module: every routine of Lethe, plus the raw embind module. */
export type Lethe = ExactApi & VariationalApi & BifApi & { readonly core: unknown };

/** Instantiates the WebAssembly core (wasm embedded; works in node ≥ 20 and browsers). */
export function loadLethe(): Promise<Lethe>;
