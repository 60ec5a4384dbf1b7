// Shared test set-up: every page records console errors and uncaught
// exceptions, and each test ends by asserting there were none.
import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts/screenshots');

/** Attaches error collection to a page; returns the live list. */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('worker', (w) =>
    w.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`worker: ${msg.text()}`);
    }),
  );
  return errors;
}

export const test = base.extend({
  errors: async ({ page }, use) => {
    const errors = collectErrors(page);
    await use(errors);
    expect(errors, 'console errors / uncaught exceptions').toEqual([]);
  },
});

/** Saves a PNG screenshot under artifacts/screenshots/ and prints its path. */
export async function screenshot(target, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  // A page is captured whole; a locator as itself.
  await target.screenshot(typeof target.goto === 'function' ? { path, fullPage: true } : { path });
  console.log(`screenshot: ${path}`);
  return path;
}

/** Counts canvas pixels that differ from white (drawn content), inside the page. */
export async function inkedPixels(locator) {
  return locator.evaluate((canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) n++;
    return n;
  });
}

/** A cheap fingerprint of a canvas's pixels. */
export async function canvasHash(locator) {
  return locator.evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 7) {
      h ^= data[i];
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  });
}

/**
 * Every rendered text on the page whose contrast with its background is below
 * WCAG AA (4.5:1, or 3:1 for large text), as "TAG.class "text" ratio < need".
 */
export async function lowContrastTexts(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 };
    };
    const lum = ([r, g, b]) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const { rgb, a } = parse(getComputedStyle(e).backgroundColor);
        if (a > 0.5) return rgb;
      }
      return [255, 255, 255];
    };
    const out = [];
    const all = document.querySelectorAll('body *');
    for (const el of all) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue; // not rendered
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest(':disabled, [hidden], .visually-hidden, option')) continue;
      const s = getComputedStyle(el);
      const fg = parse(s.color).rgb,
        bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(s.fontSize),
        bold = Number(s.fontWeight) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < need)
        out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)} < ${need}`);
    }
    return out;
  });
}

export { expect };
