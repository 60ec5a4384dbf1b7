// <lethe-demo panel="exact|moons|mixture|bnn|certified" ...>: the demo panels as a custom
// element for documentation pages. This file is the light half: the element,
// its attributes and a static poster of the default data. The heavy half (the
// panels, autoplay, export: element/app.js) is imported when the element
// starts, and the wasm comes with the compute worker (lethe-worker.js, built
// next to this file), so an element that never comes near the viewport fetches
// neither. Each element has its own shadow root (styles stay inside) and its
// own worker; off screen its computations and its autoplay pause.
import { PANEL_CSS } from './styles.js';
import { decodeIds, writeUrlState, readUrlState } from './url-state.js';
import { posterFigure, POSTER_TEXT } from './element/poster.js';
import { ELEMENT_CSS, partName, partsOf } from './element/parts.js';
// web/dist/'s worker holds the wasm; the npm package's build (element/vite.config.js) swaps
// this module for element/src/spawn-worker.js, whose worker imports the package's one copy.
import { spawnWorker } from './element/spawn-worker.js';

// Where there is no DOM (node, a documentation site's pre-render), importing this
// file defines nothing and throws nothing: the element is defined on the client.
const HAS_DOM = typeof HTMLElement === 'function' && typeof customElements === 'object' && customElements !== null;
// Start this far before the element scrolls into view, so it is ready on arrival.
const START_MARGIN = '300px 0px';

let appModule = null;
/** The heavy half, fetched once for every element on the page. */
const loadApp = () => (appModule ??= import('./element/app.js'));

