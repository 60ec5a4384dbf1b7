// The mixture panel in the browser: training trails, forgetting batch by batch
// with the target retrained alongside, centres reported; cancellation and a new
// request superseding a stale one.
import { test, expect, screenshot, inkedPixels, canvasHash, collectErrors, lowContrastTexts } from './fixtures.js';

async function openMixture(page, query = '') {
  await page.goto(`/web/?panel=mixture${query}`);
  const panel = page.locator('[data-panel=mixture]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await expect(panel).toHaveAttribute('data-trained', '1');
  return panel;
}

async function centres(panel) {
  return panel.locator('[data-role=centre-table] tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      cluster: Number(r.dataset.cluster),
      removed: Number(r.children[1].textContent),
      origin: Number(r.querySelector('[data-role=dist-origin]').dataset.value),
      processed: Number(r.querySelector('[data-role=dist-processed]').dataset.value),
    })),
  );
}

test('mixture: SGHMC trails, forget the 400-point scenario batch by batch, centres reported', async ({
  page,
  errors,
}) => {
  const panel = await openMixture(page);
  const canvas = panel.locator('canvas[data-role=plot]');
  expect(await inkedPixels(canvas)).toBeGreaterThan(20000);
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('400');
  const before = await canvasHash(canvas);
  // Progress shows the batches: every text the progress line takes while it runs is recorded in the page.
  await page.evaluate(() => {
    const line = document.querySelector('[data-panel=mixture] [data-role=progress-text]');
    const texts = (window.__progressTexts = []);
    new MutationObserver(() => {
      if (line.textContent) texts.push(line.textContent);
    }).observe(line, { childList: true, characterData: true, subtree: true });
  });
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const texts = new Set(await page.evaluate(() => window.__progressTexts));
  console.log(`progress texts seen (${texts.size}): ${[...texts].slice(0, 3).join(' | ')}`);
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('400');
  const rows = await centres(panel);
  expect(rows).toHaveLength(4);
  for (const r of rows)
    console.log(
      `cluster ${r.cluster}: removed ${r.removed}, original→target ${r.origin.toFixed(4)}, processed→target ${r.processed.toFixed(4)}`,
    );
  // The two clusters that lost points: the processed centre is at least 3× closer to the target.
  for (const k of [0, 2]) {
    expect(rows[k].removed).toBe(200);
    expect(rows[k].processed * 3).toBeLessThan(rows[k].origin);
  }
  const kl = Number(await panel.locator('[data-role=kl]').getAttribute('data-value'));
  console.log(
    `KL(processed ‖ target) = ${kl.toFixed(3)}; times ${await panel.locator('[data-role=times]').textContent()}`,
  );
  expect(kl).toBeGreaterThan(0);
  expect(await canvasHash(canvas)).not.toBe(before);
  await screenshot(panel, 'mixture-panel');

  // Another sampler: trains again, and forgetting works the same way.
  await panel.locator('[data-sampler=vi]').click();
  await expect(panel).toHaveAttribute('data-trained', '2');
  expect(page.url()).toContain('sampler=vi');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '2');
  const vi = await centres(panel);
  for (const k of [0, 2]) expect(vi[k].processed).toBeLessThan(vi[k].origin);
  expect(errors).toEqual([]);
});

