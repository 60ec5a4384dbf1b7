// The options of the experiments are described once, in the core
// (core/lethe/experiments/option_sets.cpp); the hand-written declarations must say
// the same: every described option is declared in its interface (wasm/types/*.d.ts)
// with a matching type, and every other declared key is one of the routine's own
// arguments, listed in its table (wasm/src/options.js). The JavaScript checks and the
// embind reader follow the same descriptions: a value out of range fails in both
// with the core's requirement text. So do the retrain policy (createGmmRetrainPolicy
// reads the gmm set; its budget is residualBudget) and the CLI (lethe gmm-forget
// lists, parses and checks the same set, with --auto-retrain among its own options).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadLethe } from '../index.js';
import { optionSets, optionTables } from '../src/options.js';
import { nativeTool, root } from './support.mjs';

const typesDir = path.join(root, 'wasm', 'types');
const source = readdirSync(typesDir)
  .filter((f) => f.endsWith('.d.ts'))
  .map((f) => readFileSync(path.join(typesDir, f), 'utf8'))
  .join('\n')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\/\/.*$/gm, '');

// Type aliases: `type GmmSampler = 'sghmc' | 'sgld' | 'vi';`
const aliases = new Map([...source.matchAll(/type\s+(\w+)\s*=\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));

// interface name → { parents, members: Map(name → { optional, type }) }
const interfaces = new Map();
for (const m of source.matchAll(/interface\s+(\w+)(?:\s+extends\s+([\w\s,]+?))?\s*\{/g)) {
  let depth = 1,
    i = m.index + m[0].length;
  for (; depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0;
  const body = source.slice(m.index + m[0].length, i - 1);
  const members = new Map();
  for (const d of body.matchAll(/^\s*(?:readonly\s+)?(\w+)(\?)?\s*:\s*([^;]+);/gm))
    members.set(d[1], { optional: d[2] === '?', type: d[3].trim() });
  interfaces.set(m[1], { parents: m[2] ? m[2].split(',').map((s) => s.trim()) : [], members });
}
const membersOf = (name) => {
  const i = interfaces.get(name);
  assert.ok(i, `no interface ${name} in wasm/types/*.d.ts`);
  return new Map([...i.parents.flatMap((p) => [...membersOf(p)]), ...i.members]);
};

const literals = (type) => {
  const resolved = aliases.get(type) ?? type;
  const parts = resolved.split('|').map((p) => p.trim());
  return parts.every((p) => /^'[^']*'$/.test(p)) ? parts.map((p) => p.slice(1, -1)) : null;
};

function typeMatches(spec, declared) {
  switch (spec.type) {
    case 'number':
    case 'integer':
      return declared === 'number';
    case 'bool':
      return declared === 'boolean';
    case 'text':
      // Free text, or the values a routine documents (BnnDatasetOptions.dataset: 'moons' | 'spirals').
      return declared === 'string' || literals(declared) !== null;
    case 'enum': {
      if (declared === 'string') return true;
      const values = literals(declared);
      return values !== null && [...values].sort().join() === [...spec.choices].sort().join();
    }
    default:
      return ['ArrayLike<number>', 'number[]', 'readonly number[]'].includes(declared);
  }
}

const lethe = await loadLethe();
const specs = lethe.optionSpecs();

test('the module describes every option set, each option with its type, default and requirement', () => {
  assert.deepEqual(Object.keys(specs).sort(), [
    'bif_rate',
    'bnn',
    'bnn_dataset',
    'bnn_forget',
    'exact_regression',
    'gmm',
    'gmm_requests',
    'make_bif_mixture',
    'make_moons',
    'make_regression_1d',
    'model_forget',
    'model_retrain',
    'moons',
    'moons_forget',
    'moons_sweep',
    'scale',
  ]);
  for (const list of Object.values(specs))
    for (const spec of list) {
      assert.match(spec.type, /^(number|integer|bool|enum|numbers|integers|text)$/);
      assert.equal(typeof spec.doc, 'string');
      assert.ok(spec.doc.length > 0, `${spec.name}: no doc`);
      assert.equal(
        spec.name,
        spec.option.replace(/_(\w)/g, (_, c) => c.toUpperCase()),
      );
      if (spec.type !== 'bool' && spec.type !== 'text') assert.match(spec.requirement, /^must be /);
    }
  const gmm = Object.fromEntries(specs.gmm.map((s) => [s.name, s]));
  assert.equal(gmm.iterations.default, 2000);
  assert.equal(gmm.iterations.requirement, 'must be an integer in [1, 2147483647]');
  assert.deepEqual(gmm.sampler.choices, ['sghmc', 'sgld', 'vi']);
});

test('every described option is declared in its interface with a matching type, and no undeclared one', () => {
  const problems = [];
  for (const [table, sets] of Object.entries(optionSets)) {
    const declared = membersOf(table);
    const described = new Set();
    for (const spec of sets.flatMap((set) => specs[set].map((s) => ({ ...s, set })))) {
      const { set } = spec;
      described.add(spec.name);
      const member = declared.get(spec.name);
      if (!member) problems.push(`${table}.${spec.name} (${set}.${spec.option}) is described but not declared`);
      else if (!member.optional !== Boolean(optionTables[table][spec.name].required))
        problems.push(
          `${table}.${spec.name} is declared ${member.optional ? 'optional' : 'required'}; its table says otherwise`,
        );
      // A key whose table checks it its own way (GmmForgetArgs.scenario: a name or a count) is declared that way.
      else if (optionTables[table][spec.name].spec && !typeMatches(spec, member.type))
        problems.push(`${table}.${spec.name} is declared ${member.type}, described as ${spec.type}`);
    }
    // Every other declared key is one of the routine's own arguments in its table.
    for (const name of declared.keys())
      if (!described.has(name) && !(name in optionTables[table] && !optionTables[table][name].spec))
        problems.push(`${table}.${name} is declared but neither described nor an argument of its table`);
    for (const [name, check] of Object.entries(optionTables[table]))
      if (check.spec && !described.has(name)) problems.push(`${table}.${name} checks a description of another set`);
  }
  assert.deepEqual(problems, []);
});

test('a described option out of range fails in JavaScript with the core requirement', () => {
  const data = lethe.makeBifMixture({ n: 400, seed: 1 });
  assert.throws(
    () => lethe.createGmmForgetting(data, { iterations: 0 }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmForgetting: parameter 'iterations' must be an integer in [1, 2147483647] (got 0)",
  );
  assert.throws(
    () => lethe.createGmmForgetting(data, { sampler: 'hmc' }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmForgetting: parameter 'sampler' must be 'sghmc', 'sgld' or 'vi' (got 'hmc')",
  );
  assert.throws(
    () => lethe.runScale({ family: 'exact', n: 100, repeats: 1e8 }),
    (e) =>
      e instanceof Error &&
      e.message === "runScale: parameter 'repeats' must be an integer in [1, 10000000] (got 100000000)",
  );
  assert.throws(
    () => lethe.createGmmForgetting(data, { residualBudget: -1 }),
    /GmmForgetting: parameter 'residualBudget' must be a number of at least 0 \(got -1\)/,
  );
});

test('the embind reader checks by the same descriptions', () => {
  const data = lethe.makeBifMixture({ n: 400, seed: 1 });
  // Straight to the core, past the JavaScript checks.
  assert.throws(
    () => new lethe.core.GmmForgetting(data.x, data.labels, { iterations: 0 }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmForgetting: parameter 'iterations' must be an integer in [1, 2147483647] (got 0)",
  );
  assert.throws(
    () => lethe.core.runScale('exact', 100, { hessianRows: -1 }),
    /runScale: parameter 'hessianRows' must be an integer in \[0, 10000000\] \(got -1\)/,
  );
});

test('the retrain policy reads the gmm descriptions: its budget in JavaScript and the embind reader', () => {
  const data = lethe.makeBifMixture({ n: 400, seed: 1 });
  const budget = specs.gmm.find((s) => s.name === 'residualBudget');
  assert.equal(budget.default, 0);
  assert.equal(budget.requirement, 'must be a number of at least 0');
  assert.throws(
    () => lethe.createGmmRetrainPolicy(data, { residualBudget: -1 }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmRetrainPolicy: parameter 'residualBudget' must be a number of at least 0 (got -1)",
  );
  assert.throws(
    () => new lethe.core.GmmRetrainPolicy(data.x, data.labels, { residualBudget: -1 }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmRetrainPolicy: parameter 'residualBudget' must be a number of at least 0 (got -1)",
  );
  assert.throws(
    () => lethe.createGmmRetrainPolicy(data, { iterations: 0 }),
    (e) =>
      e instanceof Error &&
      e.message === "GmmRetrainPolicy: parameter 'iterations' must be an integer in [1, 2147483647] (got 0)",
  );
  // --auto-retrain is the CLI's (the policy object is the JavaScript's): not an option here.
  assert.throws(() => lethe.createGmmRetrainPolicy(data, { autoRetrain: true }), /autoRetrain/);
  const policy = lethe.createGmmRetrainPolicy(data, { iterations: 20, residualBudget: 0.5 });
  assert.equal(policy.iterations, 20);
  policy.dispose();
});

test('lethe gmm-forget lists, parses and checks by the same descriptions, --auto-retrain included', () => {
  const run = (args) => {
    try {
      return { status: 0, out: execFileSync(nativeTool, ['gmm-forget', ...args], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (e) {
      return { status: e.status, out: `${e.stdout}${e.stderr}` };
    }
  };
  const usage = run(['--help']).out;
  const cli = (option) => `--${option.replace(/_/g, '-')}`;
  for (const spec of specs.gmm) {
    const line = usage.split('\n').find((l) => l.trimStart().startsWith(`${cli(spec.option)} `));
    assert.ok(line, `gmm-forget --help does not list ${cli(spec.option)}`);
    assert.ok(line.includes(spec.doc), `${cli(spec.option)}: the usage line lacks the description's doc`);
  }
  assert.match(
    usage,
    /^\s+--auto-retrain\s+retrain once the accumulated residual passes --residual-budget; the new model/m,
  );
  assert.deepEqual(run(['--residual-budget', '-1']), {
    status: 2,
    out: 'lethe gmm-forget: option --residual-budget: must be a number of at least 0 (got -1)\n',
  });
  assert.deepEqual(run(['--auto-retrain', '--iterations', '300']), {
    status: 2,
    out:
      'lethe gmm-forget: option --auto-retrain: needs a positive --residual-budget X ' +
      '(the sum of residuals that triggers a retrain)\n',
  });
  assert.equal(run(['--auto-retrain', 'yes']).status, 2);
});
