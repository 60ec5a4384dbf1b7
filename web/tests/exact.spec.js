// The exact-unlearning panel: load, mark, forget, compare with retraining.
import { test, expect, screenshot, inkedPixels, canvasHash } from './fixtures.js';

test('exact panel: mark points, forget, forgotten equals retrained', async ({ page, errors }) => {
  await page.goto('/web/?panel=exact');
  const panel = page.locator('[data-panel=exact]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  const canvas = panel.locator('canvas[data-role=plot]');
  expect(await inkedPixels(canvas), 'canvas has content').toBeGreaterThan(5000);
  const before = await canvasHash(canvas);

  // Click two points: find their screen positions from the page's own geometry.
  const box = await canvas.boundingBox();
  const pts = await page.evaluate(() => window.__letheDebug?.exact?.screenPoints() ?? []);
  expect(pts.length).toBe(40);
  await page.mouse.click(box.x + pts[5].px, box.y + pts[5].py);
  await page.mouse.click(box.x + pts[30].px, box.y + pts[30].py);
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('2');
  // Shift-drag a range across the right end adds to the selection.
  const y = box.y + box.height / 2;
  const xr = box.x + pts[36].px - 3;
  await page.keyboard.down('Shift');
  await page.mouse.move(xr, y);
  await page.mouse.down();
  await page.mouse.move(xr + 40, y + 5, { steps: 4 });
  await page.mouse.move(box.x + box.width - 16, y + 10, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const marked = Number(await panel.locator('[data-role=marked-count]').textContent());
  expect(marked).toBeGreaterThan(3);

  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');
  const diff = Number(await panel.locator('[data-role=max-diff]').getAttribute('data-value'));
  const postDiff = Number(await panel.locator('[data-role=posterior-diff]').getAttribute('data-value'));
  console.log(
    `exact: ${marked} points forgotten; max |forgotten − retrained| = ${diff.toExponential(2)} (posterior ${postDiff.toExponential(2)})`,
  );
  expect(diff).toBeLessThan(1e-9);
  expect(postDiff).toBeLessThan(1e-9);
  await expect(panel.locator('[data-role=forgotten-count]')).toHaveText(String(marked));
  await expect(panel.locator('[data-role=counts]')).toHaveText(
    `40 points · ${marked} marked · ${marked} forgotten · ${40 - marked} in the model`,
  );
  // The band moved: σ changed visibly where points were removed, and the pixels differ.
  const bandChange = Number(await panel.locator('[data-role=band-change]').getAttribute('data-value'));
  expect(bandChange).toBeGreaterThan(0.05);
  expect(await canvasHash(canvas)).not.toBe(before);
  await screenshot(panel, 'exact-panel');

  // Reset restores the original figure.
  await panel.locator('[data-action=reset]').click();
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('0');
  await expect.poll(() => canvasHash(canvas)).toBe(before);
  expect(errors).toEqual([]);
});
