// Browser tests of the element inside documentation sites built for production
// (scripts/test-sites.sh builds them first). Debian's Chromium, as web/playwright.config.js.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.js';

const PORT = Number(process.env.LETHE_SITES_PORT || 4181);

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.site.js',
  outputDir: '../../../test-results/sites',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    command: `npx vitepress preview web/tests/sites/vitepress --port ${PORT}`,
    cwd: '../../..',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
  },
});
