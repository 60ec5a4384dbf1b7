// HTML legends under the 2-D figures: text labels with small SVG swatches, so
// every colour in a figure is named and shapes/dashes tell series apart too.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
function svg(width, height, children) {
  const s = document.createElementNS(NS, 'svg');
  s.setAttribute('width', width);
  s.setAttribute('height', height);
  s.setAttribute('viewBox', `0 0 ${width} ${height}`);
  s.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of children) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    s.append(el);
  }
  return s;
}

export const swatch = {
  line: (color, { width = 2, dash = '' } = {}) =>
    svg(26, 12, [
      ['line', { x1: 1, y1: 6, x2: 25, y2: 6, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash }],
    ]),
  circle: (fill, stroke = '#1a1a1a', strokeWidth = 1) =>
    svg(14, 14, [['circle', { cx: 7, cy: 7, r: 4.5, fill, stroke, 'stroke-width': strokeWidth }]]),
  triangle: (fill, stroke = '#1a1a1a', strokeWidth = 1) =>
    svg(14, 14, [['path', { d: 'M7 1.8 L12 11.2 L2 11.2 Z', fill, stroke, 'stroke-width': strokeWidth }]]),
  square: (fill, stroke = '#1a1a1a', strokeWidth = 1) =>
    svg(14, 14, [['rect', { x: 2.5, y: 2.5, width: 9, height: 9, fill, stroke, 'stroke-width': strokeWidth }]]),
  diamond: (fill, stroke = '#1a1a1a', strokeWidth = 1) =>
    svg(14, 14, [['path', { d: 'M7 1.5 L12.5 7 L7 12.5 L1.5 7 Z', fill, stroke, 'stroke-width': strokeWidth }]]),
  cross: (color, width = 2) =>
    svg(14, 14, [
      ['path', { d: 'M2.5 2.5 L11.5 11.5 M11.5 2.5 L2.5 11.5', stroke: color, 'stroke-width': width, fill: 'none' }],
    ]),
  marked: () =>
    svg(16, 16, [
      ['circle', { cx: 8, cy: 8, r: 6.5, fill: 'none', stroke: '#D55E00', 'stroke-width': 2 }],
      ['path', { d: 'M5 5 L11 11 M11 5 L5 11', stroke: '#1a1a1a', 'stroke-width': 1.6 }],
    ]),
  ramp: (stops) => {
    const s = svg(60, 12, []);
    const defs = document.createElementNS(NS, 'defs'),
      g = document.createElementNS(NS, 'linearGradient');
    g.id = `ramp-${Math.random().toString(36).slice(2)}`;
    stops.forEach((c, i) => {
      const st = document.createElementNS(NS, 'stop');
      st.setAttribute('offset', `${(100 * i) / (stops.length - 1)}%`);
      st.setAttribute('stop-color', c);
      g.append(st);
    });
    defs.append(g);
    s.append(defs);
    const r = document.createElementNS(NS, 'rect');
    Object.entries({ x: 0.5, y: 1.5, width: 59, height: 9, fill: `url(#${g.id})`, stroke: '#767676' }).forEach(
      ([k, v]) => r.setAttribute(k, v),
    );
    s.append(r);
    return s;
  },
};

/** items: [{swatch: SVGElement, label: string|Node}] → a wrapping legend row. */
export function htmlLegend(items) {
  return h(
    'ul',
    { class: 'legend' },
    items.map((it) => h('li', {}, it.swatch, h('span', {}, it.label))),
  );
}
