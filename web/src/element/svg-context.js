// A stand-in for CanvasRenderingContext2D that records what a figure draws as
// SVG elements instead of pixels: the panels draw their figures through it
// unchanged, and the export is a real vector figure (paths, text, one rect per
// run of equal heatmap cells) rather than a bitmap in an SVG wrapper. It covers
// the part of the canvas API the figures use (paths, rect, arc, fill/stroke,
// dashes, text, clip, save/restore, translate/rotate/setTransform, drawImage of
// a canvas).
//
// Coordinates: canvas semantics transform each point when the path is built,
// so points are mapped by the current matrix at moveTo/lineTo time. The matrix
// starts as scale(1/ratio), so that the panels' setTransform(dpr, …) ends up as
// the identity and the SVG is in CSS pixels.

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeXml = (s) => String(s).replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);
const num = (v) => String(Math.round(v * 100) / 100);

/** "rgba(r,g,b,a)" → ["rgb(r,g,b)", a]; other colours pass through with opacity 1. */
function splitAlpha(color) {
  const m = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(String(color));
  return m ? [`rgb(${m[1]},${m[2]},${m[3]})`, Number(m[4])] : [String(color), 1];
}

function paint(kind, color) {
  const [c, a] = splitAlpha(color);
  return a < 1 ? `${kind}="${c}" ${kind}-opacity="${num(a)}"` : `${kind}="${escapeXml(c)}"`;
}

/** "600 13px system-ui, sans-serif" → its weight, size and family. */
function parseFont(font) {
  const m = /^\s*(?:(normal|bold|\d{3})\s+)?([\d.]+)px\s+(.+)$/.exec(font);
  return m
    ? { weight: m[1] ?? 'normal', size: Number(m[2]), family: m[3] }
    : { weight: 'normal', size: 12, family: 'sans-serif' };
}

const BASELINES = {
  top: 'text-before-edge',
  hanging: 'hanging',
  middle: 'central',
  bottom: 'text-after-edge',
  alphabetic: 'auto',
  ideographic: 'ideographic',
};
const ANCHORS = { left: 'start', start: 'start', center: 'middle', right: 'end', end: 'end' };

// Affine matrices as [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f.
const multiply = ([a1, b1, c1, d1, e1, f1], [a2, b2, c2, d2, e2, f2]) => [
  a1 * a2 + c1 * b2,
  b1 * a2 + d1 * b2,
  a1 * c2 + c1 * d2,
  b1 * c2 + d1 * d2,
  a1 * e2 + c1 * f2 + e1,
  b1 * e2 + d1 * f2 + f1,
];

export class SvgContext {
  #base;
  #measure = null;
  #clipCount = 0;

  /** @param {number} width @param {number} height CSS pixels @param {number} ratio the canvas's device pixel ratio */
  constructor(width, height, ratio = 1, idPrefix = 'f') {
    this.width = width;
    this.height = height;
    this.idPrefix = idPrefix;
    this.#base = [1 / ratio, 0, 0, 1 / ratio, 0, 0];
    this.out = []; // SVG element strings, in drawing order
    this.defs = [];
    this.stack = [];
    this.path = []; // path commands in SVG (output) coordinates
    this.current = null; // the path's current point, for arc()
    this.state = {
      fillStyle: '#000',
      strokeStyle: '#000',
      lineWidth: 1,
      dash: [],
      font: '10px sans-serif',
      textAlign: 'start',
      textBaseline: 'alphabetic',
      lineJoin: 'miter',
      lineCap: 'butt',
      matrix: [1, 0, 0, 1, 0, 0],
      groups: 0,
    };
    this.imageSmoothingEnabled = true;
    this.imageSmoothingQuality = 'low';
    this.globalAlpha = 1;
  }

  // Style properties live in the save/restore state.
  get fillStyle() {
    return this.state.fillStyle;
  }
  set fillStyle(v) {
    this.state.fillStyle = v;
  }
  get strokeStyle() {
    return this.state.strokeStyle;
  }
  set strokeStyle(v) {
    this.state.strokeStyle = v;
  }
  get lineWidth() {
    return this.state.lineWidth;
  }
  set lineWidth(v) {
    this.state.lineWidth = v;
  }
  get font() {
    return this.state.font;
  }
  set font(v) {
    this.state.font = v;
  }
  get textAlign() {
    return this.state.textAlign;
  }
  set textAlign(v) {
    this.state.textAlign = v;
  }
  get textBaseline() {
    return this.state.textBaseline;
  }
  set textBaseline(v) {
    this.state.textBaseline = v;
  }
  get lineJoin() {
    return this.state.lineJoin;
  }
  set lineJoin(v) {
    this.state.lineJoin = v;
  }
  get lineCap() {
    return this.state.lineCap;
  }
  set lineCap(v) {
    this.state.lineCap = v;
  }

