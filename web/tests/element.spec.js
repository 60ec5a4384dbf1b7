// The embeddable element as a documentation page uses it: lazy start (no wasm
// until it nears the viewport), pause off screen, autoplay and its stop,
// reduced motion, author-shaped views (hide, controls, caption, narrow
// columns) and export (SVG, PNG, JSON, link). Prints the loading budgets.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, screenshot, SCREENSHOT_DIR } from './fixtures.js';

/** Appends <lethe-demo> with `attrs` (and inner HTML) to #column of the blank test page; returns its locator. */
async function addDemo(page, id, attrs, inner = '') {
  await page.evaluate(
    ({ id, attrs, inner }) => {
      const el = document.createElement('lethe-demo');
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.innerHTML = inner;
      document.getElementById('column').append(el);
    },
    { id, attrs, inner },
  );
  return page.locator(`lethe-demo#${id}`);
}

/** Records every finished http request (url, bytes) and every worker the page starts. */
function recordLoads(page) {
  const loads = { requests: [], workers: [] };
  page.on('requestfinished', async (req) => {
    if (!req.url().startsWith('http')) return;
    const s = await req.sizes().catch(() => null);
    loads.requests.push({ url: req.url(), bytes: s ? s.responseBodySize + s.responseHeadersSize : 0 });
  });
  page.on('worker', (w) => loads.workers.push(w.url()));
  return loads;
}

const fetched = (loads, name) => loads.requests.some((r) => r.url.endsWith(name));

/** Main-thread task and script time (ms) of loading `url` in a fresh page, until the network is idle. */
async function mainThreadMs(context, url, { block = null } = {}) {
  const page = await context.newPage();
  if (block) await page.route(block, (route) => route.abort());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  await page.close();
  return { tasks: m.TaskDuration * 1000, script: m.ScriptDuration * 1000 };
}