test('mixture: box selection with Shift adds; a link reproduces the forgotten state', async ({
  page,
  context,
  errors,
}) => {
  const panel = await openMixture(page, '&sampler=sgld');
  await panel.locator('[data-action=reset]').click();
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('0');
  const canvas = panel.locator('canvas[data-role=plot]');
  const box = await canvas.boundingBox();
  const pts = await page.evaluate(() => window.__letheDebug.mixture.screenPoints());
  // A box around the top of the vertical cluster (label 2), then Shift-add one around the left end of label 0.
  const labels = await page.evaluate(() => Array.from(window.__letheDebug.mixture.data.labels));
  const pick = (k, cmp) => pts.filter((p) => labels[p.id] === k).sort(cmp)[0];
  const top = pick(2, (a, b) => a.py - b.py),
    leftEnd = pick(0, (a, b) => a.px - b.px);
  const drag = async (p, shift) => {
    if (shift) await page.keyboard.down('Shift');
    await page.mouse.move(box.x + p.px - 30, box.y + p.py - 12);
    await page.mouse.down();
    await page.mouse.move(box.x + p.px, box.y + p.py + 20, { steps: 3 });
    await page.mouse.move(box.x + p.px + 30, box.y + p.py + 40, { steps: 3 });
    await page.mouse.up();
    if (shift) await page.keyboard.up('Shift');
  };
  await drag(top, false);
  const first = Number(await panel.locator('[data-role=marked-count]').textContent());
  expect(first).toBeGreaterThan(3);
  await drag(leftEnd, true);
  const both = Number(await panel.locator('[data-role=marked-count]').textContent());
  expect(both).toBeGreaterThan(first);
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const rows = await centres(panel);
  const link = await page.locator('#share-link').inputValue();
  expect(link).toContain('sampler=sgld');

  const other = await context.newPage();
  await other.goto(link);
  const panel2 = other.locator('[data-panel=mixture]');
  await expect(panel2).toHaveAttribute('data-forgotten', '1');
  await expect(panel2.locator('[data-role=marked-count]')).toHaveText(String(both));
  await expect(other.locator('[data-sampler=sgld]')).toHaveAttribute('aria-pressed', 'true');
  expect(await centres(panel2)).toEqual(rows); // same seed, same ids: same numbers
  expect(errors).toEqual([]);
});

test('mixture: cancel a long run; a new request supersedes a stale one', async ({ page, errors }) => {
  const panel = await openMixture(page);
  const progress = panel.locator('[data-role=progress]');
  const iterations = panel.locator('[data-role=iterations]');
  const progressValue = () =>
    page.waitForFunction(
      () => document.querySelector('[data-panel=mixture] [data-role=progress] progress')?.value > 0.02,
      null,
      { polling: 'raf', timeout: 20_000 },
    );
  // 200 000 SGHMC iterations take seconds: cancel part-way.
  await iterations.selectOption('200000');
  await progressValue();
  const at = await progress.locator('progress').evaluate((b) => b.value);
  await panel.locator('[data-action=cancel]').click({ timeout: 5000 });
  await expect(progress).toBeHidden();
  await expect(panel.locator('[data-role=message]')).toContainText('Cancelled');
  await expect(panel).toHaveAttribute('data-cancelled', '1');
  console.log(`cancelled training at ${(100 * at).toFixed(0)} %`);
  // Once the worker has let go of the cancelled run it can no longer report.
  await expect(panel).not.toHaveAttribute('data-cancelling');
  await expect(panel).toHaveAttribute('data-trained', '1'); // the cancelled run never reported

  // Start the long run again, then ask for a short one: the stale run is
  // dropped and only the new one finishes.
  await panel.locator('[data-action=train]').click();
  await progressValue();
  await iterations.selectOption('2000');
  await expect(panel).toHaveAttribute('data-trained', '2', { timeout: 30_000 });
  expect(page.url()).not.toContain('iterations=');
  // The stale run is over in the worker and nothing else is running: no late result can follow.
  await expect(panel).not.toHaveAttribute('data-cancelling');
  await expect(panel).not.toHaveAttribute('data-busy');
  await expect(panel).toHaveAttribute('data-trained', '2');
  await expect(progress).toBeHidden();
  expect(errors).toEqual([]);
});

/** The residual chart's state, read in the page: requests drawn, and the read-outs of the policy. */
async function policy(panel) {
  return {
    recommendedAfter: await panel.locator('[data-role=recommendation]').getAttribute('data-recommended-after'),
    recommendation: await panel.locator('[data-role=recommendation]').textContent(),
    serving: await panel.locator('[data-role=swap]').textContent(),
    accumulated: Number(await panel.locator('[data-role=residual]').getAttribute('data-value')),
  };
}

