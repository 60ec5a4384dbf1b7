// Bayesian inference forgetting API (issue 4) — filled in by that work.
export interface BifApi {}