test('lazy: an element below the fold fetches no panels and no wasm and starts no worker until scrolled to; off screen it pauses', async ({
  page,
  context,
  errors,
}) => {
  const loads = recordLoads(page);
  await page.goto('/web/tests/pages/lazy.html'); // a cold cache: every byte is counted
  const far = page.locator('lethe-demo#far');
  await expect(far.locator('[data-role=poster-figure] circle').first()).toBeAttached();
  await page.waitForLoadState('networkidle');
  // Main-thread cost of the element before it is visible: the page with it, less the same page without its script (both from the cache).
  const without = await mainThreadMs(context, '/web/tests/pages/lazy.html', { block: '**/lethe-demo.js' });
  const withIt = await mainThreadMs(context, '/web/tests/pages/lazy.html');
  // Before the reader scrolls: the element's file and its poster, nothing else.
  expect(loads.workers).toEqual([]);
  expect(fetched(loads, 'lethe-app.js')).toBe(false);
  expect(fetched(loads, 'lethe-worker.js')).toBe(false);
  expect(fetched(loads, 'lethe-demo.js')).toBe(true);
  expect(await far.getAttribute('ready')).toBeNull();
  const bytes = loads.requests.reduce((n, r) => n + r.bytes, 0);
  const elementBytes = loads.requests.filter((r) => r.url.includes('/dist/')).reduce((n, r) => n + r.bytes, 0);
  const poster = await far.locator('[data-role=poster-figure] circle, [data-role=poster-figure] path').count();
  expect(poster).toBeGreaterThan(50); // the default moons, drawn without the module
  console.log(
    `budget before visible: ${(bytes / 1024).toFixed(1)} KB fetched (${(elementBytes / 1024).toFixed(1)} KB of them the element), no wasm; ` +
      `main thread: ${(withIt.script - without.script).toFixed(1)} ms of script for the element (page with it − without); ` +
      `all tasks ${withIt.tasks.toFixed(0)} ms with it, ${without.tasks.toFixed(0)} ms without (layout, paint, parsing)`,
  );
  await screenshot(far, 'element-poster');

  // Scrolled to: the panels and the worker load, the panel computes.
  await far.scrollIntoViewIfNeeded();
  await expect(far).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(far.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  expect(loads.workers.length).toBe(1);
  expect(fetched(loads, 'lethe-worker.js')).toBe(true);
  expect(fetched(loads, 'lethe-app.js')).toBe(true);
  const t = await far.evaluate((el) => el.timing);
  console.log(
    `budget after visible: panels and wasm ${((loads.requests.reduce((n, r) => n + r.bytes, 0) - bytes) / 1024).toFixed(0)} KB; ` +
      `visible → panels loaded ${(t.moduleLoaded - t.visible).toFixed(0)} ms, → first computed frame (moons forgotten) ${(t.firstResult - t.visible).toFixed(0)} ms`,
  );
  await expect(far.locator('[slot=caption]')).toBeVisible();

  // Off screen it pauses, back on screen it resumes.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(far).toHaveAttribute('paused', '');
  await far.scrollIntoViewIfNeeded();
  await expect(far).not.toHaveAttribute('paused', '');
  expect(errors).toEqual([]);
});

test('lazy: loading="eager" starts at once; off screen the worker holds its job and finishes it on return', async ({
  page,
  errors,
}) => {
  const loads = recordLoads(page);
  await page.goto('/web/tests/pages/blank.html');
  await page.evaluate(() => {
    document.getElementById('column').innerHTML = '<div style="height: 3000px"></div>';
  });
  const eager = await addDemo(page, 'eager', { panel: 'moons', loading: 'eager', autoplay: 'off' });
  // Started without being scrolled to; off screen, its computations pause at their first step.
  await expect.poll(() => loads.workers.length).toBe(1);
  await expect(eager).toHaveAttribute('paused', '');
  // The first forget is sent to the worker and held there while the element is off screen.
  const panel = eager.locator('.lethe-panel');
  await expect(panel).toHaveAttribute('data-busy', /moons\.forget/, { timeout: 20_000 });
  await page.waitForTimeout(2000); // on screen it takes about a second
  await expect(panel).toHaveAttribute('data-busy', /moons\.forget/);
  expect(await panel.getAttribute('data-forgotten')).toBeNull();
  expect(await eager.getAttribute('ready')).toBeNull();
  await eager.scrollIntoViewIfNeeded();
  await expect(eager).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(eager.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  expect(errors).toEqual([]);
});

test('autoplay: moons runs its story without a click and stops at the first interaction', async ({ page, errors }) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'auto', { panel: 'moons' });
  await expect(demo).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(demo).toHaveAttribute('autoplay-state', 'running');
  const panel = demo.locator('.lethe-panel');
  const narration = demo.locator('[data-role=narration]');
  // Reverse KL, then EUBO, each shown forgotten and retrained.
  await expect(demo.locator('[data-view=before]')).toHaveAttribute('aria-pressed', 'true');
  await expect(narration).toContainText('marked points');
  await expect(demo.locator('[data-method=rkl]')).toHaveAttribute('aria-pressed', 'true', { timeout: 10_000 });
  await expect(narration).toContainText('Reverse KL at λ = 1e-5', { timeout: 10_000 });
  // The narration quotes the result it shows: reverse KL's, not the EUBO result the panel opened with.
  const klShown = Number(await demo.locator('[data-role=kl-forgotten]').getAttribute('data-value'));
  await expect(narration).toContainText(
    `KL on the forgotten points ${await demo.evaluate((el, v) => el.panel && String(+v.toPrecision(3)), klShown)}`,
  );
  await expect(demo.locator('[data-view=retrained]')).toHaveAttribute('aria-pressed', 'true', { timeout: 10_000 });
  await expect(demo.locator('[data-method=eubo]')).toHaveAttribute('aria-pressed', 'true', { timeout: 10_000 });
  await expect(narration).toContainText('EUBO at λ = 1e-5');
  expect(Number(await panel.getAttribute('data-forgotten'))).toBeGreaterThanOrEqual(2);
  await screenshot(demo, 'element-autoplay-moons');
  // A reader clicks the plot: autoplay stops and leaves the view alone.
  await demo.locator('canvas[data-role=plot]').click({ position: { x: 5, y: 5 } });
  await expect(demo).toHaveAttribute('autoplay-state', 'stopped');
  await expect(demo.locator('[data-part=autoplay]')).toBeHidden();
  const view = await demo.locator('[data-view][aria-pressed=true]').getAttribute('data-view');
  const method = await demo.locator('[data-method][aria-pressed=true]').getAttribute('data-method');
  const forgotten = await panel.getAttribute('data-forgotten');
  await page.waitForTimeout(3500); // longer than any autoplay step: nothing more may happen
  expect(await demo.locator('[data-view][aria-pressed=true]').getAttribute('data-view')).toBe(view);
  expect(await demo.locator('[data-method][aria-pressed=true]').getAttribute('data-method')).toBe(method);
  expect(await panel.getAttribute('data-forgotten')).toBe(forgotten);
  expect(errors).toEqual([]);
});

