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
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('worker', (w) => w.on('console', (msg) => { if (msg.type() === 'error') errors.push(`worker: ${msg.text()}`); }));
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
    for (let i = 0; i < data.length; i += 7) { h ^= data[i]; h = Math.imul(h, 16777619); }
    return h >>> 0;
  });
}

export { expect };
