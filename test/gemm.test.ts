/**
 * gemm and gemmBatched against naive loops: random sizes (0, 1, odd, around the block sizes),
 * random strides (transposed, broadcast 0, padded, negative), every dtype mix, int32 wrap-around;
 * prepared kernels called again and again with other arrays, dtypes and offsets.
 */
import { describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';
import { gemm, prepareGemm } from '../src/kernels/gemm.js';
import { gemmBatched, prepareGemmBatched } from '../src/kernels/gemm-batched.js';
import { setFmaEnabled, setWasmEnabled } from '../src/kernels/wasm/index.js';
import { bitsEqual } from './threads/helpers.js';
import { batchedAt, batchedEntry, DTYPES, int32Overflow, randomView, retarget, rng, tolerance, type View } from './strided.js';

function naiveGemm(
  batch: number, m: number, n: number, k: number, a: View, b: View, _c: View, out: Float64Array,
): void {
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          s += a.data[a.offset + t * a.strides[0] + i * a.strides[1] + p * a.strides[2]] *
            b.data[b.offset + t * b.strides[0] + p * b.strides[1] + j * b.strides[2]];
        }
        out[(t * m + i) * n + j] = s;
      }
}

function checkGemm(rand: () => number, batch: number, m: number, n: number, k: number, dtypes: DType[]): void {
  const a = randomView(rand, [batch, m, k], dtypes[0], true);
  const b = randomView(rand, [batch, k, n], dtypes[1], true);
  const c = randomView(rand, [batch, m, n], dtypes[2], false);
  // Garbage in C: the kernel overwrites, never accumulates. Outside the view must stay untouched.
  const before = c.data.slice();
  const aBefore = a.data.slice(), bBefore = b.data.slice();
  const touched = new Set<number>();
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) touched.add(c.offset + t * c.strides[0] + i * c.strides[1] + j * c.strides[2]);
  const expected = new Float64Array(batch * m * n);
  naiveGemm(batch, m, n, k, a, b, c, expected);
  gemm(batch, m, n, k,
    a.data, a.offset, a.strides[0], a.strides[1], a.strides[2],
    b.data, b.offset, b.strides[0], b.strides[1], b.strides[2],
    c.data, c.offset, c.strides[0], c.strides[1], c.strides[2]);
  const stored = allocate(dtypes[2], 1);
  const tol = tolerance(dtypes[2], k);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const got = c.data[c.offset + t * c.strides[0] + i * c.strides[1] + j * c.strides[2]];
        stored[0] = expected[(t * m + i) * n + j];
        if (Math.abs(got - stored[0]) > tol * (1 + Math.abs(stored[0]))) {
          expect.fail(`gemm ${batch}×${m}×${n}×${k} ${dtypes} at [${t},${i},${j}]: ${got} vs ${stored[0]}`);
        }
      }
  for (let x = 0; x < c.data.length; x++) {
    if (!touched.has(x) && !Object.is(c.data[x], before[x])) expect.fail(`gemm wrote outside C at ${x}`);
  }
  if (!a.data.every((v, x) => Object.is(v, aBefore[x])) || !b.data.every((v, x) => Object.is(v, bBefore[x]))) {
    expect.fail('gemm mutated an operand');
  }
}

