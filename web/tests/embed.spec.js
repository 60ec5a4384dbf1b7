// The documentation example: two <lethe-demo> elements from one module import.
import { test, expect, screenshot } from './fixtures.js';

test('embed page: two independent elements, styles isolated', async ({ page, errors }) => {
  // This test checks the elements as configured; autoplay (on by default in
  // embeds) would change their state, and reduced motion turns it off.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/web/embed.html');
  const moons = page.locator('lethe-demo#demo-moons');
  const exact = page.locator('lethe-demo#demo-exact');
  await expect(moons).toHaveAttribute('ready', '');
  // The exact demo is below the fold: it starts when scrolled to.
  await exact.scrollIntoViewIfNeeded();
  await expect(exact).toHaveAttribute('ready', '');
  // One script tag, no other module fetched for the demo.
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.getAttribute('src')));
  expect(scripts).toEqual(['./dist/lethe-demo.js']);
  // Attributes configured the moons element.
  await expect(moons.locator('[data-method=rkl]')).toHaveAttribute('aria-pressed', 'true');
  await expect(moons.locator('[data-role=lambda-value]')).toHaveText('1e-5');
  await expect(moons.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1'); // computed in its own worker
  expect(await moons.locator('[data-role=ess]').getAttribute('data-value')).not.toBeNull();
  // Shadow DOM: the host's loud button/canvas styles do not reach inside...
  const inner = await exact
    .locator('[data-action=forget]')
    .evaluate((b) => getComputedStyle(b).fontFamily + '|' + getComputedStyle(b).borderStyle);
  expect(inner).not.toContain('cursive');
  expect(inner).not.toContain('dotted');
  const canvasBorder = await exact.locator('canvas').evaluate((c) => getComputedStyle(c).borderTopWidth);
  expect(canvasBorder).toBe('0px');
  // ...and the element's styles do not reach out.
  const hostP = await page
    .locator('article > p')
    .first()
    .evaluate((p) => getComputedStyle(p).fontFamily);
  expect(hostP).toContain('Georgia');
  expect(await page.evaluate(() => document.querySelectorAll('.lethe-panel, style[data-lethe]').length)).toBe(0); // nothing in the light DOM

  // Independent: work in one leaves the other untouched.
  const exactMarked = exact.locator('[data-role=marked-count]');
  const moonsMarked = await moons.locator('[data-role=marked-count]').textContent();
  await exact.locator('[data-preset="Right end (x > 1.5)"]').click();
  await exact.locator('[data-action=forget]').click();
  await expect(exact.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  expect(Number(await exact.locator('[data-role=max-diff]').getAttribute('data-value'))).toBeLessThan(1e-9);
  expect(Number(await exactMarked.textContent())).toBeGreaterThan(0);
  await expect(moons.locator('[data-role=marked-count]')).toHaveText(moonsMarked);
  await screenshot(page, 'embed-page');

  // Changing an attribute rebuilds that element with the new settings (its computations wait until it is on screen).
  await page.evaluate(() => document.getElementById('demo-moons').setAttribute('lambda', '0.001'));
  await moons.scrollIntoViewIfNeeded();
  await expect(moons).toHaveAttribute('ready', '');
  await expect(moons.locator('[data-role=lambda-value]')).toHaveText('1e-3');
  await expect(moons.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  expect(
    await page.evaluate(() => document.getElementById('demo-moons').shadowRoot.querySelectorAll('.lethe-panel').length),
  ).toBe(1);
  expect(errors).toEqual([]);
});
