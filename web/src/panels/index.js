// Panel registry: key → class.
import { ExactPanel } from './exact.js';
import { MoonsPanel } from './moons.js';
import { MixturePanel } from './mixture.js';
import { BnnPanel } from './bnn.js';
import { CertifiedPanel } from './certified.js';

export const PANELS = {
  exact: ExactPanel,
  moons: MoonsPanel,
  mixture: MixturePanel,
  bnn: BnnPanel,
  certified: CertifiedPanel,
};