describe('gemm', () => {
  const rand = rng(1);
  const pick = (xs: number[]) => xs[Math.floor(rand() * xs.length)];
  const small = [0, 1, 2, 3, 4, 5, 7, 13];
  const medium = [1, 3, 4, 5, 7, 13, 17, 31, 63, 64, 65];

  it('matches the naive loop on tiny sizes, every dtype mix and stride layout', () => {
    for (let r = 0; r < 400; r++) {
      const dtypes = [pick([0, 1, 2]), pick([0, 1, 2]), pick([0, 1, 2])].map((i) => DTYPES[i]);
      checkGemm(rand, pick([0, 1, 2, 3]), pick(small), pick(small), pick(small), dtypes);
    }
  });

  it('matches the naive loop on medium sizes (the packed path), every dtype mix', () => {
    for (let r = 0; r < 60; r++) {
      const dtypes = [pick([0, 1, 2]), pick([0, 1, 2]), pick([0, 1, 2])].map((i) => DTYPES[i]);
      checkGemm(rand, pick([1, 2, 3]), pick(medium), pick(medium), pick(medium), dtypes);
    }
  });

  it('handles block edges: k around KC=256, m around MB=256, n around NC=512', () => {
    const cases: [number, number, number, number][] = [
      [1, 9, 5, 255], [1, 9, 6, 256], [1, 5, 9, 257], [1, 257, 9, 3], [1, 258, 7, 300],
      [1, 6, 513, 7], [1, 66, 515, 21], [2, 65, 63, 129], [1, 260, 514, 258],
      [1, 1, 600, 40], [1, 600, 1, 40], [2, 300, 2, 50], [2, 2, 300, 50],
    ];
    for (const [batch, m, n, k] of cases) checkGemm(rand, batch, m, n, k, ['float64', 'float32', 'float64']);
  });

  it('folds a broadcast operand across the batch', () => {
    // B shared (batch stride 0), A and C stacked by rows: batch folds into m.
    const a = Float64Array.from({ length: 4 * 8 * 6 }, (_, i) => (i % 7) - 3);
    const b = Float64Array.from({ length: 6 * 5 }, (_, i) => (i % 5) - 2);
    const c = new Float64Array(4 * 8 * 5);
    gemm(4, 8, 5, 6, a, 0, 48, 6, 1, b, 0, 0, 5, 1, c, 0, 40, 5, 1);
    const ref = new Float64Array(4 * 8 * 5);
    const view = (data: TypedArray, strides: number[]): View => ({ data, offset: 0, strides });
    naiveGemm(4, 8, 5, 6, view(a, [48, 6, 1]), view(b, [0, 5, 1]), view(c, [40, 5, 1]), ref);
    expect(Array.from(c)).toEqual(Array.from(ref));
    // A shared, B and C stacked by columns: batch folds into n.
    const c2 = new Float64Array(8 * 4 * 5);
    const b2 = Float64Array.from({ length: 6 * 20 }, (_, i) => (i % 9) - 4);
    gemm(4, 8, 5, 6, a, 0, 0, 6, 1, b2, 0, 5, 20, 1, c2, 0, 5, 20, 1);
    const ref2 = new Float64Array(4 * 8 * 5);
    naiveGemm(4, 8, 5, 6, view(a, [0, 6, 1]), view(b2, [5, 20, 1]), view(c2, [5, 20, 1]), ref2);
    for (let t = 0; t < 4; t++)
      for (let i = 0; i < 8; i++)
        for (let j = 0; j < 5; j++) expect(c2[i * 20 + t * 5 + j]).toBe(ref2[(t * 8 + i) * 5 + j]);
  });

  it('packs a shared operand once when the batch cannot fold (C not stacked)', () => {
    const [batch, m, n, k] = [3, 30, 40, 20];
    const a = Float32Array.from({ length: batch * m * k }, (_, i) => ((i * 37) % 11) - 5);
    const a0 = Float64Array.from({ length: m * k }, (_, i) => ((i * 13) % 7) - 3);
    const b = Float64Array.from({ length: k * n }, (_, i) => ((i * 29) % 9) - 4);
    const b3 = Int32Array.from({ length: batch * k * n }, (_, i) => ((i * 31) % 13) - 6);
    const view = (data: TypedArray, strides: number[]): View => ({ data, offset: 0, strides });
    // C[t, i, j] at t + i*batch + j*batch*m: neither stacked by rows nor by columns.
    const cStrides = [1, batch, batch * m];
    for (const [va, vb] of [[view(a, [m * k, k, 1]), view(b, [0, n, 1])], [view(a0, [0, 1, m]), view(b3, [k * n, n, 1])]]) {
      const c = new Float64Array(batch * m * n);
      gemm(batch, m, n, k, va.data, 0, va.strides[0], va.strides[1], va.strides[2],
        vb.data, 0, vb.strides[0], vb.strides[1], vb.strides[2], c, 0, cStrides[0], cStrides[1], cStrides[2]);
      const ref = new Float64Array(batch * m * n);
      naiveGemm(batch, m, n, k, va, vb, view(c, cStrides), ref);
      for (let t = 0; t < batch; t++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) expect(c[t + i * batch + j * batch * m]).toBe(ref[(t * m + i) * n + j]);
    }
  });

  it('k = 0 writes zeros; scalar multiply; outer product', () => {
    const c = new Float32Array([9, 9, 9, 9]);
    gemm(1, 2, 2, 0, new Float64Array(0), 0, 0, 0, 0, new Float64Array(0), 0, 0, 0, 0, c, 0, 0, 2, 1);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
    const s = new Int32Array(1);
    gemm(1, 1, 1, 1, new Int32Array([6]), 0, 0, 0, 0, new Float32Array([7]), 0, 0, 0, 0, s, 0, 0, 0, 0);
    expect(s[0]).toBe(42);
    const o = new Float64Array(6);
    gemm(1, 2, 3, 1, new Float64Array([1, 2]), 0, 0, 1, 0, new Float64Array([3, 4, 5]), 0, 0, 0, 1, o, 0, 0, 3, 1);
    expect(Array.from(o)).toEqual([3, 4, 5, 6, 8, 10]);
  });

  it('gemmBatched loops batch dimensions that do not nest, e.g. nqhd,nkhd->nhqk', () => {
    for (const [batch, m, n, k] of [[[2, 3], 5, 7, 4], [[3, 1, 2], 17, 9, 33], [[0, 2], 3, 3, 3], [[], 4, 4, 4], [[2, 4], 1, 1, 6]] as const) {
      const a = randomView(rand, [...batch, m, k], 'float32', true);
      const b = randomView(rand, [...batch, k, n], 'float64', true);
      const c = randomView(rand, [...batch, m, n], 'float64', false);
      const r = batch.length;
      gemmBatched(batch, a.strides.slice(0, r), b.strides.slice(0, r), c.strides.slice(0, r), m, n, k,
        a.data, a.offset, a.strides[r], a.strides[r + 1], b.data, b.offset, b.strides[r], b.strides[r + 1],
        c.data, c.offset, c.strides[r], c.strides[r + 1]);
      const total = batch.reduce((x: number, y: number) => x * y, 1);
      for (let t = 0; t < total; t++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) expect(c.data[batchedAt(c, batch, t, i, j)]).toBeCloseTo(batchedEntry(a, b, batch, k, t, i, j), 10);
    }
  });

  it('int32 results wrap like numpy int32', () => {
    for (const [m, n, k] of [[2, 2, 3], [40, 33, 70]]) {
      const { a, b, want } = int32Overflow(m, n, k);
      const c = new Int32Array(m * n);
      gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c, 0, 0, n, 1);
      expect(Array.from(c)).toEqual(want);
    }
  });
});

