// The mixture panel in the browser: training trails, forgetting batch by batch
// with the target retrained alongside, centres reported; cancellation and a new
// request superseding a stale one.
import { test, expect, screenshot, inkedPixels, canvasHash } from './fixtures.js';

async function openMixture(page, query = '') {
  await page.goto(`/web/?panel=mixture${query}`);
  const panel = page.locator('[data-panel=mixture]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await expect(panel).toHaveAttribute('data-trained', '1');
  return panel;
}

async function centres(panel) {
  return panel.locator('[data-role=centre-table] tbody tr').evaluateAll((rows) => rows.map((r) => ({
    cluster: Number(r.dataset.cluster),
    removed: Number(r.children[1].textContent),
    origin: Number(r.querySelector('[data-role=dist-origin]').dataset.value),
    processed: Number(r.querySelector('[data-role=dist-processed]').dataset.value),
  })));
}

test('mixture: SGHMC trails, forget the 400-point scenario batch by batch, centres reported', async ({ page, errors }) => {
  const panel = await openMixture(page);
  const canvas = panel.locator('canvas[data-role=plot]');
  expect(await inkedPixels(canvas)).toBeGreaterThan(20000);
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('400');
  const before = await canvasHash(canvas);
  // Progress shows the batches: every text the progress line takes while it runs is recorded in the page.
  await page.evaluate(() => {
    const line = document.querySelector('[data-panel=mixture] [data-role=progress-text]');
    const texts = (window.__progressTexts = []);
    new MutationObserver(() => { if (line.textContent) texts.push(line.textContent); })
      .observe(line, { childList: true, characterData: true, subtree: true });
  });
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const texts = new Set(await page.evaluate(() => window.__progressTexts));
  console.log(`progress texts seen (${texts.size}): ${[...texts].slice(0, 3).join(' | ')}`);
  await expect(panel.locator('[data-role=erased-count]')).toHaveText('400');
  const rows = await centres(panel);
  expect(rows).toHaveLength(4);
  for (const r of rows) console.log(`cluster ${r.cluster}: removed ${r.removed}, original→target ${r.origin.toFixed(4)}, processed→target ${r.processed.toFixed(4)}`);
  // The two clusters that lost points: the processed centre is at least 3× closer to the target.
  for (const k of [0, 2]) {
    expect(rows[k].removed).toBe(200);
    expect(rows[k].processed * 3).toBeLessThan(rows[k].origin);
  }
  const kl = Number(await panel.locator('[data-role=kl]').getAttribute('data-value'));
  console.log(`KL(processed ‖ target) = ${kl.toFixed(3)}; times ${await panel.locator('[data-role=times]').textContent()}`);
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

test('mixture: box selection with Shift adds; a link reproduces the forgotten state', async ({ page, context, errors }) => {
  const panel = await openMixture(page, '&sampler=sgld');
  await panel.locator('[data-action=reset]').click();
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('0');
  const canvas = panel.locator('canvas[data-role=plot]');
  const box = await canvas.boundingBox();
  const pts = await page.evaluate(() => window.__letheDebug.mixture.screenPoints());
  // A box around the top of the vertical cluster (label 2), then Shift-add one around the left end of label 0.
  const labels = await page.evaluate(() => Array.from(window.__letheDebug.mixture.data.labels));
  const pick = (k, cmp) => pts.filter((p) => labels[p.id] === k).sort(cmp)[0];
  const top = pick(2, (a, b) => a.py - b.py), leftEnd = pick(0, (a, b) => a.px - b.px);
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
  const progressValue = () => page.waitForFunction(
    () => document.querySelector('[data-panel=mixture] [data-role=progress] progress')?.value > 0.02, null, { polling: 'raf', timeout: 20_000 });
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
