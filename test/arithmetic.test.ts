/**
 * The kernels' arithmetic. gemm in 32-bit arithmetic (`compute` 'float32' and 'int32'), every route (small tiles, long dots,
 * row updates, blocked; wasm and JS), over random sizes, strides and dtype mixes:
 *   int32: equal to numpy's int32 (exact sums in BigInt, wrapped), overflow included;
 *   float32: bit for bit the same on the wasm and JS routes (FMA off); where an entry is one run
 *     along p (every route but the long dots, k ≤ 256) equal to a float32 emulation of that run,
 *     and within float32 rounding of the exact sum everywhere.
 * Single-operand sums in int32 arithmetic: numpy's wrapped sums, however long and in any layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';
import { gemm, prepareGemm } from '../src/kernels/gemm.js';
import { gemmBatched } from '../src/kernels/gemm-batched.js';
import { prepareReduce } from '../src/kernels/reduce.js';
import { setFmaEnabled, setWasmEnabled } from '../src/kernels/wasm/index.js';
import { batchedAt, DTYPES, positionOf, randomView, rng, type View } from './strided.js';

const at = (v: View, t: number, i: number, j: number) => v.offset + t * v.strides[0] + i * v.strides[1] + j * v.strides[2];

function run(batch: number, m: number, n: number, k: number, a: View, b: View, c: View, compute: DType): void {
  gemm(batch, m, n, k, a.data, a.offset, a.strides[0], a.strides[1], a.strides[2],
    b.data, b.offset, b.strides[0], b.strides[1], b.strides[2], c.data, c.offset, c.strides[0], c.strides[1], c.strides[2], compute);
}

/** Big int32 values, so that products and sums overflow 32 bits (the fixture's ±10 never would). */
function bigInts(v: View, rand: () => number): View {
  const data = allocate(v.data instanceof Int32Array ? 'int32' : v.data instanceof Float32Array ? 'float32' : 'float64', v.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor((rand() * 2 - 1) * 2 ** 31);
  return { ...v, data };
}

/** numpy int32: operands cast to int32 (truncate, wrap), exact sum wrapped to 32 bits. */
function int32Entry(a: View, b: View, k: number, t: number, i: number, j: number): number {
  let s = 0n;
  for (let p = 0; p < k; p++) s += BigInt(a.data[at(a, t, i, p)] | 0) * BigInt(b.data[at(b, t, p, j)] | 0);
  return Number(BigInt.asIntN(32, s));
}

/** A float32 run along p: each product and each sum rounded to float32 (what f32x4 mul/add do). */
function float32Run(a: View, b: View, k: number, t: number, i: number, j: number): { run: number; exact: number; scale: number } {
  let run = 0, exact = 0, scale = 0;
  for (let p = 0; p < k; p++) {
    const x = Math.fround(a.data[at(a, t, i, p)]), y = Math.fround(b.data[at(b, t, p, j)]);
    run = Math.fround(run + Math.fround(x * y));
    exact += x * y;
    scale += Math.abs(x * y);
  }
  return { run, exact, scale };
}

function check(rand: () => number, batch: number, m: number, n: number, k: number, dtypes: DType[], compute: DType): void {
  let a = randomView(rand, [batch, m, k], dtypes[0], true);
  let b = randomView(rand, [batch, k, n], dtypes[1], true);
  if (compute === 'int32') [a, b] = [bigInts(a, rand), bigInts(b, rand)];
  const c = randomView(rand, [batch, m, n], dtypes[2], false);
  const js = { ...c, data: c.data.slice() };
  setWasmEnabled(false);
  run(batch, m, n, k, a, b, js, compute);
  setWasmEnabled(true);
  run(batch, m, n, k, a, b, c, compute);
  const label = `${compute} ${batch}×${m}×${n}×${k} ${dtypes}`;
  // The long dots (n ≤ 2, not small) keep four partial sums; elsewhere each entry is one run.
  const oneRun = k <= 256 && !(n <= 2 && m * n * k >= 8192);
  const stored = allocate(dtypes[2], 1);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const got = c.data[at(c, t, i, j)];
        if (!Object.is(got, js.data[at(js, t, i, j)])) expect.fail(`${label} [${t},${i},${j}]: wasm ${got} vs JS ${js.data[at(js, t, i, j)]}`);
        if (compute === 'int32') {
          stored[0] = int32Entry(a, b, k, t, i, j);
          if (!Object.is(got, stored[0])) expect.fail(`${label} [${t},${i},${j}]: ${got} vs numpy int32 ${stored[0]}`);
          continue;
        }
        const { run: f32, exact, scale } = float32Run(a, b, k, t, i, j);
        stored[0] = f32;
        if (oneRun && !Object.is(got, stored[0]) && !(got === 0 && stored[0] === 0)) expect.fail(`${label} [${t},${i},${j}]: ${got} vs float32 run ${stored[0]}`);
        // An int32 C truncates the float32 sum: one more unit of slack.
        const slack = (k + 2) * 2 ** -23 * scale + (c.data instanceof Int32Array ? 1 : 0);
        if (Math.abs(got - exact) > slack) expect.fail(`${label} [${t},${i},${j}]: ${got} vs exact ${exact}`);
      }
}

