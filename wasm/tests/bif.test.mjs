// Node tests of the built module's BIF API: every routine, the chunked
// experiment, errors (real Errors with the C++ message, module usable after),
// parity with the native build (1e-9), and the native CLI's option errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadLethe } from '../index.js';
import { nativeTool, nativeParity, assertClose, assertThrowsError } from './support.mjs';

const lethe = await loadLethe();

function smallMixture() {
  // The preset's first 400 rows (seed 3), as in `lethe_parity bif`.
  const full = lethe.makeBifMixture({ seed: 3 });
  return { x: full.x.slice(0, 800), labels: full.labels.slice(0, 400) };
}

test('parity: the mixture experiment and the rate measurement equal the native build (1e-9)', () => {
  const native = nativeParity('bif');
  // The parity run: the first 400 rows of the preset mixture (seed 3), 12 rows
  // per cluster forgotten, every inference with 300 iterations.
  const data = smallMixture();
  const forget = lethe.bifScenarioIds(data, 12);
  assert.deepEqual(Array.from(forget), native.forget);
  for (const sampler of ['sghmc', 'sgld', 'vi']) {
    const r = lethe.gmmForget({ data, forget, requestSize: 4, sampler, iterations: 300, window: 50, seed: 5 });
    const n = native[sampler];
    assertClose(r.original, n.origin.flat(), 1e-9, `${sampler}.origin`);
    assertClose(r.processed, n.processed.flat(), 1e-9, `${sampler}.processed`);
    assertClose(r.target, n.target.flat(), 1e-9, `${sampler}.target`);
    assertClose(
      [r.klProcessedTarget, r.klOriginalTarget],
      [n.kl_processed_target, n.kl_original_target],
      1e-9,
      `${sampler}.kl`,
    );
    assertClose(r.spread, n.spread, 1e-9, `${sampler}.spread`);
    assertClose(r.residuals, n.residuals, 1e-9, `${sampler}.residuals`);
  }
  const rate = lethe.bifRate({ sizes: [40, 80, 160], removals: 2 });
  assertClose(rate.mapError, native.rate.map_error, 1e-9, 'rate.map_error');
  assertClose(rate.viError, native.rate.vi_error, 1e-9, 'rate.vi_error');
});

