// <lethe-demo panel="exact|moons|mixture" ...>: the demo panels as a custom
// element for documentation pages. One file (built by vite into
// web/dist/lethe-demo.js with the wasm embedded); each element has its own
// shadow root (styles stay inside) and its own compute worker. The worker is
// this very file started as a module worker, so the wasm is shipped once.
import { serve } from './compute.js';
import { ComputeClient } from './client.js';
import { PANEL_CSS } from './styles.js';
import { PANELS } from './panels/index.js';
import { decodeIds } from './url-state.js';

const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;

/**
 * Starts this module as a worker. A blob trampoline (`import "<this file>"`)
 * also works when the file is served from another origin (with CORS), where a
 * worker cannot be constructed from the URL directly.
 */
function spawnSelf() {
  const url = import.meta.url;
  const src = `import ${JSON.stringify(url)};`;
  const blobUrl = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  return new Worker(blobUrl, { type: 'module', name: 'lethe-demo-compute' });
}

/** Attributes → the panel's initial state. */
function stateFromAttributes(el) {
  const num = (name) => {
    const v = el.getAttribute(name);
    return v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const s = {
    seed: num('seed'),
    iterations: num('iterations'),
    budget: num('budget'),
    lambda: num('lambda'),
    method: el.getAttribute('method') ?? undefined,
    sampler: el.getAttribute('sampler') ?? undefined,
    data: el.getAttribute('data') ?? undefined,
    view: el.getAttribute('view') ?? undefined,
    erase: el.hasAttribute('erase') ? decodeIds(el.getAttribute('erase')) : undefined,
  };
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return s;
}

if (inWorker) {
  serve(globalThis);
} else if (!customElements.get('lethe-demo')) {
  class LetheDemo extends HTMLElement {
    #panel = null;
    #compute = null;

    connectedCallback() {
      if (this.#panel) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const key = this.getAttribute('panel') ?? 'exact';
      const style = document.createElement('style');
      style.textContent = `:host { display: block; } :host([hidden]) { display: none; } ${PANEL_CSS}`;
      const wrap = document.createElement('div');
      wrap.className = 'lethe-root';
      root.replaceChildren(style, wrap);
      const Panel = PANELS[key];
      if (!Panel) {
        wrap.textContent = `lethe-demo: unknown panel "${key}" (use ${Object.keys(PANELS).join(', ')}).`;
        return;
      }
      this.#compute = new ComputeClient(spawnSelf);
      this.#panel = new Panel({
        host: wrap, compute: this.#compute, state: stateFromAttributes(this),
        onStateChange: (state) => this.dispatchEvent(new CustomEvent('lethe-state', { detail: state })),
      });
      const panel = this.#panel;
      this.removeAttribute('ready');
      panel.init().then(() => {
        if (panel !== this.#panel) return; // replaced meanwhile
        this.setAttribute('ready', '');
        this.dispatchEvent(new CustomEvent('lethe-ready'));
      }, (err) => {
        wrap.textContent = `lethe-demo: ${err.message}`;
        console.error(err);
      });
    }

    static get observedAttributes() {
      return ['panel', 'seed', 'erase', 'method', 'lambda', 'sampler', 'iterations', 'budget', 'view', 'data'];
    }

    /** A changed attribute rebuilds the panel with the new settings. */
    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue || !this.#panel) return;
      this.disconnectedCallback();
      this.connectedCallback();
    }

    disconnectedCallback() {
      this.#panel?.dispose();
      this.#compute?.dispose();
      this.#panel = null;
      this.#compute = null;
    }

    /** The panel object (for scripting and tests). */
    get panel() { return this.#panel; }
  }
  customElements.define('lethe-demo', LetheDemo);
}
