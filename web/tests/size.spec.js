// The data-size control of the moons and mixture panels: at 10 000 points both
// panels forget and retrain and show the two times and the speedup; at 100 000
// points the moons are drawn in one canvas pass while learning runs in the
// worker, with progress counting the seconds and a Cancel that stops it.
// Screenshots go to test-results/ (and artifacts/screenshots/ like the others).
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { test, expect, screenshot, inkedPixels } from './fixtures.js';

const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

async function shoot(panel, name) {
  mkdirSync(RESULTS, { recursive: true });
  const path = resolve(RESULTS, `${name}.png`);
  await panel.screenshot({ path });
  console.log(`screenshot: ${path}`);
  await screenshot(panel, name);
}

/** The read-out's numbers: both times (data-forget, data-retrain) and the speedup with the side it favours. */
async function timing(panel) {
  const times = panel.locator('[data-role=times]'),
    speed = panel.locator('[data-role=speedup]');
  return {
    forget: Number(await times.getAttribute('data-forget')),
    retrain: Number(await times.getAttribute('data-retrain')),
    ratio: Number(await speed.getAttribute('data-value')),
    cheaper: await speed.getAttribute('data-cheaper'),
    text: `${await times.textContent()} · ${await speed.textContent()}`,
  };
}

function checkTiming(t) {
  expect(t.forget).toBeGreaterThan(0);
  expect(t.retrain).toBeGreaterThan(0);
  // The speedup shown is the ratio of the two times shown, and says which side is cheaper.
  expect(t.ratio).toBeCloseTo(t.retrain / t.forget, 6);
  expect(t.cheaper).toBe(t.ratio >= 1 ? 'forgetting' : 'retraining');
  expect(t.text).toMatch(t.ratio >= 1 ? /forgetting is [\d.]+× faster than retraining/ : /retraining is cheaper here/);
}

/** Milliseconds one synchronous redraw of the panel's plot takes in the page (median of `k`). */
async function drawMs(page, key, k = 5) {
  return page.evaluate(
    ([name, runs]) => {
      const panel = window.__letheDebug[name],
        times = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        panel.draw();
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[runs >> 1];
    },
    [key, k],
  );
}

test('size: moons at 10 000 points forget and retrain, times and speedup shown', async ({ page, errors }) => {
  // Learning and retraining on 10⁴ points are single wasm calls of seconds each (about 20 s
  // together on a loaded 2-core machine): the margin is for that, the figures are printed.
  test.setTimeout(45_000);
  await page.goto('/web/?panel=moons');
  const panel = page.locator('[data-panel=moons]');
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  // The default size stays the published 100 points, and its read-out already has both times.
  await expect(panel.locator('[data-role=size]')).toHaveValue('100');
  const small = await timing(panel);
  checkTiming(small);
  console.log(`moons n = 100: forgetting / retraining ${small.text}`);

  const t0 = Date.now();
  await panel.locator('[data-role=size]').selectOption('10000');
  await expect(panel).toHaveAttribute('data-forgotten', '2', { timeout: 40_000 });
  console.log(`moons n = 10 000: learn + retrain + forget in the browser ${Date.now() - t0} ms`);
  await expect(panel.locator('[data-role=counts]')).toContainText('10000 points');
  // The first preset at every size is the module's tip: the 20 points with the largest x1.
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('20');
  expect(page.url()).toContain('n=10000');
  const big = await timing(panel);
  checkTiming(big);
  console.log(
    `moons n = 10 000: forgetting / retraining ${big.text}; learning ${await panel.locator('[data-role=learn-seconds]').textContent()}`,
  );
  // Presets that scale with N are offered away from the default size.
  const presets = await panel.locator('[data-role=scenario] option').evaluateAll((os) => os.map((o) => o.value));
  expect(presets).toEqual(expect.arrayContaining(['tip', 'rm200', 'rm2000', 'tipShare']));
  expect(await inkedPixels(panel.locator('canvas[data-role=plot]'))).toBeGreaterThan(50000);
  console.log(
    `moons n = 10 000: one redraw of the plot (heatmap, contours, points) ${(await drawMs(page, 'moons')).toFixed(1)} ms`,
  );
  await shoot(panel, 'size-moons-10000');
  expect(errors).toEqual([]);
});

