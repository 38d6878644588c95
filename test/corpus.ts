/**
 * The shared equation corpus (STYLE "one corpus, every execution path"): numpy's golden cases,
 * seeded random equations, and helpers to turn shapes into operands and compare results. The
 * engine, the path optimizers, the JIT and the generated kernels all loop over the same cases:
 *
 *   for (const c of goldenCases()) if (c.expected) check(einsum(c.subscripts, ...goldenOperands(c)), c.expected);
 *   for (const eq of randomEquations(1, 300)) {
 *     const ops = makeOperands(eq.shapes, 7);
 *     expect(compareResult(einsum(eq.subscripts, ...ops), referenceEinsum(eq.subscripts, ops))).toBeUndefined();
 *   }
 */
import { readFileSync } from 'node:fs';
import type { DType } from '../src/dtype.js';
import { tensor } from '../src/create.js';
import { type Tensor } from '../src/tensor.js';

export interface GoldenCase {
  readonly name: string;
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  /** Flat row-major data of each operand. */
  readonly inputs: readonly (readonly number[])[];
  /** Storage dtype of each operand; float64 when absent. */
  readonly dtypes?: readonly DType[];
  readonly expected?: { readonly shape: readonly number[]; readonly data: readonly number[]; readonly dtype: DType };
  /** numpy's refusal, and the EinsumError code we must give for it. */
  readonly error?: string;
  readonly code?: string;
  /** numpy refuses but SPEC §3 makes us accept (expected computed on the equivalent problem). */
  readonly extension?: boolean;
}

export interface Equation {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
}

let golden: readonly GoldenCase[] | undefined;

