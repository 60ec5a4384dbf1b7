// The element in a VitePress site built for production, imported in the theme from
// the packed tarball: it renders, computes, the demo below the fold starts no worker
// until scrolled to, no console errors, and client-side navigation away and back
// leaves no worker behind.
import { test, expect, screenshot } from '../fixtures.js';

/** The page's live workers (Playwright reports each start and close). */
function trackWorkers(page) {
  const live = new Set();
  page.on('worker', (w) => {
    live.add(w);
    w.on('close', () => live.delete(w));
  });
  return live;
}

test('VitePress: two elements, lazy start, computes, navigation leaks no worker', async ({ page, errors }) => {
  const workers = trackWorkers(page);
  await page.goto('/');
  const top = page.locator('lethe-demo#top-demo');
  const bottom = page.locator('lethe-demo#bottom-demo');
  // Pre-rendered by VitePress in node (the import defined nothing there), upgraded here.
  await expect(top).toHaveAttribute('ready', '');
  await expect(top.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1'); // computed in its worker
  // The one below the fold shows its poster and has started nothing.
  expect(await bottom.evaluate((el) => el.started)).toBe(false);
  expect(workers.size).toBe(1);
  await screenshot(page, 'site-vitepress-top');

  await bottom.scrollIntoViewIfNeeded();
  await expect(bottom).toHaveAttribute('ready', '');
  await expect(bottom.locator('.lethe-panel')).toHaveAttribute('data-ready', 'true');
  expect(workers.size).toBe(2);
  await screenshot(bottom, 'site-vitepress-bottom');

  // Client-side navigation (VitePress's router, no page load): the elements go, and their workers with them.
  const loads = [];
  page.on('load', () => loads.push(page.url()));
  await page.locator('a[href$="/other"], a[href$="/other.html"]').last().click();
  await expect(page.locator('h1')).toHaveText(/Another page/);
  await expect.poll(() => workers.size).toBe(0);
  await page.goBack();
  // Rendered by Vue on the client this time (its attributes arrive, panel="moons" too).
  // VitePress restores the scroll position, near the second demo: the one in view starts.
  await expect(top).toHaveAttribute('panel', 'moons');
  await expect(bottom).toHaveAttribute('ready', '');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(top).toHaveAttribute('ready', '');
  await expect(top.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  await page.waitForTimeout(500);
  expect(workers.size, 'back on the page: one worker per started element, none left from before').toBe(2);
  // Away and back once more: still no worker left behind.
  await page.locator('a[href$="/other"], a[href$="/other.html"]').last().click();
  await expect.poll(() => workers.size).toBe(0);
  expect(loads, 'navigation stayed client-side').toEqual([]);
  expect(errors).toEqual([]);
});
