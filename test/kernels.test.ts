/**
 * The numeric kernels against naive loops: random sizes (0, 1, odd, around the block sizes),
 * random strides (transposed, broadcast 0, padded, negative), every dtype mix, int32 wrap-around.
 */
import { describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';
import { gemm, prepareGemm } from '../src/kernels/gemm.js';
import { gemmBatched, prepareGemmBatched } from '../src/kernels/gemm-batched.js';
import { pack, prepareReduce, reduceInto } from '../src/kernels/reduce.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const DTYPES: DType[] = ['float64', 'float32', 'int32'];

interface View { data: TypedArray; offset: number; strides: number[] }

/** A strided view of `sizes` in a fresh buffer: random axis order, padding, broadcast, reversal. */
function randomView(rand: () => number, sizes: number[], dtype: DType, allowBroadcast: boolean): View {
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

function tolerance(dtype: DType, k: number): number {
  return dtype === 'int32' ? 0 : dtype === 'float32' ? 1e-6 * (k + 1) : 1e-12 * (k + 1);
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
      for (let t = 0; t < total; t++) {
        let oa = a.offset, ob = b.offset, oc = c.offset;
        for (let i = r - 1, rest = t; i >= 0; i--) {
          const at = rest % batch[i];
          rest = Math.floor(rest / batch[i]);
          oa += at * a.strides[i];
          ob += at * b.strides[i];
          oc += at * c.strides[i];
        }
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a.data[oa + i * a.strides[r] + p * a.strides[r + 1]] * b.data[ob + p * b.strides[r] + j * b.strides[r + 1]];
            expect(c.data[oc + i * c.strides[r] + j * c.strides[r + 1]]).toBeCloseTo(s, 10);
          }
      }
    }
  });

  it('int32 results wrap like numpy int32', () => {
    for (const [m, n, k] of [[2, 2, 3], [40, 33, 70]]) {
      const a = Int32Array.from({ length: m * k }, (_, i) => 2_000_000_000 - i * 7919);
      const b = Int32Array.from({ length: k * n }, (_, i) => 3 + (i % 5));
      const c = new Int32Array(m * n);
      gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c, 0, 0, n, 1);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0n;
          for (let p = 0; p < k; p++) s += BigInt(a[i * k + p]) * BigInt(b[p * n + j]);
          expect(c[i * n + j]).toBe(Number(BigInt.asIntN(32, s)));
        }
    }
  });
});

/** out[kept index, row-major] = Σ over the summed index, by brute force. */
function naiveReduce(
  src: TypedArray, offset: number, keptSizes: number[], keptStrides: number[],
  sumSizes: number[], sumStrides: number[],
): Float64Array {
  const total = keptSizes.reduce((x, y) => x * y, 1);
  const sums = sumSizes.reduce((x, y) => x * y, 1);
  const out = new Float64Array(total);
  for (let o = 0; o < total; o++) {
    let base = offset;
    for (let i = keptSizes.length - 1, r = o; i >= 0; i--) {
      base += (r % keptSizes[i]) * keptStrides[i];
      r = Math.floor(r / keptSizes[i]);
    }
    let s = 0;
    for (let q = 0; q < sums; q++) {
      let at = base;
      for (let i = sumSizes.length - 1, r = q; i >= 0; i--) {
        at += (r % sumSizes[i]) * sumStrides[i];
        r = Math.floor(r / sumSizes[i]);
      }
      s += src[at];
    }
    out[o] = s;
  }
  return out;
}

function checkReduce(
  rand: () => number, src: View, keptSizes: number[], keptStrides: number[],
  sumSizes: number[], sumStrides: number[], dtype: DType, label: string,
): void {
  const total = keptSizes.reduce((x, y) => x * y, 1);
  const expected = naiveReduce(src.data, src.offset, keptSizes, keptStrides, sumSizes, sumStrides);
  const useStrides = rand() < 0.3;
  const dst = useStrides ? randomView(rand, keptSizes, dtype, false) : { data: allocate(dtype, total + 2), offset: 1, strides: [] };
  dst.data.fill(77);
  reduceInto(src.data, src.offset, keptSizes, keptStrides, sumSizes, sumStrides, dst.data, dst.offset,
    useStrides ? dst.strides : undefined);
  const stored = allocate(dtype, 1);
  const sums = sumSizes.reduce((x, y) => x * y, 1);
  const tol = tolerance(dtype, sums);
  for (let o = 0; o < total; o++) {
    let at = dst.offset;
    if (useStrides) {
      for (let i = keptSizes.length - 1, r = o; i >= 0; i--) {
        at += (r % keptSizes[i]) * dst.strides[i];
        r = Math.floor(r / keptSizes[i]);
      }
    } else at += o;
    stored[0] = expected[o];
    const got = dst.data[at];
    if (Math.abs(got - stored[0]) > tol * (1 + Math.abs(stored[0]))) {
      expect.fail(`${label}: kept [${keptSizes}]/[${keptStrides}] summed [${sumSizes}]/[${sumStrides}] -> ${dtype} at ${o}: ${got} vs ${stored[0]}`);
    }
  }
}

