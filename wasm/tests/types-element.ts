// Type-checks element/index.d.ts the way a site's TypeScript sees it: the tag map,
// the methods and the typed events.
import type { LetheDemoElement, LetheDemoAttributes } from '../../element/index.js';

declare const document: Document;
const el: LetheDemoElement | null = document.querySelector('lethe-demo');
if (el) {
  const started: Promise<void> = el.start();
  void started;
  el.addEventListener('lethe-autoplay-end', (e) => {
    const reason: string = e.detail.reason;
    void reason;
  });
  const link: string = el.link;
  void link;
  void el.exportPng(2).then((png: Blob) => png.size);
  // @ts-expect-error: download() takes svg, png or json only
  void el.download('gif');
}
const attrs: LetheDemoAttributes = { panel: 'moons', loading: 'eager', hide: 'link' };
void attrs;
const created: LetheDemoElement = document.createElement('lethe-demo');
void created;
