// The certified-removal panel in the browser: a logistic model trained with
// objective perturbation, deletion requests of one point each drawn request by
// request (proven bound, running bound, measured residual, budget), the automatic
// retrain once the budget is passed, the forgotten model against a retrained copy,
// Cancel, a link that reproduces the requests, and the panel inside <lethe-demo>.
import { test, expect, screenshot, inkedPixels, collectErrors, lowContrastTexts } from './fixtures.js';

async function openCertified(page, query = '') {
  await page.goto(`/web/?panel=certified${query}`);
  const panel = page.locator('[data-panel=certified]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await expect(panel).not.toHaveAttribute('data-busy', { timeout: 30_000 });
  return panel;
}

/** The request log's rows: the numbers each request drew. */
async function requests(panel) {
  return panel.locator('[data-role=request-log] tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      request: Number(r.dataset.request),
      bound: Number(r.dataset.bound),
      sum: Number(r.dataset.sum),
      actual: r.dataset.actual === '' ? null : Number(r.dataset.actual),
      decision: r.dataset.decision,
    })),
  );
}

/** Every request has a measured residual, and it is within the running bound the proof gives. */
function checkProofs(rows) {
  for (const r of rows) {
    expect(r.bound, `request ${r.request}: bound`).toBeGreaterThan(0);
    expect(r.actual, `request ${r.request}: actual measured`).not.toBeNull();
    expect(r.actual, `request ${r.request}: actual ≤ running bound`).toBeLessThanOrEqual(r.sum);
  }
}

const num = async (locator, attr = 'data-value') => Number(await locator.getAttribute(attr));

