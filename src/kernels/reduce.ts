/**
 * reduceInto: the single-operand step. Writes, for every index of the kept axes,
 *   dst[kept index] = Σ over the summed axes of src[...]
 * A diagonal ('ii->i') or trace ('ii->') arrives as one axis whose stride is the sum of its strides,
 * so it needs nothing special here. Routes:
 *   - nothing summed: a strided copy (tiled when it transposes), see copy.ts;
 *   - a summed axis has the smallest source step ('ij->i'): each output element is one strided
 *     sum, its inner loop unrolled by 4 with four partial sums ("dot order");
 *   - a kept axis has the smallest source step ('ij->j'): sweep the source in memory order,
 *     adding rows into a float64 accumulator ("accumulate order"), then store it once.
 * Sums are float64 (exact for int32 values up to 2^53), and the store rounds (float32) or wraps
 * (int32); with `compute` 'int32' every sum is kept in int32 (an Int32Array accumulator, in
 * accumulate order, whose stores wrap), so sums of any length equal numpy's int32 sums exactly.
 * Float32 sums stay in float64 and are rounded once: single-operand sums are bound by memory,
 * not arithmetic, so float32 lanes would gain nothing, and the result is closer to the exact sum.
 * prepareReduce makes all of these choices once and returns a kernel that only loops; the engine
 * prepares at plan time. reduceInto is prepare-and-call, for one-off use.
 */
import type { DType, TypedArray } from '../dtype.js';
import { contiguousStrides, sizeOf } from '../tensor.js';
import { dropOnes, mergeAxes, NOTHING, sortByStride, type Axes, type UnaryKernel } from './axes.js';
import { copy2d, prepareCopy, prepareFill } from './copy.js';
import { scratchAccumulator } from './scratch.js';
import { Walk } from './walk.js';

export function reduceInto(
  src: TypedArray, srcOffset: number,
  keptSizes: readonly number[], keptStrides: readonly number[],
  sumSizes: readonly number[], sumStrides: readonly number[],
  dst: TypedArray, dstOffset: number, dstStrides?: readonly number[], compute: DType = 'float64',
): void {
  prepareReduce(keptSizes, keptStrides, sumSizes, sumStrides, dstStrides, compute)(src, srcOffset, dst, dstOffset);
}

/**
 * reduceInto with the route, loop order and merged axes decided now: the returned kernel does
 * only the loops (its walkers are made here and reset per call), so a plan can call it for ever.
 */
export function prepareReduce(
  keptSizes: readonly number[], keptStrides: readonly number[],
  sumSizes: readonly number[], sumStrides: readonly number[],
  dstStrides?: readonly number[],
  compute: DType = 'float64',
): UnaryKernel {
  const int = compute === 'int32';
  if (keptSizes.length <= 1 && sumSizes.length <= 1 && !(int && sizeOf(sumSizes) > 1)) {
    // Vectors, matrix rows, traces, diagonals: no normalization.
    const n = keptSizes.length === 1 ? keptSizes[0] : 1;
    const ks = keptSizes.length === 1 ? keptStrides[0] : 0;
    const m = sumSizes.length === 1 ? sumSizes[0] : 1;
    const ss = sumSizes.length === 1 ? sumStrides[0] : 0;
    if (n < 4 || m < 4 || n * m < 4096 || Math.abs(ss) <= Math.abs(ks)) {
      const ds = dstStrides !== undefined && keptSizes.length === 1 ? dstStrides[0] : 1;
      return (src, srcOffset, dst, dstOffset) => sumRows(src, srcOffset, n, ks, m, ss, dst, dstOffset, ds);
    }
  }
  if (sumSizes.length === 0 && keptSizes.length === 2 && keptSizes[0] * keptSizes[1] <= 4096) {
    // A small matrix copy or transpose: fits in L1 whatever the order, so no tiling.
    const [rows, cols] = keptSizes;
    const [sr, sc] = keptStrides;
    const dr = dstStrides === undefined ? cols : dstStrides[0], dc = dstStrides === undefined ? 1 : dstStrides[1];
    return (src, srcOffset, dst, dstOffset) => copy2d(src, srcOffset, rows, sr, cols, sc, dst, dstOffset, dr, dc);
  }
  const outStrides = dstStrides ?? contiguousStrides(keptSizes);
  if (sizeOf(keptSizes) === 0) return NOTHING;
  if (sizeOf(sumSizes) === 0) {
    const fill = prepareFill(keptSizes, outStrides);
    return (_src, _srcOffset, dst, dstOffset) => fill(dst, dstOffset, 0);
  }
  const summed = mergeAxes(sortByStride(dropOnes(sumSizes, [sumStrides]), 0));
  if (summed.sizes.length === 0) return prepareCopy(keptSizes, keptStrides, outStrides);
  const kept = dropOnes(keptSizes, [keptStrides, outStrides]);
  const sumStep = Math.abs(summed.strides[0][summed.sizes.length - 1]);
  let keptStep = Infinity;
  for (let i = 0; i < kept.sizes.length; i++) keptStep = Math.min(keptStep, Math.abs(kept.strides[0][i]));
  if (!int && (sumStep <= keptStep || sizeOf(kept.sizes) < 4)) {
    return dotOrder(mergeAxes(sortByStride(kept, 1)), summed.sizes, summed.strides[0]);
  }
  return accumulateOrder(kept.sizes, kept.strides[0], kept.strides[1], summed.sizes, summed.strides[0], dstStrides === undefined, int);
}