test('autoplay: the mixture forgets its marked points batch by batch, the exact panel forgets a preset, unasked', async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  // forget="": nothing marked at first, so autoplay picks the preset itself.
  const mix = await addDemo(page, 'mix', { panel: 'mixture', forget: '' });
  const exact = await addDemo(page, 'ex', { panel: 'exact' });
  await expect(mix).toHaveAttribute('autoplay-state', 'running', { timeout: 30_000 });
  // Record every request count the residual chart shows while autoplay forgets.
  await mix.evaluate((el) => {
    const chart = el.shadowRoot.querySelector('canvas[data-role=residual-chart]');
    el.seenRequests = [];
    new MutationObserver(() => el.seenRequests.push(chart.dataset.requests)).observe(chart, {
      attributeFilter: ['data-requests'],
    });
  });
  const mp = mix.locator('.lethe-panel');
  await expect(mp).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
  // In slow motion the batches show one after another, not all at once.
  const seen = new Set(await mix.evaluate((el) => el.seenRequests.map(Number).filter((k) => k > 0 && k < 100)));
  expect(seen.size).toBeGreaterThan(20);
  await expect(mix.locator('[data-role=forgotten-count]')).toHaveText('400');
  // Every batch of four reported its residual on the way: the chart shows all hundred requests.
  await expect(mix.locator('canvas[data-role=residual-chart]')).toHaveAttribute('data-requests', '100');
  await expect(mix.locator('[data-role=narration]')).toContainText('Done without retraining');
  await screenshot(mix, 'element-autoplay-mixture');
  await exact.scrollIntoViewIfNeeded();
  await expect(exact.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1', { timeout: 15_000 });
  expect(Number(await exact.locator('[data-role=max-diff]').getAttribute('data-value'))).toBeLessThan(1e-9);
  await expect(exact.locator('[data-role=narration]')).toContainText('Forgotten by subtracting');
  expect(errors).toEqual([]);
});

