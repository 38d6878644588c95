/**
 * "Errors are product", as properties, for making tensors (tensor, zeros, ones, random, the Tensor
 * constructor) and for configure(): whatever they are given, they return something sound (a tensor
 * that names only elements inside its data, holds the values it was given and contracts like the
 * reference; a configuration under which einsum and compile still answer rightly) or throw an
 * EinsumError, and never write what they were given.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { capabilities, compile, configure, einsum, ones, random, registerKernels, Tensor, tensor, zeros } from '../src/index.js';
import { clearKernels } from '../src/registry.js';
import { changing, cyclic, differs, junk, outcome, proxied, snapshot, throwingGetter, USER_ERROR } from './fuzz-kit.js';
import { referenceEinsum } from './reference.js';

/** [[[…[7]…]]]: a nested array `depth` levels deep (a tensor of rank `depth - 1`, every size 1). */
function deep(depth: number): unknown {
  let a: unknown = [7];
  for (let i = 1; i < depth; i++) a = [a];
  return a;
}

const anyTensor = tensor as (...args: unknown[]) => Tensor;
const anyMaker = { zeros, ones, random } as unknown as Record<string, (...args: unknown[]) => Tensor>;
const NewTensor = Tensor as unknown as new (...args: unknown[]) => Tensor;

const SHAPES: unknown[] = [[], [0], [2], [2, 3], [3, 1], [1, 0, 2], [-1], [1.5], [NaN], ['2'], [2, [3]], 2, null, [2 ** 31], [2 ** 16, 2 ** 16], cyclic()];
const DATA: unknown[] = [[1, 2, 3, 4, 5, 6], [1.5, -2.5], [], [NaN, Infinity], [2 ** 31, 1], ['1'], [null], new Float64Array(6), new Float32Array(6), new Int32Array(6), new Uint8Array(6), new Float64Array(2), { length: 2, 0: 1, 1: 2 }, [[1, 2], [3, 4]], [[1, 2], [3]], 5, null, cyclic(), deep(3000), ...junk()];
const OPTS: unknown[] = [undefined, {}, { dtype: 'float32' }, { dtype: 'int32' }, { dtype: 'float16' }, { strides: [1] }, { strides: [3, 1] }, { strides: [-1] }, { strides: [0, 1] }, { offset: 1 }, { offset: -1 }, { offset: 0.5 }, { strides: [1, 2], offset: 2 }, { seed: 1 }, { seed: 'x' }, { seed: 2, dtype: 'int32' }, { bogus: 1 }, 'float32', throwingGetter('dtype'), proxied({ dtype: 'float64' }), changing('dtype', 'float64', 'float16'), changing('dtype', 'float32', 'float16', {}, 2), changing('strides', [1], [5], {}, 2), changing('offset', 0, 7, {}, 2), ...junk().map((strides) => ({ strides }))];

/** Every element a view names is inside its data, and the view's fields agree with each other. */
function sound(t: Tensor): string | undefined {
  if (!(t instanceof Tensor)) return 'not a Tensor';
  const arrays = { float64: Float64Array, float32: Float32Array, int32: Int32Array } as const;
  if (!(t.data instanceof arrays[t.dtype])) return `dtype ${t.dtype} over ${t.data.constructor.name}`;
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || t.strides.length !== t.shape.length) return `shape ${t.shape} strides ${t.strides}`;
  if (t.size !== t.shape.reduce((a, b) => a * b, 1)) return `size ${t.size} for shape ${t.shape}`;
  if (t.size === 0) return undefined;
  let lo = t.offset, hi = t.offset;
  t.shape.forEach((d, a) => (t.strides[a] < 0 ? (lo += (d - 1) * t.strides[a]) : (hi += (d - 1) * t.strides[a])));
  return lo < 0 || hi >= t.data.length ? `names elements ${lo}..${hi} of ${t.data.length}` : undefined;
}

/** A sound tensor contracts like the reference reads it ('...->...' copies it, '...->' sums it). */
function contracts(t: Tensor): string | undefined {
  for (const s of ['...->...', '...->']) {
    const diff = differs(einsum(s, t), referenceEinsum(s, [t]));
    if (diff) return `${s}: ${diff}`;
  }
  return undefined;
}

