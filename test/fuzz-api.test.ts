/**
 * "Errors are product", as properties, for einsum's options and `out`, numpy's sublist form and
 * contractPath (fuzz.test.ts covers the string form's subscripts): whatever they are given, each
 * call returns the reference's answer or throws an EinsumError; no operand, nor a refused `out`, is
 * written; and a clean call made right after still gives the reference's answer, so nothing was
 * left cached in a broken state. Sizes stay tiny so every run is quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearPlanCache, compile, contractPath, einsum, Tensor, tensor, zeros, type DType } from '../src/index.js';
import { randomEquations } from './corpus.js';
import { changing, differs, isProxied as proxiedObjects, junk, oddView, outcome, proxied, rng, small, snapshot, spread, throwingGetter, USER_ERROR } from './fuzz-kit.js';
import { referenceEinsum } from './reference.js';

const untyped = einsum as (...args: unknown[]) => Tensor;
const untypedPath = contractPath as (...args: unknown[]) => { path: unknown; toString(): string };
const EQUATIONS = randomEquations(5150, 120).filter((e) => e.shapes.length <= 4);
const DTYPES: DType[] = ['float64', 'float32', 'int32'];
const WIDTH: Record<DType, number> = { int32: 0, float32: 1, float64: 2 };

/** The reference's answer, or undefined where it refuses (it throws plain Errors). */
function expected(subscripts: string, operands: readonly Tensor[]) {
  try {
    return referenceEinsum(subscripts, operands);
  } catch {
    return undefined;
  }
}

/** Seeded operands for an equation: mixed dtypes, sometimes odd views, size-1 broadcasts as the corpus makes them. */
function operandsOf(shapes: readonly (readonly number[])[], seed: number): Tensor[] {
  const next = rng(seed);
  return shapes.map((shape, k) => {
    const t = small(shape, DTYPES[Math.floor(next() * 3)], seed * 7 + k);
    const roll = next();
    return roll < 0.35 ? oddView(t, seed + k) : roll < 0.45 ? spread(shape, t.dtype, k - 1) : t;
  });
}

const BAD_OPTIMIZE: unknown[] = [true, 'fastest', 'GREEDY', 0, [[0, 0]], [[0, 9]], [[-1, 0]], [[0.5, 1]], [[]], [0, 1], [[0, 1], [0, 1], [0, 1]], { strategy: 'dp' }, { strategy: 'random-greedy', trials: 0 }, { strategy: 'random-greedy', seed: 'x' }, { strategy: 'random-greedy', size: 1 }];
const GOOD_OPTIMIZE: unknown[] = ['auto', 'auto-hq', 'greedy', 'dp', 'optimal', 'random-greedy', false, { strategy: 'random-greedy', trials: 2, seed: 3 }];