test('mixture: the 800-point removal passes a low residual budget, a retrain is swapped in', async ({
  page,
  errors,
}) => {
  const panel = await openMixture(page, '&budget=0.05');
  await expect(panel.locator('[data-role=budget]')).toHaveValue('0.05');
  await panel.locator('[data-role=scenario]').selectOption('seed800');
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('800');
  const chart = panel.locator('canvas[data-role=residual-chart]');
  const empty = await inkedPixels(chart);
  await panel.locator('[data-action=forget]').click();
  // The recommendation shows while forgetting goes on, before the result.
  await expect(panel.locator('[data-role=recommendation]')).toHaveAttribute('data-recommended-after', /^\d+$/);
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const p = await policy(panel);
  console.log(`recommended: ${p.recommendation}\nserving: ${p.serving}\naccumulated at the end: ${p.accumulated}`);
  expect(Number(p.recommendedAfter)).toBeGreaterThan(1);
  expect(Number(p.recommendedAfter)).toBeLessThan(200);
  await expect(panel.locator('[data-role=recommendation]')).toContainText(
    `retrain recommended after request ${p.recommendedAfter}`,
  );
  const swaps = Number(await panel.getAttribute('data-swapped'));
  expect(swaps).toBeGreaterThanOrEqual(1);
  // The read-out names the last retrain (rows, time) and every earlier one, the first where the budget was passed.
  const serving = panel.locator('[data-role=swap]');
  await expect(serving).toContainText(
    /retrained on \d+ rows in [\d.e-]+ s after request \d+ and swapped in; requests? [\d–]+ forgotten from it/,
  );
  const after = (p.serving.match(/after requests? ([\d, ]+)/g) ?? []).flatMap((m) => m.match(/\d+/g).map(Number));
  expect(after).toHaveLength(swaps);
  expect(Math.min(...after)).toBe(Number(p.recommendedAfter));
  // After the swap the sum starts again from 0: at the end it is below the budget.
  expect(p.accumulated).toBeLessThan(0.05);
  await expect(chart).toHaveAttribute('data-requests', '200');
  expect(await inkedPixels(chart)).toBeGreaterThan(empty + 2000);
  // The table compares with BIF alone once a retrain served requests.
  await expect(panel.locator('[data-role=dist-alone]')).toHaveCount(4);
  await expect(panel.locator('[data-role=health-warning]')).toHaveCount(0);
  // The read-outs and legends a swap adds pass the same contrast check as the page at rest.
  expect(await lowContrastTexts(page)).toEqual([]);
  await screenshot(panel, 'mixture-residual');
  expect(errors).toEqual([]);
});

test('mixture: with budget 0 nothing is recommended and the original model serves every request', async ({
  page,
  errors,
}) => {
  const panel = await openMixture(page);
  const budget = panel.locator('[data-role=budget]');
  await expect(budget).toHaveValue('0.15');
  await budget.fill('0');
  await budget.press('Enter');
  await expect.poll(() => page.url()).toContain('budget=0');
  await panel.locator('[data-role=scenario]').selectOption('seed800');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const p = await policy(panel);
  expect(p.recommendedAfter).toBeNull();
  expect(p.recommendation).toContain('no budget');
  expect(p.serving).toContain('the original model');
  expect(p.accumulated).toBeGreaterThan(0.05);
  expect(await panel.getAttribute('data-swapped')).toBeNull();
  await expect(panel.locator('canvas[data-role=residual-chart]')).toHaveAttribute('data-requests', '200');
  await expect(panel.locator('[data-role=dist-alone]')).toHaveCount(0);
  // Keyboard: the arrow keys step the budget, and the new one is kept for the next Forget.
  await budget.focus();
  await page.keyboard.press('ArrowUp');
  await expect(budget).toHaveValue('0.01');
  await expect.poll(() => page.url()).toContain('budget=0.01');
  await expect(panel.locator('[data-role=message]')).toContainText('applies from the next Forget');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.url()).toContain('budget=0&');
  // A budget that is not a number is refused and the field shows the one in use.
  await budget.fill('-1');
  await budget.press('Enter');
  await expect(budget).toHaveValue('0');
  await expect(panel.locator('[data-role=message]')).toContainText('at least 0');
  expect(errors).toEqual([]);
});

