// Type-checked (tsc --noEmit) against wasm/types/variational.d.ts: the calls the web
// page makes, with the types it relies on.
import { loadLethe } from '../index.js';
import type { MoonsProblem, MoonsScenario, UnlearnResult, MoonsSweepResult, GaussianParams } from '../index.js';

async function demo(): Promise<void> {
  const lethe = await loadLethe();
  const scenarios: MoonsScenario[] = lethe.moonsScenarios();
  const data = lethe.makeMoons({ n: 100, noise: 0.2, seed: 0 });
  const ids: Int32Array = lethe.moonsScenarioIds({ x: data.x, labels: data.labels, scenario: scenarios[0] });
  const p: MoonsProblem = lethe.moonsProblem({
    x: data.x,
    labels: data.labels,
    seed: 0,
    erase: ids,
    rklEstimator: 'published',
    reportTarget: true,
  });
  const seconds: number = p.setErased('tip');
  const which: MoonsScenario | null = p.scenario;
  const full: GaussianParams = p.fullPosterior();
  const base = p.baseline();
  const r: UnlearnResult = p.unlearn({ method: 'rkl', lambda: 1e-5 });
  const targetKl: number | undefined = r.target?.klErased;
  const ess: number | null = r.ess;
  const grid = new Float64Array(2 * 6400);
  const probs: Float64Array = p.predictGrid(grid, 'unlearned');
  p.predictGrid(grid);
  const sweep: MoonsSweepResult = lethe.moonsKlSweep({
    seed: 1,
    lambdas: lethe.moonsDefaults().lambdas,
    onProgress: (fraction: number, run: UnlearnResult) => void [fraction, run.klErased],
  });
  void [targetKl, seconds, which, full.mean, base.klErased, ess, probs.length, sweep.runs.length, r.reliable];
  p.dispose();
}
void demo;
