// The exact panel's model file: forget some points, download the model as a .lethe
// file, load that file back, and read the same status (rows, requests).
import { readFileSync } from 'node:fs';
import { test, expect, screenshot } from './fixtures.js';

test('exact panel: download the model after forgetting, load the file back, same rows', async ({
  page,
  errors,
}, testInfo) => {
  await page.goto('/web/?panel=exact');
  const panel = page.locator('[data-panel=exact]');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await panel.locator('[data-preset="Every 4th"]').click();
  await expect(panel.locator('[data-role=marked-count]')).toHaveText('10');
  await panel.locator('[data-action=forget]').click();
  await expect(panel).toHaveAttribute('data-forgotten', '1');

  const status = panel.locator('[data-role=model-status]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.locator('[data-action=download-model]').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.lethe$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const bytes = readFileSync(file);
  // The file's magic number: 89 'L' 'E' 'T' 'H' 'E' 0D 0A.
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x4c, 0x45, 0x54, 0x48, 0x45, 0x0d, 0x0a]);
  await expect(status).toHaveAttribute('data-rows', '30');
  await expect(status).toHaveAttribute('data-requests', '1');
  const saved = await status.textContent();

  // Load the downloaded file back: the status comes from the file now.
  await status.evaluate((el) => {
    el.textContent = '–';
    delete el.dataset.rows;
  });
  await panel.locator('[data-role=model-file]').setInputFiles(file);
  await expect(panel).toHaveAttribute('data-model-loaded', '1');
  await expect(status).toHaveAttribute('data-rows', '30');
  await expect(status).toHaveAttribute('data-requests', '1');
  await expect(status).toHaveText(`${download.suggestedFilename()}: ${saved}`);
  console.log(`model file: ${bytes.length} bytes; loaded back: ${await status.textContent()}`);

  // A file that is not a model is refused with the core's reason; the panel keeps working.
  await panel.locator('[data-role=model-file]').setInputFiles({
    name: 'broken.lethe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.concat([bytes.subarray(0, 300), Buffer.from([1, 2, 3])]),
  });
  await expect(panel.locator('[data-role=message]')).toContainText(/loadModel.*(truncated|corrupted)/);
  await panel.locator('[data-role=model-file]').setInputFiles(file);
  await expect(panel).toHaveAttribute('data-model-loaded', '2');
  await screenshot(panel, 'exact-panel-model-file');
  expect(errors).toEqual([]);
});
