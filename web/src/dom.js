// Tiny DOM builder: h('button', {class: 'primary', onclick}, 'Forget').
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Counts one more `name` event in el.dataset[name] (the browser tests wait on these counters). */
export function countEvent(el, name) {
  el.dataset[name] = String(Number(el.dataset[name] || 0) + 1);
}

let uid = 0;
/** Unique id for label/aria wiring (unique within the document and every shadow root). */
export function uniqueId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}
