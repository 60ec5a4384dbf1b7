// Type-checked (tsc --noEmit) against wasm/types/variational.d.ts: the calls the web
// page makes, with the types it relies on.
import { loadLethe } from '../index.js';
import type { MoonsProblem, MoonsScenario, ForgetResult, MoonsSweepResult, GaussianParams } from '../index.js';

async function demo(): Promise<void> {
  const lethe = await loadLethe();
  const scenarios: MoonsScenario[] = lethe.moonsScenarios();
  const data = lethe.makeMoons({ n: 100, noise: 0.2, seed: 0 });
  const ids: Int32Array = lethe.moonsScenarioIds({ x: data.x, labels: data.labels, scenario: scenarios[0] });
  const p: MoonsProblem = lethe.moonsProblem({
    x: data.x,
    labels: data.labels,
    seed: 0,
    forget: ids,
    rklEstimator: 'published',
    reportTarget: true,
  });
  const seconds: number = p.setForgotten('tip');
  const which: MoonsScenario | null = p.scenario;
  const full: GaussianParams = p.fullPosterior();
  const base = p.baseline();
  const r: ForgetResult = p.forget({ method: 'rkl', lambda: 1e-5 });
  const targetKl: number | undefined = r.target?.klForgotten;
  const ess: number | null = r.ess;
  const grid = new Float64Array(2 * 6400);
  const probs: Float64Array = p.predictGrid(grid, 'forgotten');
  p.predictGrid(grid);
  const sweep: MoonsSweepResult = lethe.moonsKlSweep({
    seed: 1,
    lambdas: lethe.moonsDefaults().lambdas,
    onProgress: (fraction: number, run: ForgetResult) => void [fraction, run.klForgotten],
  });
  void [targetKl, seconds, which, full.mean, base.klForgotten, ess, probs.length, sweep.runs.length, r.reliable];
  p.dispose();
}
void demo;
