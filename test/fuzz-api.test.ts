/**
 * "Errors are product", as properties, for einsum's options and `out`, and for operands that are
 * not tensors (fuzz.test.ts covers the string form's subscripts, fuzz-sublist.test.ts numpy's
 * sublist form and contractPath): whatever they are given, each call returns the reference's
 * answer or throws an EinsumError; no operand, nor a refused `out`, is written; and valid calls
 * right after answer as they would from an empty plan cache. Sizes stay tiny so every run is quick.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { clearPlanCache, Tensor, tensor, zeros } from '../src/index.js';
import { changing, differs, isProxied as proxiedObjects, junk, oddView, outcome, proxied, snapshot, spread, throwingGetter, USER_ERROR } from './fuzz-kit.js';
import { BAD_OPTIMIZE, checkCall, EQUATIONS, expected, GOOD_OPTIMIZE, operandsOf, resultDType, untyped } from './fuzz-einsum.js';

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
