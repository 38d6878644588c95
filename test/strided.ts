/**
 * Random strided views for the kernel tests (gemm, gemm on the wasm route, reduce): every layout
 * a kernel may meet — permuted axes, padding, broadcast (stride 0), reversed axes — over fresh
 * data of any dtype, and the naive index arithmetic the tests check the kernels with.
 */
import type { DType, TypedArray } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';

export { rng } from './corpus.js';

export const DTYPES: DType[] = ['float64', 'float32', 'int32'];

export interface View { data: TypedArray; offset: number; strides: number[] }

/** A strided view of `sizes` in a fresh buffer: random axis order, padding, broadcast, reversal. */
export function randomView(rand: () => number, sizes: number[], dtype: DType, allowBroadcast: boolean): View {
  const order = sizes.map((_, i) => i).sort(() => rand() - 0.5);
  const strides = new Array<number>(sizes.length).fill(0);
  let step = 1 + (rand() < 0.2 ? 1 : 0);
  for (const axis of [...order].reverse()) {
    if (allowBroadcast && rand() < 0.15) continue; // stride 0: broadcast
    strides[axis] = step;
    step *= Math.max(sizes[axis], 1) + (rand() < 0.2 ? 1 : 0);
  }
  let offset = Math.floor(rand() * 3);
  for (let i = 0; i < sizes.length; i++) {
    if (rand() < 0.15 && sizes[i] > 0) {
      strides[i] = -strides[i];
      offset += -strides[i] * (sizes[i] - 1);
    }
  }
  const span = sizes.reduce((acc, size, i) => acc + Math.max(size - 1, 0) * Math.abs(strides[i]), 0);
  const data = allocate(dtype, offset + span + 3);
  for (let i = 0; i < data.length; i++) {
    data[i] = dtype === 'int32' ? Math.floor(rand() * 21) - 10 : rand() * 2 - 1;
  }
  return { data, offset, strides };
}

/** The same strides over fresh data of another dtype, shifted by `shift` elements. */
export function retarget(rand: () => number, v: View, dtype: DType, shift: number): View {
  const data = allocate(dtype, v.data.length + shift);
  for (let i = 0; i < data.length; i++) data[i] = dtype === 'int32' ? Math.floor(rand() * 21) - 10 : rand() * 2 - 1;
  return { data, offset: v.offset + shift, strides: v.strides };
}

/** Where row-major element `flat` of `sizes` lives in a view with these strides, from `offset`. */
export function positionOf(flat: number, sizes: readonly number[], strides: readonly number[], offset: number): number {
  let at = offset;
  for (let i = sizes.length - 1, r = flat; i >= 0; i--) {
    at += (r % sizes[i]) * strides[i];
    r = Math.floor(r / sizes[i]);
  }
  return at;
}

/** How far a float64-summed result may drift once stored: exact for int32, rounding for floats. */
export function tolerance(dtype: DType, k: number): number {
  return dtype === 'int32' ? 0 : dtype === 'float32' ? 1e-6 * (k + 1) : 1e-12 * (k + 1);
}

/**
 * The reference for entry (t, i, j) of a batched product whose operands are views with the batch
 * axes first and the matrix axes last: C[t, i, j] = sum over p of A[t, i, p] * B[t, p, j].
 */
export function batchedEntry(a: View, b: View, batch: readonly number[], k: number, t: number, i: number, j: number): number {
  const r = batch.length;
  const oa = positionOf(t, batch, a.strides.slice(0, r), a.offset);
  const ob = positionOf(t, batch, b.strides.slice(0, r), b.offset);
  let s = 0;
  for (let p = 0; p < k; p++) s += a.data[oa + i * a.strides[r] + p * a.strides[r + 1]] * b.data[ob + p * b.strides[r] + j * b.strides[r + 1]];
  return s;
}

/** Where entry (t, i, j) of a batched result view lives. */
export function batchedAt(c: View, batch: readonly number[], t: number, i: number, j: number): number {
  const r = batch.length;
  return positionOf(t, batch, c.strides.slice(0, r), c.offset) + i * c.strides[r] + j * c.strides[r + 1];
}

/**
 * A row-major int32 product whose sums overflow 32 bits, and what numpy's int32 gives for it
 * (exact sums in BigInt, wrapped): the gemm routes must store the same wrapped values.
 */
export function int32Overflow(m: number, n: number, k: number): { a: Int32Array; b: Int32Array; want: number[] } {
  const a = Int32Array.from({ length: m * k }, (_, i) => 2_000_000_000 - i * 7919);
  const b = Int32Array.from({ length: k * n }, (_, i) => 3 + (i % 5));
  const want: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0n;
      for (let p = 0; p < k; p++) s += BigInt(a[i * k + p]) * BigInt(b[p * n + j]);
      want.push(Number(BigInt.asIntN(32, s)));
    }
  return { a, b, want };
}

