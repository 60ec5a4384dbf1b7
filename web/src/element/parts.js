// The named parts of an embedded demo, for the element's hide="…" and
// controls="…" attributes, and the element's own styles (its poster, its
// toolbar, and the compact layout for narrow text columns).
//
// Parts: title, explain (the panel's explanation), plot (the main figure),
// chart (the second figure: KL vs λ, residuals), table (the mixture's centre
// table, the neural network's measures), legend, hints (figure captions), export, link, autoplay (the
// narration), poster; and the control boxes, by their legend: forget, method,
// result, sweep (KL vs λ), data, inference, policy (retrain policy).

// Control boxes are named by their legend's text (lower case): the panels need no markup for it.
const CONTROL_NAMES = {
  forget: 'forget',
  method: 'method',
  result: 'result',
  'kl vs λ': 'sweep',
  data: 'data',
  inference: 'inference',
  'retrain policy': 'policy',
};

/** A part's name as hide="…" and controls="…" give it: `erase` is the name of `forget` before 0.3.0. */
export const partName = (token) => (token === 'erase' ? 'forget' : token);

const controlName = (legend) => {
  const text = legend.trim().toLowerCase();
  return CONTROL_NAMES[text] ?? text.split(/\s+/)[0];
};

/** Every named part under the element's root: [{name, el, control}], tagged with data-part. */
export function partsOf(root) {
  const parts = [];
  const add = (name, el, control = false) => {
    if (!el) return;
    el.dataset.part ??= name;
    parts.push({ name, el, control });
  };
  const panel = root.querySelector('.lethe-mount .lethe-panel');
  for (const el of root.querySelectorAll(':scope > .lethe-bar [data-part], :scope > .lethe-poster'))
    add(el.dataset.part, el);
  for (const el of root.querySelectorAll('.lethe-poster [data-part]')) add(el.dataset.part, el);
  if (panel) {
    add('title', panel.querySelector(':scope > h2'));
    add('explain', panel.querySelector(':scope > .explain'));
    const figures = [...panel.querySelectorAll('.figures > figure')];
    figures.forEach((f, i) => add(i === 0 ? 'plot' : 'chart', f));
    add('table', panel.querySelector('.figures > [data-role=centre-table], .figures > [data-role=measures]'));
    for (const el of panel.querySelectorAll('.figures [data-role$=legend]')) add('legend', el);
    for (const el of panel.querySelectorAll('.figures figcaption')) add('hints', el);
    for (const fs of panel.querySelectorAll('.controls > fieldset'))
      add(controlName(fs.querySelector('legend')?.textContent ?? ''), fs, true);
  }
  return parts;
}

export const ELEMENT_CSS = `
:host { display: block; container-type: inline-size; }
:host([hidden]) { display: none; }
.lethe-root [data-lethe-hidden], .lethe-root [hidden] { display: none !important; }
.lethe-root.no-controls .panel-body { grid-template-columns: minmax(0, 1fr); }
.lethe-poster { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; background: var(--bg); }
.lethe-poster h2 { font-size: 1.2rem; margin: 0 0 4px; }
.lethe-poster .explain { margin: 0 0 12px; }
.lethe-poster-figure svg { display: block; width: 100%; max-width: 640px; height: auto; border-radius: 4px; background: #fff; }
.lethe-poster .hint { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.lethe-bar { display: grid; gap: 6px; margin-top: 6px; }
.lethe-bar:has(> :not([hidden], [data-lethe-hidden])) { margin-top: 8px; }
.lethe-narration { margin: 0; font-size: 14px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.lethe-narration button { min-height: 28px; padding: 2px 10px; margin-left: 6px; }
.lethe-toolbar button { min-height: 30px; font-size: 13px; }
::slotted([slot=caption]) { display: block; margin-top: 6px; font-size: 14px; color: #505050; }
/* A narrow text column (not only a narrow screen): one column, tighter padding. */
@container (max-width: 640px) {
  .panel-body { grid-template-columns: minmax(0, 1fr); }
  .lethe-panel, .lethe-poster { padding: 12px 10px; }
  .lethe-panel h2, .lethe-poster h2 { font-size: 1.1rem; }
  .figures.two { grid-template-columns: minmax(0, 1fr); }
}
`;
