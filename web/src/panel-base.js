// What every panel shares: the frame (title, explanation, figures, controls),
// a status line, a progress bar with cancel, the plot whose points are marked
// for erasure, the Forget buttons with their count read-out, redraw on resize,
// and what the worker is doing mirrored on the panel element (data-busy,
// data-cancelling) for scripts and the browser tests to wait on.
import { h, uniqueId, countEvent } from './dom.js';
import { ignoreCancelled } from './client.js';
import { attachCanvasSelection, sameIds } from './selection.js';

export class PanelBase {
  /**
   * @param {object} o
   * @param {HTMLElement} o.host      element the panel renders into
   * @param {import('./client.js').ComputeClient} o.compute
   * @param {object} [o.state]        initial state (panel-specific, from the URL or attributes)
   * @param {(state: object) => void} [o.onStateChange]
   */
  constructor({ host, compute, state = {}, onStateChange = () => {} }) {
    this.host = host;
    this.compute = compute;
    this.initialState = state;
    this.onStateChange = onStateChange;
    this.disposed = false;
  }

  /** Builds the common frame. `figures` and `controls` are element arrays. */
  frame({ key, title, explain, figures, controls, twoFigures = false }) {
    const titleId = uniqueId(`${key}-title`);
    this.messageEl = h('p', { class: 'message', role: 'status', 'aria-live': 'polite', 'data-role': 'message' });
    this.progressBar = h('progress', { max: 1, value: 0, 'aria-label': 'progress' });
    this.progressText = h('span', { class: 'hint', 'data-role': 'progress-text' });
    this.cancelButton = h(
      'button',
      { type: 'button', 'data-action': 'cancel', onclick: () => this.cancel() },
      'Cancel',
    );
    this.progressEl = h(
      'div',
      { class: 'progress', hidden: true, 'data-role': 'progress' },
      this.progressBar,
      h('div', { class: 'row' }, this.progressText, this.cancelButton),
    );
    this.element = h(
      'section',
      { class: 'lethe-panel', 'data-panel': key, 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', { class: 'explain' }, ...explain),
      h(
        'div',
        { class: 'panel-body' },
        h('div', { class: `figures${twoFigures ? ' two' : ''}` }, ...figures),
        h('div', { class: 'controls' }, ...controls, this.progressEl, this.messageEl),
      ),
    );
    this.host.append(this.element);
    this.showActivity = () => this.mirrorActivity();
    this.compute.addEventListener('activity', this.showActivity);
    this.mirrorActivity();
    this.resizeObserver = new ResizeObserver(() => {
      if (!this.disposed) this.redrawAll();
    });
    this.resizeObserver.observe(this.element);
  }

  /**
   * data-busy: the tasks the worker is running for this panel (space-separated;
   * absent when idle). data-cancelling: how many cancelled jobs the worker has
   * not let go of yet (absent when none; after that no cancelled job can report).
   */
  mirrorActivity() {
    const set = (name, value) => {
      if (value) this.element.dataset[name] = value;
      else delete this.element.dataset[name];
    };
    set('busy', [...new Set(this.compute.liveTasks)].join(' '));
    set('cancelling', this.compute.pendingCancels ? String(this.compute.pendingCancels) : '');
  }

  message(text, kind = 'info') {
    this.messageEl.textContent = text ?? '';
    this.messageEl.className = `message ${kind}`;
  }

  /** Shows progress for a running job; `value` in [0,1] or null to hide. */
  progress(value, text = '') {
    if (value === null) {
      this.progressEl.hidden = true;
      return;
    }
    this.progressEl.hidden = false;
    this.progressBar.value = value;
    this.progressText.textContent = text || `${Math.round(value * 100)} %`;
  }

  /** Runs a worker task on this panel's channel with progress shown; Cancelled resolves to undefined. */
  async run(channel, task, args, { label = 'Working', showProgress = true, onDetail = null } = {}) {
    if (showProgress) this.progress(0, `${label}…`);
    if (this.messageEl.textContent.startsWith('Cancelled')) this.message('');
    const job = this.compute.run(task, args, {
      channel,
      onProgress: (v, detail) => {
        if (showProgress) this.progress(v, detail?.text ?? `${label}… ${Math.round(v * 100)} %`);
        if (detail && onDetail) onDetail(detail);
      },
    });
    // The progress bar and its Cancel button belong to the latest job that shows progress.
    if (showProgress) this.currentJob = job;
    try {
      return await job;
    } catch (err) {
      return ignoreCancelled(err);
    } finally {
      if (showProgress && this.currentJob === job) {
        this.currentJob = null;
        this.progress(null);
      }
    }
  }

  cancel() {
    if (this.currentJob) {
      this.currentJob.cancel();
      this.currentJob = null;
      this.progress(null);
      this.message('Cancelled. The figures show the last finished result.', 'warn');
      countEvent(this.element, 'cancelled');
      this.afterCancel?.();
    }
  }

  /** The plot canvas on which points are marked (focusable: the keyboard moves a cursor). */
  interactivePlot(ariaLabel) {
    return h('canvas', {
      class: 'interactive',
      tabindex: 0,
      'data-role': 'plot',
      role: 'img',
      'aria-label': ariaLabel,
    });
  }

  /**
   * Wires the plot to this.selection: clicks, drags (`boxMode` 'box' or 'range')
   * and keys mark points; every change updates the counts, the figure and the URL.
   */
  attachSelection(canvas, boxMode) {
    this.picker = attachCanvasSelection(canvas, {
      selection: this.selection,
      boxMode,
      points: () => this.screenPoints(),
      redraw: (overlay) => this.draw(overlay),
    });
    this.selection.onChange = () => {
      this.updateCounts();
      this.draw();
      this.notifyState();
    };
  }

  /** The Forget box's elements: the count read-out, the panel's action (Forget / Forget), Undo and Reset. */
  forgetButtons({ action, label, onAction }) {
    this.countsEl = h('p', { class: 'counts', 'data-role': 'counts', 'aria-live': 'polite' });
    this.actionButton = h(
      'button',
      { type: 'button', class: 'primary', 'data-action': action, onclick: onAction },
      label,
    );
    this.undoButton = h(
      'button',
      { type: 'button', 'data-action': 'undo', onclick: () => this.selection.undo() },
      'Undo',
    );
    this.resetButton = h('button', { type: 'button', 'data-action': 'reset', onclick: () => this.reset() }, 'Reset');
  }

  /**
   * "n points · m marked · e forgotten" for `n` points, `this.selection` and the ids
   * `this.applied` forgotten. With `staleHint`, says so when the marked set is no
   * longer the forgotten one; with `inModel`, adds how many points the model keeps.
   */
  showCounts(n, { staleHint = null, inModel = false } = {}) {
    const marked = this.selection.size,
      forgotten = this.applied?.size ?? 0;
    const stale = staleHint && this.applied && !sameIds([...this.applied], this.selection.sorted());
    this.countsEl.replaceChildren(
      h('b', {}, String(n)),
      ' points · ',
      h('b', { 'data-role': 'marked-count' }, String(marked)),
      ' marked · ',
      h('b', { 'data-role': 'forgotten-count' }, String(forgotten)),
      ' forgotten',
      ...(inModel ? [' · ', h('b', {}, String(n - forgotten)), ' in the model'] : []),
      stale ? h('span', { class: 'hint' }, ` (selection changed: ${staleHint})`) : '',
    );
    this.actionButton.disabled = marked === 0;
    this.undoButton.disabled = !this.selection.canUndo;
  }

  /** The marked ids in increasing order, or null with `hint` shown as a warning when none are. */
  markedIds(hint) {
    const ids = this.selection.sorted();
    if (ids.length) return ids;
    this.message(hint, 'warn');
    return null;
  }

  /** A finished erasure of the ids `forget`: its result becomes what the panel shows. */
  showErasure(result, forget) {
    this.result = result;
    this.applied = new Set(forget);
    this.showResult();
  }

  /** Width available to a figure, in CSS pixels. */
  figureWidth(canvas, fallback = 600) {
    const w = canvas.parentElement?.clientWidth;
    return Math.max(200, Math.floor(w || fallback));
  }

  /** Coalesces repaints to one per animation frame (progress can arrive faster than we draw). */
  scheduleDraw() {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      if (!this.disposed) this.draw();
    });
  }

  /** Repaints every figure (on resize / when shown again). */
  redrawAll() {
    this.draw();
  }

  notifyState() {
    this.onStateChange(this.getState());
  }

  dispose() {
    this.disposed = true;
    this.resizeObserver?.disconnect();
    if (this.showActivity) this.compute.removeEventListener('activity', this.showActivity);
    this.cancel();
    this.element?.remove();
  }
}
