// The embeddable element's loading budgets, as medians over several page loads
// in Debian's Chromium (headless): what a page pays before an element below the
// fold is visible (bytes, main-thread time: the page with the element's script
// less the same page with that script blocked), and the time from visible to the
// first computed frame. Serves the repository with Vite's preview server.
//   node bench/element.mjs [--rounds 7] [--port 4179]
import { spawn, execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 7);
const PORT = arg('port', 4179);
const PAGE = `http://127.0.0.1:${PORT}/web/tests/pages/lazy.html`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

execFileSync('bash', ['scripts/web-build.sh'], { stdio: 'ignore' });
const server = spawn('npx', ['vite', 'preview', '--config', 'web/vite.serve.config.js', '--port', String(PORT)], {
  stdio: 'ignore',
  detached: true,
});
const stopServer = () => {
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
};

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(PAGE)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no server on port ${PORT}`);
}

/** One cold load of the page until the network is idle: main-thread metrics (ms) and bytes fetched. */
async function load(browser, { block }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (block) await page.route('**/lethe-demo.js', (route) => route.abort());
  let bytes = 0;
  page.on('requestfinished', async (req) => {
    const s = await req.sizes().catch(() => null);
    if (s) bytes += s.responseBodySize + s.responseHeadersSize;
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(PAGE);
  await page.waitForLoadState('networkidle');
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value * 1000]));
  const before = bytes; // what the page fetched before the element is scrolled to
  let visibleToFrame = null;
  if (!block) {
    await page.locator('lethe-demo#far').scrollIntoViewIfNeeded();
    await page.waitForSelector('lethe-demo#far[ready]', { timeout: 60_000 });
    await page.waitForFunction(() => document.getElementById('far').timing.firstResult);
    const t = await page.evaluate(() => document.getElementById('far').timing);
    visibleToFrame = { modules: t.moduleLoaded - t.visible, frame: t.firstResult - t.visible };
  }
  await context.close();
  return {
    tasks: m.TaskDuration,
    script: m.ScriptDuration,
    style: m.RecalcStyleDuration,
    layout: m.LayoutDuration,
    bytes: before,
    after: bytes - before,
    visibleToFrame,
  };
}

try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const withIt = [],
    without = [];
  for (let i = 0; i < ROUNDS; i++) {
    without.push(await load(browser, { block: true }));
    withIt.push(await load(browser, { block: false }));
  }
  await browser.close();
  const med = (rows, k) => median(rows.map((r) => r[k]));
  const f = (v) => v.toFixed(1);
  console.log(`lethe-demo below the fold, ${ROUNDS} cold loads each (medians)`);
  console.log(
    `  before visible: ${(med(withIt, 'bytes') / 1024).toFixed(1)} KB fetched with the element, ${(med(without, 'bytes') / 1024).toFixed(1)} KB without; no wasm, no worker`,
  );
  console.log('  main thread (ms)      with   without   element');
  for (const [k, label] of [
    ['script', 'script'],
    ['style', 'style recalc'],
    ['layout', 'layout'],
    ['tasks', 'all tasks'],
  ]) {
    console.log(
      `  ${label.padEnd(18)} ${f(med(withIt, k)).padStart(7)} ${f(med(without, k)).padStart(9)} ${f(med(withIt, k) - med(without, k)).padStart(9)}`,
    );
  }
  const v = withIt.map((r) => r.visibleToFrame);
  console.log(
    `  scrolled to: ${(med(withIt, 'after') / 1024).toFixed(0)} KB more (the panels and the worker with the wasm)`,
  );
  console.log(
    `  visible → panels loaded ${f(median(v.map((x) => x.modules)))} ms, → first computed frame (moons forgotten) ${f(median(v.map((x) => x.frame)))} ms`,
  );
} finally {
  stopServer();
}
