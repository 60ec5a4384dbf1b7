// The "Data" box of the 2-D panels: built-in data with a seed, or the user's own
// CSV file (`x1,x2,label`), chosen or dropped. A malformed file is reported with
// the parser's message, which names the line; the previous data stays.
import { h, uniqueId, countEvent } from './dom.js';

/**
 * @param {object} o
 * @param {import('./panel-base.js').PanelBase} o.panel
 * @param {string | (() => string)} o.builtinLabel  e.g. "two moons (n = 100, noise 0.2)"; a function
 *   is asked each time the label is shown (for a label that depends on the data loaded)
 * @param {(labels: Int32Array) => string|null} [o.validate]  extra check; returns an error text or null
 * @param {(data, meta) => void} o.onData   called with {x, labels} and {source:'builtin'|'csv', seed?, name?}
 */
export function dataSourceBox({ panel, builtinLabel, validate = () => null, onData, seed = 0 }) {
  const labelText = typeof builtinLabel === 'function' ? builtinLabel : () => builtinLabel;
  const seedId = uniqueId('seed'),
    fileId = uniqueId('csv');
  const seedInput = h('input', {
    type: 'number',
    id: seedId,
    min: 0,
    step: 1,
    value: String(seed),
    style: 'width: 6em',
  });
  const sourceText = h('p', { class: 'hint', 'data-role': 'data-source' });
  const fileInput = h('input', {
    type: 'file',
    id: fileId,
    accept: '.csv,text/csv,text/plain',
    class: 'visually-hidden',
    'data-role': 'csv-input',
  });
  const chooseButton = h(
    'button',
    { type: 'button', 'data-action': 'choose-csv', onclick: () => fileInput.click() },
    'Choose CSV file…',
  );
  const drop = h(
    'div',
    { class: 'drop-zone', 'data-role': 'drop-zone' },
    'Drop a CSV file here (x1,x2,label; header optional) or ',
    chooseButton,
  );

  async function loadText(text, name) {
    const parsed = await panel.run('data', 'data.parseCsv', { text, name }, { showProgress: false }).catch((err) => {
      // The parser says "file:LINE: what"; say it in words.
      const m = /^(.*):(\d+): (.*)$/s.exec(err.message);
      const what = m ? `line ${m[2]}: ${m[3]}` : err.message;
      panel.message(`Could not load ${name} — ${what}. The previous data is still shown.`, 'error');
      countEvent(panel.element, 'csvError');
      return null;
    });
    if (!parsed) return;
    const problem = validate(parsed.labels);
    if (problem) {
      panel.message(`Could not use ${name}: ${problem}. The previous data is still shown.`, 'error');
      countEvent(panel.element, 'csvError');
      return;
    }
    panel.message(`Loaded ${parsed.labels.length} points from ${name}.`, 'info');
    sourceText.textContent = `Data: ${name} (${parsed.labels.length} points)`;
    onData(parsed, { source: 'csv', name });
  }
  async function loadFile(file) {
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      panel.message(`${file.name} is larger than 20 MB.`, 'error');
      return;
    }
    await loadText(await file.text(), file.name);
  }
  fileInput.addEventListener('change', () => {
    loadFile(fileInput.files?.[0]);
    fileInput.value = '';
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    loadFile(e.dataTransfer?.files?.[0]);
  });

  const useBuiltin = () => {
    const s = Number(seedInput.value);
    if (!Number.isInteger(s) || s < 0) {
      panel.message('Seed must be a whole number ≥ 0.', 'error');
      return;
    }
    sourceText.textContent = `Data: ${labelText()}, seed ${s}`;
    onData(null, { source: 'builtin', seed: s });
  };
  const box = h(
    'fieldset',
    {},
    h('legend', {}, 'Data'),
    sourceText,
    h(
      'div',
      { class: 'row' },
      h('label', { for: seedId }, 'Seed'),
      seedInput,
      h('button', { type: 'button', 'data-action': 'builtin-data', onclick: useBuiltin }, 'Generate'),
    ),
    h('label', { for: fileId, class: 'visually-hidden' }, 'CSV file'),
    fileInput,
    drop,
  );
  return {
    element: box,
    setSeed(s) {
      seedInput.value = String(s);
      sourceText.textContent = `Data: ${labelText()}, seed ${s}`;
    },
    loadText,
  };
}
