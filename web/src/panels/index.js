// Panel registry: key → class.
import { ExactPanel } from './exact.js';
import { MoonsPanel } from './moons.js';
import { MixturePanel } from './mixture.js';

export const PANELS = { exact: ExactPanel, moons: MoonsPanel, mixture: MixturePanel };
