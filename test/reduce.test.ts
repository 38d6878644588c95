/**
 * reduceInto and pack (the single-operand kernels) against a naive sum: random kept and summed
 * axes, strides (transposed, broadcast 0, padded, negative) and dtypes, diagonals, traces, size 0,
 * int32 wrap-around; prepared kernels called again and again with other arrays and offsets.
 */
import { describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';
import { pack, prepareReduce, reduceInto } from '../src/kernels/reduce.js';
import { DTYPES, positionOf, randomView, retarget, rng, tolerance, type View } from './strided.js';

/** out[kept index, row-major] = Σ over the summed index, by brute force. */
function naiveReduce(
  src: TypedArray, offset: number, keptSizes: number[], keptStrides: number[],
  sumSizes: number[], sumStrides: number[],
): Float64Array {
  const total = keptSizes.reduce((x, y) => x * y, 1);
  const sums = sumSizes.reduce((x, y) => x * y, 1);
  const out = new Float64Array(total);
  for (let o = 0; o < total; o++) {
    const base = positionOf(o, keptSizes, keptStrides, offset);
    let s = 0;
    for (let q = 0; q < sums; q++) s += src[positionOf(q, sumSizes, sumStrides, base)];
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
    const at = useStrides ? positionOf(o, keptSizes, dst.strides, dst.offset) : dst.offset + o;
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

// A prepared kernel is made once per plan and called for ever, with other arrays, dtypes and
// offsets each time: its walkers and odometers must start over on every call.
describe('prepared reduce kernels, called repeatedly', () => {
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
            const at = strided ? positionOf(o, keptSizes, dst.strides, dst.offset) : dst.offset + o;
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
});
