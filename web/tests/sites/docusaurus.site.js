// The element in a Docusaurus site (webpack 5, React) built for production, imported in a
// client module from the packed tarball: it renders, computes, the demo below the fold
// starts no worker until scrolled to, no console errors, and client-side navigation (React
// Router) away and back leaves no worker behind.
import { test, expect, screenshot } from '../fixtures.js';

const BASE = `http://127.0.0.1:${process.env.LETHE_DOCUSAURUS_PORT || 4183}`;

/** The page's live workers (Playwright reports each start and close). */
function trackWorkers(page) {
  const live = new Set();
  page.on('worker', (w) => {
    live.add(w);
    w.on('close', () => live.delete(w));
  });
  return live;
}

test('Docusaurus: two elements, lazy start, computes, navigation leaks no worker', async ({ page, errors }) => {
  const workers = trackWorkers(page);
  await page.goto(`${BASE}/`);
  const top = page.locator('lethe-demo#top-demo');
  const bottom = page.locator('lethe-demo#bottom-demo');
  // Pre-rendered by Docusaurus in node (the import defined nothing there), hydrated by React here.
  await expect(top).toHaveAttribute('ready', '');
  await expect(top.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1'); // computed in its worker
  // The one below the fold shows its poster and has started nothing.
  expect(await bottom.evaluate((el) => el.started)).toBe(false);
  expect(workers.size).toBe(1);
  await screenshot(page, 'site-docusaurus-top');

  await bottom.scrollIntoViewIfNeeded();
  await expect(bottom).toHaveAttribute('ready', '');
  await expect(bottom.locator('.lethe-panel')).toHaveAttribute('data-ready', 'true');
  expect(workers.size).toBe(2);
  await screenshot(bottom, 'site-docusaurus-bottom');

  // Client-side navigation (no page load): React unmounts the page, the elements go and their workers with them.
  const loads = [];
  page.on('load', () => loads.push(page.url()));
  const toOther = page.locator('main a[href="/other"]');
  await toOther.click();
  await expect(page.locator('h1')).toHaveText(/Another page/);
  await expect.poll(() => workers.size).toBe(0);
  await page.goBack();
  // Rendered by React on the client this time.
  await expect(top).toHaveAttribute('panel', 'moons');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(top).toHaveAttribute('ready', '');
  await expect(top.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  await bottom.scrollIntoViewIfNeeded();
  await expect(bottom).toHaveAttribute('ready', '');
  await page.waitForTimeout(500);
  expect(workers.size, 'back on the page: one worker per started element, none left from before').toBe(2);
  // Away and back once more: still no worker left behind.
  await toOther.click();
  await expect(page.locator('h1')).toHaveText(/Another page/);
  await expect.poll(() => workers.size).toBe(0);
  expect(loads, 'navigation stayed client-side').toEqual([]);
  expect(errors).toEqual([]);
});