/** The cases of test/golden/cases.json (written by scripts/golden.py from numpy). */
export function goldenCases(): readonly GoldenCase[] {
  golden ??= (JSON.parse(readFileSync(new URL('./golden/cases.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] }).cases;
  return golden;
}

/** A golden case's operands as contiguous tensors of its dtypes. */
export function goldenOperands(c: GoldenCase): Tensor[] {
  return c.inputs.map((data, k) => tensor(data, c.shapes[k], { dtype: c.dtypes?.[k] ?? 'float64' }));
}

/** mulberry32, kept here so the corpus does not depend on src/'s generator staying the same. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];
const int = (next: () => number, lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
const POOL = 'abcdefghABCD';
/** The naive odometer visits every combination of label values; keep that product small. */
const MAX_WORK = 2000;

/**
 * `count` valid random equations: 1-6 operands, repeated labels (diagonals), '...' anywhere with
 * ranks that broadcast, size-0 and size-1 dimensions (a size-1 dimension of a larger label
 * broadcasts), implicit and explicit outputs (sometimes omitting '...', SPEC's extension).
 */
export function randomEquations(seed: number, count: number): Equation[] {
  const next = rng(seed);
  const equations: Equation[] = [];
  while (equations.length < count) {
    const eq = randomEquation(next);
    if (eq) equations.push(eq);
  }
  return equations;
}

function randomEquation(next: () => number): Equation | undefined {
  const operands = pick(next, [1, 1, 2, 2, 2, 3, 3, 4, 5, 6]);
  const pool = POOL.split('').filter(() => next() < 0.5);
  if (pool.length === 0) pool.push(pick(next, POOL.split('')));
  const sizes = new Map(pool.map((l) => [l, next() < 0.06 ? 0 : pick(next, [1, 2, 2, 3, 3, 4])]));
  const ellShape = Array.from({ length: int(next, 0, 2) }, () => int(next, 1, 3));
  const useEllipsis = next() < 0.3;
  const terms: string[] = [];
  const shapes: number[][] = [];
  for (let k = 0; k < operands; k++) {
    let labels = Array.from({ length: int(next, 0, 4) }, () => pick(next, pool));
    if (next() >= 0.3) labels = [...new Set(labels)]; // keep repeated labels in ~30% of terms
    const ones = new Set([...new Set(labels)].filter(() => next() < 0.15));
    let shape = labels.map((l) => (ones.has(l) ? 1 : sizes.get(l)!));
    let term = labels.join('');
    if (useEllipsis && next() < 0.7) {
      const dims = int(next, 0, ellShape.length);
      const mine = ellShape.slice(ellShape.length - dims).map((s) => (next() < 0.2 ? 1 : s));
      const at = int(next, 0, labels.length);
      shape = [...shape.slice(0, at), ...mine, ...shape.slice(at)];
      term = `${labels.slice(0, at).join('')}...${labels.slice(at).join('')}`;
    }
    terms.push(term);
    shapes.push(shape);
  }
  const used = pool.filter((l) => terms.some((t) => t.includes(l)));
  const work = [...used.map((l) => sizes.get(l)!), ...ellShape].reduce((a, b) => a * b, 1);
  if (work > MAX_WORK) return undefined;
  let subscripts = terms.join(',');
  if (next() < 0.5) {
    const out = used.filter(() => next() < 0.5).sort(() => next() - 0.5);
    if (terms.some((t) => t.includes('...')) && next() < 0.85) out.splice(int(next, 0, out.length), 0, '...');
    subscripts += `->${out.join('')}`;
  }
  return { subscripts, shapes };
}

/** Pairwise forms whose sizes reach the blocked (tiled, packed) kernels, which tiny sizes never do. */
const MEDIUM_FORMS: readonly [string, (s: readonly number[]) => number[][]][] = [
  ['ij,jk->ik', ([i, j, k]) => [[i, j], [j, k]]],
  ['ij,kj->ik', ([i, j, k]) => [[i, j], [k, j]]],
  ['ji,jk->ki', ([i, j, k]) => [[j, i], [j, k]]],
  ['bij,bjk->bik', ([i, j, k, b]) => [[1 + (b % 4), i, j], [1 + (b % 4), j, k]]],
  ['bij,jk->bik', ([i, j, k, b]) => [[1 + (b % 4), i, j], [j, k]]],
  ['ij,j->i', ([i, j]) => [[i, j], [j]]],
  ['i,ij->j', ([i, j]) => [[i], [i, j]]],
  ['iij->j', ([i, j]) => [[i, i, j]]],
];

/** `count` matrix-multiply-like equations with sizes 1-40 (cheap enough for the reference). */
export function mediumEquations(seed: number, count: number): Equation[] {
  const next = rng(seed);
  return Array.from({ length: count }, (_, n) => {
    const [subscripts, shapes] = MEDIUM_FORMS[n % MEDIUM_FORMS.length];
    return { subscripts, shapes: shapes([int(next, 1, 40), int(next, 1, 40), int(next, 1, 40), int(next, 1, 40)]) };
  });
}

/**
 * Seeded operands for `shapes`: small integers in [-3, 3] (so float64, float32 and int32 sums are
 * exact and results compare with ===), or decimals in [-1, 1) with `{ integers: false }`.
 */
export function makeOperands(
  shapes: readonly (readonly number[])[],
  seed: number,
  dtype: DType = 'float64',
  options: { integers?: boolean } = {},
): Tensor[] {
  const next = rng(seed);
  const integers = options.integers ?? true;
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, () => (integers || dtype === 'int32' ? int(next, -3, 3) : next() * 2 - 1));
    return tensor(data, shape, { dtype });
  });
}

/**
 * The same values as `t`, as a non-contiguous view: axes laid out in a shuffled order, padded,
 * some reversed (negative strides), at an offset; the gaps hold 1e6 so a wrong read shows.
 */
export function stridedView(t: Tensor, seed: number): Tensor {
  const next = rng(seed);
  const rank = t.shape.length;
  const order = Array.from({ length: rank }, (_, a) => a).sort(() => next() - 0.5);
  const strides = new Array<number>(rank).fill(0);
  let extent = 1;
  for (const axis of order.reverse()) {
    strides[axis] = extent;
    extent *= Math.max(1, t.shape[axis]) + int(next, 0, 1);
  }
  const offset = int(next, 0, 2);
  const reversed = strides.map(() => next() < 0.3);
  let base = offset;
  reversed.forEach((r, axis) => {
    if (r && t.shape[axis] > 0) base += (t.shape[axis] - 1) * strides[axis];
  });
  const signed = strides.map((s, axis) => (reversed[axis] ? -s : s));
  const data = t.dtype === 'int32' ? new Int32Array(extent + offset + 3) : t.dtype === 'float32' ? new Float32Array(extent + offset + 3) : new Float64Array(extent + offset + 3);
  data.fill(1e6);
  const index = new Array<number>(rank).fill(0);
  const size = t.shape.reduce((a, b) => a * b, 1);
  for (let n = 0; n < size; n++) {
    let at = base;
    for (let a = 0; a < rank; a++) at += index[a] * signed[a];
    data[at] = t.get(...index);
    for (let a = rank - 1; a >= 0 && ++index[a] === t.shape[a]; a--) index[a] = 0;
  }
  return tensor(data, t.shape, { strides: signed, offset: base });
}

/** Undefined when `got` matches `want` (same shape, values within `rtol` relative), else what differs. */
export function compareResult(
  got: { readonly shape: readonly number[]; readonly data: ArrayLike<number>; readonly strides?: readonly number[]; readonly offset?: number },
  want: { readonly shape: readonly number[]; readonly data: ArrayLike<number> },
  rtol = 1e-9,
): string | undefined {
  if (got.shape.length !== want.shape.length || got.shape.some((d, a) => d !== want.shape[a])) {
    return `shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`;
  }
  const size = want.shape.reduce((a, b) => a * b, 1);
  const strides = got.strides ?? [];
  const index = new Array<number>(want.shape.length).fill(0);
  for (let n = 0; n < size; n++) {
    let at = got.offset ?? 0;
    for (let a = 0; a < index.length; a++) at += index[a] * strides[a];
    const g = Number(got.strides ? got.data[at] : got.data[n]);
    const w = Number(want.data[n]);
    if (!(Math.abs(g - w) <= rtol * Math.max(1, Math.abs(w)))) return `element ${n} [${index.join(', ')}] is ${g}, expected ${w}`;
    for (let a = index.length - 1; a >= 0 && ++index[a] === want.shape[a]; a--) index[a] = 0;
  }
  return undefined;
}
