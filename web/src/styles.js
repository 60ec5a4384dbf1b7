// One stylesheet for the page and for the embeddable element (where it lives in
// the shadow root, so nothing leaks in or out). Everything is scoped under
// .lethe-root. Text colours pass WCAG AA on their backgrounds: ink #1a1a1a on
// white 17:1, muted #505050 8:1, white on accent #0b5f94 6.9:1; the focus ring
// (#D55E00 3px, plus a white gap) is ≥ 3:1 against white and the accent.
const BASE_CSS = `
.lethe-root {
  --ink: #1a1a1a; --muted: #505050; --line: #c9c9c9; --bg: #ffffff; --soft: #f4f6f8;
  --accent: #0b5f94; --accent-ink: #ffffff; --focus: #D55E00; --warn-bg: #fff4e0; --warn: #7a3d00;
  --err-bg: #fdecea; --err: #8b1a10;
  color: var(--ink); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  box-sizing: border-box;
}
.lethe-root *, .lethe-root *::before, .lethe-root *::after { box-sizing: inherit; }
.lethe-panel { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; background: var(--bg); }
.lethe-panel h2 { font-size: 1.2rem; margin: 0 0 4px; }
.lethe-panel .explain { margin: 0 0 12px; color: var(--ink); max-width: 75ch; }
.lethe-panel .explain b { font-weight: 600; }
.panel-body { display: grid; grid-template-columns: minmax(0, 1fr) 290px; gap: 18px; align-items: start; }
@media (max-width: 760px) { .panel-body { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 480px) { .lethe-panel { padding: 12px 10px; } .lethe-panel h2 { font-size: 1.1rem; } }
.figures { display: grid; gap: 10px; min-width: 0; }
.figures.two { grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
.figure { min-width: 0; margin: 0; }
.figure figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
.figure canvas { display: block; width: 100%; touch-action: none; border-radius: 4px; }
.figure canvas.interactive { cursor: crosshair; }
.hint { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
.controls { display: grid; gap: 12px; align-content: start; }
.controls { min-width: 0; }
.controls fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px 10px; margin: 0; display: grid; gap: 8px; min-width: 0; }
.controls select { max-width: 100%; min-width: 0; }
.controls .row > select { flex: 1 1 10em; width: 100%; }
.controls legend { font-weight: 600; font-size: 13px; padding: 0 4px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.lethe-root label { font-size: 14px; }
.lethe-root button, .lethe-root select, .lethe-root input[type=number], .lethe-root input[type=text] {
  font: inherit; font-size: 14px; min-height: 34px; border-radius: 6px; border: 1px solid #767676;
  padding: 4px 10px; background: #fff; color: var(--ink);
}
.lethe-root button { cursor: pointer; background: var(--soft); }
.lethe-root button:hover:not(:disabled) { background: #e6eaee; }
.lethe-root button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); font-weight: 600; }
.lethe-root button.primary:hover:not(:disabled) { background: #084a73; }
.lethe-root button:disabled { opacity: 0.55; cursor: not-allowed; }
.lethe-root input[type=range] { width: 100%; accent-color: var(--accent); }
.lethe-root :focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 2px #fff;
}
.readout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0; margin: 0; font-size: 14px; }
.readout dt { color: var(--muted); font-size: 13px; }
.readout dd { margin: 0 0 6px; font-variant-numeric: tabular-nums; font-weight: 600; font-size: 15px; }
.readout dd:last-child { margin-bottom: 0; }
.readout dd.sentence { font-weight: 400; font-size: 14px; }
.counts { font-size: 14px; font-variant-numeric: tabular-nums; }
.counts b { font-weight: 600; }
.progress { display: grid; gap: 4px; }
.progress progress { width: 100%; height: 12px; }
.progress[hidden] { display: none; }
.message { border-radius: 6px; padding: 6px 10px; font-size: 14px; margin: 0; }
.message:empty { display: none; }
.message.error { background: var(--err-bg); color: var(--err); border: 1px solid #e6b0aa; }
.message.warn { background: var(--warn-bg); color: var(--warn); border: 1px solid #e8c48c; }
.message.info { background: var(--soft); color: var(--ink); border: 1px solid var(--line); }
.health { display: grid; gap: 6px; }
.health:empty { display: none; }
.health .hint { margin: 0; }
.drop-zone { border: 2px dashed #767676; border-radius: 8px; padding: 8px; font-size: 13px; color: var(--muted); text-align: center; }
.drop-zone.over { border-color: var(--accent); background: #e8f1f8; }
.seg { justify-self: start; display: inline-flex; border: 1px solid #767676; border-radius: 6px; overflow: hidden; }
.seg button { border: 0; border-radius: 0; min-height: 32px; }
.seg button[aria-pressed=true] { background: var(--accent); color: var(--accent-ink); }
/* The pressed button keeps its colours under the pointer: the generic hover rule above is
   more specific and would put white text on the light hover grey. */
.lethe-root .seg button[aria-pressed=true]:hover:not(:disabled) { background: #084a73; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** Adds PANEL_CSS to a document or shadow root once. */
export function adoptPanelStyles(target) {
  const root = target.head ?? target;
  if (root.querySelector?.('style[data-lethe]')) return;
  const style = (target.ownerDocument ?? target).createElement('style');
  style.dataset.lethe = '';
  style.textContent = PANEL_CSS;
  root.prepend(style);
}

export const LEGEND_CSS = `
.lethe-root .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 6px 0 0; font-size: 13px; }
.lethe-root .legend li { display: inline-flex; align-items: center; gap: 5px; }
.lethe-root .kl-table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; width: 100%; }
.lethe-root .kl-table th, .lethe-root .kl-table td { padding: 2px 6px; text-align: right; border-bottom: 1px solid #e3e3e3; }
.lethe-root .kl-table.centres { max-width: 560px; font-size: 14px; }
.lethe-root .kl-table.centres th { vertical-align: bottom; }
@media (max-width: 480px) { .lethe-root .kl-table.centres { font-size: 13px; } .lethe-root .kl-table.centres th, .lethe-root .kl-table.centres td { padding: 2px 4px; } }
.lethe-root .table-scroll { max-width: 100%; overflow-x: auto; }
.lethe-root .kl-table th:first-child, .lethe-root .kl-table td:first-child { text-align: left; }
`;

export const PANEL_CSS = BASE_CSS + LEGEND_CSS;
