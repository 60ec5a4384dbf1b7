// The data-size control of the 2-D panels: how many points the built-in data
// set has, from 100 to 100 000, the panel's default size marked and chosen on
// arrival. Changing it generates new data of that size (the same generator and
// seed); the panel then learns, forgets and retrains on it like on any data.
import { h, uniqueId } from './dom.js';

/** The sizes offered (a panel's default is added when it is not one of them). */
export const SIZES = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

/** 10000 → "10 000" (a thin space groups the thousands, as the page's prose writes them). */
export const groupDigits = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');

/** The size a link asked for if it is one of the offered sizes, else the panel's default. */
export function validSize(requested, defaultSize) {
  return sizesWith(defaultSize).includes(requested) ? requested : defaultSize;
}

function sizesWith(defaultSize) {
  return [...new Set([...SIZES, defaultSize])].sort((a, b) => a - b);
}

/**
 * @param {object} o
 * @param {number} o.value        the size shown first
 * @param {number} o.defaultSize  the panel's default (marked in the list)
 * @param {(n: number) => void} o.onChange  called when the user picks another size
 * @param {string} [o.note]       one line under the control (what a larger size costs)
 * @returns {{element: HTMLElement, value: number, set(n: number): void}}
 */
export function sizeControl({ value, defaultSize, onChange, note = '' }) {
  const id = uniqueId('size');
  const select = h(
    'select',
    { id, 'data-role': 'size' },
    sizesWith(defaultSize).map((n) =>
      h(
        'option',
        { value: String(n), selected: n === value },
        `${groupDigits(n)} points${n === defaultSize ? ' (default)' : ''}`,
      ),
    ),
  );
  select.addEventListener('change', () => onChange(Number(select.value)));
  const element = h(
    'fieldset',
    { 'data-role': 'size-box' },
    h('legend', {}, 'Data size'),
    h('div', { class: 'row' }, h('label', { for: id }, 'Points N'), select),
    note ? h('p', { class: 'hint' }, note) : '',
  );
  return {
    element,
    get value() {
      return Number(select.value);
    },
    set(n) {
      select.value = String(n);
    },
  };
}