  save() {
    this.stack.push(this.state);
    // A new frame: it counts the clip groups opened until its restore().
    this.state = { ...this.state, dash: [...this.state.dash], groups: 0 };
  }

  restore() {
    const prev = this.stack.pop();
    if (!prev) return;
    // Close the clip groups opened since the matching save().
    for (let i = 0; i < this.state.groups; i++) this.out.push('</g>');
    this.state = prev;
  }

  /** The matrix from user units to SVG units. */
  #m() {
    return multiply(this.#base, this.state.matrix);
  }

  #pt(x, y) {
    const [a, b, c, d, e, f] = this.#m();
    return [a * x + c * y + e, b * x + d * y + f];
  }

  /** How much the current matrix scales lengths (line widths, radii). */
  #scale() {
    const [a, b, c, d] = this.#m();
    return Math.sqrt(Math.abs(a * d - b * c));
  }

  setTransform(a, b, c, d, e, f) {
    this.state.matrix = [a, b, c, d, e, f];
  }
  resetTransform() {
    this.state.matrix = [1, 0, 0, 1, 0, 0];
  }
  transform(a, b, c, d, e, f) {
    this.state.matrix = multiply(this.state.matrix, [a, b, c, d, e, f]);
  }
  translate(x, y) {
    this.transform(1, 0, 0, 1, x, y);
  }
  scale(x, y) {
    this.transform(x, 0, 0, y, 0, 0);
  }
  rotate(t) {
    this.transform(Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t), 0, 0);
  }
  setLineDash(d) {
    this.state.dash = [...d];
  }
  getLineDash() {
    return [...this.state.dash];
  }

  beginPath() {
    this.path = [];
    this.current = null;
  }
  moveTo(x, y) {
    const p = this.#pt(x, y);
    this.path.push(`M${num(p[0])} ${num(p[1])}`);
    this.current = p;
  }
  lineTo(x, y) {
    if (!this.current) {
      this.moveTo(x, y);
      return;
    }
    const p = this.#pt(x, y);
    this.path.push(`L${num(p[0])} ${num(p[1])}`);
    this.current = p;
  }
  closePath() {
    if (this.path.length) this.path.push('Z');
  }
  rect(x, y, w, h) {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }

  /** A circular arc (uniform scale assumed, which is all the figures use). */
  arc(cx, cy, r, a0, a1, ccw = false) {
    const full = Math.abs(a1 - a0) >= 2 * Math.PI - 1e-9;
    const at = (t) => this.#pt(cx + r * Math.cos(t), cy + r * Math.sin(t));
    const rr = num(r * this.#scale());
    const start = at(a0);
    if (this.current) this.path.push(`L${num(start[0])} ${num(start[1])}`);
    else this.path.push(`M${num(start[0])} ${num(start[1])}`);
    if (full) {
      // A full circle is two half arcs (one arc command cannot end where it starts).
      const mid = at(a0 + Math.PI);
      this.path.push(
        `A${rr} ${rr} 0 1 1 ${num(mid[0])} ${num(mid[1])}`,
        `A${rr} ${rr} 0 1 1 ${num(start[0])} ${num(start[1])}`,
      );
      this.current = start;
      return;
    }
    let sweep = ccw ? a0 - a1 : a1 - a0;
    sweep = ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const end = at(a1);
    this.path.push(`A${rr} ${rr} 0 ${sweep > Math.PI ? 1 : 0} ${ccw ? 0 : 1} ${num(end[0])} ${num(end[1])}`);
    this.current = end;
  }

  #strokeAttrs() {
    const s = this.#scale();
    const dash = this.state.dash.length
      ? ` stroke-dasharray="${this.state.dash.map((v) => num(v * s)).join(' ')}"`
      : '';
    const join = this.state.lineJoin !== 'miter' ? ` stroke-linejoin="${this.state.lineJoin}"` : '';
    const cap = this.state.lineCap !== 'butt' ? ` stroke-linecap="${this.state.lineCap}"` : '';
    return `fill="none" ${paint('stroke', this.state.strokeStyle)} stroke-width="${num(this.state.lineWidth * s)}"${dash}${join}${cap}`;
  }

  fill() {
    if (this.path.length) this.out.push(`<path d="${this.path.join('')}" ${paint('fill', this.state.fillStyle)}/>`);
  }
  stroke() {
    if (this.path.length) this.out.push(`<path d="${this.path.join('')}" ${this.#strokeAttrs()}/>`);
  }

  /** A rectangle as its own path, leaving the current path alone (as canvas does). */
  #rectPath(x, y, w, h) {
    const saved = [this.path, this.current];
    this.beginPath();
    this.rect(x, y, w, h);
    const d = this.path.join('');
    [this.path, this.current] = saved;
    return d;
  }

  fillRect(x, y, w, h) {
    this.out.push(`<path d="${this.#rectPath(x, y, w, h)}" ${paint('fill', this.state.fillStyle)}/>`);
  }
  strokeRect(x, y, w, h) {
    this.out.push(`<path d="${this.#rectPath(x, y, w, h)}" ${this.#strokeAttrs()}/>`);
  }
  // The figures clear only to paint the white background next.
  clearRect() {}

  clip() {
    const id = `${this.idPrefix}-clip${++this.#clipCount}`;
    this.defs.push(`<clipPath id="${id}"><path d="${this.path.join('')}"/></clipPath>`);
    this.out.push(`<g clip-path="url(#${id})">`);
    this.state.groups += 1;
  }

  measureText(text) {
    this.#measure ??= document.createElement('canvas').getContext('2d');
    this.#measure.font = this.state.font;
    return this.#measure.measureText(text);
  }

  fillText(text, x, y) {
    const { weight, size, family } = parseFont(this.state.font);
    const [a, b, c, d, e, f] = this.#m();
    const k = Math.sqrt(Math.abs(a * d - b * c)) || 1;
    // The matrix without its scale goes on the element; the font size carries the scale.
    const place =
      Math.abs(b) < 1e-9 && Math.abs(c) < 1e-9
        ? `x="${num(a * x + e)}" y="${num(d * y + f)}"`
        : `transform="matrix(${[a / k, b / k, c / k, d / k, e, f].map(num).join(' ')})" x="${num(x * k)}" y="${num(y * k)}"`;
    const anchor = ANCHORS[this.state.textAlign] ?? 'start';
    const baseline = BASELINES[this.state.textBaseline] ?? 'auto';
    this.out.push(
      `<text ${place} font-family="${escapeXml(family)}" font-size="${num(size * k)}"${weight !== 'normal' ? ` font-weight="${weight}"` : ''}` +
        `${anchor !== 'start' ? ` text-anchor="${anchor}"` : ''}${baseline !== 'auto' ? ` dominant-baseline="${baseline}"` : ''} ${paint('fill', this.state.fillStyle)}>${escapeXml(text)}</text>`,
    );
  }

  /**
   * A bitmap the figure drew (the heatmap: a small canvas stretched over the
   * plot) as vector cells: one rect per run of equal colour in each row.
   */
  drawImage(image, dx, dy, dw = image.width, dh = image.height) {
    const w = image.width,
      h = image.height;
    const { data } = image.getContext('2d').getImageData(0, 0, w, h);
    const [x0, y0] = this.#pt(dx, dy),
      [x1, y1] = this.#pt(dx + dw, dy + dh);
    const cw = (x1 - x0) / w,
      ch = (y1 - y0) / h;
    const cells = [];
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w;) {
        const k = 4 * (j * w + i);
        let run = 1;
        while (
          i + run < w &&
          data[k + 4 * run] === data[k] &&
          data[k + 4 * run + 1] === data[k + 1] &&
          data[k + 4 * run + 2] === data[k + 2]
        )
          run++;
        cells.push(
          `<rect x="${num(x0 + i * cw)}" y="${num(y0 + j * ch)}" width="${num(run * cw)}" height="${num(ch)}" fill="rgb(${data[k]},${data[k + 1]},${data[k + 2]})"/>`,
        );
        i += run;
      }
    }
    this.out.push(`<g shape-rendering="crispEdges">${cells.join('')}</g>`);
  }

  /** The recorded figure: a group of SVG elements and the definitions they use. */
  markup() {
    const open = this.stack.reduce((n, s) => n + s.groups, this.state.groups);
    return { defs: this.defs.join(''), body: this.out.join('') + '</g>'.repeat(open) };
  }
}