/** Strided copy into a contiguous row-major destination (or the strides given): `pack`. */
export function pack(
  src: TypedArray, srcOffset: number, sizes: readonly number[], strides: readonly number[],
  dst: TypedArray, dstOffset: number, dstStrides?: readonly number[],
): void {
  reduceInto(src, srcOffset, sizes, strides, [], [], dst, dstOffset, dstStrides);
}

/** dst[i·ds] = Σ_p src[i·ks + p·ss] for i < n, p < m (m = 0 writes zeros). */
function sumRows(
  src: TypedArray, srcOffset: number, n: number, ks: number, m: number, ss: number,
  dst: TypedArray, dstOffset: number, ds: number,
): void {
  const m4 = m - (m & 3);
  for (let i = 0; i < n; i++) {
    let s = srcOffset + i * ks;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    if (m >= 16) {
      for (; p < m4; p += 4, s += 4 * ss) {
        s0 += src[s];
        s1 += src[s + ss];
        s2 += src[s + 2 * ss];
        s3 += src[s + 3 * ss];
      }
    }
    for (; p < m; p++, s += ss) s0 += src[s];
    dst[dstOffset + i * ds] = s0 + s1 + (s2 + s3);
  }
}

/** Each output element one strided sum (its inner loop unrolled by 4), outputs in destination order. */
function dotOrder(kept: Axes, sumSizes: readonly number[], sumStrides: readonly number[]): UnaryKernel {
  const rank = sumSizes.length;
  const n = sumSizes[rank - 1];
  const t = sumStrides[rank - 1];
  const outerSizes = sumSizes.slice(0, rank - 1);
  const outerStrides = sumStrides.slice(0, rank - 1);
  const inner = new Walk(outerSizes, outerStrides, outerStrides, 0, 0);
  const outer = new Walk(kept.sizes, kept.strides[0], kept.strides[1], 0, 0);
  return (src, srcOffset, dst, dstOffset) => dotLoops(src, srcOffset, dst, dstOffset, outer, inner, n, t);
}

/** The loops of dotOrder, sizes and strides as parameters (see copyLines in copy.ts for why). */
function dotLoops(
  src: TypedArray, srcOffset: number, dst: TypedArray, dstOffset: number,
  outer: Walk, inner: Walk, n: number, t: number,
): void {
  const n4 = n - (n & 3);
  outer.reset(srcOffset, dstOffset);
  do {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    inner.reset(outer.p, 0);
    do {
      let s = inner.p;
      let j = 0;
      if (t === 1) {
        for (; j < n4; j += 4, s += 4) {
          s0 += src[s];
          s1 += src[s + 1];
          s2 += src[s + 2];
          s3 += src[s + 3];
        }
      } else {
        for (; j < n4; j += 4, s += 4 * t) {
          s0 += src[s];
          s1 += src[s + t];
          s2 += src[s + 2 * t];
          s3 += src[s + 3 * t];
        }
      }
      for (; j < n; j++, s += t) s0 += src[s];
    } while (inner.next());
    dst[outer.q] = s0 + s1 + (s2 + s3);
  } while (outer.next());
}