describe('gemm in float32 and int32 arithmetic (FMA off)', () => {
  beforeAll(() => setFmaEnabled(false));
  afterAll(() => {
    setFmaEnabled(true);
    setWasmEnabled(true);
  });
  const rand = rng(29);
  const pick = (xs: number[]) => xs[Math.floor(rand() * xs.length)];
  const mix = () => [pick([0, 1, 2]), pick([0, 1, 2]), pick([0, 1, 2])].map((i) => DTYPES[i]);

  for (const compute of ['float32', 'int32'] as const) {
    it(`${compute}: tiny and medium sizes, every route and dtype mix`, () => {
      for (let r = 0; r < 120; r++) check(rand, pick([0, 1, 2]), pick([0, 1, 2, 3, 5, 8, 13]), pick([0, 1, 2, 3, 8, 9, 13]), pick([0, 1, 4, 7, 13]), mix(), compute);
      const medium = [1, 2, 3, 4, 7, 8, 9, 17, 31, 64, 65];
      for (let r = 0; r < 50; r++) check(rand, pick([1, 2]), pick(medium), pick(medium), pick([5, 16, 33, 70]), mix(), compute);
    });

    it(`${compute}: block edges (k around KC = 256, n around NC = 512, m around MB = 256), thin products`, () => {
      const cases: [number, number, number, number][] = [
        [1, 9, 9, 255], [1, 9, 10, 257], [1, 4, 4, 300], [1, 260, 20, 258], [1, 6, 515, 9], [1, 70, 2, 300], [1, 2, 70, 300], [2, 1, 40, 40],
      ];
      for (const [batch, m, n, k] of cases) check(rand, batch, m, n, k, mix(), compute);
    });
  }

  it('float32, contiguous layouts (the wasm packers: rows along the depth, or side by side)', () => {
    // [m, n, k]: edges of the 4 × 8 tile, depth tails (k % 4), more than one KC block.
    for (const [m, n, k] of [[13, 21, 37], [4, 8, 16], [67, 70, 258], [9, 100, 5]]) {
      for (const [aRow, aCol, bRow, bCol] of [[k, 1, n, 1], [1, m, 1, k], [k, 1, 1, k], [1, m, n, 1]]) {
        for (const dtype of ['float32', 'float64'] as const) {
          const a: View = { data: allocate(dtype, m * k).map(() => rand() * 2 - 1), offset: 0, strides: [0, aRow, aCol] };
          const b: View = { data: allocate(dtype, k * n).map(() => rand() * 2 - 1), offset: 0, strides: [0, bRow, bCol] };
          const c: View = { data: new Float32Array(m * n), offset: 0, strides: [0, n, 1] };
          const js: View = { ...c, data: new Float32Array(m * n) };
          setWasmEnabled(false);
          run(1, m, n, k, a, b, js, 'float32');
          setWasmEnabled(true);
          run(1, m, n, k, a, b, c, 'float32');
          expect(c.data, `${m}×${n}×${k} ${aRow},${aCol},${bRow},${bCol} ${dtype}`).toEqual(js.data);
          if (k <= 256) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(c.data[i * n + j]).toBe(float32Run(a, b, k, 0, i, j).run);
        }
      }
    }
  });

  it('float32 arithmetic is not float64 sums rounded once: some entries differ from those', () => {
    const [m, n, k] = [40, 40, 200];
    const a = Float32Array.from({ length: m * k }, () => rand() * 2 - 1);
    const b = Float32Array.from({ length: k * n }, () => rand() * 2 - 1);
    const c32 = new Float32Array(m * n), c64 = new Float32Array(m * n);
    gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c32, 0, 0, n, 1, 'float32');
    gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c64, 0, 0, n, 1, 'float64');
    let differ = 0;
    for (let x = 0; x < m * n; x++) if (c32[x] !== c64[x]) differ++;
    expect(differ).toBeGreaterThan(m * n / 4);
  });

  it('int32: the cases of the issue, and a prepared kernel across dtypes', () => {
    const c = new Int32Array(1);
    gemm(1, 1, 1, 1, Int32Array.of(2147483647), 0, 0, 1, 1, Int32Array.of(2147483647), 0, 0, 1, 1, c, 0, 0, 1, 1, 'int32');
    expect(c[0]).toBe(1); // numpy: np.int32(2147483647) * np.int32(2147483647) == 1
    const kernel = prepareGemm(2, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 'int32');
    const ab = new Int32Array(2);
    kernel(Int32Array.of(300007, 5), 0, Int32Array.of(300007, 5), 0, ab, 0);
    const abc = new Int32Array(2);
    kernel(ab, 0, Int32Array.of(300007, 5), 0, abc, 0);
    expect(Array.from(abc)).toEqual([1884798711, 125]); // numpy 'i,i,i->i' on [300007, 5]
  });

  it('gemmBatched passes the arithmetic on', () => {
    const [nb, h, q, d] = [2, 3, 9, 300];
    const Q = Int32Array.from({ length: nb * q * h * d }, (_, i) => (i * 2654435761) | 0);
    const K = Int32Array.from({ length: nb * q * h * d }, (_, i) => (i * 40503 + 7) | 0);
    const out = new Int32Array(nb * h * q * q);
    gemmBatched([nb, h], [q * h * d, d], [q * h * d, d], [h * q * q, q * q], q, q, d, Q, 0, h * d, 1, K, 0, 1, h * d, out, 0, q, 1, 'int32');
    const ov: View = { data: out, offset: 0, strides: [h * q * q, q * q, q, 1] };
    for (let t = 0; t < nb * h; t++)
      for (let i = 0; i < q; i++)
        for (let j = 0; j < q; j++) {
          const [n0, h0] = [Math.floor(t / h), t % h];
          let s = 0n;
          for (let p = 0; p < d; p++) s += BigInt(Q[n0 * q * h * d + i * h * d + h0 * d + p]) * BigInt(K[n0 * q * h * d + j * h * d + h0 * d + p]);
          expect(out[batchedAt(ov, [nb, h], t, i, j)]).toBe(Number(BigInt.asIntN(32, s)));
        }
  });
});

