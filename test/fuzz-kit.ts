/**
 * What the public-API properties (fuzz-*.test.ts) share: the rule "every bad input gets an
 * EinsumError, nothing else escapes, nothing is written", and adversarial values to throw at it.
 * The answers are checked against test/reference.ts, never against the engine itself.
 */
import { EinsumError, tensor, type Tensor } from '../src/index.js';
import { rng, stridedView } from './corpus.js';

export { rng };

/** A call's outcome: its value, or the EinsumError it threw. Anything else thrown fails the property. */
export function outcome<T>(what: string, call: () => T): { value: T } | { error: EinsumError } {
  try {
    return { value: call() };
  } catch (e) {
    if (e instanceof EinsumError) {
      if (!/^[A-Z_]+$/.test(e.code) || e.message.length < 10) throw new Error(`${what}: an EinsumError without code or words: ${e.code} '${e.message}'`);
      return { error: e };
    }
    throw new Error(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

/**
 * A deep copy of everything reachable from `values`, as text (typed arrays element by element), so
 * a write to any operand, cotangent or refused `out` shows. Getters are not called, Proxies not
 * walked, and circular references are cut.
 */
export function snapshot(values: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): string => {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v !== 'object' || v === null) return String(v);
    if (seen.has(v)) return '<cycle>';
    if (proxies.has(v)) return '<proxy>';
    seen.add(v);
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v as Float64Array).join(',')}]`;
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    const fields = Object.entries(Object.getOwnPropertyDescriptors(v)).map(([k, d]) => `${k}:${'value' in d ? walk(d.value) : '<getter>'}`);
    return `{${fields.join(',')}}`;
  };
  return walk(values);
}

const proxies = new WeakSet<object>();
export const isProxied = (v: object): boolean => proxies.has(v);

/** Whether `got` holds `want`'s values (NaN matching NaN), within a relative 1e-9; else what differs. */
export function differs(got: Tensor, want: { readonly shape: readonly number[]; readonly data: ArrayLike<number> }): string | undefined {
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`;
  const values = valuesOf(got);
  for (let n = 0; n < values.length; n++) {
    const g = values[n], w = Number(want.data[n]);
    if (!(g === w || (Number.isNaN(g) && Number.isNaN(w)) || Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w)))) return `element ${n} is ${g}, expected ${w}`;
  }
  return undefined;
}

/** A tensor's values in row-major order. */
export function valuesOf(t: Tensor): Float64Array {
  const out = new Float64Array(t.size);
  const index = new Array<number>(t.shape.length).fill(0);
  for (let n = 0; n < t.size; n++) {
    out[n] = t.get(...index);
    for (let a = index.length - 1; a >= 0 && ++index[a] === t.shape[a]; a--) index[a] = 0;
  }
  return out;
}

/** The value a getter of an adversarial options object throws: the user's own error, passed through. */
export const USER_ERROR = new Error('thrown by the caller’s getter');

/** An options object whose `key` getter throws the caller's own error. */
export function throwingGetter(key: string): object {
  return Object.defineProperty({}, key, { enumerable: true, get: () => { throw USER_ERROR; } });
}

/** A Proxy over `target` (a plain object to every check), remembered so snapshots do not walk it. */
export function proxied<T extends object>(target: T, handler: ProxyHandler<T> = {}): T {
  const p = new Proxy(target, handler);
  proxies.add(p);
  return p;
}

/**
 * An options object whose `key` reads `first` (`firstReads` times) and `later` every time after:
 * what a check that reads an option more than once would be fooled by.
 */
export function changing(key: string, first: unknown, later: unknown, rest: object = {}, firstReads = 1): object {
  let reads = 0;
  return Object.defineProperty({ ...rest }, key, { enumerable: true, get: () => (reads++ < firstReads ? first : later) });
}

/** A cyclic nested array: [[…]] whose first item is itself. */
export function cyclic(): unknown[] {
  const a: unknown[] = [];
  a.push(a);
  return a;
}

/** Values that are not what anything expects. */
export function junk(): unknown[] {
  return [
    null, undefined, 0, -1, 1.5, NaN, Infinity, '', 'ij', '...', true, 7n, Symbol('s'), {}, [], [[]], [1, [2]], [[1, 2], [3]],
    [null], ['a'], new Float64Array(3), new Uint8Array(2), new Int32Array(1), Object.create(null), () => 1, cyclic(),
    { shape: [2], data: new Float64Array(2), strides: [1], offset: 0, dtype: 'float32' },
    { shape: [2], data: new Float64Array(1), strides: [1], offset: 0, dtype: 'float64' },
    { shape: [2], data: new Float64Array(2) },
  ];
}

/**
 * A copy of `t`'s values in a fresh strided view (corpus.stridedView: reversed, permuted, offset,
 * padded), some of its size-1 axes given stride 0 as a broadcast view has them.
 */
export function oddView(t: Tensor, seed: number): Tensor {
  const view = stridedView(t, seed);
  const next = rng(seed + 1);
  const strides = view.strides.map((s, axis) => (t.shape[axis] === 1 && next() < 0.5 ? 0 : s));
  return tensor(view.data, t.shape, { strides, offset: view.offset });
}

/** A view of `shape` over one element (every stride 0): a broadcast operand, and an `out` that names an element many times. */
export function spread(shape: readonly number[], dtype: 'float64' | 'float32' | 'int32', value = 2): Tensor {
  const data = dtype === 'int32' ? new Int32Array([value]) : dtype === 'float32' ? new Float32Array([value]) : new Float64Array([value]);
  return tensor(data, shape, { strides: shape.map(() => 0) });
}

/** Small integer data in [-3, 3] of `shape` and `dtype`, so every dtype's sums are exact. */
export function small(shape: readonly number[], dtype: 'float64' | 'float32' | 'int32', seed: number): Tensor {
  const next = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: size }, () => Math.floor(next() * 7) - 3), shape, { dtype });
}
