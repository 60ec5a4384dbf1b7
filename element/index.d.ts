// Types of `import '@lethe-bayes/unlearning/element'`: the <lethe-demo> custom
// element (web/src/lethe-demo.js, built into element/dist/). Importing the module
// defines the element in a browser and does nothing where there is no DOM.

/** The demo panels an element can show. */
export type LetheDemoPanel = 'exact' | 'moons' | 'mixture' | 'bnn' | 'certified';

/**
 * The element's attributes (all strings in HTML). Panel attributes rebuild the
 * panel when they change; see the README's embedding section for each panel's values.
 */
export interface LetheDemoAttributes {
  panel?: LetheDemoPanel;
  seed?: string;
  /** Data size (moons, mixture, certified): 100 … 100 000. */
  n?: string;
  /** Row ids to forget, e.g. "3-7,12". */
  erase?: string;
  /** moons: eubo | rkl; bnn: bif-sghmc | bif-vi | eubo | rkl | nothing. */
  method?: string;
  lambda?: string;
  /** mixture: sghmc | sgld | vi. */
  sampler?: string;
  iterations?: string;
  budget?: string;
  /** certified: ε of the (ε, δ) guarantee (the core's certifyEpsilon range). */
  epsilon?: string;
  /** certified: σ of the perturbation b ~ N(0, σ²I) (the core's perturbationSigma range). */
  sigma?: string;
  view?: string;
  /** bnn: the data set, e.g. "spirals". */
  data?: string;
  /** lazy (default): start near the viewport; eager: start at once. */
  loading?: 'lazy' | 'eager';
  /** Parts removed, space- or comma-separated (title, explain, plot, export, link, autoplay, poster, …). */
  hide?: string;
  /** Control boxes kept, space- or comma-separated; "" keeps none. */
  controls?: string;
  /** "off" turns the narrated autoplay off. */
  autoplay?: string;
  /** A demo page that `link` points at instead of this page. */
  'demo-url'?: string;
}

/** performance.now() stamps of an element's life. */
export interface LetheDemoTiming {
  connected?: number;
  visible?: number;
  started?: number;
  moduleLoaded?: number;
  ready?: number;
  firstResult?: number;
}

export interface LetheDemoEventMap extends HTMLElementEventMap {
  /** The worker and panel are starting. */
  'lethe-start': CustomEvent<void>;
  /** The panel is ready (the `ready` attribute is set). */
  'lethe-ready': CustomEvent<void>;
  /** The panel's state changed (the reader or autoplay changed a setting). */
  'lethe-state': CustomEvent<Record<string, unknown>>;
  /** Autoplay ended: finished, stopped, interaction, reduced motion or rebuilt. */
  'lethe-autoplay-end': CustomEvent<{ reason: string }>;
}

export declare class LetheDemoElement extends HTMLElement {
  /** Starts the demo now (fetches the panels and the worker); resolves when the panel is ready. */
  start(): Promise<void>;
  /** Stops autoplay now. */
  stopAutoplay(reason?: string): void;
  /** The current figure as an SVG document. Rejects before `lethe-ready`. */
  exportSvg(): Promise<string>;
  /** The current figure as a PNG, at `scale` × its size on screen (default 2). */
  exportPng(scale?: number): Promise<Blob>;
  /** The current result with the CLI's --json names, and the settings and link that reproduce it. */
  exportJson(): Promise<{ panel: LetheDemoPanel; settings: Record<string, unknown>; link: string; result: unknown }>;
  /** Saves the figure or result as a file (lethe-<panel>.<ext>). */
  download(kind: 'svg' | 'png' | 'json'): Promise<Blob>;
  /** A link that reproduces the current view. */
  readonly link: string;
  /** Copies `link` to the clipboard; resolves with it. */
  copyLink(): Promise<string>;
  /** The panel object (for scripting and tests); null before the element starts. */
  get panel(): unknown;
  /** Assigning a panel name sets the `panel` attribute (what Vue and React 19 do on render). */
  set panel(name: LetheDemoPanel);
  readonly started: boolean;
  timing: LetheDemoTiming;

  addEventListener<K extends keyof LetheDemoEventMap>(
    type: K,
    listener: (this: LetheDemoElement, ev: LetheDemoEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof LetheDemoEventMap>(
    type: K,
    listener: (this: LetheDemoElement, ev: LetheDemoEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'lethe-demo': LetheDemoElement;
  }
}