test('mixture: the background retrain shows progress and can be cancelled', async ({ page, errors }) => {
  // 200 000 iterations: the retrain after the budget is passed takes seconds.
  const panel = await openMixture(page, '&budget=0.05&iterations=200000');
  await panel.locator('[data-role=scenario]').selectOption('seed800');
  await panel.locator('[data-action=forget]').click();
  await page.waitForFunction(
    () =>
      /^Retraining on \d+ rows/.test(
        document.querySelector('[data-panel=mixture] [data-role=progress-text]')?.textContent ?? '',
      ),
    null,
    { polling: 'raf', timeout: 45_000 },
  );
  const text = await panel.locator('[data-role=progress-text]').textContent();
  console.log(`cancelling during: ${text}`);
  // The recommendation is already shown while the retrain runs.
  await expect(panel.locator('[data-role=recommendation]')).toContainText('retrain recommended after request');
  await panel.locator('[data-action=cancel]').click();
  await expect(panel.locator('[data-role=progress]')).toBeHidden();
  await expect(panel.locator('[data-role=message]')).toContainText('Cancelled');
  await expect(panel).toHaveAttribute('data-cancelled', '1');
  await expect(panel).not.toHaveAttribute('data-cancelling');
  await expect(panel).not.toHaveAttribute('data-busy');
  // The abandoned run is not shown as a result: no swap, no recommendation, an empty chart.
  expect(await panel.getAttribute('data-forgotten')).toBeNull();
  expect(await panel.getAttribute('data-swapped')).toBeNull();
  await expect(panel.locator('[data-role=recommendation]')).not.toHaveAttribute('data-recommended-after');
  await expect(panel.locator('canvas[data-role=residual-chart]')).not.toHaveAttribute('data-requests');
  expect(errors).toEqual([]);
});

test('mixture: an unhealthy fit is a warning, not a ratio; restarts are shown', async ({ page, errors }) => {
  const panel = await openMixture(page);
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await expect(panel.locator('[data-role=health-warning]')).toHaveCount(0);
  await expect(panel.locator('[data-role=centre-table] tbody tr').first().locator('td').last()).toHaveText(/×$/);
  // The module's data gives healthy fits; the read-out of an unhealthy one is checked on the same result with its health replaced.
  const problem =
    "only 41% of label 2's rows lie closest to its component (1): a component collapsed onto two clusters, or two switched";
  await page.evaluate((text) => {
    const p = window.__letheDebug.mixture;
    p.showErasure(
      {
        ...p.result,
        originalHealth: { healthy: true, problem: '', restarts: 2 },
        targetHealth: { healthy: false, problem: text, restarts: 3 },
      },
      [...p.applied],
    );
  }, problem);
  const warning = panel.locator('[data-role=health-warning]');
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('The target (retrained) is unhealthy (restarted 3×)');
  await expect(warning).toContainText(problem);
  await expect(panel.locator('[data-role=health-restarts]')).toContainText('restarted 2×');
  await expect(panel.locator('[data-role=kl]')).toContainText('not meaningful');
  for (const cell of await panel.locator('[data-role=centre-table] tbody tr td:last-child').allTextContents())
    expect(cell).toBe('–');
  expect(errors).toEqual([]);
});

test('mixture: after a swap the panel still fits a phone screen; the chart is HiDPI', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const panel = await openMixture(page, '&budget=0.05');
  await panel.locator('[data-role=scenario]').selectOption('seed800');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await expect(panel).not.toHaveAttribute('data-busy');
  // Against the screen's 390 px, not innerWidth: a mobile page wider than its content zooms out and innerWidth grows with it.
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    'page wider than the screen',
  ).toBeLessThanOrEqual(390);
  const table = panel.locator('[data-role=centre-table]');
  expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth), 'centre table wider than its box').toBe(true);
  const chart = panel.locator('canvas[data-role=residual-chart]');
  expect(await chart.evaluate((c) => c.width / c.getBoundingClientRect().width)).toBeCloseTo(2, 1);
  await screenshot(panel.locator('[data-role=residual-figure]'), 'phone-mixture-residual');
  expect(errors).toEqual([]);
  await context.close();
});