describe('reduceInto and pack', () => {
  const rand = rng(2);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

  it('matches the naive sum over random kept/summed axes, strides and dtypes', () => {
    const sizes = [0, 1, 1, 2, 3, 4, 5, 7, 13, 33, 65];
    for (let r = 0; r < 400; r++) {
      const rank = pick([0, 1, 2, 3, 4]);
      let shape = Array.from({ length: rank }, () => pick(sizes));
      while (shape.reduce((x, y) => x * y, 1) > 40000) shape = shape.map((s) => Math.min(s, 7));
      const src = randomView(rand, shape, pick(DTYPES), true);
      const axes = shape.map((_, i) => i).sort(() => rand() - 0.5);
      const cut = Math.floor(rand() * (rank + 1));
      const kept = axes.slice(0, cut);
      const summed = axes.slice(cut);
      checkReduce(rand, src, kept.map((i) => shape[i]), kept.map((i) => src.strides[i]),
        summed.map((i) => shape[i]), summed.map((i) => src.strides[i]), pick(DTYPES), 'random');
    }
  });

  it('diagonal and trace through summed strides', () => {
    for (const n of [1, 3, 7, 64]) {
      const src = randomView(rand, [n, n, 5], 'float64', false);
      const [si, sj, sk] = src.strides;
      checkReduce(rand, src, [], [], [n], [si + sj], 'float64', 'trace ii->');
      checkReduce(rand, src, [n, 5], [si + sj, sk], [], [], 'float32', 'diagonal iik->ik');
      checkReduce(rand, src, [5], [sk], [n], [si + sj], 'float64', 'iik->k');
      checkReduce(rand, src, [n], [si + sj], [5], [sk], 'int32', 'iik->i');
    }
  });

  it('transposes, column sums and size 0', () => {
    const cube = randomView(rand, [40, 37, 45], 'float32', false);
    const [a, b, c] = cube.strides;
    checkReduce(rand, cube, [45, 37, 40], [c, b, a], [], [], 'float32', 'ijk->kji');
    checkReduce(rand, cube, [45, 40], [c, a], [37], [b], 'float64', 'ijk->ki');
    checkReduce(rand, cube, [37], [b], [40, 45], [a, c], 'float64', 'ijk->j');
    const m = randomView(rand, [300, 70], 'float64', false);
    checkReduce(rand, m, [70], [m.strides[1]], [300], [m.strides[0]], 'float32', 'ij->j');
    checkReduce(rand, m, [300], [m.strides[0]], [70], [m.strides[1]], 'int32', 'ij->i');
    const z = new Float64Array([5, 5]);
    reduceInto(new Float64Array(0), 0, [2], [1], [0], [1], z, 0);
    expect(Array.from(z)).toEqual([0, 0]);
    reduceInto(new Float64Array(0), 0, [0, 3], [3, 1], [4], [0], z, 0);
    expect(Array.from(z)).toEqual([0, 0]);
  });

  it('pack copies a strided view into a contiguous buffer, wrapping int32', () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6, 2 ** 32 + 7, 2 ** 31]);
    const out = new Int32Array(8);
    pack(src, 0, [2, 4], [1, 2], out, 0);
    expect(Array.from(out)).toEqual([1, 3, 5, 7, 2, 4, 6, -(2 ** 31)]);
    // A sum past 2^31 wraps on the store; the float64 sum itself is exact.
    const big = new Int32Array(40).fill(2 ** 30);
    const sums = new Int32Array(2);
    reduceInto(big, 0, [2], [20], [20], [1], sums, 0);
    expect(Array.from(sums)).toEqual([Number(BigInt.asIntN(32, 20n * 2n ** 30n)), Number(BigInt.asIntN(32, 20n * 2n ** 30n))]);
    const many = new Int32Array(4096).fill(2 ** 30 + 1);
    const four = new Int32Array(4);
    reduceInto(many, 0, [4], [1], [1024], [4], four, 0); // accumulate order: the kept axis is innermost
    expect(Array.from(four)).toEqual(new Array(4).fill(Number(BigInt.asIntN(32, 1024n * (2n ** 30n + 1n)))));
  });
});