const tally = { made: 0 };
function check(what: string, call: () => Tensor, given: unknown[]): void {
  const before = snapshot(given);
  try {
    const got = outcome(what, call);
    if ('value' in got) {
      tally.made++;
      const problem = sound(got.value) ?? contracts(got.value);
      if (problem) throw new Error(`${what}: ${problem}`);
    }
  } catch (err) {
    if (!(err instanceof Error && err.message.endsWith(USER_ERROR.message))) throw err;
  }
  if (snapshot(given) !== before) throw new Error(`${what}: its arguments were written`);
}

describe('making tensors', () => {
  it('tensor(), zeros/ones/random and new Tensor(): a sound tensor or an EinsumError', () => {
    fc.assert(
      fc.property(fc.nat(DATA.length - 1), fc.nat(SHAPES.length - 1), fc.nat(OPTS.length - 1), fc.nat(5), fc.integer(), (d, s, o, how, seed) => {
        const data = DATA[d];
        // Half the time a shape that fits the data, and options that fit the call.
        const length = typeof data === 'object' && data !== null && 'length' in data ? (data as ArrayLike<number>).length : -1;
        const shape = (seed & 1) === 0 && length >= 0 ? [[length], [1, length], [length, 1], []][(seed >>> 1) & 3] : SHAPES[s];
        const opts = (seed & 16) === 0 ? OPTS[o % 4] : OPTS[o];
        const what = `variant ${how}: ${snapshot([data, shape, opts])}`;
        if (how === 0) check(`tensor(${what})`, () => anyTensor(data, shape, opts), [data, shape]);
        if (how === 1) check(`tensor(nested, ${what})`, () => anyTensor(data, opts), [data]);
        if (how === 2) check(`zeros/ones/random(${what})`, () => anyMaker[['zeros', 'ones', 'random'][seed & 3] ?? 'zeros'](shape, opts), [shape]);
        if (how >= 3) {
          const dtypes = ['float64', 'float32', 'int32', 'int8', undefined];
          const strides = [undefined, [1], [2, 1], [-1], [0], [1, 1], ['1']][seed & 7];
          const offset = [0, 1, 5, -1, 0.5, undefined][(seed >>> 3) % 6];
          const size = [undefined, 6, 2, 0, -1][(seed >>> 6) % 5];
          check(`new Tensor(${what}, ${snapshot([strides, offset, size])})`, () => new NewTensor(data, shape, dtypes[(seed >>> 9) % 5], strides, offset, size), [data, shape, strides]);
        }
      }),
      { numRuns: 1000, seed: 2026 },
    );
    // Not vacuous: a good share of the calls make a tensor.
    if (tally.made < 50) throw new Error(`too few tensors made: ${JSON.stringify(tally)}`);
  });
});

