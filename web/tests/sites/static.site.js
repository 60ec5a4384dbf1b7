// The plain-HTML route: element/dist/ from the packed tarball copied next to a static
// page as lethe/, one script tag, served as plain files (scripts/test-sites.sh).
import { test, expect } from '../fixtures.js';

test('plain HTML: the copied element/dist/ renders, computes and starts the second element on scroll', async ({
  page,
  errors,
}) => {
  const workers = new Set();
  page.on('worker', (w) => {
    workers.add(w);
    w.on('close', () => workers.delete(w));
  });
  await page.goto(`http://127.0.0.1:${process.env.LETHE_STATIC_PORT || 4182}/`);
  const top = page.locator('lethe-demo#top-demo');
  const bottom = page.locator('lethe-demo#bottom-demo');
  await expect(top).toHaveAttribute('ready', '');
  await expect(top.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  await expect(top.locator('[data-method=rkl]')).toHaveAttribute('aria-pressed', 'true');
  expect(await bottom.evaluate((el) => el.started)).toBe(false);
  expect(workers.size).toBe(1);
  await bottom.scrollIntoViewIfNeeded();
  await expect(bottom).toHaveAttribute('ready', '');
  expect(workers.size).toBe(2);
  expect(errors).toEqual([]);
});