/** An options object for one call (made fresh per call: some read differently the second time). */
type OptionsMaker = (operands: readonly Tensor[], result: { shape: number[] } | undefined) => unknown;
/** The first HANDMADE makers are drawn more often than the generated ones after them. */
const HANDMADE = 24;
const optionMakers: OptionsMaker[] = [
  () => undefined,
  () => ({}),
  () => ({ dtype: 'float32' }),
  () => ({ dtype: 'int32', optimize: 'greedy' }),
  () => ({ accumulate: 'float64', dtype: 'float32' }),
  () => ({ memoryLimit: 1 }),
  () => ({ memoryLimit: 1e9, optimize: false }),
  (_, r) => (r ? { out: zeros(r.shape) } : { out: zeros([1]) }),
  (_, r) => (r ? { out: oddView(zeros(r.shape), 3) } : undefined),
  (_, r) => (r ? { out: zeros(r.shape, { dtype: 'float32' }) } : undefined),
  (ops, r) => (r ? { out: spread(r.shape, resultDType(ops, undefined)) } : undefined),
  (_, r) => (r ? { out: zeros([...r.shape, 1]) } : undefined),
  (ops) => (ops.length ? { out: ops[0] } : undefined),
  (ops, r) => {
    // A view of the result's shape over an operand's buffer: shares memory without being the operand.
    const size = r ? r.shape.reduce((a, b) => a * b, 1) : 0;
    const host = ops.find((o) => r && o.dtype === resultDType(ops, undefined) && o.data.length >= size);
    return host && r ? { out: tensor(host.data, r.shape, { strides: r.shape.map((_, a) => r.shape.slice(a + 1).reduce((x, y) => x * y, 1)), offset: 0 }) } : undefined;
  },
  () => proxied({ optimize: 'greedy' }),
  () => proxied({}, { ownKeys: () => ['dtype'], getOwnPropertyDescriptor: (_t, k) => (k === 'dtype' ? { value: 'float32', enumerable: true, configurable: true } : undefined), get: (_t, k) => (k === 'dtype' ? 'float32' : undefined) }),
  () => throwingGetter('optimize'),
  () => throwingGetter('bogus'),
  () => changing('dtype', 'float32', 'float16'),
  () => changing('optimize', 'greedy', 'fastest'),
  () => changing('memoryLimit', 1e9, -1),
  (_, r) => (r ? changing('out', zeros(r.shape), null) : undefined),
  (_, r) => (r ? changing('out', zeros(r.shape), zeros([7, 7, 7])) : undefined),
  () => ({ optimise: 'greedy' }),
  () => Object.assign(Object.create(null) as object, { dtype: 'float64' }),
  ...BAD_OPTIMIZE.map((optimize) => () => ({ optimize })),
  ...GOOD_OPTIMIZE.map((optimize) => () => ({ optimize })),
  ...junk().map((v) => () => ({ dtype: v })),
  ...junk().map((v) => () => ({ memoryLimit: v })),
  ...junk().map((v) => () => ({ accumulate: v })),
  ...junk().map((v) => () => ({ out: v })),
];

/** The dtype einsum's result must have. */
function resultDType(operands: readonly Tensor[], options: unknown): DType {
  const asked = typeof options === 'object' && options !== null ? (options as { dtype?: unknown }).dtype : undefined;
  if (asked === 'float64' || asked === 'float32' || asked === 'int32') return asked;
  return operands.reduce<DType>((w, o) => (WIDTH[o.dtype] > WIDTH[w] ? o.dtype : w), 'int32');
}

/** One call by the rule; `args` are what einsum gets after the subscripts. */
function checkCall(what: string, call: () => Tensor, guarded: readonly unknown[], want: ReturnType<typeof expected>, dtype: DType | undefined, out: unknown): void {
  const before = snapshot(guarded);
  const outBefore = snapshot(out);
  const got = outcome(what, call);
  if ('value' in got) {
    if (!want) throw new Error(`${what}: accepted, but the reference refuses`);
    const diff = differs(got.value, want);
    if (diff) throw new Error(`${what}: ${diff}`);
    if (dtype && got.value.dtype !== dtype) throw new Error(`${what}: dtype ${got.value.dtype}, expected ${dtype}`);
    if (out !== undefined && got.value !== out) throw new Error(`${what}: accepted out but returned another tensor`);
  } else if (snapshot(out) !== outBefore) throw new Error(`${what}: a refused out was written`);
  if (snapshot(guarded) !== before) throw new Error(`${what}: an operand was written`);
}

