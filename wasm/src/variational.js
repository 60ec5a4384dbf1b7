// Variational unlearning API (issue 3) — filled in by that work.
export function variationalApi(_core) {
  return {};
}
