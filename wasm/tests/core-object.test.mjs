// The stateful classes' shared CoreObject (wasm/src/core-object.js): every member of
// every class, forwarded by name or written out, answers while the object lives and
// refuses after dispose() with an Error naming the class and the member; dispose() twice
// is harmless, and `using`'s Symbol.dispose frees the object too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLethe } from '../index.js';

const lethe = await loadLethe();

const rows = [
  [0, 1],
  [1, 0],
  [2, 2],
  [3, 1],
  [1, 3],
];

// One live object per class, with members whose calls need no argument.
function objects() {
  const mixture = lethe.makeBifMixture({ seed: 3, n: 200 });
  const { x, y } = lethe.makeRegression1d({ seed: 2 });
  return [
    [
      'ExactRegression',
      lethe.fitExactRegression(x, y),
      ['remaining', 'forgottenIds', 'posterior', 'retrainedPosterior'],
    ],
    [
      'MoonsProblem',
      lethe.moonsProblem({ seed: 0, n: 60, forget: 'tip' }),
      ['data', 'inducing', 'learnSeconds', 'forgotten', 'fullPosterior'],
    ],
    [
      'GmmForgetting',
      lethe.createGmmForgetting(mixture, { iterations: 10 }),
      ['components', 'size', 'iterations', 'trained'],
    ],
    [
      'GmmRetrainPolicy',
      lethe.createGmmRetrainPolicy(mixture, { iterations: 10 }),
      ['components', 'phase', 'progress', 'means'],
    ],
    ['LetheModel', lethe.train({ family: 'linear', x: rows, y: [1, 2, 3, 4, 5], now: 1 }), ['status', 'score', 'save']],
  ];
}

test('every forwarded member answers while the object lives and names itself after dispose()', () => {
  for (const [name, object, members] of objects()) {
    for (const m of members) {
      const value = typeof object[m] === 'function' ? object[m]() : object[m];
      assert.notEqual(value, undefined, `${name}.${m} answered nothing`);
    }
    object.dispose();
    object.dispose(); // a second call does nothing
    for (const m of members)
      assert.throws(
        () => (typeof object[m] === 'function' ? object[m]() : object[m]),
        (e) => e instanceof Error && e.message === `${name}.${m}: the object has been disposed`,
        `${name}.${m} after dispose`,
      );
  }
});

test('Symbol.dispose frees the object as dispose() does; the members are on the class, not the instance', () => {
  for (const [name, object, members] of objects()) {
    object[Symbol.dispose]();
    assert.throws(
      () => (typeof object[members[0]] === 'function' ? object[members[0]]() : object[members[0]]),
      /disposed/,
    );
    assert.deepEqual(Object.keys(object), [], `${name} holds no own enumerable state`);
    for (const m of members) assert.ok(m in Object.getPrototypeOf(object), `${name}.${m} is on the prototype`);
  }
});