test('size: mixture at 10 000 points forgets one request and retrains, times and speedup shown', async ({
  page,
  errors,
}) => {
  test.setTimeout(30_000);
  await page.goto('/web/?panel=mixture');
  const panel = page.locator('[data-panel=mixture]');
  await expect(panel).toHaveAttribute('data-trained', '1');
  await expect(panel.locator('[data-role=size]')).toHaveValue('2000');
  // At the default size the presets are the published two, as before.
  const published = await panel
    .locator('[data-role=scenario] option')
    .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  expect(published).toEqual(['seed400', 'seed800']);

  await panel.locator('[data-role=size]').selectOption('10000');
  await expect(panel).toHaveAttribute('data-trained', '2', { timeout: 20_000 });
  await expect(panel.locator('[data-role=counts]')).toContainText('10000 points');
  // Away from the default size the first preset is one request of 20 rows.
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('20');
  const presets = await panel.locator('[data-role=scenario] option').evaluateAll((os) => os.map((o) => o.textContent));
  console.log(`mixture n = 10 000 presets: ${presets.slice(1).join(' | ')}`);
  const t0 = Date.now();
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1', { timeout: 20_000 });
  console.log(
    `mixture n = 10 000: forget 20 rows (5 requests) with the target retrained alongside ${Date.now() - t0} ms`,
  );
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('20');
  expect(page.url()).toContain('n=10000');
  const t = await timing(panel);
  checkTiming(t);
  console.log(`mixture n = 10 000: forgetting / retraining ${t.text}`);
  console.log(`mixture n = 10 000: one redraw of the plot ${(await drawMs(page, 'mixture')).toFixed(1)} ms`);
  await shoot(panel, 'size-mixture-10000');
  // A copied link reproduces the size and the forgotten set.
  await page.goto(page.url());
  await expect(panel).toHaveAttribute('data-forgotten', '1', { timeout: 20_000 });
  await expect(panel.locator('[data-role=size]')).toHaveValue('10000');
  await expect(panel.locator('[data-role=counts]')).toContainText('10000 points');
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('20');
  expect(errors).toEqual([]);
});

test('size: moons at 100 000 points draw in one pass, learning shows its seconds and Cancel stops it', async ({
  page,
  errors,
}) => {
  test.setTimeout(30_000);
  await page.goto('/web/?panel=moons');
  const panel = page.locator('[data-panel=moons]');
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await panel.locator('[data-role=size]').selectOption('100000');
  await expect(panel.locator('[data-role=counts]')).toContainText('100000 points');
  // Learning on 10⁵ points is one long wasm call in the worker: the progress line names it and counts seconds.
  const progressText = panel.locator('[data-role=progress-text]');
  await expect(progressText).toHaveText(/Learning q\(θ\|D\) on 100000 points… \d+ s/, { timeout: 10_000 });
  // Meanwhile the page stays responsive: animation frames keep coming (the longest gap is printed)
  // and a redraw of 10⁵ points is one canvas pass (printed, not asserted).
  const gap = await page.evaluate(
    () =>
      new Promise((done) => {
        let last = performance.now(),
          worst = 0,
          frames = 0;
        const tick = (t) => {
          worst = Math.max(worst, t - last);
          last = t;
          if (++frames < 60) requestAnimationFrame(tick);
          else done(worst);
        };
        requestAnimationFrame(tick);
      }),
  );
  const ms = await drawMs(page, 'moons');
  console.log(
    `moons n = 100 000 while learning: longest frame gap ${gap.toFixed(1)} ms over 60 frames; one redraw of 10⁵ points ${ms.toFixed(1)} ms`,
  );
  expect(gap).toBeLessThan(1000);
  expect(await inkedPixels(panel.locator('canvas[data-role=plot]'))).toBeGreaterThan(20000);
  await shoot(panel, 'size-moons-100000-learning');
  await panel.locator('[data-action=cancel]').click();
  await expect(panel).toHaveAttribute('data-cancelled', '1');
  await expect(panel.locator('[data-role=progress]')).toBeHidden();
  await expect(panel.locator('[data-role=message]')).toContainText('Cancelled');
  // The worker stuck in the cancelled call is replaced; then a smaller size works again.
  await expect(panel).not.toHaveAttribute('data-cancelling', /.+/, { timeout: 5_000 });
  await panel.locator('[data-role=size]').selectOption('1000');
  await expect(panel).toHaveAttribute('data-forgotten', '2', { timeout: 15_000 });
  checkTiming(await timing(panel));
  expect(errors).toEqual([]);
});

