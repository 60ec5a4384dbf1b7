// Browser tests of the element inside documentation sites built for production
// (VitePress, Docusaurus) and a plain static page (scripts/test-sites.sh builds them first). Debian's Chromium, as web/playwright.config.js.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.js';

const PORT = Number(process.env.LETHE_SITES_PORT || 4181);
const STATIC_PORT = Number(process.env.LETHE_STATIC_PORT || 4182);
const DOCUSAURUS_PORT = Number(process.env.LETHE_DOCUSAURUS_PORT || 4183);

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.site.js',
  outputDir: '../../../test-results/sites',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: [
    {
      command: `npx vitepress preview web/tests/sites/vitepress --port ${PORT}`,
      cwd: '../../..',
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
    },
    {
      command: `npx docusaurus serve web/tests/sites/docusaurus --dir ../../../../build/sites/docusaurus --host 127.0.0.1 --port ${DOCUSAURUS_PORT} --no-open`,
      cwd: '../../..',
      url: `http://127.0.0.1:${DOCUSAURUS_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
    },
    {
      // Plain files: Vite's preview server over build/sites/static/ (no bundling, no config).
      command: `npx vite preview --outDir build/sites/static --strictPort --port ${STATIC_PORT}`,
      cwd: '../../..',
      url: `http://127.0.0.1:${STATIC_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
    },
  ],
});
