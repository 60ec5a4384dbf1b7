// Selection of data points to forget, shared by the panels: a set of row ids with
// an undo history, and pointer/keyboard handling on a canvas (click a point to
// toggle it, drag a box to select what it covers — replacing the selection, or
// adding to it with Shift — arrow keys move a cursor, Space/Enter toggles).

export class Selection {
  #ids = new Set();
  #history = [];
  onChange = () => {};

  get ids() {
    return this.#ids;
  }
  get size() {
    return this.#ids.size;
  }
  has(id) {
    return this.#ids.has(id);
  }
  sorted() {
    return [...this.#ids].sort((a, b) => a - b);
  }
  get canUndo() {
    return this.#history.length > 0;
  }

  #commit(next) {
    const same = next.size === this.#ids.size && [...next].every((id) => this.#ids.has(id));
    if (same) return;
    this.#history.push(this.#ids);
    if (this.#history.length > 200) this.#history.shift();
    this.#ids = next;
    this.onChange();
  }

  toggle(id) {
    const next = new Set(this.#ids);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.#commit(next);
  }
  add(ids) {
    this.#commit(new Set([...this.#ids, ...ids]));
  }
  replace(ids) {
    this.#commit(new Set(ids));
  }
  clear() {
    this.#commit(new Set());
  }
  undo() {
    if (!this.#history.length) return;
    this.#ids = this.#history.pop();
    this.onChange();
  }
  /** Sets without history (loading state from a URL or a new data set). */
  reset(ids = []) {
    this.#ids = new Set(ids);
    this.#history = [];
    this.onChange();
  }
}

/** The ids that name a row of a data set with `count` rows (a link may carry anything). */
export function validIds(ids, count) {
  return ids.filter((id) => Number.isInteger(id) && id >= 0 && id < count);
}

/** Whether two arrays of distinct ids hold the same ids, in any order. */
export function sameIds(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((v) => s.has(v));
}

/**
 * Pointer and keyboard selection on a canvas.
 * opts.points(): [{id, px, py}] in CSS pixels; opts.selection: Selection;
 * opts.boxMode: 'box' (2-D) or 'range' (x only); opts.redraw(overlay) repaints
 * with overlay = {box:[x0,y0,x1,y1]} while dragging and {cursor:id} for the keyboard cursor.
 */
export function attachCanvasSelection(canvas, opts) {
  const { selection, boxMode = 'box' } = opts;
  let drag = null;
  let cursor = null;
  const local = (e) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const nearest = (x, y, maxDist = 9) => {
    let best = null,
      bd = maxDist * maxDist;
    for (const p of opts.points()) {
      const d = (p.px - x) ** 2 + (p.py - y) ** 2;
      if (d <= bd) {
        bd = d;
        best = p;
      }
    }
    return best;
  };
  const inBox = ([x0, y0, x1, y1]) => {
    const [ax, bx] = [Math.min(x0, x1), Math.max(x0, x1)],
      [ay, by] = [Math.min(y0, y1), Math.max(y0, y1)];
    return opts
      .points()
      .filter((p) => p.px >= ax && p.px <= bx && (boxMode === 'range' || (p.py >= ay && p.py <= by)))
      .map((p) => p.id);
  };
  // The keyboard cursor is only drawn while the canvas has keyboard focus.
  const overlay = () => ({
    box: drag?.moved ? drag.box : null,
    cursor: canvas.matches(':focus-visible') ? cursor : null,
  });

  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || opts.enabled?.() === false) return;
    const [x, y] = local(e);
    drag = { start: [x, y], box: [x, y, x, y], moved: false, shift: e.shiftKey };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const [x, y] = local(e);
    drag.box = [drag.start[0], drag.start[1], x, y];
    if (Math.hypot(x - drag.start[0], y - drag.start[1]) > 4) drag.moved = true;
    if (drag.moved) opts.redraw(overlay());
  });
  const end = (e) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (d.moved) {
      const ids = inBox(d.box);
      if (d.shift || e.shiftKey) selection.add(ids);
      else selection.replace(ids);
    } else {
      const p = nearest(...d.start);
      if (p) {
        cursor = p.id;
        selection.toggle(p.id);
      }
    }
    opts.redraw(overlay());
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', () => {
    drag = null;
    opts.redraw(overlay());
  });

  // Keyboard: arrows move the cursor to the nearest point in that direction.
  canvas.addEventListener('keydown', (e) => {
    const pts = opts.points();
    if (!pts.length) return;
    const dirs = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (e.key in dirs) {
      e.preventDefault();
      const cur = pts.find((p) => p.id === cursor);
      if (!cur) {
        cursor = [...pts].sort((a, b) => a.px - b.px || a.py - b.py)[0].id;
      } else {
        const [dx, dy] = dirs[e.key];
        let best = null,
          bs = Infinity;
        for (const p of pts) {
          if (p.id === cur.id) continue;
          const vx = p.px - cur.px,
            vy = p.py - cur.py;
          const along = vx * dx + vy * dy;
          if (along <= 0) continue;
          const across = Math.abs(vx * dy - vy * dx);
          const score = along + 2.5 * across; // prefer points straight ahead
          if (score < bs) {
            bs = score;
            best = p;
          }
        }
        if (best) cursor = best.id;
      }
      opts.redraw(overlay());
      opts.onCursor?.(cursor);
    } else if ((e.key === ' ' || e.key === 'Enter') && cursor !== null && opts.enabled?.() !== false) {
      e.preventDefault();
      selection.toggle(cursor);
      opts.redraw(overlay());
    } else if (e.key === 'Escape') {
      cursor = null;
      opts.redraw(overlay());
    }
  });
  canvas.addEventListener('focus', () => opts.redraw(overlay()));
  canvas.addEventListener('blur', () => opts.redraw({ box: null, cursor: null }));
  return {
    get cursor() {
      return cursor;
    },
    set cursor(id) {
      cursor = id;
    },
    overlay,
  };
}
