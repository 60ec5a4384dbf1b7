// Browser tests: Debian's Chromium driven by Playwright (never `npx playwright
// install`: no browser download is possible or needed). Run from the repo root:
//   bash scripts/web-build.sh && npx playwright test -c web/playwright.config.js
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.LETHE_TEST_PORT || 4173);

export default defineConfig({
  testDir: './tests',
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One browser at a time: the machine has two cores and the timing figures
  // (page ready, λ redraw) should not be measured under contention.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // As root Chromium needs --no-sandbox; the rest keeps it from reaching
      // for update, sync and QUIC hosts, which an offline machine does not have.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --config vite.serve.config.js --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/web/`,
    reuseExistingServer: !process.env.CI,
    timeout: 20_000,
    stdout: 'ignore',
  },
});