// A prepared kernel is made once per plan and called for ever, with other arrays, dtypes and
// offsets each time: its walkers and odometers must start over on every call.
describe('float32 A with its rows adjacent (a transposed operand), staged for a whole C block', () => {
  it('is bit for bit the JS route, across MC = 64, MB = 512 and KC = 256, float32 or float64 data', () => {
    // WasmGemm.stageAdjacent copies depth lines of up to 512 rows, and each 64-row slice is laid out
    // from them; the JS route packs element by element. Same sums (no FMA): same bits.
    const rand = rng(11);
    try {
      setFmaEnabled(false);
      for (const [m, n, k] of [[65, 9, 40], [130, 33, 300], [515, 12, 20], [200, 70, 257]] as const) {
        for (const dtype of ['float32', 'float64'] as const) {
          const a = allocate(dtype, m * k + 5); // A[i, p] at 2 + p*m + i: rows adjacent
          for (let i = 0; i < a.length; i++) a[i] = rand() * 2 - 1;
          const b = allocate('float32', k * n);
          for (let i = 0; i < b.length; i++) b[i] = rand() * 2 - 1;
          const kernel = prepareGemm(1, m, n, k, 0, 1, m, 0, n, 1, 0, n, 1, 'float32');
          const viaWasm = new Float32Array(m * n), viaJs = new Float32Array(m * n);
          setWasmEnabled(true);
          kernel(a, 2, b, 0, viaWasm, 0);
          setWasmEnabled(false);
          kernel(a, 2, b, 0, viaJs, 0);
          expect(bitsEqual(viaWasm, viaJs), `${m}×${n}×${k} ${dtype}`).toBe(true);
          const i = m - 1, j = n - 1; // one entry against the sum written out, in float64
          let sum = 0;
          for (let p = 0; p < k; p++) sum += a[2 + p * m + i] * b[p * n + j];
          expect(viaWasm[i * n + j]).toBeCloseTo(sum, 3);
        }
      }
    } finally {
      setWasmEnabled(true);
      setFmaEnabled(true);
    }
  });
});

