// The demo page: four panels behind tabs, one compute worker per panel, and the
// active panel's state mirrored in the URL so a link reproduces the view.
import { ComputeClient } from './client.js';
import { adoptPanelStyles } from './styles.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { PANELS } from './panels/index.js';

adoptPanelStyles(document);

const spawnWorker = () =>
  new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'lethe-compute' });

// Tabs whose panel is not available in this build are removed.
for (const t of document.querySelectorAll('[role=tab]')) if (!PANELS[t.dataset.tab]) t.remove();
const tabs = [...document.querySelectorAll('[role=tab]')];
const host = document.getElementById('panel-host');
const mounted = new Map(); // key → {panel, container}
const fromUrl = readUrlState(location.search);
const initialPanel = PANELS[fromUrl.panel] ? fromUrl.panel : 'exact';
const initialState = fromUrl.state;
let active = null;

function syncUrl(key, state) {
  if (key !== active) return;
  const url = writeUrlState(key, state);
  if (url !== location.search) history.replaceState(null, '', url + location.hash);
  document.getElementById('share-link').value = location.href;
}

async function mount(key, state) {
  const Panel = PANELS[key];
  const container = document.createElement('div');
  container.id = `tabpanel-${key}`;
  container.setAttribute('role', 'tabpanel');
  container.setAttribute('aria-labelledby', `tab-${key}`);
  host.append(container);
  const compute = new ComputeClient(spawnWorker);
  const panel = new Panel({ host: container, compute, state, onStateChange: (s) => syncUrl(key, s) });
  mounted.set(key, { panel, container });
  (window.__letheDebug ??= {})[key] = panel; // for the browser tests
  await panel.init();
  return panel;
}

async function activate(key, state = {}) {
  active = key;
  for (const t of tabs) {
    const on = t.dataset.tab === key;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
  }
  for (const [k, m] of mounted) m.container.hidden = k !== key;
  let entry = mounted.get(key);
  if (!entry) {
    const panel = await mount(key, state);
    entry = mounted.get(key);
    if (active === key) syncUrl(key, panel.getState());
  } else {
    entry.panel.redrawAll();
    syncUrl(key, entry.panel.getState());
  }
  return entry.panel;
}

tabs.forEach((t, i) => {
  t.addEventListener('click', () => activate(t.dataset.tab));
  t.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (step === undefined && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const j = e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : (i + step + tabs.length) % tabs.length;
    tabs[j].focus();
    activate(tabs[j].dataset.tab);
  });
});

document.getElementById('copy-link').addEventListener('click', async () => {
  const input = document.getElementById('share-link');
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    document.getElementById('copy-status').textContent = 'Link copied.';
  } catch {
    document.getElementById('copy-status').textContent = 'Select the link and copy it (Ctrl+C).';
  }
});

// Page ready = module instantiated in the worker and the first panel drawn.
activate(initialPanel, initialState)
  .then(() => {
    const ms = performance.now();
    window.__letheReadyMs = ms;
    document.body.dataset.ready = 'true';
    document.getElementById('ready-time').textContent = `Ready in ${Math.round(ms)} ms.`;
  })
  .catch((err) => {
    document.getElementById('page-error').textContent = `Could not start the demo: ${err.message}`;
    throw err;
  });