test('autoplay: prefers-reduced-motion turns it off', async ({ page, errors }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'still', { panel: 'moons' });
  await expect(demo).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(demo).toHaveAttribute('autoplay-state', 'off');
  await expect(demo.locator('[data-part=autoplay]')).toBeHidden();
  await page.waitForTimeout(3000); // an autoplay would have switched the view by now
  await expect(demo.locator('[data-view=forgotten]')).toHaveAttribute('aria-pressed', 'true');
  await expect(demo.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');
  // Asked for while playing: autoplay stops at once.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const playing = await addDemo(page, 'playing', { panel: 'exact' });
  await playing.scrollIntoViewIfNeeded();
  await expect(playing).toHaveAttribute('autoplay-state', 'running', { timeout: 30_000 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(playing).toHaveAttribute('autoplay-state', 'stopped');
  expect(errors).toEqual([]);
});

test('author-shaped: controls and hide remove the named parts, the caption slot shows, narrow columns do not scroll sideways', async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(
    page,
    'shaped',
    { panel: 'moons', autoplay: 'off', controls: 'forget method', hide: 'explain link hints' },
    '<p slot="caption">Figure 1. Reverse KL on the tip of the inner moon.</p>',
  );
  await expect(demo).toHaveAttribute('ready', '', { timeout: 30_000 });
  for (const part of ['forget', 'method', 'plot', 'chart', 'title', 'export'])
    await expect(demo.locator(`[data-part=${part}]`).first()).toBeVisible();
  for (const part of ['result', 'sweep', 'data', 'explain', 'link', 'hints'])
    await expect(demo.locator(`[data-part=${part}]`).first()).toBeHidden();
  await expect(demo.locator('[data-action=copy-link]')).toBeHidden();
  await expect(demo.getByText('Figure 1. Reverse KL')).toBeVisible();
  // No controls at all: the figure takes the whole width.
  const bare = await addDemo(page, 'bare', { panel: 'exact', autoplay: 'off', controls: '', hide: 'export link' });
  await bare.scrollIntoViewIfNeeded();
  await expect(bare).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(bare.locator('fieldset').first()).toBeHidden();
  const [figureWidth, hostWidth] = await bare.evaluate((el) => [
    el.shadowRoot.querySelector('.figures').getBoundingClientRect().width,
    el.getBoundingClientRect().width,
  ]);
  expect(figureWidth).toBeGreaterThan(hostWidth * 0.85);
  // hide is live: showing the link again needs no rebuild.
  await bare.evaluate((el) => el.setAttribute('hide', 'export'));
  await expect(bare.locator('[data-action=copy-link]')).toBeVisible();

  // Narrow text columns (≤ 640 px) on a wide screen: one column, nothing wider than the element.
  const mixture = await addDemo(page, 'narrowmix', { panel: 'mixture', autoplay: 'off', forget: '0-39' });
  const targets = [demo, mixture, bare];
  for (const width of [640, 360]) {
    await page.evaluate((w) => {
      document.getElementById('column').style.maxWidth = `${w}px`;
    }, width);
    for (const target of targets) {
      await target.scrollIntoViewIfNeeded();
      await expect(target).toHaveAttribute('ready', '', { timeout: 30_000 });
      if (target === mixture)
        await expect(mixture.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
      await checkNarrow(target, width);
    }
    await demo.scrollIntoViewIfNeeded();
    await screenshot(demo, `element-narrow-${width}`);
  }
  await screenshot(mixture, 'element-narrow-mixture-360');
  expect(errors).toEqual([]);
});

/** At column width `width`: the controls sit below the figures, and no part of the element is wider than it. */
async function checkNarrow(target, width) {
  {
    const layout = await target.evaluate((el) => {
      const root = el.shadowRoot;
      const fig = root.querySelector('.figures').getBoundingClientRect(),
        ctl = root.querySelector('.controls').getBoundingClientRect();
      const host = el.getBoundingClientRect();
      const tooWide = [...root.querySelectorAll('*')]
        .filter((n) => n.getClientRects().length && n.getBoundingClientRect().right > host.right + 0.5)
        .map((n) => n.tagName + '.' + n.className);
      return {
        stacked: ctl.top >= fig.bottom - 1,
        scroll: root.querySelector('.lethe-root').scrollWidth - root.querySelector('.lethe-root').clientWidth,
        page: document.documentElement.scrollWidth - innerWidth,
        tooWide,
      };
    }, null);
    const name = await target.getAttribute('panel');
    expect(layout.stacked, `${name}: controls below the figures at ${width} px`).toBe(true);
    expect(layout.scroll).toBeLessThanOrEqual(0);
    expect(layout.page).toBeLessThanOrEqual(0);
    expect(layout.tooWide, `${name}: parts wider than the ${width} px column`).toEqual([]);
  }
}

test("export: the figure as a vector SVG and a PNG, the result as the CLI's JSON, the link that restores the view", async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'exp', { panel: 'moons', autoplay: 'off', method: 'rkl', lambda: '1e-5' });
  await expect(demo).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(demo.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1');

  // SVG: parses, is vector (paths, one rect per run of heatmap cells, text), holds no bitmap.
  const svg = await demo.evaluate(async (el) => {
    const text = await el.exportSvg();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      tag: root.tagName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      paths: doc.querySelectorAll('path').length,
      rects: doc.querySelectorAll('g[shape-rendering] rect').length,
      images: doc.querySelectorAll('image').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      clips: doc.querySelectorAll('clipPath').length,
      bytes: text.length,
    };
  });
  expect(svg.error).toBeNull();
  expect(svg.tag).toBe('svg');
  expect(svg.ns).toBe('http://www.w3.org/2000/svg');
  expect(svg.images).toBe(0);
  expect(svg.paths).toBeGreaterThan(100); // 100 markers, contours, axes
  expect(svg.rects).toBeGreaterThan(48); // the heatmap: at least one run per grid row
  expect(svg.texts).toEqual(expect.arrayContaining(['x1', 'x2', 'class 0', 'heatmap: forgotten q̃']));
  expect(svg.clips).toBeGreaterThan(0);
  console.log(
    `export: SVG ${svg.width}×${svg.height}, ${(svg.bytes / 1024).toFixed(0)} KB, ${svg.paths} paths, ${svg.rects} heatmap rects, ${svg.texts.length} texts`,
  );

  // The download button gives the same file.
  const [download] = await Promise.all([page.waitForEvent('download'), demo.locator('[data-export=svg]').click()]);
  expect(download.suggestedFilename()).toBe('lethe-moons.svg');

  // PNG: the signature, and IHDR's size is twice the SVG's. Saved beside the screenshots, to be looked at.
  const png = await demo.evaluate(async (el) => Array.from(new Uint8Array(await (await el.exportPng()).arrayBuffer())));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(resolve(SCREENSHOT_DIR, 'element-export-moons.png'), Buffer.from(png));
  console.log(
    `export: PNG ${(png.length / 1024).toFixed(0)} KB saved to ${resolve(SCREENSHOT_DIR, 'element-export-moons.png')}`,
  );
  expect(png.slice(0, 8)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  const be32 = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  expect(be32(png, 16)).toBe(Math.round(svg.width * 2));
  expect(be32(png, 20)).toBe(Math.round(svg.height * 2));

  // JSON: moons-kl --json's shape and field names, with this run.
  const [dl] = await Promise.all([page.waitForEvent('download'), demo.locator('[data-export=json]').click()]);
  const json = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  expect(json.panel).toBe('moons');
  expect(Object.keys(json.result.full)).toEqual(expect.arrayContaining(['kl_forgotten', 'kl_remaining', 'param_kl']));
  const run = json.result.runs[0];
  expect(Object.keys(run)).toEqual(
    expect.arrayContaining([
      'method',
      'lambda',
      'kl_forgotten',
      'kl_remaining',
      'param_kl',
      'ess',
      'ess_initial',
      'reliable',
      'status',
      'iterations',
      'seconds',
    ]),
  );
  expect(run.method).toBe('rKL');
  expect(run.lambda).toBe(1e-5);
  expect(run.kl_forgotten).toBe(Number(await demo.locator('[data-role=kl-forgotten]').getAttribute('data-value')));
  expect(json.result.n_forgotten + json.result.n_remaining).toBe(100);
  expect(json.settings.method).toBe('rkl');

  // The link reproduces the view: on this page (#id) the element restores it.
  await demo.locator('[data-method=eubo]').click();
  await expect(demo.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '2');
  const link = await demo.evaluate((el) => el.copyLink());
  expect(link).toContain('panel=moons');
  expect(link).toContain('method=eubo');
  expect(link.endsWith('#exp')).toBe(true);
  await page.goto(link);
  // The fresh page gets the element with its author's attributes again; the link's state wins.
  const again = await addDemo(page, 'exp', { panel: 'moons', autoplay: 'off', method: 'rkl', lambda: '1e-5' });
  await expect(again).toHaveAttribute('ready', '', { timeout: 30_000 });
  await expect(again.locator('[data-method=eubo]')).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});

test('export: the mixture result as gmm-forget --auto-retrain --json prints it', async ({ page, errors }) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'mixexp', { panel: 'mixture', autoplay: 'off', forget: '0-39' });
  await expect(demo.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
  const json = await demo.evaluate((el) => el.exportJson());
  expect(Object.keys(json.result)).toEqual(
    expect.arrayContaining([
      'origin',
      'processed',
      'target',
      'processed_to_target',
      'original_to_target',
      'spread',
      'kl_processed_target',
      'kl_original_target',
      'forgotten_count',
      'batches',
      'seconds_forget',
      'seconds_retrain',
      'residual_budget',
      'requests',
      'swaps',
      'recommended_after',
      'original_health',
      'target_health',
      'sampler',
      'n',
      'iterations',
    ]),
  );
  expect(json.result.forgotten_count).toBe(40);
  expect(json.result.requests.length).toBe(10);
  expect(json.result.origin[0].length).toBe(2);
  const svg = await demo.evaluate(
    async (el) =>
      new DOMParser().parseFromString(await el.exportSvg(), 'image/svg+xml').querySelectorAll('[data-figure]').length,
  );
  expect(svg).toBe(2); // the scatter plot and the residual chart
  const png = await demo.evaluate(async (el) =>
    Array.from(new Uint8Array(await (await el.exportPng(1)).arrayBuffer())),
  );
  writeFileSync(resolve(SCREENSHOT_DIR, 'element-export-mixture.png'), Buffer.from(png));
  expect(errors).toEqual([]);
});

