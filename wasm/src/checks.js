// Strict arguments for the JavaScript API. Embind converts whatever it is handed
// (the string '100' to 100, NaN to 0 for an int, 2^32 + 5 to 5), and an option key
// that nothing reads is silently ignored, so a typo or a wrong type would run the
// computation with values the caller never chose. So every argument is checked
// here, in JavaScript, before anything is copied into wasm: its type, that it is
// finite, and the row limit of the wasm build. The core then checks what the values
// mean (ranges, sizes, row ids). Messages follow the core's style,
// "function: parameter 'name' must … (got …)".
//
// A check is a function (fn, name, value) that throws an Error or returns nothing;
// the option tables (options.js) map each option key to one.

/**
 * The most rows the wasm build accepts: in a generated data set, in any array
 * passed in (n×2 point arrays count rows of 2), and in randomStream's draws. A
 * million rows of two doubles is 16 MB; the computations on them take several
 * times that, which still fits in the wasm heap (at most 2 GB).
 */
export const MAX_ROWS = 1_000_000;

const INT32_MAX = 2 ** 31 - 1;

/** A value as the "(got …)" of a message shows it: NaN as NaN, strings quoted, the rest by kind. */
export function shown(value) {
  switch (typeof value) {
    case 'number':
      return String(value);
    case 'string':
      return `string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'boolean':
      return `boolean ${value}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${value.length}`;
      return 'an object';
  }
}

/** The same for a value of the wrong type, where a bare number would not say that it is one. */
export function shownWithType(value) {
  return typeof value === 'number' ? `number ${value}` : shown(value);
}

/** Throws "fn: parameter 'name' requirement (got got)". */
export function fail(fn, name, requirement, got) {
  throw new Error(`${fn}: parameter '${name}' ${requirement} (got ${got})`);
}

// --- Scalars.

export function number(fn, name, value) {
  if (typeof value !== 'number') fail(fn, name, 'must be a number', shownWithType(value));
  if (!Number.isFinite(value)) fail(fn, name, 'must be finite', shown(value));
}

/** An integer the core's int holds (embind would wrap a larger one around silently). */
export function integer(fn, name, value) {
  number(fn, name, value);
  if (!Number.isInteger(value)) fail(fn, name, 'must be an integer', shown(value));
  if (Math.abs(value) > INT32_MAX) fail(fn, name, `must be an integer of magnitude at most ${INT32_MAX}`, shown(value));
}

/**
 * A number of rows (or draws) to generate: an integer up to MAX_ROWS. The row limit
 * is checked before the int range, as it is the one a caller can act on. Below
 * the lower bound the core's own check says what the least is.
 */
export function rowCount(fn, name, value) {
  number(fn, name, value);
  if (!Number.isInteger(value)) fail(fn, name, 'must be an integer', shown(value));
  if (value > MAX_ROWS) fail(fn, name, `must be at most ${MAX_ROWS}, the row limit of the wasm build`, shown(value));
  integer(fn, name, value);
}

export function boolean(fn, name, value) {
  if (typeof value !== 'boolean') fail(fn, name, 'must be a boolean', shownWithType(value));
}

export function string(fn, name, value) {
  if (typeof value !== 'string') fail(fn, name, 'must be a string', shownWithType(value));
}

export function callback(fn, name, value) {
  if (typeof value !== 'function') fail(fn, name, 'must be a function', shownWithType(value));
}

// --- Arrays.

function isArrayLike(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof DataView) &&
    Number.isSafeInteger(value.length) &&
    value.length >= 0
  );
}

// Typed arrays of integers hold nothing but finite numbers: no need to look inside.
const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];

/**
 * An array-like of finite numbers with at most MAX_ROWS rows of `columns` numbers.
 * The length is checked first, so that an oversized array is not walked through.
 */
function numbersIn(fn, name, value, columns) {
  if (!isArrayLike(value) || value instanceof BigInt64Array || value instanceof BigUint64Array)
    fail(fn, name, 'must be an array of numbers', shownWithType(value));
  const rows = Math.ceil(value.length / columns);
  if (rows > MAX_ROWS) {
    const unit = columns === 1 ? 'numbers' : `rows of ${columns}`;
    fail(fn, name, `must hold at most ${MAX_ROWS} ${unit}, the row limit of the wasm build`, `${rows} ${unit}`);
  }
  if (integerArrays.some((type) => value instanceof type)) return;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number') fail(fn, name, 'must hold numbers only', `${shownWithType(v)} at index ${i}`);
    if (!Number.isFinite(v)) fail(fn, name, 'must be finite', `${shown(v)} at index ${i}`);
  }
}

/** One number per row: a 1-D series, labels, λ values. */
export function numbers(fn, name, value) {
  numbersIn(fn, name, value, 1);
}

/** Points in the plane, row-major n×2. */
export function points(fn, name, value) {
  numbersIn(fn, name, value, 2);
}

/** Row ids (the core checks that they are integers, in range and distinct). */
export const ids = numbers;

/** Training-set sizes, each at most MAX_ROWS. */
export function sizes(fn, name, value) {
  numbersIn(fn, name, value, 1);
  for (let i = 0; i < value.length; i++)
    if (value[i] > MAX_ROWS)
      fail(
        fn,
        name,
        `must hold sizes of at most ${MAX_ROWS}, the row limit of the wasm build`,
        `${value[i]} at index ${i}`,
      );
}

// --- Composites.

/** Labelled points { x: row-major n×2, labels }. */
export function labelledPoints(fn, name, value) {
  if (value === null || typeof value !== 'object' || value.x == null || value.labels == null)
    fail(fn, name, 'must be an object { x, labels }', shownWithType(value));
  points(fn, 'x', value.x);
  numbers(fn, 'labels', value.labels);
}

/** A Gaussian { mean, covariance } (the core checks the shapes). */
export function gaussian(fn, name, value) {
  if (value === null || typeof value !== 'object' || value.mean == null || value.covariance == null)
    fail(fn, name, 'must be an object { mean, covariance }', shownWithType(value));
  numbers(fn, `${name}.mean`, value.mean);
  numbers(fn, `${name}.covariance`, value.covariance);
}

/** Forgotten rows: row ids, or the name of a scenario (the core checks the name). */
export function idsOrScenario(fn, name, value) {
  if (typeof value !== 'string') ids(fn, name, value);
}

/** A removal scenario: its name, or a count per cluster. */
export function scenarioOrCount(fn, name, value) {
  if (typeof value === 'string') return;
  if (typeof value !== 'number') fail(fn, name, 'must be a scenario name or a count per cluster', shownWithType(value));
  rowCount(fn, name, value);
}

// --- Described options (the core's option sets, lethe.optionSpecs()).

function inSpecRange(spec, v) {
  if (!Number.isFinite(v)) return false;
  if (spec.exclusiveMinimum ? !(v > spec.minimum) : !(v >= spec.minimum)) return false;
  return v <= spec.maximum;
}

/**
 * The check of one described option: its type (as the other checks say it), then
 * its range, choices or number of entries, failing with the core's requirement text
 * ("must be an integer in [1, 2147483647]"), the same as the CLI's.
 */
export function described(spec) {
  const int32 = spec.minimum >= -INT32_MAX - 1 && spec.maximum <= INT32_MAX;
  const integral = spec.type === 'integer' || spec.type === 'integers';
  const check = (fn, name, value) => {
    switch (spec.type) {
      case 'number':
      case 'integer':
        if (spec.type === 'integer' && int32) integer(fn, name, value);
        else number(fn, name, value);
        if (!inSpecRange(spec, value) || (integral && !Number.isInteger(value)))
          fail(fn, name, spec.requirement, shown(value));
        return;
      case 'bool':
        boolean(fn, name, value);
        return;
      case 'enum':
        string(fn, name, value);
        if (!spec.choices.includes(value)) fail(fn, name, spec.requirement, `'${value}'`);
        return;
      case 'text':
        string(fn, name, value);
        return;
      default: {
        numbers(fn, name, value);
        const n = value.length;
        if (n < spec.minCount || (spec.maxCount > 0 && n > spec.maxCount))
          fail(fn, name, spec.requirement, `${n} ${n === 1 ? 'entry' : 'entries'}`);
        for (let i = 0; i < n; i++)
          if (!inSpecRange(spec, value[i]) || (integral && !Number.isInteger(value[i])))
            fail(fn, name, spec.requirement, `${shown(value[i])} at index ${i}`);
      }
    }
  };
  check.spec = spec;
  return check;
}

/** Marks a check as required: an absent (undefined) value fails it too. */
export function required(check) {
  const wrapped = (fn, name, value) => check(fn, name, value);
  wrapped.required = true;
  if (check.spec) wrapped.spec = check.spec;
  return wrapped;
}

// --- Deprecated names (kept for one release; each warns once per function and name).

const warned = new Set();
/** Notes on the console, once, that `what` (e.g. "ExactRegression.erase") is deprecated for `replacement`. */
export function deprecated(what, replacement) {
  if (warned.has(what)) return;
  warned.add(what);
  console.warn(`lethe: ${what} is deprecated; use ${replacement}`);
}

/** A deprecated key of an options table, read as `newKey` (which must not be given too). */
export function renamed(newKey) {
  const alias = () => {};
  alias.renamedTo = newKey;
  return alias;
}

/** An options object nested under a key, checked against its own table. */
export function nested(table) {
  // `table` may be a function returning it: a table built from the core's descriptions
  // exists only once the module has loaded (options.js installOptionSpecs).
  return (fn, name, value) => {
    checkOptions(fn, value, typeof table === 'function' ? table() : table, { parameter: name, prefix: `${name}.` });
  };
}

/**
 * Checks an options object against its table (options.js): it must be a plain
 * object (or undefined: no options), every key must be in the table, and every
 * value given must pass the key's check; an undefined value counts as absent.
 * `parameter` names the object itself in a message; `prefix` goes before its keys
 * (for an object nested in another). A deprecated key (renamed()) is read as its new
 * name. Returns the options (a copy if a key was renamed), or {} for undefined.
 */
export function checkOptions(fn, options, table, { parameter = 'options', prefix = '' } = {}) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options))
    fail(fn, parameter, 'must be an object', shownWithType(options));
  for (const key of Object.keys(options))
    if (!Object.hasOwn(table, key))
      throw new Error(`${fn}: unknown option '${prefix}${key}' (allowed: ${Object.keys(table).join(', ')})`);
  for (const [key, check] of Object.entries(table)) {
    if (!check.renamedTo || options[key] === undefined) continue;
    const to = check.renamedTo;
    if (options[to] !== undefined)
      throw new Error(
        `${fn}: options '${prefix}${key}' and '${prefix}${to}' are the same option: give '${prefix}${to}'`,
      );
    deprecated(`${fn}: option '${prefix}${key}'`, `'${prefix}${to}'`);
    options = { ...options, [to]: options[key] };
    delete options[key];
  }
  for (const [key, check] of Object.entries(table)) {
    const value = options[key];
    if (value !== undefined || check.required) check(fn, prefix + key, value);
  }
  return options;
}

/** The Error of a method called on a stateful object after its dispose(). */
export function disposedError(object, method) {
  return new Error(`${object}.${method}: the object has been disposed`);
}

/** Classification data { x: row-major n×features, labels, features } (BNN; the core checks the labels). */
export function classificationData(fn, name, value) {
  if (value === null || typeof value !== 'object' || value.x == null || value.labels == null)
    fail(fn, name, 'must be an object { x, labels, features }', shownWithType(value));
  integer(fn, `${name}.features`, value.features);
  if (value.features < 1) fail(fn, `${name}.features`, 'must be at least 1', shown(value.features));
  numbersIn(fn, `${name}.x`, value.x, value.features);
  numbers(fn, `${name}.labels`, value.labels);
}

// --- Matrices and the model lifecycle (model.js).

/** A matrix: rows (an array of array-likes of numbers) or a row-major array-like of numbers. */
export function matrixLike(fn, name, value) {
  if (!isArrayLike(value) || value instanceof BigInt64Array || value instanceof BigUint64Array)
    fail(fn, name, 'must be an array of rows or a row-major array of numbers', shownWithType(value));
}

/**
 * A matrix as a row-major Float64Array: `value` is rows (an array of array-likes, all
 * of the same length) or flat row-major numbers with `columns` per row (`columns`
 * null: rows only). Returns { flat, columns }; at most MAX_ROWS rows.
 */
export function matrix(fn, name, value, columns) {
  matrixLike(fn, name, value);
  if (Array.isArray(value) && value.length > 0 && isArrayLike(value[0])) {
    const k = value[0].length;
    if (columns != null && k !== columns) fail(fn, name, `must have rows of ${columns} numbers`, `a first row of ${k}`);
    if (value.length > MAX_ROWS)
      fail(fn, name, `must hold at most ${MAX_ROWS} rows, the row limit of the wasm build`, `${value.length} rows`);
    const flat = new Float64Array(value.length * k);
    value.forEach((row, i) => {
      if (!isArrayLike(row) || row.length !== k)
        fail(fn, name, `must have rows of ${k} numbers (as its first)`, `${shownWithType(row)} at row ${i}`);
      numbersIn(fn, `${name}[${i}]`, row, 1);
      flat.set(row, i * k);
    });
    return { flat, columns: k };
  }
  if (columns == null)
    fail(fn, 'features', 'is required when x is a flat row-major array (the number of columns)', 'undefined');
  numbersIn(fn, name, value, columns);
  if (value.length % columns !== 0)
    fail(fn, name, `must hold a multiple of ${columns} numbers (row-major, ${columns} per row)`, `${value.length}`);
  return { flat: Float64Array.from(value), columns };
}

/** Seconds since 1970 (or any integer a double holds exactly). */
export function seconds(fn, name, value) {
  number(fn, name, value);
  if (!Number.isSafeInteger(value)) fail(fn, name, 'must be an integer of magnitude at most 2^53 − 1', shown(value));
}

/** An array of strings. */
export function strings(fn, name, value) {
  if (!Array.isArray(value)) fail(fn, name, 'must be an array of strings', shownWithType(value));
  value.forEach((v, i) => {
    if (typeof v !== 'string') fail(fn, name, 'must hold strings only', `${shownWithType(v)} at index ${i}`);
  });
}

/**
 * A plain object of numbers, or of a choice's token (a string): a family's options,
 * whose keys, ranges and tokens the core checks, as it knows them.
 */
export function numberRecord(fn, name, value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value))
    fail(fn, name, 'must be an object of numbers', shownWithType(value));
  for (const [key, v] of Object.entries(value))
    if (v !== undefined && typeof v !== 'string') number(fn, `${name}.${key}`, v);
}
