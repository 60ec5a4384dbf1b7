// Bayesian inference forgetting API (issue 4) — filled in by that work.
export function bifApi(_core) {
  return {};
}
