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
  const times = panel.locator('[data-role=times]'), speed = panel.locator('[data-role=speedup]');
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
  return page.evaluate(([name, runs]) => {
    const panel = window.__letheDebug[name], times = [];
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); panel.draw(); times.push(performance.now() - t0); }
    return times.sort((a, b) => a - b)[runs >> 1];
  }, [key, k]);
}

test('size: moons at 10 000 points forget and retrain, times and speedup shown', async ({ page, errors }) => {
  // Learning and retraining on 10⁴ points are single wasm calls of seconds each (about 20 s
  // together on a loaded 2-core machine): the margin is for that, the figures are printed.
  test.setTimeout(45_000);
  await page.goto('/web/?panel=moons');
  const panel = page.locator('[data-panel=moons]');
  await expect(panel).toHaveAttribute('data-unlearned', '1');
  // The default size stays the published 100 points, and its read-out already has both times.
  await expect(panel.locator('[data-role=size]')).toHaveValue('100');
  const small = await timing(panel);
  checkTiming(small);
  console.log(`moons n = 100: forgetting / retraining ${small.text}`);

  const t0 = Date.now();
  await panel.locator('[data-role=size]').selectOption('10000');
  await expect(panel).toHaveAttribute('data-unlearned', '2', { timeout: 40_000 });
  console.log(`moons n = 10 000: learn + retrain + forget in the browser ${Date.now() - t0} ms`);
  await expect(panel.locator('[data-role=counts]')).toContainText('10000 points');
  // The first preset at every size is the module's tip: the 20 points with the largest x1.
  await expect(panel.locator('[data-role=erased-count]')).toHaveText('20');
  expect(page.url()).toContain('n=10000');
  const big = await timing(panel);
  checkTiming(big);
  console.log(`moons n = 10 000: forgetting / retraining ${big.text}; learning ${await panel.locator('[data-role=learn-seconds]').textContent()}`);
  // Presets that scale with N are offered away from the default size.
  const presets = await panel.locator('[data-role=scenario] option').evaluateAll((os) => os.map((o) => o.value));
  expect(presets).toEqual(expect.arrayContaining(['tip', 'rm200', 'rm2000', 'tipShare']));
  expect(await inkedPixels(panel.locator('canvas[data-role=plot]'))).toBeGreaterThan(50000);
  console.log(`moons n = 10 000: one redraw of the plot (heatmap, contours, points) ${(await drawMs(page, 'moons')).toFixed(1)} ms`);
  await shoot(panel, 'size-moons-10000');
  expect(errors).toEqual([]);
});

test('size: mixture at 10 000 points forgets one request and retrains, times and speedup shown', async ({ page, errors }) => {
  test.setTimeout(30_000);
  await page.goto('/web/?panel=mixture');
  const panel = page.locator('[data-panel=mixture]');
  await expect(panel).toHaveAttribute('data-trained', '1');
  await expect(panel.locator('[data-role=size]')).toHaveValue('2000');
  // At the default size the presets are the published two, as before.
  const published = await panel.locator('[data-role=scenario] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
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
  console.log(`mixture n = 10 000: forget 20 rows (5 requests) with the target retrained alongside ${Date.now() - t0} ms`);
  await expect(panel.locator('[data-role=erased-count]')).toHaveText('20');
  expect(page.url()).toContain('n=10000');
  const t = await timing(panel);
  checkTiming(t);
  console.log(`mixture n = 10 000: forgetting / retraining ${t.text}`);
  console.log(`mixture n = 10 000: one redraw of the plot ${(await drawMs(page, 'mixture')).toFixed(1)} ms`);
  await shoot(panel, 'size-mixture-10000');
  expect(errors).toEqual([]);
});

test('size: moons at 100 000 points draw in one pass, learning shows its seconds and Cancel stops it', async ({ page, errors }) => {
  test.setTimeout(30_000);
  await page.goto('/web/?panel=moons');
  const panel = page.locator('[data-panel=moons]');
  await expect(panel).toHaveAttribute('data-unlearned', '1');
  await panel.locator('[data-role=size]').selectOption('100000');
  await expect(panel.locator('[data-role=counts]')).toContainText('100000 points');
  // Learning on 10⁵ points is one long wasm call in the worker: the progress line names it and counts seconds.
  const progressText = panel.locator('[data-role=progress-text]');
  await expect(progressText).toHaveText(/Learning q\(θ\|D\) on 100000 points… \d+ s/, { timeout: 10_000 });
  // Meanwhile the page stays responsive: animation frames keep coming (the longest gap is printed)
  // and a redraw of 10⁵ points is one canvas pass (printed, not asserted).
  const gap = await page.evaluate(() => new Promise((done) => {
    let last = performance.now(), worst = 0, frames = 0;
    const tick = (t) => { worst = Math.max(worst, t - last); last = t; if (++frames < 60) requestAnimationFrame(tick); else done(worst); };
    requestAnimationFrame(tick);
  }));
  const ms = await drawMs(page, 'moons');
  console.log(`moons n = 100 000 while learning: longest frame gap ${gap.toFixed(1)} ms over 60 frames; one redraw of 10⁵ points ${ms.toFixed(1)} ms`);
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
  await expect(panel).toHaveAttribute('data-unlearned', '2', { timeout: 15_000 });
  checkTiming(await timing(panel));
  expect(errors).toEqual([]);
});