describe('registerKernels()', () => {
  afterAll(() => clearKernels());
  it('takes specs as the codegen writes them, refuses anything else whole (nothing registered), and einsum and compile still answer rightly', () => {
    const a = random([3, 4], { seed: 3 }), b = random([4, 2], { seed: 4 });
    const want = referenceEinsum('ij,jk->ik', [a, b]);
    // A kernel for exactly this layout that writes 7s: registered, compile would run it, so a refused batch must not register it.
    const sevens = { subscripts: 'ij,jk->ik', shapes: [[3, 4], [4, 2]], dtypes: ['float64', 'float64'], fn: (...args: unknown[]) => (args[args.length - 2] as Float64Array).fill(7) };
    const base = { subscripts: 'zy,y->z', shapes: [[2, 3], [3]], dtypes: ['float64', 'float64'], fn: () => undefined };
    const fields = ['subscripts', 'shapes', 'dtypes', 'strides', 'dtype', 'fn'] as const;
    const wrong: Record<(typeof fields)[number], unknown[]> = {
      subscripts: ['zy,y', 'z#', 'zy,yx->z', 3], shapes: [[[2, 3]], [[2, -1], [3]], [[2, 1.5], [3]], [[2, 3], [4]], 'x', [null]],
      dtypes: [['float64'], ['float16', 'float64'], 'float64'], strides: [[[3, 1]], [[3], [1]], [[0.5, 1], [1]], 'x'], dtype: ['int8', 0], fn: [null, 'f', {}],
    };
    fc.assert(
      fc.property(fc.nat(fields.length), fc.nat(5), fc.nat(3), (f, w, form) => {
        const spec: Record<string, unknown> = { ...base };
        const field = fields[f];
        if (field) spec[field] = wrong[field][w % wrong[field].length];
        const batch: unknown = [[sevens, spec], [spec], spec, junk()[w * 3]][form];
        const what = `registerKernels(${snapshot(batch)})`;
        const got = outcome(what, () => (registerKernels as (s: unknown) => unknown)(batch));
        if ('error' in got) {
          const r = compile('ij,jk->ik', [3, 4], [4, 2])(a, b);
          const diff = differs(r, want) ?? differs(einsum('ij,jk->ik', a, b), want);
          if (diff) throw new Error(`${what} refused, then: ${diff} (a kernel of the refused batch was registered)`);
        } else if (!Array.isArray(got.value) || !got.value.every((k) => typeof k === 'function')) throw new Error(`${what}: returned ${snapshot(got.value)}`);
        clearKernels();
      }),
      { numRuns: 120, seed: 5 },
    );
  });
});

describe('Tensor.get()', () => {
  it('an element, or an EinsumError for indices that are not indices', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const values = [0, 1, 2, -1, 1.5, NaN, '1', null, undefined, 1n, Symbol('i'), {}, Object.create(null), [1]];
    fc.assert(
      fc.property(fc.array(fc.nat(values.length - 1), { maxLength: 3 }), (picks) => {
        const index = picks.map((k) => values[k]);
        const got = outcome(`get(${snapshot(index)})`, () => (t.get as (...i: unknown[]) => number)(...index));
        if ('value' in got) {
          const [i, j] = index as number[];
          if (index.length !== 2 || got.value !== [[1, 2, 3], [4, 5, 6]][i][j]) throw new Error(`get(${snapshot(index)}) is ${got.value}`);
        }
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});

describe('configure()', () => {
  afterAll(() => configure({ jit: true, wasm: true, fma: true, threads: 'auto' }));
  it('takes what is valid, refuses the rest with an EinsumError, and einsum and compile still answer rightly', () => {
    const values: unknown[] = [true, false, 1, 2, 16, 17, 0, 'auto', 'yes', null, undefined, 1.5];
    const a = random([3, 4], { seed: 1 }), b = random([4, 2], { seed: 2 });
    const want = referenceEinsum('ij,jk->ik', [a, b]);
    fc.assert(
      fc.property(fc.nat(values.length ** 2 - 1), fc.nat(7), (v, how) => {
        const [x, y] = [values[v % values.length], values[Math.floor(v / values.length)]];
        const config: unknown = [{ jit: x }, { wasm: x, fma: y }, { threads: x }, { jit: x, threads: y }, { jitt: x }, x, throwingGetter('wasm'), changing('threads', 1, 'many', {}, 1 + (v % 4))][how];
        const what = `configure(${snapshot(config)})`;
        try {
          outcome(what, () => configure(config as never));
        } catch (err) {
          if (!(err instanceof Error && err.message.endsWith(USER_ERROR.message))) throw err;
        }
        const c = capabilities();
        if (![c.jit, c.wasm, c.fma, c.simd, c.relaxedSimd].every((b) => typeof b === 'boolean')) throw new Error(`${what}, then capabilities() ${snapshot(c)}`);
        if (!Number.isInteger(c.threads.count) || c.threads.count < 1 || c.threads.count > 16 || typeof c.threads.reason !== 'string') throw new Error(`${what}, then capabilities().threads ${snapshot(c.threads)}`);
        const f = compile('ij,jk->ik', [3, 4], [4, 2]);
        for (const r of [einsum('ij,jk->ik', a, b), f(a, b), f(a, b, zeros([3, 2]))]) {
          const diff = differs(r, want);
          if (diff) throw new Error(`${what}, then: ${diff}`);
        }
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});