test('certified: train, forget N points as N requests, actual ≤ bound on each, retrain past the budget', async ({
  page,
  errors,
}) => {
  const panel = await openCertified(page);
  await expect(panel).toHaveAttribute('data-trained', '1');
  const chart = panel.locator('canvas[data-role=residual-chart]');
  expect(await inkedPixels(panel.locator('canvas[data-role=plot]'))).toBeGreaterThan(20000);
  // The budget is the core's β = σε/c, c = √(2 ln(1.5/δ)), at the panel's first setting (σ = 10, ε = 1, δ = 1e-4).
  const budget = await num(panel.locator('[data-role=budget]'));
  console.log(`budget shown: ${budget}`);
  expect(budget).toBeCloseTo((10 * 1) / Math.sqrt(2 * Math.log(1.5 / 1e-4)), 9);

  // Ten more: ten requests of one point each, ten points of bound and actual on the chart.
  await panel.locator('[data-action=more-10]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('10');
  let rows = await requests(panel);
  expect(rows.map((r) => r.request)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  checkProofs(rows);
  await expect(chart).toHaveAttribute('data-requests', '10');
  await expect(chart).toHaveAttribute('data-actual', '10');
  // Bounds add up: the running bound is the sum of the requests' bounds since training (plus what training left).
  for (let k = 1; k < rows.length; k++) expect(rows[k].sum).toBeCloseTo(rows[k - 1].sum + rows[k].bound, 12);

  // A point clicked on the plot, then "Forget marked": one more request.
  const canvas = panel.locator('canvas[data-role=plot]');
  const target = await page.evaluate(() => {
    const p = window.__letheDebug.certified;
    const id = p.order.find((i) => !p.applied.has(i));
    const [x, y] = p.screenXY(id);
    return { id, x, y };
  });
  await canvas.click({ position: { x: target.x, y: target.y } });
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('1');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '2');
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('11');
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('0');

  // A hundred at a time until the running bound passes the budget: the model retrains on its own.
  for (let i = 0; i < 6 && !(await requests(panel)).some((r) => r.decision === 'retrained'); i++) {
    const before = Number(await panel.getAttribute('data-forgotten'));
    await panel.locator('[data-action=more-100]').click();
    await expect(panel).toHaveAttribute('data-forgotten', String(before + 1));
  }
  rows = await requests(panel);
  const retrained = rows.filter((r) => r.decision === 'retrained');
  console.log(
    `${rows.length} requests; retrained after ${retrained.map((r) => r.request).join(', ')}; largest actual/sum ${Math.max(...rows.filter((r) => r.decision === 'forgotten').map((r) => r.actual / r.sum)).toFixed(4)}`,
  );
  expect(retrained.length).toBeGreaterThan(0);
  checkProofs(rows);
  // A retrain happens exactly when the sum passes the budget, and only then.
  for (const r of rows) expect(r.decision === 'retrained', `request ${r.request}`).toBe(r.sum > budget);
  await expect(chart).toHaveAttribute('data-requests', String(rows.length));
  await expect(chart).toHaveAttribute('data-actual', String(rows.length));
  await expect(panel.locator('[data-role=requests]')).toHaveAttribute('data-retrains', String(retrained.length));

  // The forgotten model beside a retrained copy: close in accuracy, within the proven distance, far cheaper.
  const acc = panel.locator('[data-role=accuracy]');
  const [forgottenAcc, retrainedAcc] = [await num(acc, 'data-forgotten'), await num(acc, 'data-retrained')];
  console.log(`accuracy on the rows held: forgotten ${forgottenAcc}, retrained ${retrainedAcc}`);
  expect(Math.abs(forgottenAcc - retrainedAcc)).toBeLessThan(0.02);
  const dist = panel.locator('[data-role=distance]');
  if (await dist.getAttribute('data-bound')) expect(await num(dist)).toBeLessThanOrEqual(await num(dist, 'data-bound'));
  const times = panel.locator('[data-role=times]');
  expect(await num(times, 'data-forget')).toBeGreaterThan(0);
  expect(await num(times, 'data-retrain')).toBeGreaterThan(0);
  console.log(
    `times: ${await times.textContent()} · ${await panel.locator('[data-role=speedup]').textContent()} · ‖w − w*‖ ${await dist.textContent()}`,
  );
  // The three heatmaps are there to switch between.
  for (const view of ['retrained', 'original', 'forgotten']) {
    await panel.locator(`[data-view=${view}]`).click();
    await expect(panel.locator(`[data-view=${view}]`)).toHaveAttribute('aria-pressed', 'true');
  }
  expect(await lowContrastTexts(page)).toEqual([]);
  await screenshot(panel, 'certified-panel');
  expect(errors).toEqual([]);
});

test('certified: Cancel mid-batch keeps the last finished result; the next requests continue from it', async ({
  page,
  errors,
}) => {
  const panel = await openCertified(page, '&n=2000');
  await panel.locator('[data-action=more-10]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  // Slow motion (as autoplay uses it): every request waits, so the batch is still going when Cancel is pressed.
  await page.evaluate(() => window.__letheDebug.certified.compute.pace(40));
  await panel.locator('[data-action=more-100]').click();
  await expect(panel.locator('[data-role=progress-text]')).toContainText('Request');
  await panel.locator('[data-action=cancel]').click();
  await expect(panel.locator('[data-role=message]')).toContainText('Cancelled');
  await page.evaluate(() => window.__letheDebug.certified.compute.pace(0));
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('10');
  await expect(panel.locator('canvas[data-role=residual-chart]')).toHaveAttribute('data-requests', '10');
  await panel.locator('[data-action=more-10]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '2');
  const rows = await requests(panel);
  expect(rows.map((r) => r.request)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  checkProofs(rows);
  expect(errors).toEqual([]);
});

test('certified: settings from the core’s ranges; a link reproduces the requests', async ({
  page,
  context,
  errors,
}) => {
  const panel = await openCertified(page, '&n=2000');
  const epsilon = panel.locator('[data-role=epsilon]');
  // The input's range is the core's (modelFamilies()); a value outside it is refused and put back.
  const family = await page.evaluate(() => window.__letheDebug.certified.family.certifyEpsilon);
  expect(await epsilon.getAttribute('min')).toBe(String(family.minimum));
  expect(await epsilon.getAttribute('max')).toBe(String(family.maximum));
  await epsilon.fill('-1');
  await epsilon.dispatchEvent('change');
  await expect(panel.locator('[data-role=message]')).toContainText('ε is a number from');
  await expect(epsilon).toHaveValue('1');
  await panel.locator('[data-action=more-10]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  // ε = 0.5 halves the budget; the ten requests are replayed under it.
  const budget = await num(panel.locator('[data-role=budget]'));
  await epsilon.fill('0.5');
  await epsilon.dispatchEvent('change');
  await expect(panel.locator('[data-role=budget]')).not.toHaveAttribute('data-value', String(budget));
  expect(await num(panel.locator('[data-role=budget]'))).toBeCloseTo(budget / 2, 12);
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText('10');
  const rows = await requests(panel);
  expect(rows).toHaveLength(10);
  checkProofs(rows);
  const link = page.url();
  expect(link).toContain('epsilon=0.5');
  expect(link).toContain('forget=');

  const other = await context.newPage();
  const otherErrors = collectErrors(other);
  await other.goto(link);
  const panel2 = other.locator('[data-panel=certified]');
  await expect(panel2).toHaveAttribute('data-forgotten', '1');
  await expect(panel2.locator('[data-role=forgotten-count]')).toHaveText('10');
  await expect(panel2.locator('[data-role=epsilon]')).toHaveValue('0.5');
  // The same rows forgotten in increasing id order: the same sum at the end, whatever the order was.
  const again = await requests(panel2);
  expect(again).toHaveLength(10);
  checkProofs(again);
  expect(new Set(again.map((r) => r.decision))).toEqual(new Set(rows.map((r) => r.decision)));
  expect(otherErrors).toEqual([]);
  expect(errors).toEqual([]);
});

test('certified: <lethe-demo panel="certified"> starts, forgets and exports the requests as JSON', async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('lethe-demo');
    el.id = 'cert';
    el.setAttribute('panel', 'certified');
    el.setAttribute('n', '2000');
    el.setAttribute('loading', 'eager');
    el.setAttribute('autoplay', 'off');
    document.getElementById('column').append(el);
  });
  const demo = page.locator('lethe-demo#cert');
  await expect(demo).toHaveAttribute('ready', '');
  const panel = demo.locator('[data-panel=certified]');
  await expect(panel).not.toHaveAttribute('data-busy', { timeout: 30_000 });
  await panel.locator('[data-action=more-10]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const json = await demo.evaluate((el) => el.exportJson());
  expect(json.panel).toBe('certified');
  expect(json.result.requests).toHaveLength(10);
  for (const r of json.result.requests) {
    expect(r.certificate.kind).toBe('proof');
    expect(r.certificate.actual).toBeLessThanOrEqual(r.certificate.sum);
  }
  const svg = await demo.evaluate((el) => el.exportSvg());
  expect(svg).toContain('data-figure="residual-chart"');
  await screenshot(demo, 'element-certified');
  expect(errors).toEqual([]);
});

test('certified: autoplay forgets until the model retrains; the panel fits a phone screen', async ({
  page,
  browser,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('lethe-demo');
    el.id = 'play';
    el.setAttribute('panel', 'certified');
    el.setAttribute('loading', 'eager');
    document.getElementById('column').append(el);
  });
  const demo = page.locator('lethe-demo#play');
  await expect(demo).toHaveAttribute('autoplay-state', 'finished', { timeout: 50_000 });
  const rows = await requests(demo.locator('[data-panel=certified]'));
  expect(rows.some((r) => r.decision === 'retrained')).toBe(true);
  checkProofs(rows);
  console.log(
    `autoplay: ${rows.length} requests, ended with "${await demo.locator('[data-role=narration]').textContent()}"`,
  );

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  const small = await phone.newPage();
  const smallErrors = collectErrors(small);
  await small.goto('/web/?panel=certified&n=2000&forget=1-20');
  const panel = small.locator('[data-panel=certified]');
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  await expect(panel).not.toHaveAttribute('data-busy', { timeout: 30_000 });
  expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(small, 'phone-certified');
  expect(smallErrors).toEqual([]);
  await phone.close();
  expect(errors).toEqual([]);
});
