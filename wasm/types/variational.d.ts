// Variational unlearning API (issue 3) — filled in by that work.
export interface VariationalApi {}
