// The JavaScript face of one embind object, shared by every stateful class of the
// module: it owns the object (dispose() frees it, a second call does nothing, `using`
// frees it too) and refuses any call after dispose() with an Error naming the class
// and the method. Members that only forward to the core object, with no argument to
// check and no result to shape, are listed by name (forward) rather than written out.
import { disposedError } from './checks.js';

/** The live core object, for the subclasses' own methods: `this[live]('method')`. */
export const live = Symbol('live');

export class CoreObject {
  #object;
  #name;
  constructor(name, object) {
    this.#name = name;
    this.#object = object;
  }
  [live](method) {
    if (!this.#object) throw disposedError(this.#name, method);
    return this.#object;
  }
  /** Frees the wasm-side state. Safe to call twice. */
  dispose() {
    if (this.#object) {
      this.#object.delete();
      this.#object = null;
    }
  }
  [Symbol.dispose]() {
    this.dispose();
  }
}

/** Adds to `Class` getters and methods that call the core object's method of the same name. */
export function forward(Class, { getters = [], methods = [] }) {
  for (const name of getters)
    Object.defineProperty(Class.prototype, name, {
      get() {
        return this[live](name)[name]();
      },
      configurable: true,
    });
  for (const name of methods)
    Object.defineProperty(Class.prototype, name, {
      value() {
        return this[live](name)[name]();
      },
      writable: true,
      configurable: true,
    });
}
