// Panel registry: key → class.
import { ExactPanel } from './exact.js';

export const PANELS = { exact: ExactPanel };