/** Attributes → the panel's initial state. */
function stateFromAttributes(el) {
  const num = (name) => {
    const v = el.getAttribute(name);
    return v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const s = {
    seed: num('seed'),
    n: num('n'),
    iterations: num('iterations'),
    budget: num('budget'),
    epsilon: num('epsilon'),
    sigma: num('sigma'),
    lambda: num('lambda'),
    method: el.getAttribute('method') ?? undefined,
    sampler: el.getAttribute('sampler') ?? undefined,
    data: el.getAttribute('data') ?? undefined,
    view: el.getAttribute('view') ?? undefined,
    forget: ['forget', 'erase'].some((a) => el.hasAttribute(a))
      ? decodeIds(el.getAttribute('forget') ?? el.getAttribute('erase'))
      : undefined,
  };
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return s;
}

/** A copied link that points at this element (#id) restores its state: the page's query wins over the attributes. */
function stateFromLink(el, key) {
  if (!el.id || location.hash !== `#${el.id}`) return null;
  const { panel, state } = readUrlState(location.search);
  if (panel !== key || new URLSearchParams(location.search).get('panel') !== key) return null;
  for (const k of Object.keys(state)) if (state[k] === undefined) delete state[k];
  return state;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const offValue = (v) => v !== null && ['off', 'false', 'no', '0'].includes(v.trim().toLowerCase());

// Attributes that configure the panel: a change rebuilds it.
const PANEL_ATTRIBUTES = [
  'panel',
  'seed',
  'n',
  'forget',
  'erase',
  'method',
  'lambda',
  'sampler',
  'iterations',
  'budget',
  'epsilon',
  'sigma',
  'view',
  'data',
];
// Trusted events that mean a reader has taken over: autoplay stops.
const INTERACTIONS = ['pointerdown', 'keydown', 'input', 'change', 'drop'];

if (HAS_DOM && !customElements.get('lethe-demo')) {
  class LetheDemo extends HTMLElement {
    #root = null; // .lethe-root in the shadow root
    #ui = null; // {poster, mount, bar, narration, toolbar, buttons}
    #panel = null;
    #compute = null;
    #player = null;
    #observer = null;
    #visible = false;
    #started = false;
    #generation = 0; // a rebuild makes older async steps stale
    #app = null;
    timing = {}; // performance.now() stamps: connected, visible, started, moduleLoaded, ready, firstResult

    static get observedAttributes() {
      return [...PANEL_ATTRIBUTES, 'loading', 'hide', 'controls'];
    }

    connectedCallback() {
      this.timing = { connected: performance.now() };
      this.#build();
      this.#renderPoster();
      this.#observe();
      if (this.getAttribute('loading') === 'eager') this.start();
    }

    disconnectedCallback() {
      this.#observer?.disconnect();
      this.#observer = null;
      this.#teardown();
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue || !this.#root) return;
      if (name === 'hide' || name === 'controls') {
        this.#applyParts();
        return;
      }
      if (name === 'loading') {
        if (newValue === 'eager') this.start();
        return;
      }
      // A panel attribute: an element that had started starts again with the new settings.
      const wasStarted = this.#started;
      this.#teardown();
      this.#renderPoster();
      if (wasStarted) this.start();
    }

    /** The shadow root's fixed frame: poster, panel mount, narration and toolbar, caption slot. */
    #build() {
      if (this.#root) return;
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = `${PANEL_CSS}${ELEMENT_CSS}`;
      const root = document.createElement('div');
      root.className = 'lethe-root';
      root.innerHTML = `<div class="lethe-poster" data-part="poster"></div>
        <div class="lethe-mount" hidden></div>
        <div class="lethe-bar">
          <p class="lethe-narration" data-part="autoplay" role="status" aria-live="polite" hidden>
            <span data-role="narration"></span> <button type="button" data-action="stop-autoplay">Stop</button></p>
          <div class="row lethe-toolbar" role="group" aria-label="Take this result away">
            <span class="row" data-part="export">
              <button type="button" data-export="svg" disabled>Figure SVG</button>
              <button type="button" data-export="png" disabled>Figure PNG</button>
              <button type="button" data-export="json" disabled>Result JSON</button></span>
            <span class="row" data-part="link"><button type="button" data-action="copy-link" disabled>Copy link</button>
              <span class="hint" data-role="link-status" aria-live="polite"></span></span>
          </div>
        </div>
        <slot name="caption"></slot>`;
      shadow.replaceChildren(style, root);
      this.#root = root;
      const q = (s) => root.querySelector(s);
      this.#ui = {
        poster: q('.lethe-poster'),
        mount: q('.lethe-mount'),
        narration: q('.lethe-narration'),
        narrationText: q('[data-role=narration]'),
        linkStatus: q('[data-role=link-status]'),
      };
      q('[data-action=stop-autoplay]').addEventListener('click', () => this.stopAutoplay('stopped'));
      q('[data-action=copy-link]').addEventListener('click', () => this.copyLink().catch(() => {}));
      for (const b of root.querySelectorAll('[data-export]'))
        b.addEventListener('click', () => this.download(b.dataset.export).catch((err) => this.#say(err.message)));
      for (const type of INTERACTIONS) {
        shadow.addEventListener(
          type,
          (e) => {
            if (e.isTrusted && this.#ui.mount.contains(e.composedPath()[0])) this.stopAutoplay('interaction');
          },
          { capture: true, passive: true },
        );
      }
    }

    get #key() {
      return this.getAttribute('panel') ?? 'exact';
    }

    #renderPoster() {
      const key = this.#key,
        text = POSTER_TEXT[key];
      const poster = this.#ui.poster;
      poster.hidden = false;
      this.#ui.mount.hidden = true;
      if (!text) {
        poster.textContent = `lethe-demo: unknown panel "${key}" (use ${Object.keys(POSTER_TEXT).join(', ')}).`;
        return;
      }
      const s = stateFromAttributes(this);
      poster.innerHTML = `<h2 data-part="title"></h2><p class="explain" data-part="explain"></p>
        <div class="lethe-poster-figure">${posterFigure(key, s)}</div>
        <p class="hint"><span data-role="poster-status">Interactive demo: it starts when you scroll to it.</span>
          <button type="button" data-action="start">Start now</button></p>`;
      poster.querySelector('h2').textContent = text.title;
      poster.querySelector('.explain').textContent = text.line;
      poster.querySelector('[data-action=start]').addEventListener('click', () => this.start());
      this.#setButtons(false);
      this.#applyParts();
    }

    /** Starts the worker when the element nears the viewport; pauses it (and autoplay) while off screen. */
    #observe() {
      if (this.#observer || typeof IntersectionObserver !== 'function') return;
      this.#observer = new IntersectionObserver(
        (entries) => {
          const visible = entries.at(-1).isIntersecting;
          if (visible === this.#visible) return;
          this.#visible = visible;
          if (visible) {
            this.timing.visible ??= performance.now();
            if (this.getAttribute('loading') !== 'eager') this.start();
          }
          this.#syncPause();
        },
        { rootMargin: START_MARGIN },
      );
      this.#observer.observe(this);
    }

    #syncPause() {
      const pause = !this.#visible && this.#started;
      this.toggleAttribute('paused', pause);
      if (pause) {
        this.#compute?.pause();
        this.#player?.pause();
      } else {
        this.#compute?.resume();
        this.#player?.resume();
      }
    }

    /** Starts the demo now (fetches the panels and the worker); resolves when the panel is ready. */
    async start() {
      if (this.#started || !POSTER_TEXT[this.#key]) return this.#ready;
      this.#started = true;
      const generation = ++this.#generation;
      this.timing.started = performance.now();
      this.#ready = this.#mount(generation);
      return this.#ready;
    }

    #ready = Promise.resolve();

    async #mount(generation) {
      const status = this.#ui.poster.querySelector('[data-role=poster-status]');
      if (status) status.textContent = 'Starting: loading the demo and its WebAssembly module…';
      this.#ui.poster.querySelector('[data-action=start]')?.setAttribute('disabled', '');
      const app = await loadApp();
      if (generation !== this.#generation) return;
      this.#app = app;
      this.timing.moduleLoaded ??= performance.now();
      const key = this.#key;
      this.#compute = new app.ComputeClient(spawnWorker);
      this.#syncPause();
      const state = stateFromLink(this, key) ?? stateFromAttributes(this);
      const panel = new app.PANELS[key]({
        host: this.#ui.mount,
        compute: this.#compute,
        state,
        onStateChange: (s) => this.dispatchEvent(new CustomEvent('lethe-state', { detail: s })),
      });
      this.#panel = panel;
      this.removeAttribute('ready');
      this.dispatchEvent(new CustomEvent('lethe-start'));
      try {
        await panel.init();
      } catch (err) {
        if (generation !== this.#generation) return;
        this.#ui.poster.hidden = false;
        this.#ui.poster.textContent = `lethe-demo: ${err.message}`;
        console.error(err);
        return;
      }
      if (generation !== this.#generation || panel.disposed) return;
      this.#ui.poster.hidden = true;
      this.#ui.poster.replaceChildren();
      this.#ui.mount.hidden = false;
      this.#applyParts();
      this.#setButtons(true);
      this.#watchFirstResult(panel);
      this.timing.ready = performance.now();
      this.setAttribute('ready', '');
      this.dispatchEvent(new CustomEvent('lethe-ready'));
      this.#startAutoplay(app, key, panel);
    }

    /** timing.firstResult: when the panel first shows a computed result (unlearned, forgotten or trained). */
    #watchFirstResult(panel) {
      const done = () => ['unlearned', 'forgotten', 'trained'].some((k) => panel.element.dataset[k]);
      if (done()) {
        this.timing.firstResult ??= performance.now();
        return;
      }
      const mo = new MutationObserver(() => {
        if (done()) {
          this.timing.firstResult ??= performance.now();
          mo.disconnect();
        }
      });
      mo.observe(panel.element, { attributes: true });
    }

    /** Autoplay: on unless autoplay="off", never under prefers-reduced-motion. */
    #startAutoplay(app, key, panel) {
      if (offValue(this.getAttribute('autoplay')) || reducedMotion()) {
        this.setAttribute('autoplay-state', 'off');
        return;
      }
      this.setAttribute('autoplay-state', 'running');
      this.#ui.narration.hidden = false;
      this.#player = app.startAutoplay(key, panel, {
        lambda: stateFromAttributes(this).lambda,
        onStep: (text) => {
          this.#ui.narrationText.textContent = text;
        },
        onEnd: (reason) => {
          this.#ui.narration.hidden = true;
          this.setAttribute('autoplay-state', reason === 'finished' ? 'finished' : 'stopped');
          this.dispatchEvent(new CustomEvent('lethe-autoplay-end', { detail: { reason } }));
        },
      });
      this.#syncPause();
      // A reader who asks for reduced motion meanwhile gets it at once.
      const motion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
      const onMotion = (e) => {
        if (e.matches) this.stopAutoplay('reduced motion');
      };
      motion?.addEventListener('change', onMotion);
      const player = this.#player;
      this.addEventListener('lethe-autoplay-end', () => motion?.removeEventListener('change', onMotion), {
        once: true,
      });
      if (!player.running) motion?.removeEventListener('change', onMotion);
    }

    /** Stops autoplay now (a reader's first interaction does the same). */
    stopAutoplay(reason = 'stopped') {
      this.#player?.stop(reason);
    }

    #teardown() {
      ++this.#generation;
      this.#player?.stop('rebuilt');
      this.#player = null;
      this.#panel?.dispose();
      this.#compute?.dispose();
      this.#panel = null;
      this.#compute = null;
      this.#started = false;
      this.removeAttribute('ready');
      this.removeAttribute('paused');
      this.#ui?.mount.replaceChildren();
    }

    /** The toolbar exists once there is something to take away. */
    #setButtons(on) {
      for (const b of this.#root.querySelectorAll('[data-export], [data-action=copy-link]')) b.disabled = !on;
      this.#root.querySelector('.lethe-toolbar').hidden = !on;
    }

    /** hide="…" removes the named parts; controls="…" lists the control boxes kept (see element/parts.js). */
    #applyParts() {
      const hide = new Set(
        (this.getAttribute('hide') ?? '')
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(partName),
      );
      const controls = this.hasAttribute('controls')
        ? new Set(
            this.getAttribute('controls')
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(partName),
          )
        : null;
      const parts = partsOf(this.#root);
      for (const { name, el, control } of parts) {
        const off = hide.has(name) || (control && controls !== null && !controls.has(name));
        el.toggleAttribute('data-lethe-hidden', off);
      }
      const anyControl = parts.some((p) => p.control && !p.el.hasAttribute('data-lethe-hidden'));
      this.#root.classList.toggle('no-controls', !anyControl && parts.some((p) => p.control));
    }

    #say(text) {
      this.#ui.linkStatus.textContent = text;
    }

    #require() {
      if (!this.#panel || !this.#app || !this.hasAttribute('ready'))
        throw new Error('lethe-demo: the demo has not started yet (call start() and wait for lethe-ready)');
      return { panel: this.#panel, app: this.#app };
    }

    /** The current figure as an SVG document (a string). */
    async exportSvg() {
      const { panel, app } = this.#require();
      return app.figureSvg(panel);
    }

    /** The current figure as a PNG blob, at `scale` × its size on screen (default 2). */
    async exportPng(scale = 2) {
      const { panel, app } = this.#require();
      return app.figurePng(panel, scale);
    }

    /** The current result with the CLI's --json field names, and the settings and link that reproduce it. */
    async exportJson() {
      const { panel, app } = this.#require();
      return app.resultJson(panel, this.#key, { link: this.link });
    }

    /** Saves svg | png | json as a file (lethe-<panel>.<ext>). */
    async download(kind) {
      const blob =
        kind === 'svg'
          ? new Blob([await this.exportSvg()], { type: 'image/svg+xml' })
          : kind === 'png'
            ? await this.exportPng()
            : kind === 'json'
              ? new Blob([`${JSON.stringify(await this.exportJson(), null, 2)}\n`], { type: 'application/json' })
              : null;
      if (!blob) throw new Error(`lethe-demo: download(kind): kind must be svg, png or json (got ${kind})`);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `lethe-${this.#key}.${kind}`;
      this.#root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return blob;
    }

    /**
     * A link that reproduces the current view: the demo page given by the
     * demo-url attribute, or this page with #id (the element then restores it).
     */
    get link() {
      const key = this.#key;
      const state = this.#panel?.getState?.() ?? stateFromAttributes(this);
      const demo = this.getAttribute('demo-url');
      const base = demo ? new URL(demo, location.href) : new URL(location.href);
      base.search = writeUrlState(key, state);
      base.hash = demo || !this.id ? '' : this.id;
      return base.href;
    }

    /** Copies `link` to the clipboard; resolves with it. */
    async copyLink() {
      const link = this.link;
      try {
        await navigator.clipboard.writeText(link);
        this.#say('Link copied.');
      } catch {
        this.#say(link);
      }
      return link;
    }

    /** The panel object (for scripting and tests); null before the element starts. */
    get panel() {
      return this.#panel;
    }

    /**
     * Assigning a panel name sets the attribute. Frameworks that set a custom element's
     * known properties instead of its attributes (Vue, React 19: `panel in el` is true)
     * would otherwise lose panel="…" when they render the element on the client.
     */
    set panel(name) {
      if (typeof name === 'string') this.setAttribute('panel', name);
    }

    get started() {
      return this.#started;
    }
  }
  customElements.define('lethe-demo', LetheDemo);
}