test('export: the SVG draws what the canvas shows (exact panel, rasterised and compared pixel by pixel)', async ({
  page,
  errors,
}) => {
  await page.goto('/web/tests/pages/blank.html');
  const demo = await addDemo(page, 'same', { panel: 'exact', autoplay: 'off', forget: '30-39' });
  await expect(demo.locator('.lethe-panel')).toHaveAttribute('data-forgotten', '1', { timeout: 30_000 });
  const diff = await demo.evaluate(async (el) => {
    const live = el.shadowRoot.querySelector('canvas[data-role=plot]');
    const svg = await el.exportSvg();
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    await img.decode();
    // The figure sits below the title: 8 px margin, 26 px title line.
    const c = document.createElement('canvas');
    c.width = live.width;
    c.height = live.height;
    c.getContext('2d').drawImage(img, -8, -34);
    const a = live.getContext('2d').getImageData(0, 0, live.width, live.height).data;
    const b = c.getContext('2d').getImageData(0, 0, live.width, live.height).data;
    let differ = 0,
      inked = 0;
    for (let i = 0; i < a.length; i += 4) {
      const d = Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2]));
      if (d > 64) differ++;
      if (a[i] < 200 || a[i + 1] < 200 || a[i + 2] < 200) inked++;
    }
    return { differ, inked, total: a.length / 4 };
  });
  console.log(
    `export: SVG vs canvas, exact panel: ${diff.differ} of ${diff.total} pixels differ by more than 64 levels (${diff.inked} inked)`,
  );
  expect(diff.inked).toBeGreaterThan(diff.total * 0.05);
  // Anti-aliasing differs along edges; a misplaced curve, band or point would differ over thousands of pixels.
  expect(diff.differ).toBeLessThan(diff.inked * 0.03);
  expect(errors).toEqual([]);
});