test('bifScenarioIds: the scenarios, by name or count', () => {
  const data = lethe.makeBifMixture({ seed: 0 });
  const ids = lethe.bifScenarioIds(data);
  assert.ok(ids instanceof Int32Array);
  assert.equal(ids.length, 400);
  assert.equal(lethe.bifScenarioIds(data, 'seed800').length, 800);
  assert.equal(lethe.bifScenarioIds(data, 3).length, 6);
  // Interleaved: even positions from label 0 (largest x1 first), odd from label 2.
  for (let j = 0; j < ids.length; j++) assert.equal(data.labels[ids[j]], j % 2 === 0 ? 0 : 2);
  assert.ok(data.x[2 * ids[0]] >= data.x[2 * ids[2]]);
  assert.ok(data.x[2 * ids[1] + 1] <= data.x[2 * ids[3] + 1]);
  assert.deepEqual(lethe.splitBatches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

test('GmmForgetting: chunked training, batch-by-batch forgetting and the target match one call', () => {
  const data = smallMixture();
  const forget = lethe.bifScenarioIds(data, 10);
  const options = { iterations: 200, window: 40, seed: 2 };
  const one = lethe.gmmForget({ data, forget, ...options });
  const run = lethe.createGmmForgetting(data, options);
  try {
    assert.equal(run.components, 4);
    assert.equal(run.size, 400);
    assert.equal(run.iterations, 200);
    const trail = [];
    let progress;
    do {
      progress = run.train(30);
      trail.push(progress.means);
      assert.equal(progress.means.length, 8);
    } while (!progress.done);
    assert.equal(progress.iteration, 200);
    assert.equal(trail.length, 7);
    assert.ok(run.trained);
    const order = run.componentForLabel();
    assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
    for (const batch of lethe.splitBatches(forget, 4)) {
      const before = run.means();
      const r = run.forgetBatch(batch);
      assert.equal(r.shift.length, 8);
      for (let i = 0; i < 8; i++) assert.ok(Math.abs(r.means[i] - before[i] - r.shift[i]) < 1e-12);
      for (let k = 0; k < 4; k++) assert.equal(r.meansByLabel[2 * k], r.means[2 * order[k]]);
    }
    assert.equal(run.remaining, 380);
    assert.deepEqual(
      Array.from(run.forgottenIds),
      Array.from(forget).sort((a, b) => a - b),
    );
    run.startTarget(forget);
    assert.ok(run.targetStarted && !run.targetTrained);
    while (!run.trainTarget(64).done);
    assert.equal(run.targetMeans().length, 8);
    const r = run.report();
    assert.deepEqual(Array.from(r.processed), Array.from(one.processed));
    assert.deepEqual(Array.from(r.target), Array.from(one.target));
    assert.equal(r.klProcessedTarget, one.klProcessedTarget);
    assert.equal(r.forgottenCount, 20);
    assert.ok(one.secondsForget >= 0 && one.secondsPerBatch.length === 5);
  } finally {
    run.dispose();
    run.dispose(); // safe twice
  }
  assertThrowsError(() => run.means(), 'GmmForgetting.means: the object has been disposed');
});

test('gmmForget: the default protocol in wasm meets the acceptance (SGHMC, seed400)', () => {
  const data = lethe.makeBifMixture({ seed: 0 });
  const r = lethe.gmmForget({ data });
  assert.equal(r.forgottenCount, 400);
  for (const c of [0, 2]) assert.ok(3 * r.processedToTarget[c] <= r.originalToTarget[c], `cluster ${c}`);
  for (const c of [1, 3]) {
    const moved = Math.hypot(r.processed[2 * c] - r.original[2 * c], r.processed[2 * c + 1] - r.original[2 * c + 1]);
    assert.ok(moved < r.spread[c], `cluster ${c} moved ${moved}`);
  }
  assert.ok(r.klProcessedTarget < r.klOriginalTarget);
  assert.ok(r.secondsForget < 2, `forgetting took ${r.secondsForget} s`);
});

test('bifRate: the error falls like 1/n²', () => {
  const r = lethe.bifRate({ sizes: [100, 200, 400, 800], removals: 2 });
  assert.equal(r.n.length, 4);
  assert.ok(r.mapSlope <= -1.7, `MAP slope ${r.mapSlope}`);
  assert.ok(r.viSlope <= -1.7, `VI slope ${r.viSlope}`);
  for (let i = 0; i < 4; i++) assert.ok(r.mapError[i] < r.mapShift[i] && r.viError[i] < r.viShift[i]);
});

test('errors are real Errors with the C++ message, and the module keeps working', () => {
  const data = smallMixture();
  assertThrowsError(
    () => lethe.bifScenarioIds(data, 'seed1'),
    "bifScenarioIds: parameter 'scenario' must be 'seed400' or 'seed800' (got 'seed1')",
  );
  assertThrowsError(() => lethe.bifScenarioIds(data, 'seed400'), 'asks for 200 rows of label 0, which has only');
  assertThrowsError(() => lethe.bifScenarioIds({ x: [0, 0] }), "bifScenarioIds: parameter 'data' must be an object");
  assertThrowsError(
    () => lethe.createGmmForgetting(data, { sampler: 'hmc' }),
    "GmmForgetting: parameter 'sampler' must be 'sghmc', 'sgld' or 'vi' (got 'hmc')",
  );
  assertThrowsError(
    () => lethe.createGmmForgetting(data, { iterations: 2.5 }),
    "GmmForgetting: parameter 'iterations' must be an integer",
  );
  assertThrowsError(
    () => lethe.createGmmForgetting(data, { solver: 'lissa' }),
    "parameter 'solver' must be 'direct' or 'cg'",
  );
  assertThrowsError(
    () => lethe.createGmmForgetting({ x: data.x, labels: data.labels.slice(0, 5) }),
    "GmmForgetting: parameter 'labels' has size 5, expected 400",
  );
  assertThrowsError(
    () => lethe.createGmmForgetting({ x: [0, 0, Number.NaN, 1], labels: [0, 1] }),
    "GmmForgetting: parameter 'x' must be finite",
  );
  assertThrowsError(() => lethe.gmmForget({ data, forget: [1, 1], iterations: 20 }), 'holds row id 1 twice');
  assertThrowsError(
    () => lethe.bifRate({ sizes: [100, 50] }),
    "measure_forgetting_rate: parameter 'sizes' must be strictly increasing",
  );

  const run = lethe.createGmmForgetting(data, { iterations: 20, seed: 1 });
  try {
    assertThrowsError(() => run.forgetBatch([1]), 'cannot be forgotten before training has finished (0 of 20');
    assertThrowsError(() => run.componentForLabel(), 'the model is not trained yet');
    assertThrowsError(() => run.trainTarget(5), 'call start_target(forgotten) first');
    run.train();
    assertThrowsError(() => run.forgetBatch([400]), 'holds row id 400, outside [0, 400)');
    assertThrowsError(() => run.forgetBatch([]), "parameter 'batch' is empty");
    run.forgetBatch([7]);
    assertThrowsError(() => run.forgetBatch([7]), 'holds row id 7, which is already forgotten');
    assertThrowsError(() => run.report(), 'the target is not trained yet');
    assertThrowsError(() => run.startTarget([-1]), 'holds row id -1');
    assert.equal(run.remaining, 399); // the rejected calls changed nothing
    run.startTarget([7]);
    run.trainTarget();
    assert.equal(run.report().forgottenCount, 1);
  } finally {
    run.dispose();
  }
  // Still usable after all those throws.
  assert.equal(lethe.bifScenarioIds(data, 2).length, 4);
  assert.equal(lethe.gmmForget({ data, forget: [0, 1, 2, 3], iterations: 20, sampler: 'sgld' }).forgottenCount, 4);
});

test('VI and CG options run through the stateful object', () => {
  const data = smallMixture();
  const forget = lethe.bifScenarioIds(data, 8);
  const direct = lethe.gmmForget({ data, forget, sampler: 'vi', iterations: 100, viDraws: 4 });
  const cg = lethe.gmmForget({ data, forget, sampler: 'vi', iterations: 100, viDraws: 4, solver: 'cg' });
  assertClose(cg.processed, direct.processed, 1e-8, 'cg vs direct');
  assert.ok(Math.max(...direct.processedToTarget) < 0.05);
});

test('native CLI: option errors name the option and exit 2', () => {
  const run = (...args) => spawnSync(nativeTool, ['gmm-forget', ...args], { encoding: 'utf8' });
  for (const [args, message] of [
    [['--sampler', 'x'], "option --sampler: must be 'sghmc', 'sgld' or 'vi' (got 'x')"],
    [
      ['--scenario', 'seed1'],
      "option --scenario: gmm-forget: parameter 'scenario' must be 'seed400' or 'seed800' (got 'seed1')",
    ],
    [['--iterations', '5'], 'option --iterations: must be at least 10'],
    [['--batch', 'many'], "option --batch: 'many' is not an integer"],
    [['--request-size', '0'], 'option --request-size: must be an integer in [1, 2147483647] (got 0)'],
    [['--forget', '/nonexistent/ids.txt'], "option --forget: cannot read '/nonexistent/ids.txt'"],
    [['--forget', 'a', '--scenario', 'seed400'], 'options --forget and --scenario exclude each other'],
    [['--data', '/nonexistent/data.csv'], 'option --data:'],
    [['--svg'], 'option --svg needs a value'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
    assert.ok(r.stderr.includes(message), `${args.join(' ')}: "${r.stderr}" lacks "${message}"`);
  }
  const rate = spawnSync(nativeTool, ['bif-rate', '--bogus'], { encoding: 'utf8' });
  assert.equal(rate.status, 2);
  assert.ok(rate.stderr.includes('unknown option --bogus'));
});

test('certificate and retrain policy: residuals per batch, the budget, fit health', () => {
  const data = smallMixture();
  const forget = lethe.bifScenarioIds(data, 12);
  const batches = lethe.splitBatches(forget, 4);
  const run = (residualBudget) => {
    const gmm = lethe.createGmmForgetting(data, { sampler: 'vi', iterations: 300, seed: 5, residualBudget });
    try {
      gmm.train();
      assert.equal(gmm.originalHealth().healthy, true);
      const steps = batches.map((b) => gmm.forgetBatch(b));
      return { steps, residuals: gmm.residuals, after: gmm.retrainRecommendedAfter };
    } finally {
      gmm.dispose();
    }
  };
  const free = run(0);
  assert.equal(free.residuals.length, batches.length);
  assert.equal(free.after, null);
  let sum = 0;
  free.steps.forEach((s, k) => {
    assert.ok(s.residual > 0 && Number.isFinite(s.residual));
    assert.equal(s.residual, free.residuals[k]);
    sum += s.residual;
    assertClose([s.accumulatedResidual], [sum], 1e-15, `accumulated after ${k + 1}`);
    assert.equal(s.retrainRecommendedAfter, null);
  });
  // A budget just under the sum after request 2: recommended after request 2, and
  // every later batch result says so too.
  const budget = free.residuals[0] + 0.5 * free.residuals[1];
  const capped = run(budget);
  assert.equal(capped.after, 2);
  assert.deepEqual(
    capped.steps.map((s) => s.retrainRecommendedAfter),
    batches.map((_, k) => (k >= 1 ? 2 : null)),
  );
  const report = lethe.gmmForget({ data, forget, sampler: 'vi', iterations: 300, seed: 5, residualBudget: budget });
  assert.equal(report.retrainRecommendedAfter, 2);
  assertClose(report.residuals, free.residuals, 1e-12, 'residuals in the one-call report');
  assert.equal(report.targetHealth.healthy, true);
  assertThrowsError(
    () => lethe.createGmmForgetting(data, { residualBudget: -1 }),
    "GmmForgetting: parameter 'residualBudget' must be a number of at least 0 (got -1)",
  );
  assertThrowsError(
    () => lethe.createGmmForgetting(data, { gradientSamples: 2, hessianSamples: 3 }),
    "GmmForgetting: parameter 'hessian_samples' must not exceed gradient_samples (2; got 3)",
  );
});

test('GmmRetrainPolicy: a small budget swaps in a retrain, its sum restarts, BIF alone is kept; equals the native CLI', () => {
  const data = lethe.makeBifMixture({ seed: 0 });
  const forget = lethe.bifScenarioIds(data, 'seed400');
  const options = { iterations: 300, residualBudget: 0.01, seed: 0 };
  const policy = lethe.createGmmRetrainPolicy(data, options);
  assert.equal(policy.components, 4);
  assert.equal(policy.phase, 'train');
  // Trained first (as the worker's 'mixture.train' does), then the requests.
  const trails = [];
  while (!policy.trained) trails.push(policy.step(50));
  assert.ok(trails.every((s) => s.phase === 'train' && s.means.length === 8));
  assert.equal(policy.meansByLabel().length, 8);
  policy.start(forget, 4);
  const phases = new Set();
  let progress = 0;
  while (!policy.done) {
    const s = policy.step();
    phases.add(s.phase);
    assert.ok(s.progress >= progress - 1e-12, `progress went back at ${s.phase}`);
    progress = s.progress;
  }
  assert.equal(policy.progress, 1);
  assert.deepEqual([...phases].sort(), ['finish', 'forget', 'retrain']);
  const r = policy.result();
  assert.equal(r.requests.length, 100);
  assert.ok(r.swaps.length >= 1);
  const first = r.swaps[0];
  assert.equal(first.afterRequest, r.recommendedAfter[0]);
  const next = r.requests[first.afterRequest];
  assert.ok(Math.abs(next.accumulated - next.residual) < 1e-15, 'the swapped model starts its sum from its own r');
  assert.ok(next.aloneAccumulated > r.requests[first.afterRequest - 1].aloneAccumulated);
  assert.ok(r.alone && r.alone.processed.length === 8);
  // The native CLI runs the same core code.
  const cli = JSON.parse(
    execFileSync(
      nativeTool,
      ['gmm-forget', '--auto-retrain', '--residual-budget', '0.01', '--iterations', '300', '--json'],
      { encoding: 'utf8' },
    ),
  );
  assertClose(r.processed, cli.processed.flat(), 1e-9, 'processed');
  assertClose(r.target, cli.target.flat(), 1e-9, 'target');
  assertClose(r.alone.processed, cli.alone.processed.flat(), 1e-9, 'alone.processed');
  assert.deepEqual(
    r.swaps.map((s) => s.afterRequest),
    cli.swaps.map((s) => s.after_request),
  );
  // resultJson() is the CLI's JSON text: the same keys in the same order, then the
  // CLI's set-up fields; the same numbers but the timings.
  const exported = JSON.parse(policy.resultJson());
  assert.deepEqual([...Object.keys(exported), 'sampler', 'n', 'iterations'], Object.keys(cli));
  assertClose(exported.processed.flat(), cli.processed.flat(), 1e-12, 'resultJson processed');
  assert.deepEqual(exported.recommended_after, cli.recommended_after);
  assertClose(
    exported.requests.map((q) => q.residual),
    cli.requests.map((q) => q.residual),
    1e-12,
    'resultJson residuals',
  );
  policy.dispose();
  policy.dispose();
  assertThrowsError(() => policy.step(), 'GmmRetrainPolicy.step: the object has been disposed');
});

test('GmmRetrainPolicy: bad calls are Errors naming the function and parameter; the module keeps working', () => {
  const data = smallMixture();
  const policy = lethe.createGmmRetrainPolicy(data, { iterations: 20, residualBudget: 0.01 });
  assertThrowsError(() => policy.result(), 'GmmRetrainPolicy::result: the policy has not finished');
  assertThrowsError(() => policy.start([], 4), "GmmRetrainPolicy::start: parameter 'forget'");
  assertThrowsError(() => policy.start([1, 2], 0), "GmmRetrainPolicy::start: parameter 'request_size'");
  assertThrowsError(() => policy.start([1, 1], 4), 'GmmRetrainPolicy::start');
  assertThrowsError(() => policy.start('12', 4), "GmmRetrainPolicy.start: parameter 'forget'");
  assertThrowsError(() => policy.step(1.5), "GmmRetrainPolicy.step: parameter 'k'");
  assertThrowsError(() => lethe.createGmmRetrainPolicy(data, { sampler: 'hmc' }), "parameter 'sampler'");
  assert.equal(policy.started, false);
  while (!policy.trained) policy.step();
  assertThrowsError(() => policy.step(), 'call start(forget, request_size) first');
  policy.start([1, 2, 3], 2);
  while (!policy.done) policy.step();
  assert.equal(policy.result().batches, 2);
  policy.dispose();
});

test("splitBatches is the core's split, and GmmForgetting gives its means in label order", () => {
  assert.deepEqual(lethe.splitBatches([9, 8, 7, 6, 5, 4, 3], 3), [[9, 8, 7], [6, 5, 4], [3]]);
  assert.deepEqual(lethe.splitBatches([1, 2]), [[1, 2]]);
  const run = lethe.createGmmForgetting(smallMixture(), { iterations: 20, seed: 1 });
  run.train();
  const means = run.means(),
    order = run.componentForLabel(),
    byLabel = run.meansByLabel();
  order.forEach((c, k) => {
    assert.equal(byLabel[2 * k], means[2 * c]);
    assert.equal(byLabel[2 * k + 1], means[2 * c + 1]);
  });
  assert.deepEqual(Array.from(run.forgetBatch([3]).meansByLabel), Array.from(run.meansByLabel()));
  run.dispose();
});

test('bifScenarioPresets: the core owns the presets at any size', () => {
  const published = lethe.bifScenarioPresets(2000);
  assert.deepEqual(
    published.map((p) => [p.name, p.perCluster, p.first]),
    [
      ['seed400', 200, true],
      ['seed800', 400, false],
    ],
  );
  const big = lethe.bifScenarioPresets(10000);
  assert.deepEqual(
    big.map((p) => [p.name, p.perCluster]),
    [
      ['seed400', 1000],
      ['seed800', 2000],
      ['request20', 10],
      ['request200', 100],
    ],
  );
  assert.equal(big.find((p) => p.first).name, 'request20');
  assert.match(big[0].label, /scaled from 400 at n = 2\u2009000/);
  assertThrowsError(() => lethe.bifScenarioPresets(0), "bif_scenario_presets: parameter 'n'");
});