describe('einsum: options and out', () => {
  it('only EinsumErrors (or the caller’s own getter error), right answers, untouched operands, clean calls after', () => {
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.oneof(fc.nat(HANDMADE - 1), fc.nat(optionMakers.length - 1)), fc.integer(), (e, m, seed) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const operands = operandsOf(shapes, seed);
        const want = expected(subscripts, operands);
        const options = optionMakers[m](operands, want);
        const out = typeof options === 'object' && options !== null ? safeOut(options) : undefined;
        const what = `einsum('${subscripts}', ${JSON.stringify(operands.map((o) => [o.shape, o.dtype, o.strides]))}, option maker ${m})`;
        const aliased = out instanceof Tensor && operands.some((o) => o.data.buffer === out.data.buffer);
        try {
          checkCall(what, () => (options === undefined ? untyped(subscripts, ...operands) : untyped(subscripts, ...operands, options)), aliased ? [] : operands, want, resultDType(operands, options), out);
        } catch (err) {
          if (!(err instanceof Error && err.message.endsWith(`threw Error: ${USER_ERROR.message}`))) throw err;
        }
        if (aliased) return;
        // The caller changes its options object afterwards: no later call may see that.
        if (typeof options === 'object' && options !== null && Object.isExtensible(options) && !proxiedObjects(options)) {
          const o = options as Record<string, unknown>;
          const plain = (key: string) => Object.getOwnPropertyDescriptor(o, key)?.value as unknown; // never a getter
          if (typeof plain('dtype') === 'string') o.dtype = o.dtype === 'float64' ? 'float32' : 'float64';
          if (typeof plain('memoryLimit') === 'number') o.memoryLimit = (o.memoryLimit as number) > 1 ? 1 : 1e9;
          if (Array.isArray(plain('optimize'))) (o.optimize as unknown[]).push([0, 1], [7]);
        }
        // Right after: valid calls on the same operands answer as they would from an empty cache
        // (the plan cache, the hot path's recent plans), and rightly.
        const laters: (object | undefined)[] = [undefined, LATER[seed & 1], LATER[(seed >>> 1) & 7]];
        const calls = laters.map((later) => () => (later === undefined ? untyped(subscripts, ...operands) : untyped(subscripts, ...operands, { ...later })));
        if (want) {
          // Twice into one reused `out`: the second call takes the hot path (the plan's layouts by identity).
          const reused = zeros(want.shape, { dtype: resultDType(operands, undefined) });
          laters.push({ out: 'reused' }, { out: 'reused' });
          calls.push(() => untyped(subscripts, ...operands, { out: reused }), () => untyped(subscripts, ...operands, { out: reused }));
        }
        const cached = calls.map((call, i) => outcome(`${what}, then ${JSON.stringify(laters[i])}`, call));
        clearPlanCache();
        calls.forEach((call, i) => {
          const then = `${what}, then ${JSON.stringify(laters[i])}`;
          const fresh = outcome(`${then} from an empty cache`, call);
          const before = cached[i];
          if (i === 0 && 'error' in before) throw new Error(`${then}: refused (${describeOutcome(before)})`);
          if ('error' in before || 'error' in fresh) {
            if (!('error' in before && 'error' in fresh) || before.error.message !== fresh.error.message) throw new Error(`${then}: ${describeOutcome(before)} with the cache, ${describeOutcome(fresh)} without`);
            return;
          }
          const diff = differs(before.value, want!) ?? (before.value.dtype === resultDType(operands, laters[i]) ? undefined : `dtype ${before.value.dtype}`);
          if (diff) throw new Error(`${then}: ${diff}`);
        });
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});

const LATER: object[] = [{ dtype: 'float64' }, { dtype: 'float32' }, { dtype: 'int32' }, { memoryLimit: 1 }, { memoryLimit: 1e9 }, { optimize: false }, { optimize: [[0]] }, { accumulate: 'float64' }];
const describeOutcome = (o: ReturnType<typeof outcome>) => ('error' in o ? `${o.error.code} '${o.error.message}'` : 'a result');

/** `out` as the call will see it first (a getter is read once here only when it is a plain value). */
function safeOut(options: object): unknown {
  const d = Object.getOwnPropertyDescriptor(options, 'out');
  return d && 'value' in d ? d.value : undefined;
}

describe('einsum: operands that are not tensors', () => {
  it('junk, cyclic arrays, hand-made tensor-likes and typed arrays in any position: an answer or an EinsumError', () => {
    const things = [...junk(), proxied({ shape: [2], data: new Float64Array(2), strides: [1], offset: 0, dtype: 'float64' })];
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.nat(things.length - 1), (e, seed, j) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const operands: unknown[] = operandsOf(shapes, seed);
        const at = Math.abs(seed) % (operands.length + 1);
        operands.splice(at, seed & 1 ? 1 : 0, things[j]); // in place of an operand, or one too many
        const last = operands[operands.length - 1];
        const isOptions = typeof last === 'object' && last !== null && !Array.isArray(last) && [Object.prototype, null].includes(Object.getPrototypeOf(last)) && !('shape' in last && 'data' in last);
        const given = isOptions ? operands.slice(0, -1) : operands; // a trailing plain object is the options
        const readable = given.map((o) => (typeof o === 'number' || (Array.isArray(o) && !snapshot(o).includes('<cycle>')) ? outcome('tensor()', () => tensor(o as number[])) : { value: o }));
        const want = readable.every((r) => 'value' in r) ? expected(subscripts, readable.map((r) => (r as { value: Tensor }).value)) : undefined;
        const what = `einsum('${subscripts}', operand ${at} is ${snapshot(things[j])})`;
        checkCall(what, () => untyped(subscripts, ...operands), operands, want, undefined, undefined);
        const clean = operandsOf(shapes, seed);
        checkCall(`${what}, then clean`, () => untyped(subscripts, ...clean), clean, expected(subscripts, clean), undefined, undefined);
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** The subscripts a sublist call spells, by the test's own reading of numpy's rule; undefined when it is malformed. */
function spelled(lists: readonly unknown[], hasOutput: boolean): string | undefined {
  const term = (list: unknown): string | undefined => {
    if (!Array.isArray(list)) return undefined;
    let t = '';
    for (const item of list) {
      if (item === '...' && !t.includes('...')) t += '...';
      else if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 51) t += item < 26 ? String.fromCharCode(65 + item) : String.fromCharCode(97 + item - 26);
      else return undefined;
    }
    return t;
  };
  const terms = lists.map(term);
  if (terms.some((t) => t === undefined)) return undefined;
  const inputs = hasOutput ? terms.slice(0, -1) : terms;
  return inputs.join(',') + (hasOutput ? `->${terms[terms.length - 1]}` : '');
}

const BAD_LABELS: unknown[] = [-1, 52, 1.5, NaN, Infinity, '..', '…', 'a', null, undefined, [0], 7n];

describe('einsum: numpy’s sublist form', () => {
  it('bad labels, lists and Ellipsis misuse are EinsumErrors; good lists give the string form’s answer', () => {
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.nat(7), (e, seed, how) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const next = rng(seed);
        const operands = operandsOf(shapes, seed);
        const [lhs, rhs] = subscripts.split('->');
        const toList = (term: string): unknown[] => term.split('...').flatMap((part, i) => [...(i > 0 ? ['...'] : []), ...[...part].map((c) => (c < 'a' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 97 + 26))]);
        const lists: unknown[] = lhs.split(',').map(toList);
        if (rhs !== undefined) lists.push(toList(rhs));
        const pick = Math.floor(next() * lists.length);
        if (how === 1 && Array.isArray(lists[pick])) (lists[pick] as unknown[]).splice(Math.floor(next() * 3), 0, BAD_LABELS[Math.floor(next() * BAD_LABELS.length)]);
        if (how === 2 && Array.isArray(lists[pick])) (lists[pick] as unknown[]).push('...', '...');
        if (how === 3) lists[pick] = junk()[Math.floor(next() * junk().length)];
        if (how === 4) lists[pick] = Math.floor(next() * 60) - 4 === 0 ? [] : [Math.floor(next() * 60) - 4];
        const core: unknown[] = [];
        operands.forEach((o, k) => core.push(o, lists[k]));
        if (rhs !== undefined) core.push(lists[lists.length - 1]);
        if (how === 5) core.pop(); // one list short: the last list becomes the output, or an operand loses its list
        const args = how === 6 ? [...core, { optimize: 'greedy' }] : core;
        const hasOutput = core.length % 2 === 1;
        const listed = core.filter((_, i) => i % 2 === 1 || (hasOutput && i === core.length - 1));
        const count = Math.floor(core.length / 2);
        const s = core.length >= 2 ? spelled(listed, hasOutput) : undefined;
        const what = `einsum(sublists of '${subscripts}', variant ${how}) ${snapshot(listed)}`;
        const want = s === undefined ? undefined : expected(s, operands.slice(0, count));
        if (want && (how === 0 || how >= 6) && 'error' in outcome(what, () => untyped(...args))) throw new Error(`${what}: valid lists refused`);
        checkCall(what, () => untyped(...args), [operands, lists], want, resultDType(operands.slice(0, count), undefined), undefined);
        // The same as shapes, through contractPath: refused exactly when einsum refuses.
        const shapeArgs = args.map((a, i) => (i % 2 === 0 && i < 2 * count && a instanceof Tensor ? a.shape.slice() : a));
        const path = outcome(`contractPath(${what})`, () => untypedPath(...shapeArgs));
        if ('value' in path && !want) throw new Error(`contractPath(${what}) accepted what einsum refuses`);
        // And through compile, with descriptors of the operands' shapes and dtypes, then called.
        const described = args.map((a, i) => (i % 2 === 0 && i < 2 * count && a instanceof Tensor ? { shape: a.shape, dtype: a.dtype } : a));
        const made = outcome(`compile(${what})`, () => (compile as unknown as (...a: unknown[]) => (...o: unknown[]) => Tensor)(...described));
        if ('value' in made) {
          if (!want) throw new Error(`compile(${what}) accepted what einsum refuses`);
          checkCall(`compile(${what})(...)`, () => made.value(...operands.slice(0, count)), operands, want, resultDType(operands.slice(0, count), undefined), undefined);
        } else if (how === 0 && want) throw new Error(`compile(${what}) refused valid lists: ${made.error.message}`);
      }),
      { numRuns: 400, seed: 424243 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('contractPath: optimize and memoryLimit', () => {
  it('refuses what einsum refuses with the same code, and einsum computes the reference’s answer along what it accepts', () => {
    const values = [...BAD_OPTIMIZE, ...GOOD_OPTIMIZE, ...junk(), undefined, [[0, 1]], [[1, 0], [0, 1]], [[0, 1, 2]], [[0], [0, 1], [0, 1]], [[0, 1], [0]]];
    const limits = [undefined, 1, 4, 1e9, 0, -3, NaN, '5', null, Infinity];
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.nat(values.length - 1), fc.nat(limits.length - 1), fc.integer(), fc.boolean(), (e, v, l, seed, asShapes) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const operands = operandsOf(shapes, seed);
        const options = { optimize: values[v], memoryLimit: limits[l] };
        const what = `contractPath('${subscripts}', ${JSON.stringify(shapes)}, ${snapshot(options)})`;
        const before = snapshot([operands, options]);
        const path = outcome(what, () => untypedPath(subscripts, ...(asShapes ? shapes.map((s) => s.slice()) : operands), options));
        if ('value' in path) expect(path.value.toString().length).toBeGreaterThan(0);
        const run = outcome(`einsum${what.slice(12)}`, () => untyped(subscripts, ...operands, { ...options }));
        if ('value' in path !== 'value' in run) throw new Error(`${what}: contractPath ${'value' in path ? 'accepts' : 'refuses'} but einsum ${'value' in run ? 'accepts' : 'refuses'}`);
        if ('error' in path && 'error' in run && path.error.code !== run.error.code) throw new Error(`${what}: contractPath says ${path.error.code}, einsum ${run.error.code}`);
        if ('value' in run) {
          const diff = differs(run.value, expected(subscripts, operands)!);
          if (diff) throw new Error(`${what}: ${diff}`);
        }
        expect(snapshot([operands, options])).toBe(before);
        checkCall(`${what}, then clean`, () => untyped(subscripts, ...operands), operands, expected(subscripts, operands), undefined, undefined);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
