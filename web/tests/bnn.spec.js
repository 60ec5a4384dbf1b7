// The neural-network panel in the browser: the tip preset forgotten on arrival,
// a region forgotten with a box, forgotten again (heatmap and read-out change), the
// three heatmap views, Cancel during training, and <lethe-demo panel="bnn">.
// The train and forget times at the default size are printed (targets: train
// < 2 s, forget < 200 ms), not asserted.
import { mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, screenshot, inkedPixels, canvasHash } from './fixtures.js';

const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

async function openBnn(page, query = '') {
  await page.goto(`/web/?panel=bnn${query}`);
  const panel = page.locator('[data-panel=bnn]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await expect(panel).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 }); // the tip preset on arrival
  return panel;
}

const value = async (panel, role) => Number(await panel.locator(`[data-role=${role}]`).getAttribute('data-value'));

/** Train (wall clock in the worker, both models; and the core's seconds of the original), retrain and forget times. */
async function times(panel) {
  const t = panel.locator('[data-role=times]');
  return {
    trainWall: Number(await panel.getAttribute('data-train-wall-seconds')),
    train: await value(panel, 'train-seconds'),
    retrain: Number(await t.getAttribute('data-retrain')),
    forget: Number(await t.getAttribute('data-forget')),
    forgetWall: Number(await panel.getAttribute('data-forget-wall-seconds')),
    speedup: await value(panel, 'speedup'),
  };
}

const line = (label, t) =>
  `${label}: train ${t.train.toFixed(3)} s (original; both models ${t.trainWall.toFixed(3)} s wall), ` +
  `retrain ${t.retrain.toFixed(3)} s, forget ${(1000 * t.forget).toFixed(1)} ms (${(1000 * t.forgetWall).toFixed(1)} ms with the call), speedup ${t.speedup.toFixed(1)}×`;

test('bnn: tip forgotten on arrival; forget a region, forget: the map and the read-out change', async ({
  page,
  errors,
}) => {
  const panel = await openBnn(page);
  const canvas = panel.locator('canvas[data-role=plot]');
  expect(await inkedPixels(canvas)).toBeGreaterThan(50000); // the heatmap fills the plot
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('20'); // 10 % of 200 training points
  const first = await times(panel);
  console.log(line('bnn moons bif-sghmc tip (default size and method)', first));
  const klE = await value(panel, 'kl-forgotten');
  const nothingE = Number((await panel.locator('[data-role=kl-forgotten]').textContent()).split('/')[1]);
  console.log(`bnn moons bif-sghmc tip: KL on D_e ${klE.toExponential(3)} vs nothing ${nothingE}`);
  expect(klE).toBeGreaterThan(0);
  expect(klE).toBeLessThan(nothingE); // forgetting moved the model toward the retrained one
  await expect(panel.locator('[data-role=measures-table] tbody tr')).toHaveCount(3);

  // A box over the left end of the data replaces the marked set.
  const hash = await canvasHash(canvas);
  const readout = await panel.locator('[data-role=kl-forgotten]').textContent();
  const box = await canvas.boundingBox();
  const pts = await page.evaluate(() => window.__letheDebug.bnn.screenPoints());
  const minX = Math.min(...pts.map((p) => p.px)),
    ys = pts.map((p) => p.py),
    reach = 0.2 * box.width;
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  await page.mouse.move(box.x + minX - 6, box.y + y0 - 6);
  await page.mouse.down();
  await page.mouse.move(box.x + minX + reach, box.y + y1 + 6, { steps: 5 });
  await page.mouse.up();
  const marked = Number(await panel.locator('[data-role=marked-count]').textContent());
  const inBox = pts.filter((p) => p.px <= minX + reach).length;
  expect(marked).toBe(inBox);
  expect(marked).toBeGreaterThan(10);
  await expect(panel.locator('[data-role=counts]')).toContainText('press Forget');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '2', { timeout: 30_000 });
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText(String(marked));
  expect(await canvasHash(canvas)).not.toBe(hash);
  expect(await panel.locator('[data-role=kl-forgotten]').textContent()).not.toBe(readout);
  const region = await times(panel);
  console.log(
    line(`bnn moons bif-sghmc, a region of ${marked} points (a new forget set: both models trained again)`, region),
  );
  console.log(
    `bnn region read-out: KL D_e ${await panel.locator('[data-role=kl-forgotten]').textContent()}; KL D_r ${await panel.locator('[data-role=kl-remaining]').textContent()}`,
  );
  const rows = await panel
    .locator('[data-role=measures-table] tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent).join(' | ')));
  console.log(`bnn region measures:\n  ${rows.join('\n  ')}`);

  // The three views differ; EUBO at another λ changes the result without retraining.
  const views = [];
  for (const v of ['original', 'retrained', 'forgotten']) {
    await panel.locator(`[data-view=${v}]`).click();
    views.push(await canvasHash(canvas));
  }
  expect(new Set(views).size).toBe(3);
  await panel.locator('[data-method=eubo]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '3');
  console.log(line('bnn moons eubo λ=0, same region (mean-field VI trained for it)', await times(panel)));
  expect(page.url()).toContain('method=eubo');
  // λ: the EUBO again at λ = 0.001 (the trained models reused), then reverse KL there.
  const klEubo0 = await value(panel, 'kl-forgotten');
  await panel.locator('[data-role=lambda]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(panel).toHaveAttribute('data-forgotten', '4');
  await expect(panel.locator('[data-role=lambda-value]')).toHaveText('0.001');
  expect(page.url()).toContain('lambda=0.001');
  expect(await value(panel, 'kl-forgotten')).not.toBe(klEubo0);
  // In 337 dimensions no draw of q is inside E_λ at λ = 0.001: the core says nothing is forgotten.
  await expect(panel.locator('[data-role=message]')).toContainText('nothing is forgotten');
  console.log(line('bnn moons eubo λ=0.001, same region (VI models reused)', await times(panel)));
  await panel.locator('[data-method=rkl]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '5');
  console.log(line('bnn moons rkl λ=0.001, same region (VI models reused)', await times(panel)));
  await panel.locator('[data-method=bif-vi]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '6');
  await expect(panel.locator('[data-role=message]')).toHaveText(''); // bif-vi claims nothing it cannot keep
  await expect(panel.locator('[data-role=lambda]')).toBeDisabled(); // λ is not a BIF parameter
  console.log(line('bnn moons bif-vi, same region (VI models reused)', await times(panel)));
  expect(page.url()).toContain('method=bif-vi');
  expect(page.url()).not.toContain('lambda=');
  mkdirSync(RESULTS_DIR, { recursive: true });
  await panel.screenshot({ path: resolve(RESULTS_DIR, 'bnn-panel.png') });
  await screenshot(panel, 'bnn-panel');
  expect(errors).toEqual([]);
});

test('bnn: Cancel stops training; Forget afterwards resumes and finishes', async ({ page, errors }) => {
  const panel = await openBnn(page);
  const readout = await panel.locator('[data-role=kl-forgotten]').textContent();
  const hash = await canvasHash(panel.locator('canvas[data-role=plot]'));
  // Mean-field VI has not been trained yet: choosing BIF · VI starts its training.
  await panel.locator('[data-method=bif-vi]').click();
  await expect(panel.locator('[data-role=progress]')).toBeVisible();
  await expect(panel.locator('[data-role=progress-text]')).toContainText('mean-field VI');
  await panel.locator('[data-action=cancel]').click();
  await expect(panel).toHaveAttribute('data-cancelled', '1');
  await expect(panel.locator('[data-role=message]')).toContainText('Cancelled');
  await expect(panel.locator('[data-role=progress]')).toBeHidden();
  await expect(panel).not.toHaveAttribute('data-cancelling', /.+/);
  await expect(panel).not.toHaveAttribute('data-busy', /bnn\.forget/);
  // Nothing from the cancelled job arrived: the last finished result is still shown.
  expect(await panel.locator('[data-role=kl-forgotten]').textContent()).toBe(readout);
  expect(await canvasHash(panel.locator('canvas[data-role=plot]'))).toBe(hash);
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '2', { timeout: 30_000 });
  expect(await panel.locator('[data-role=kl-forgotten]').textContent()).not.toBe(readout);
  const t = await times(panel);
  console.log(line('bnn moons bif-vi tip (VI training resumed after a cancel)', t));
  expect(errors).toEqual([]);
});

/** Appends <lethe-demo> with `attrs` to the blank test page's column; returns its locator. */
async function addDemo(page, id, attrs) {
  await page.evaluate(
    ({ id, attrs }) => {
      const el = document.createElement('lethe-demo');
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.getElementById('column').append(el);
    },
    { id, attrs },
  );
  return page.locator(`lethe-demo#${id}`);
}

test('bnn: <lethe-demo panel="bnn">: poster, autoplay over the three maps, JSON export; data="spirals" in its own worker', async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'demo-bnn', { panel: 'bnn' });
  // The poster (before any wasm): the default training points with the tip marked.
  await expect(demo.locator('[data-role=poster-figure]')).toBeVisible();
  await expect(demo).toHaveAttribute('ready', '', { timeout: 30_000 });
  const panel = demo.locator('.lethe-panel');
  await expect(panel).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
  await expect(demo).toHaveAttribute('autoplay-state', 'running');
  await expect(panel.locator('[data-view=retrained]')).toHaveAttribute('aria-pressed', 'true', { timeout: 10_000 });
  await demo.locator('canvas[data-role=plot]').click({ position: { x: 5, y: 5 } }); // a reader takes over
  await expect(demo).toHaveAttribute('autoplay-state', 'stopped');
  const json = await demo.evaluate((el) => el.exportJson());
  expect(json.panel).toBe('bnn');
  expect(Object.keys(json.result)).toEqual(['model', 'original', 'retrained', 'runs']);
  expect(json.result.model).toMatchObject({ dataset: 'moons', train: 200, test: 50, forgotten: 20, parameters: 337 });
  expect(json.result.runs[0].method).toBe('bif-sghmc');
  for (const k of [
    'seconds',
    'kl_forgotten',
    'kl_remaining',
    'accuracy_forgotten',
    'accuracy_remaining',
    'accuracy_test',
    'mia_auc',
  ]) {
    expect(Number.isFinite(json.result.runs[0][k]), k).toBe(true);
  }
  expect(json.result.retrained.kl_forgotten).toBeNull();
  // The figure as SVG: the heatmap as vector cells, the points and contours on top.
  const svg = await demo.evaluate(async (el) => {
    const doc = new DOMParser().parseFromString(await el.exportSvg(), 'image/svg+xml');
    return {
      figures: doc.querySelectorAll('[data-figure]').length,
      rects: doc.querySelectorAll('rect').length,
      paths: doc.querySelectorAll('path, circle, line, polyline').length,
    };
  });
  console.log(`bnn element SVG export: ${svg.figures} figure, ${svg.rects} rects, ${svg.paths} paths/circles/lines`);
  expect(svg.figures).toBe(1);
  expect(svg.rects).toBeGreaterThan(100);

  const spirals = await addDemo(page, 'demo-spirals', {
    panel: 'bnn',
    data: 'spirals',
    loading: 'eager',
    autoplay: 'off',
  });
  await spirals.scrollIntoViewIfNeeded();
  await expect(spirals).toHaveAttribute('ready', '', { timeout: 30_000 });
  const sp = spirals.locator('.lethe-panel');
  await expect(sp).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
  await expect(spirals.locator('[data-role=dataset]')).toHaveValue('spirals');
  await expect(spirals.locator('[data-role=forgotten-count]')).toHaveText('160'); // 10 % of the 1 600 training points
  console.log(line('bnn spirals bif-sghmc tip (element)', await times(sp)));
  await screenshot(spirals, 'bnn-element-spirals');
  expect(errors).toEqual([]);
});

test('bnn: the canary audit from the URL: canaries planted and forgotten, a canary AUC per model; unticked, gone', async ({
  page,
  errors,
}) => {
  const panel = await openBnn(page, '&canaries=20');
  await expect(panel.locator('[data-role=canary-audit]')).toBeChecked();
  const table = panel.locator('[data-role=measures-table]');
  await expect(table.locator('th')).toContainText(['canary AUC']);
  const column = await table.locator('th').allTextContents();
  const at = column.indexOf('canary AUC');
  const aucs = [];
  for (const row of ['original', 'forgotten', 'retrained']) {
    const text = await table.locator(`tr[data-row=${row}] td`).nth(at).textContent();
    aucs.push(Number(text));
  }
  console.log(
    `bnn moons canary audit (bif-sghmc, 20 canaries): canary AUC original / forgotten / retrained ${aucs.join(' / ')}`,
  );
  for (const a of aucs) expect(a >= 0 && a <= 1).toBe(true);
  expect(page.url()).toContain('canaries=20');
  await screenshot(panel, 'bnn-canary-audit');
  await panel.locator('[data-role=canary-audit]').uncheck();
  await expect(panel).toHaveAttribute('data-forgotten', '2', { timeout: 30_000 });
  await expect(table.locator('th')).not.toContainText(['canary AUC']);
  expect(page.url()).not.toContain('canaries=');
  expect(errors).toEqual([]);
});