describe('prepared gemm kernels, called repeatedly', () => {
  const rand = rng(3);
  const TRIALS: [DType, DType, number][] = [['float64', 'float64', 0], ['float32', 'int32', 3], ['int32', 'float32', 1], ['float64', 'float32', 2]];

  it('prepareGemm: every route, with fresh arrays and offsets per call', () => {
    // [name, batch, m, n, k, B broadcast over the batch]
    const cases: [string, number, number, number, number, boolean][] = [
      ['small tiles', 2, 3, 5, 4, false],
      ['long dots (n ≤ 2)', 1, 70, 2, 150, false],
      ['row updates (m ≤ 2)', 2, 2, 70, 150, false],
      ['blocked', 2, 33, 40, 30, false],
      ['blocked, B folded into one taller product', 3, 20, 20, 30, true],
    ];
    for (const [name, batch, m, n, k, shared] of cases) {
      const a0 = randomView(rand, [batch, m, k], 'float64', false);
      const b0 = randomView(rand, [batch, k, n], 'float64', false);
      if (shared) b0.strides[0] = 0;
      const c0 = randomView(rand, [batch, m, n], 'float64', false);
      const kernel = prepareGemm(batch, m, n, k, a0.strides[0], a0.strides[1], a0.strides[2],
        b0.strides[0], b0.strides[1], b0.strides[2], c0.strides[0], c0.strides[1], c0.strides[2]);
      for (const [aType, cType, shift] of TRIALS) {
        const a = retarget(rand, a0, aType, shift), b = retarget(rand, b0, 'float64', shift), c = retarget(rand, c0, cType, shift);
        kernel(a.data, a.offset, b.data, b.offset, c.data, c.offset);
        const expected = new Float64Array(batch * m * n);
        naiveGemm(batch, m, n, k, a, b, c, expected);
        const stored = allocate(cType, 1);
        for (let t = 0; t < batch; t++)
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              const got = c.data[c.offset + t * c.strides[0] + i * c.strides[1] + j * c.strides[2]];
              stored[0] = expected[(t * m + i) * n + j];
              if (Math.abs(got - stored[0]) > tolerance(cType, k) * (1 + Math.abs(stored[0]))) {
                expect.fail(`${name} ${aType}->${cType} shift ${shift} at [${t},${i},${j}]: ${got} vs ${stored[0]}`);
              }
            }
      }
    }
  });

  it('prepareGemmBatched: the batch odometer starts over on every call', () => {
    for (const batch of [[2, 3], [3, 1, 2], []]) {
      const [m, n, k] = [3, 4, 5];
      const r = batch.length;
      const a0 = randomView(rand, [...batch, m, k], 'float64', true);
      const b0 = randomView(rand, [...batch, k, n], 'float64', true);
      const c0 = randomView(rand, [...batch, m, n], 'float64', false);
      const kernel = prepareGemmBatched(batch, a0.strides.slice(0, r), b0.strides.slice(0, r), c0.strides.slice(0, r), m, n, k,
        a0.strides[r], a0.strides[r + 1], b0.strides[r], b0.strides[r + 1], c0.strides[r], c0.strides[r + 1]);
      for (const [aType, cType, shift] of TRIALS) {
        const a = retarget(rand, a0, aType, shift), b = retarget(rand, b0, 'float64', shift), c = retarget(rand, c0, cType, shift);
        kernel(a.data, a.offset, b.data, b.offset, c.data, c.offset);
        const total = batch.reduce((x, y) => x * y, 1);
        for (let t = 0; t < total; t++) {
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              const s = batchedEntry(a, b, batch, k, t, i, j);
              const got = c.data[batchedAt(c, batch, t, i, j)];
              if (cType === 'int32' ? got !== (s | 0) : Math.abs(got - s) > 1e-5 * (1 + Math.abs(s))) {
                expect.fail(`batch [${batch}] ${aType}->${cType} shift ${shift} at ${t},${i},${j}: ${got} vs ${s}`);
              }
            }
        }
      }
    }
  });
});
