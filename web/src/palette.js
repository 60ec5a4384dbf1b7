// Okabe–Ito palette (Okabe & Ito 2008): distinguishable under the common forms of
// colour-vision deficiency. Every figure also uses shape, dash or a text label, so
// no information is carried by colour alone.
export const OKABE_ITO = Object.freeze({
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
});

/** Colours by role, shared by the three panels. */
export const ROLE = Object.freeze({
  class0: OKABE_ITO.blue, // label 0 / original
  class1: OKABE_ITO.orange, // label 1
  original: OKABE_ITO.blue,
  retrained: OKABE_ITO.orange,
  afterForget: OKABE_ITO.black,
  marked: OKABE_ITO.vermillion,
  forgotten: '#8a8a8a',
  ink: '#1a1a1a',
  muted: '#555555',
  grid: '#e3e3e3',
});

/** Cluster colours for the mixture panel (K ≤ 8). */
export const SERIES = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.green,
  OKABE_ITO.purple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

/** "#rrggbb" → "rgba(r,g,b,a)". */
export function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