describe('single-operand sums in int32 arithmetic', () => {
  const rand = rng(41);
  it('equal numpy int32 (exact sum, wrapped) for every layout: vectors, traces, kept axes first or last', () => {
    // [kept sizes, summed sizes]: a full sum, row sums, column sums, a sum over two axes, a long vector.
    const cases: [number[], number[]][] = [[[], [7]], [[5], [9]], [[9], [5]], [[3, 4], [6, 2]], [[], [5000]], [[2], [3000]]];
    for (const [keptSizes, sumSizes] of cases) {
      const sizes = [...keptSizes, ...sumSizes];
      const v = randomView(rand, sizes, 'int32', true);
      for (let i = 0; i < v.data.length; i++) v.data[i] = Math.floor((rand() * 2 - 1) * 2 ** 31);
      const r = keptSizes.length;
      const kernel = prepareReduce(keptSizes, v.strides.slice(0, r), sumSizes, v.strides.slice(r), undefined, 'int32');
      const kept = keptSizes.reduce((x, y) => x * y, 1), summed = sumSizes.reduce((x, y) => x * y, 1);
      const out = new Int32Array(kept + 2).fill(99);
      kernel(v.data, v.offset, out, 1);
      for (let o = 0; o < kept; o++) {
        let s = 0n;
        for (let q = 0; q < summed; q++) s += BigInt(v.data[positionOf(o * summed + q, sizes, v.strides, v.offset)]);
        expect(out[1 + o], `${keptSizes}|${sumSizes} at ${o}`).toBe(Number(BigInt.asIntN(32, s)));
      }
      expect([out[0], out[kept + 1]]).toEqual([99, 99]);
    }
  });

  it('a sum past 2^53 in float64 would lose the low bits; the int32 route does not', () => {
    // 2^26 terms of 2^31 - 1 (one element, stride 0): the exact sum is near 2^57.
    const n = 2 ** 26;
    const src = Int32Array.of(2147483647);
    const want = Number(BigInt.asIntN(32, BigInt(n) * 2147483647n));
    const out = new Int32Array(1);
    prepareReduce([], [], [n], [0], undefined, 'int32')(src, 0, out, 0);
    expect(out[0]).toBe(want);
    prepareReduce([], [], [n], [0], undefined, 'float64')(src, 0, out, 0);
    expect(out[0]).not.toBe(want);
  });
});