/** The same strides over fresh data of another dtype, shifted by `shift` elements. */
function retarget(rand: () => number, v: View, dtype: DType, shift: number): View {
  const data = allocate(dtype, v.data.length + shift);
  for (let i = 0; i < data.length; i++) data[i] = dtype === 'int32' ? Math.floor(rand() * 21) - 10 : rand() * 2 - 1;
  return { data, offset: v.offset + shift, strides: v.strides };
}

// A prepared kernel is made once per plan and called for ever, with other arrays, dtypes and
// offsets each time: its walkers and odometers must start over on every call.
describe('prepared kernels, called repeatedly', () => {
  const rand = rng(3);
  const TRIALS: [DType, DType, number][] = [['float64', 'float64', 0], ['float32', 'int32', 3], ['int32', 'float32', 1], ['float64', 'float32', 2]];

  it('prepareReduce: every route, with fresh arrays and offsets per call', () => {
    // [name, shape, kept axes, summed axes]: one case per route of reduce.ts and copy.ts.
    const cases: [string, number[], number[], number[]][] = [
      ['ij->i (sum rows)', [5, 3], [0], [1]],
      ['ij->ji (small 2-D copy)', [4, 5], [1, 0], []],
      ['ijk->ijk (copy lines)', [3, 4, 5], [0, 1, 2], []],
      ['ijk->kji (tiled copy)', [40, 3, 37], [2, 1, 0], []],
      ['ij-> size 0 (fill)', [3, 0], [0], [1]],
      ['ijk->ij (dot order)', [4, 5, 6], [0, 1], [2]],
      ['ijk->kj (accumulate order)', [4, 5, 6], [2, 1], [0]],
      ['ijk->jk (accumulate, four rows at once)', [4, 5, 6], [1, 2], [0]],
      ['ijk-> (sum all)', [4, 5, 6], [], [0, 1, 2]],
      ['ijk->k (a size-1 kept axis)', [4, 1, 6], [1, 2], [0]],
    ];
    for (const [name, shape, keptAxes, sumAxes] of cases) {
      const base = randomView(rand, shape, 'float64', false);
      const keptSizes = keptAxes.map((i) => shape[i]), keptStrides = keptAxes.map((i) => base.strides[i]);
      const sumSizes = sumAxes.map((i) => shape[i]), sumStrides = sumAxes.map((i) => base.strides[i]);
      const total = keptSizes.reduce((x, y) => x * y, 1);
      for (const strided of [false, true]) {
        const dstView = randomView(rand, keptSizes, 'float64', false);
        const kernel = prepareReduce(keptSizes, keptStrides, sumSizes, sumStrides, strided ? dstView.strides : undefined);
        for (const [srcType, dstType, shift] of TRIALS) {
          const src = retarget(rand, base, srcType, shift);
          const dst = strided ? retarget(rand, dstView, dstType, shift) : { data: allocate(dstType, total + shift), offset: shift, strides: [] };
          kernel(src.data, src.offset, dst.data, dst.offset);
          const expected = naiveReduce(src.data, src.offset, keptSizes, keptStrides, sumSizes, sumStrides);
          const stored = allocate(dstType, 1);
          for (let o = 0; o < total; o++) {
            let at = dst.offset;
            if (strided) {
              for (let i = keptSizes.length - 1, r = o; i >= 0; i--) {
                at += (r % keptSizes[i]) * dst.strides[i];
                r = Math.floor(r / keptSizes[i]);
              }
            } else at += o;
            stored[0] = expected[o];
            const tol = tolerance(dstType, 200);
            if (Math.abs(dst.data[at] - stored[0]) > tol * (1 + Math.abs(stored[0]))) {
              expect.fail(`${name} ${srcType}->${dstType} shift ${shift}${strided ? ' strided' : ''} at ${o}: ${dst.data[at]} vs ${stored[0]}`);
            }
          }
        }
      }
    }
  });

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
          let oa = a.offset, ob = b.offset, oc = c.offset;
          for (let i = r - 1, rest = t; i >= 0; i--) {
            const at = rest % batch[i];
            rest = Math.floor(rest / batch[i]);
            oa += at * a.strides[i];
            ob += at * b.strides[i];
            oc += at * c.strides[i];
          }
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += a.data[oa + i * a.strides[r] + p * a.strides[r + 1]] * b.data[ob + p * b.strides[r] + j * b.strides[r + 1]];
              const got = c.data[oc + i * c.strides[r] + j * c.strides[r + 1]];
              if (cType === 'int32' ? got !== (s | 0) : Math.abs(got - s) > 1e-5 * (1 + Math.abs(s))) {
                expect.fail(`batch [${batch}] ${aType}->${cType} shift ${shift} at ${t},${i},${j}: ${got} vs ${s}`);
              }
            }
        }
      }
    }
  });
});