test('size: the presets that scale with N come from the core, and its ids pick what they say', async ({
  page,
  errors,
}) => {
  await page.goto('/web/?panel=moons');
  await expect(page.locator('[data-panel=moons]')).toHaveAttribute('data-ready', 'true');
  const checks = await page.evaluate(async () => {
    const { loadLethe } = await import('/wasm/index.js');
    const lethe = await loadLethe();
    const names = (n) => lethe.moonsScenarioPresets(n).map((p) => p.name);
    const big = lethe.makeMoons({ n: 10000, noise: 0.2, seed: 3 });
    const ids = (scenario) => Array.from(lethe.moonsScenarioIds({ x: big.x, labels: big.labels, scenario }));
    const rm2000 = ids('rm2000');
    // The 2 000 class-1 points with the largest x1: every other class-1 point lies left of all of them.
    const picked = new Set(rm2000),
      lowest = Math.min(...rm2000.map((i) => big.x[2 * i]));
    let leftOfAll = true;
    for (let i = 0; i < 10000; i++)
      if (big.labels[i] === 1 && !picked.has(i) && big.x[2 * i] > lowest) leftOfAll = false;
    const mix = lethe.makeBifMixture({ seed: 0 });
    const sorted = (list) =>
      Array.from(list)
        .sort((a, b) => a - b)
        .join(',');
    const seed400 = lethe.bifScenarioIds(
      mix,
      lethe.bifScenarioPresets(2000).find((p) => p.name === 'seed400').perCluster,
    );
    return {
      atDefault: names(100).join(','),
      atLarge: ['rm200', 'rm2000', 'tipShare'].every((n) => names(10000).includes(n)),
      first: lethe.moonsScenarioPresets(10000).find((p) => p.first).name,
      tipShare: ids('tipShare').length,
      rm2000: rm2000.length,
      rm2000Class1: rm2000.every((i) => big.labels[i] === 1),
      leftOfAll,
      seed400: sorted(seed400) === sorted(lethe.bifScenarioIds(mix, 'seed400')),
      scaled: lethe.bifScenarioPresets(10000).find((p) => p.name === 'seed400').perCluster,
    };
  });
  console.log(`presets: ${JSON.stringify(checks)}`);
  expect(checks).toEqual({
    atDefault: 'tip,random,rm30,rm40,rm50',
    atLarge: true,
    first: 'tip',
    tipShare: 2000,
    rm2000: 2000,
    rm2000Class1: true,
    leftOfAll: true,
    seed400: true,
    scaled: 1000,
  });
  expect(errors).toEqual([]);
});

test('size: rasterised points cover what canvas paths cover, in the same colours', async ({ page, errors }) => {
  await page.goto('/web/?panel=moons');
  await expect(page.locator('[data-panel=moons]')).toHaveAttribute('data-ready', 'true');
  const rows = await page.evaluate(async () => {
    const { drawPointGroups, RASTER_ABOVE } = await import('/web/src/point-batch.js');
    const { linearScale, prepareCanvas } = await import('/web/src/plot.js');
    const x = Float64Array.from([0.2, 0.3, 0.5, 0.5, 0.8, 0.7]);
    const sx = linearScale([0, 1], [0, 200]),
      sy = linearScale([0, 1], [100, 0]);
    const out = [];
    for (const [shape, fill, stroke] of [
      ['circle', '#0072B2', null],
      ['triangle', '#E69F00', '#1a1a1a'],
      ['square', 'rgba(0,158,115,0.75)', null],
      ['cross', null, '#1a1a1a'],
    ]) {
      const inked = (n) => {
        const canvas = document.createElement('canvas');
        const ctx = prepareCanvas(canvas, 200, 100);
        // n picks the drawing: canvas paths up to RASTER_ABOVE, one raster pass above; the same three points.
        drawPointGroups(ctx, { x, sx, sy, n }, [{ ids: [0, 1, 2], shape, r: 5, fill, stroke, lineWidth: 1.5 }]);
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        // Pixels at least half covered (antialiased edges count from about half coverage, as a raster pixel does).
        for (let k = 0; k < data.length; k += 4) if (Math.min(data[k], data[k + 1], data[k + 2]) < 200) count++;
        const c = 4 * (50 * canvas.width + 100); // the middle point's centre
        return { count, centre: [data[c], data[c + 1], data[c + 2]] };
      };
      out.push({ shape, vector: inked(3), raster: inked(RASTER_ABOVE + 1) });
    }
    return out;
  });
  for (const { shape, vector, raster } of rows) {
    console.log(
      `${shape}: inked pixels vector ${vector.count}, raster ${raster.count}; centre ${vector.centre} vs ${raster.centre}`,
    );
    expect(raster.count).toBeGreaterThan(0.7 * vector.count);
    expect(raster.count).toBeLessThan(1.3 * vector.count);
    for (let k = 0; k < 3; k++) expect(Math.abs(raster.centre[k] - vector.centre[k])).toBeLessThanOrEqual(3);
  }
  expect(errors).toEqual([]);
});
