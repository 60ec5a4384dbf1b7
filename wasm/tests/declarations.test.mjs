// The bindings, the JavaScript layer and the hand-written declarations describe the
// same API (in the spirit of MuJoCo's bindings check):
//   - every name registered with embind (wasm/bind_*.cpp) exists on the loaded core
//     and is used by the JavaScript layer or declared;
//   - every member of the loaded API, of its stateful objects and of its results is
//     declared in wasm/types/*.d.ts, and every declared member exists at runtime;
//   - every declared option is read by the bindings or the JavaScript layer;
//   - the option tables (wasm/src/options.js), the one list of the keys each
//     function accepts, have exactly the members of their declared interfaces.
// So a binding added without a declaration, or a declaration left without a
// binding, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadLethe } from '../index.js';
import { optionSets, optionTables } from '../src/options.js';
import { root } from './support.mjs';

const wasmDir = path.join(root, 'wasm');
const read = (...parts) => readFileSync(path.join(wasmDir, ...parts), 'utf8');
const filesIn = (dir, ext) => readdirSync(path.join(wasmDir, dir)).filter((f) => f.endsWith(ext));

// --- What embind registers: top-level functions, and classes with their methods.
function embindRegistrations() {
  const functions = [],
    classes = [];
  for (const file of filesIn('.', '.cpp')) {
    const source = read(file);
    for (const m of source.matchAll(/(?<![.\w])function\("(\w+)"/g)) functions.push(m[1]);
    for (const m of source.matchAll(/class_<[^>]+>\("(\w+)"\)([\s\S]*?);/g))
      classes.push({ name: m[1], methods: [...m[2].matchAll(/\.function\("(\w+)"/g)].map((x) => x[1]) });
  }
  return { functions, classes };
}

// --- What the declarations declare: interfaces with their members.
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

// The members of an interface body: split at top-level ';', then `readonly name?:`,
// `name(`, or `[Symbol.x](`.
function members(body) {
  const out = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ';' && depth === 0) {
      const text = body.slice(start, i).trim();
      const m = text.match(/^(?:readonly\s+)?(\[Symbol\.\w+\]|\w+)(\?)?\s*([(:])/);
      assert.ok(m, `cannot read the declaration "${text}"`);
      out.push({ name: m[1], optional: m[2] === '?', method: m[3] === '(' });
      start = i + 1;
    }
  }
  return out;
}

function declaredInterfaces() {
  const interfaces = new Map();
  for (const file of filesIn('types', '.d.ts')) {
    const text = stripComments(read('types', file));
    for (const m of text.matchAll(/interface\s+(\w+)(?:\s+extends\s+([\w\s,]+?))?\s*\{/g)) {
      let depth = 1,
        i = m.index + m[0].length;
      for (; depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
      const body = text.slice(m.index + m[0].length, i - 1);
      const parents = m[2] ? m[2].split(',').map((s) => s.trim()) : [];
      interfaces.set(m[1], { file, parents, own: members(body) });
    }
  }
  return interfaces;
}

const interfaces = declaredInterfaces();
const membersOf = (name) => {
  const i = interfaces.get(name);
  assert.ok(i, `no interface ${name} in wasm/types/*.d.ts`);
  return [...i.own, ...i.parents.flatMap(membersOf)];
};

const lethe = await loadLethe();
const jsLayer = [read('index.js'), ...filesIn('src', '.js').map((f) => read('src', f))].join('\n');
// The same without the option tables and the checks, which name every option
// without reading any: what "read by the JavaScript layer" means below.
const jsReaders = [
  read('index.js'),
  ...filesIn('src', '.js')
    .filter((f) => f !== 'options.js' && f !== 'checks.js')
    .map((f) => read('src', f)),
].join('\n');
const bindings = filesIn('.', '.cpp')
  .map((f) => read(f))
  .join('\n');

// --- Samples of every stateful object and result the API hands out, built small.
function samples() {
  const problem = lethe.moonsProblem({ seed: 0, forget: 'tip', reportTarget: true });
  const rkl = problem.forget({ method: 'rkl', lambda: 1e-3 });
  const moons = {
    MoonsProblem: [problem],
    ForgetResult: [problem.forget({ method: 'eubo', lambda: 1e-3 }), rkl],
    ForgetTarget: [rkl.target],
    MoonsBaseline: [problem.baseline()],
    GaussianParams: [problem.fullPosterior(), problem.retrainedPosterior(), problem.forgottenPosterior()],
    LabelledPoints: [problem.data, lethe.makeMoons(), lethe.makeBifMixture()],
    MoonsDefaults: [lethe.moonsDefaults()],
    MoonsScenarioPreset: [...lethe.moonsScenarioPresets(100), ...lethe.moonsScenarioPresets(10000)],
    MoonsSweepResult: [lethe.moonsKlSweep({ seed: 0, lambdas: [0] })],
    MoonsSweepPlan: [lethe.moonsSweepPlan([0.5, 0])],
    MoonsSweepStep: lethe.moonsSweepPlan([0.5, 0]).steps,
  };
  const series = lethe.makeRegression1d();
  const regression = lethe.fitExactRegression(series.x, series.y);
  const exact = {
    ExactRegression: [regression],
    Series1D: [series, lethe.parseSeriesCsv('1,2\n3,4\n')],
    Prediction: [regression.predict([0, 1])],
    ExactForgetResult: [lethe.exactForget({ x: series.x, y: series.y, forget: [1], grid: [0] })],
  };
  const full = lethe.makeBifMixture({ seed: 3 });
  const data = { x: full.x.slice(0, 800), labels: full.labels.slice(0, 400) };
  const gmm = lethe.createGmmForgetting(data, { iterations: 20, seed: 1 });
  const progress = gmm.train();
  const batch = gmm.forgetBatch([7]);
  gmm.startTarget([7]);
  const policy = lethe.createGmmRetrainPolicy(data, { iterations: 200, seed: 1, residualBudget: 1e-9 });
  const policySteps = [policy.step()];
  policy.start([0, 1, 2, 3, 4, 5, 6, 7], 4);
  while (!policy.done) policySteps.push(policy.step());
  const policyResult = policy.result();
  const bif = {
    GmmRetrainPolicy: [policy],
    GmmPolicyStep: policySteps,
    GmmPolicyRequest: policyResult.requests,
    GmmPolicySwap: policyResult.swaps,
    GmmPolicyResult: [policyResult],
    GmmForgetting: [gmm],
    GmmTrainProgress: [progress, gmm.trainTarget()],
    GmmForgetBatchResult: [batch],
    GmmForgettingReport: [gmm.report()],
    GmmFitHealth: [gmm.originalHealth(), gmm.report().targetHealth],
    GmmForgetResult: [lethe.gmmForget({ data, forget: [0, 1], iterations: 20 })],
    BifRateResult: [lethe.bifRate({ sizes: [40, 80], removals: 2 })],
  };
  const bnnData = lethe.bnnDataset({ dataset: 'moons', seed: 1 });
  const net = lethe.createBnnProblem({
    train: bnnData.train,
    test: bnnData.test,
    forget: 'tip',
    hidden: [4],
    viSteps: 20,
    burnIn: 10,
  });
  const bnnProgress = net.train('vi', 10);
  const bnnFit = net.fit('vi');
  const bnn = {
    BnnProblem: [net],
    BnnData: [bnnData],
    BnnMethodInfo: lethe.bnnMethods(),
    BnnClassificationData: [bnnData.train, bnnData.test],
    BnnTrainProgress: [bnnProgress],
    BnnFit: [bnnFit],
    BnnMeasures: [bnnFit.original, bnnFit.retrained],
    BnnRun: [net.forget({ method: 'bif-vi' }), net.forget({ method: 'rkl', lambda: 0 })],
  };
  const scale = { ScaleRun: lethe.runScale({ family: 'exact', n: 200, repeats: 1 }) };
  const page = lethe.pageSettings();
  const specs = {
    OptionSpec: Object.values(lethe.optionSpecs()).flat(),
    PageSettings: [page],
    BnnScenarioPreset: page.bnnScenarios,
  };
  const rows = [
    [0, 1],
    [1, 0],
    [2, 2],
    [3, 1],
    [1, 3],
  ];
  const linear = lethe.train({ family: 'linear', x: rows, y: [1, 2, 3, 4, 5], now: 1 });
  const logistic = lethe.train({ family: 'logistic', x: rows, labels: [0, 1, 0, 1, 1], residualBudget: 1e-9, now: 1 });
  const linearForget = linear.forget([1], { now: 2 });
  const logisticForget = logistic.forget([2], { now: 2 });
  logistic.retrain({ now: 3 });
  const bnnModel = lethe.train({ family: 'bnn', x: rows, labels: [0, 1, 0, 1, 1], options: { steps: 20 }, now: 1 });
  const bnnForget = bnnModel.forget([3], { now: 2 });
  const gpModel = lethe.train({ family: 'gp', x: rows, labels: [0, 1, 0, 1, 1], options: { inducing: 4 }, now: 1 });
  const mixtureModel = lethe.train({
    family: 'mixture',
    x: rows,
    labels: [0, 1, 0, 1, 1],
    options: { method: 'vi', steps: 20 },
    now: 1,
  });
  const linearStatus = linear.status(),
    logisticStatus = logistic.status(),
    bnnStatus = bnnModel.status();
  const families = lethe.modelFamilies();
  const audited = linear.verify({ audit: { x: [rows[1]], y: [2], ids: [1] } });
  const model = {
    LetheModel: [linear, logistic, bnnModel],
    ModelForgetResult: [linearForget, logisticForget, bnnForget],
    ModelCertificate: [linearForget.certificate, logisticForget.certificate, bnnForget.certificate],
    ModelStatus: [linearStatus, logisticStatus, bnnStatus],
    ModelRequest: [...linearStatus.requests, ...logisticStatus.requests, ...bnnStatus.requests],
    LinearOptionValues: [linearStatus.options],
    LogisticOptionValues: [logisticStatus.options],
    BnnOptionValues: [bnnStatus.options],
    GpOptionValues: [gpModel.status().options],
    MixtureOptionValues: [mixtureModel.status().options],
    ModelPrediction: [linear.predict([[1, 1]]), logistic.predict([1, 1]), bnnModel.predict([[1, 1]])],
    ModelVerifyReport: [linear.verify(), logistic.verify(), bnnModel.verify(), audited],
    ModelScore: [linear.score(), logistic.score(), bnnModel.score()],
    ModelMembershipAudit: [audited.audit],
    ModelFamilyDescription: families,
    CertifiedPaperSettings: [lethe.certifiedPaperSettings()],
    ModelFamilyOption: families.flatMap((f) => f.options),
  };
  return {
    ...moons,
    ...exact,
    ...bif,
    ...bnn,
    ...scale,
    ...specs,
    ...model,
    dispose: () =>
      [problem, regression, gmm, policy, net, linear, logistic, bnnModel, gpModel, mixtureModel].forEach((o) =>
        o.dispose(),
      ),
  };
}

// How each declared interface is checked; a new interface must be added here.
const API = ['ExactApi', 'VariationalApi', 'BifApi', 'BnnApi', 'ScaleApi', 'OptionsApi', 'ModelApi', 'VersionApi'];
const OPTIONS = Object.keys(optionTables);

test('every embind registration exists on the loaded core and is used by the JavaScript layer or declared', () => {
  const { functions, classes } = embindRegistrations();
  assert.ok(
    functions.length > 10 && classes.length === 6,
    `read ${functions.length} functions, ${classes.length} classes`,
  );
  const declared = new Set([...interfaces.values()].flatMap((i) => i.own.map((m) => m.name)));
  const missing = [];
  for (const name of [...functions, ...classes.map((c) => c.name)]) {
    assert.equal(typeof lethe.core[name], 'function', `core.${name} is registered but not on the module`);
    if (!jsLayer.includes(`core.${name}`) && !declared.has(name)) missing.push(name);
  }
  for (const c of classes)
    for (const method of c.methods) {
      assert.equal(
        typeof lethe.core[c.name].prototype[method],
        'function',
        `${c.name}.${method} is registered but not on the class`,
      );
      if (!jsLayer.includes(`.${method}(`) && !declared.has(method)) missing.push(`${c.name}.${method}`);
    }
  assert.deepEqual(
    missing,
    [],
    'registered with embind, but neither used by wasm/index.js, wasm/src/*.js nor declared',
  );
});

test('the loaded API is exactly what ExactApi, VariationalApi, BifApi, BnnApi, ScaleApi, OptionsApi, ModelApi and VersionApi declare', () => {
  const declared = API.flatMap(membersOf);
  for (const m of declared) {
    if (m.optional && !(m.name in lethe)) continue;
    assert.ok(m.name in lethe, `declared ${m.name}, not on the loaded module`);
    if (m.method) assert.equal(typeof lethe[m.name], 'function', `${m.name} is declared as a function`);
  }
  const names = new Set(declared.map((m) => m.name));
  const undeclared = Object.keys(lethe).filter((k) => k !== 'core' && !names.has(k));
  assert.deepEqual(undeclared, [], 'on the loaded module, not declared in the Api interfaces');
});

test('every stateful object and result has exactly its declared members', () => {
  const s = samples();
  try {
    const checked = new Set([...API, ...OPTIONS]);
    for (const [name, objects] of Object.entries(s)) {
      if (name === 'dispose') continue;
      checked.add(name);
      const declared = membersOf(name);
      for (const object of objects) {
        assert.ok(object && typeof object === 'object', `${name}: no sample object`);
        // Stateful wrappers keep their members on the prototype (getters, methods).
        const prototype = Object.getPrototypeOf(object);
        const isClass = prototype !== Object.prototype;
        for (const m of declared) {
          const key = m.name === '[Symbol.dispose]' ? Symbol.dispose : m.name;
          if (m.optional && !(key in object)) continue;
          assert.ok(key in object, `${name}.${m.name} is declared but missing at runtime`);
          if (m.method) assert.equal(typeof object[key], 'function', `${name}.${m.name} is declared as a method`);
        }
        const names = new Set(declared.map((m) => m.name));
        const present = isClass
          ? Object.getOwnPropertyNames(prototype).filter((k) => k !== 'constructor')
          : Object.keys(object);
        const undeclared = present.filter((k) => !names.has(k));
        assert.deepEqual(undeclared, [], `${name}: at runtime but not declared in ${interfaces.get(name).file}`);
      }
    }
    const unchecked = [...interfaces.keys()].filter((n) => !checked.has(n));
    assert.deepEqual(unchecked, [], 'declared interfaces this test does not check: add a sample or list them');
  } finally {
    s.dispose();
  }
});

test('every declared option is read by the bindings, by a core option set or the JavaScript layer', () => {
  // A described option is read by read_options (wasm/boundary.hpp) through its set.
  const describedIn = (name) =>
    new Set(
      (optionSets[name] ?? [])
        .flatMap((set) => lethe.optionSpecs()[set])
        .flatMap((s) => [s.name, ...s.deprecatedNames]),
    );
  const unread = OPTIONS.flatMap((name) =>
    membersOf(name)
      .filter(
        (m) =>
          !describedIn(name).has(m.name) &&
          !bindings.includes(`"${m.name}"`) &&
          !new RegExp(`\\b${m.name}\\b`).test(jsReaders),
      )
      .map((m) => `${name}.${m.name}`),
  );
  assert.deepEqual(unread, [], 'declared options nothing reads');
});

test('each option table accepts exactly the members of its declared interface', () => {
  // Every options/arguments interface has a table: a new one cannot skip the checks.
  const optionInterfaces = [...interfaces.keys()].filter((n) => /(Options|Args)$/.test(n)).sort();
  assert.deepEqual([...OPTIONS].sort(), optionInterfaces, 'option tables vs declared *Options/*Args interfaces');
  for (const [name, table] of Object.entries(optionTables)) {
    const declared = membersOf(name);
    assert.deepEqual(
      Object.keys(table).sort(),
      declared.map((m) => m.name).sort(),
      `wasm/src/options.js ${name} vs its declaration in ${interfaces.get(name).file}`,
    );
    const requiredInTable = Object.keys(table)
      .filter((k) => table[k].required)
      .sort();
    const requiredDeclared = declared
      .filter((m) => !m.optional)
      .map((m) => m.name)
      .sort();
    assert.deepEqual(requiredInTable, requiredDeclared, `${name}: required keys`);
  }
});

// --- The declared option interfaces against the core's descriptions (optionSpecs()).

// The members of every interface with their JSDoc and declared type, read from the
// raw text (comments masked with spaces so that braces inside them do not count).
function documentedMembers() {
  const out = new Map();
  for (const file of filesIn('types', '.d.ts')) {
    const raw = read('types', file);
    const masked = raw.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, (c) => c.replace(/[^\n]/g, ' '));
    for (const m of masked.matchAll(/interface\s+(\w+)(?:\s+extends\s+[\w\s,]+?)?\s*\{/g)) {
      let depth = 1,
        i = m.index + m[0].length;
      for (; depth > 0; i++) depth += masked[i] === '{' ? 1 : masked[i] === '}' ? -1 : 0;
      const body = raw.slice(m.index + m[0].length, i - 1);
      const members = new Map();
      // A member's own JSDoc, if it has one (several members may share one line of doc).
      for (const d of body.matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?(?:readonly\s+)?(\w+)\??\s*:\s*([^;]+);/g))
        members.set(d[2], { doc: (d[1] ?? '').replace(/\s*\*\s*/g, ' ').trim(), type: d[3].trim() });
      out.set(m[1], members);
    }
  }
  return out;
}

// The one "Default X" of a JSDoc as a value, or undefined (none, several, or words).
function documentedDefault(doc) {
  const all = [...doc.matchAll(/\bdefault:?\s+([^.;,)]+(?:\.\d+)?(?:e-?\d+)?)/gi)];
  if (all.length !== 1) return undefined;
  const text = all[0][1].trim().replace(/\u2212/g, '-');
  if (/^'[^']*'$/.test(text)) return text.slice(1, -1);
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text.split(/\s/)[0]);
  return Number.isFinite(number) ? number : undefined;
}

// (Their types are checked against the descriptions in options.test.mjs.)
test('the option interfaces built on a core set document the defaults of the core', () => {
  const documented = documentedMembers();
  const problems = [];
  let compared = 0;
  for (const [name, sets] of Object.entries(optionSets)) {
    const declared = new Map();
    for (const i of [name, ...(interfaces.get(name)?.parents ?? [])])
      for (const [k, v] of documented.get(i) ?? []) declared.set(k, v);
    for (const spec of sets.flatMap((set) => lethe.optionSpecs()[set])) {
      const d = declared.get(spec.name);
      if (!d) {
        problems.push(`${name}.${spec.name}: in the core's set, not declared`);
        continue;
      }
      const documentedValue = documentedDefault(d.doc);
      if (documentedValue === undefined || Array.isArray(spec.default)) continue;
      compared++;
      if (documentedValue !== spec.default)
        problems.push(`${name}.${spec.name}: documented default ${documentedValue}, the core's ${spec.default}`);
    }
  }
  assert.deepEqual(problems, [], 'the .d.ts option interfaces vs core.optionSpecs()');
  assert.ok(compared > 20, `compared ${compared} documented defaults`);
});