/**
 * Sweep the source in memory order, adding into a float64 accumulator (int32 when `int`: each
 * `+=` of a few int32 values is exact in a double, then wrapped by the store), then store it once.
 */
function accumulateOrder(
  keptSizes: readonly number[], keptStrides: readonly number[], outStrides: readonly number[],
  sumSizes: readonly number[], sumStrides: readonly number[], contiguous: boolean, int: boolean,
): UnaryKernel {
  const total = sizeOf(keptSizes);
  const accStrides = contiguousStrides(keptSizes);
  const store = prepareCopy(keptSizes, accStrides, outStrides);
  const all = mergeAxes(sortByStride({
    sizes: [...keptSizes, ...sumSizes],
    strides: [[...keptStrides, ...sumStrides], [...accStrides, ...sumSizes.map(() => 0)]],
  }, 0));
  const full = all.sizes.length;
  const n = all.sizes[full - 1];
  const sx = all.strides[0][full - 1], ax = all.strides[1][full - 1];
  // When the next loop out is a summed one, take four of its steps per pass, so each accumulator
  // element is loaded and stored once per four source elements instead of once per element.
  const blocked = full >= 2 && all.strides[1][full - 2] === 0;
  const rows = blocked ? all.sizes[full - 2] : 1;
  const rowStep = blocked ? all.strides[0][full - 2] : 0;
  const rank = blocked ? full - 1 : full;
  const walk = new Walk(all.sizes.slice(0, rank - 1), all.strides[0].slice(0, rank - 1), all.strides[1].slice(0, rank - 1), 0, 0);
  return (src, srcOffset, dst, dstOffset) => {
    // A contiguous destination of the accumulator's type is its own accumulator; anything else gets one.
    const direct = contiguous && (int ? dst instanceof Int32Array : dst instanceof Float64Array);
    const acc = direct ? dst : scratchAccumulator(total, int ? 'int32' : 'float64');
    const accOffset = direct ? dstOffset : 0;
    acc.fill(0, accOffset, accOffset + total);
    accumulateLoops(src, srcOffset, acc, accOffset, walk, n, sx, ax, rows, rowStep);
    if (!direct) store(acc, 0, dst, dstOffset);
  };
}

/** The loops of accumulateOrder: acc[...] += src[...] along the walk, `rows` summed rows per pass. */
function accumulateLoops(
  src: TypedArray, srcOffset: number, acc: TypedArray, accOffset: number,
  walk: Walk, n: number, sx: number, ax: number, rows: number, rowStep: number,
): void {
  const rows4 = rows - (rows & 3);
  walk.reset(srcOffset, accOffset);
  do {
    let r = 0;
    for (; r < rows4; r += 4) {
      const s0 = walk.p + r * rowStep, s1 = s0 + rowStep, s2 = s1 + rowStep, s3 = s2 + rowStep;
      const a0 = walk.q;
      if (sx === 1 && ax === 1) {
        for (let j = 0; j < n; j++) acc[a0 + j] += src[s0 + j] + src[s1 + j] + (src[s2 + j] + src[s3 + j]);
      } else {
        for (let j = 0; j < n; j++) {
          const o = j * sx;
          acc[a0 + j * ax] += src[s0 + o] + src[s1 + o] + (src[s2 + o] + src[s3 + o]);
        }
      }
    }
    for (; r < rows; r++) {
      let s = walk.p + r * rowStep, a = walk.q;
      if (sx === 1 && ax === 1) {
        for (let j = 0; j < n; j++) acc[a + j] += src[s + j];
      } else {
        for (let j = 0; j < n; j++, s += sx, a += ax) acc[a] += src[s];
      }
    }
  } while (walk.next());
}
