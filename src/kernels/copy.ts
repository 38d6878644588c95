/**
 * Strided copy (a transpose, a broadcast, a gather into a contiguous buffer) and strided fill.
 * A copy whose destination runs along one axis while the source runs along another (e.g.
 * 'ijk->kji') goes through 32×32 tiles over those two axes, so that both the lines read and the
 * lines written stay in L1 for the whole tile instead of missing the cache on every element.
 * prepareCopy / prepareFill decide all of that once; copyStrided / fillStrided prepare and call.
 */
import type { TypedArray } from '../dtype.js';
import { dropOnes, mergeAxes, NOTHING, sortByStride, type UnaryKernel } from './axes.js';
import { Walk } from './walk.js';

const TILE = 32;
/** A source step this small along the destination's inner axis still reads cache lines well. */
const NEAR = 4;

/** dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides] over every index of `sizes`. */
export function copyStrided(
  src: TypedArray, srcOffset: number, sizes: readonly number[], srcStrides: readonly number[],
  dst: TypedArray, dstOffset: number, dstStrides: readonly number[],
): void {
  prepareCopy(sizes, srcStrides, dstStrides)(src, srcOffset, dst, dstOffset);
}

/** copyStrided with its loop order and route (lines or tiles) decided now, for repeated calls. */
export function prepareCopy(
  sizes: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[],
): UnaryKernel {
  for (let i = 0; i < sizes.length; i++) if (sizes[i] === 0) return NOTHING;
  // Destination order (walker 1), merged: a contiguous copy becomes a single loop.
  const axes = mergeAxes(sortByStride(dropOnes(sizes, [srcStrides, dstStrides]), 1));
  const rank = axes.sizes.length;
  if (rank === 0) {
    return (src, srcOffset, dst, dstOffset) => {
      dst[dstOffset] = src[srcOffset];
    };
  }
  const [ss, ds] = axes.strides;
  const inner = rank - 1;
  let y = inner;
  for (let i = 0; i < rank; i++) if (Math.abs(ss[i]) < Math.abs(ss[y])) y = i;
  const n = axes.sizes[inner];
  if (y === inner || Math.abs(ss[inner]) <= NEAR || n < 8 || axes.sizes[y] < 8) {
    const walk = new Walk(axes.sizes.slice(0, inner), ss.slice(0, inner), ds.slice(0, inner), 0, 0);
    const sx = ss[inner], dx = ds[inner];
    return (src, srcOffset, dst, dstOffset) => copyLines(src, srcOffset, dst, dstOffset, walk, n, sx, dx);
  }
  // Tiled over (y, inner); the other axes are walked outside.
  const keep = axes.sizes.map((_, i) => i).filter((i) => i !== y && i !== inner);
  const walk = new Walk(keep.map((i) => axes.sizes[i]), keep.map((i) => ss[i]), keep.map((i) => ds[i]), 0, 0);
  const ny = axes.sizes[y], sy = ss[y], dy = ds[y], sx = ss[inner], dx = ds[inner];
  return (src, srcOffset, dst, dstOffset) => copyTiles(src, srcOffset, dst, dstOffset, walk, n, sx, dx, ny, sy, dy);
}

// The loops live in plain functions that take every size and stride as a parameter: read from a
// closure's context instead, they are reloaded on every iteration (TurboFan does not hoist them),
// which made a 1M-element sum three times slower.

function copyLines(
  src: TypedArray, srcOffset: number, dst: TypedArray, dstOffset: number,
  walk: Walk, n: number, sx: number, dx: number,
): void {
  walk.reset(srcOffset, dstOffset);
  do {
    let s = walk.p, d = walk.q;
    if (sx === 1 && dx === 1) {
      for (let j = 0; j < n; j++) dst[d + j] = src[s + j];
    } else {
      for (let j = 0; j < n; j++, s += sx, d += dx) dst[d] = src[s];
    }
  } while (walk.next());
}

/** Lines of length n (strides sx, dx) over rows ny (strides sy, dy), in TILE × TILE tiles. */
function copyTiles(
  src: TypedArray, srcOffset: number, dst: TypedArray, dstOffset: number,
  walk: Walk, n: number, sx: number, dx: number, ny: number, sy: number, dy: number,
): void {
  walk.reset(srcOffset, dstOffset);
  do {
    const ps = walk.p, qd = walk.q;
    for (let y0 = 0; y0 < ny; y0 += TILE) {
      const y1 = Math.min(ny, y0 + TILE);
      for (let x0 = 0; x0 < n; x0 += TILE) {
        const w = Math.min(n, x0 + TILE) - x0;
        for (let yy = y0; yy < y1; yy++) {
          let s = ps + yy * sy + x0 * sx;
          const d = qd + yy * dy + x0 * dx;
          if (dx === 1) {
            for (let xx = 0; xx < w; xx++, s += sx) dst[d + xx] = src[s];
          } else {
            for (let xx = 0; xx < w; xx++, s += sx) dst[d + xx * dx] = src[s];
          }
        }
      }
    }
  } while (walk.next());
}

/** dst[i·dr + j·dc] = src[i·sr + j·sc] for i < rows, j < cols: the small 2-D case, no set-up. */
export function copy2d(
  src: TypedArray, srcOffset: number, rows: number, sr: number, cols: number, sc: number,
  dst: TypedArray, dstOffset: number, dr: number, dc: number,
): void {
  for (let i = 0; i < rows; i++) {
    let s = srcOffset + i * sr;
    let d = dstOffset + i * dr;
    for (let j = 0; j < cols; j++, s += sc, d += dc) dst[d] = src[s];
  }
}

/** dst[offset + Σ i·strides] = value over every index of `sizes`. */
export function fillStrided(
  dst: TypedArray, offset: number, sizes: readonly number[], strides: readonly number[], value: number,
): void {
  prepareFill(sizes, strides)(dst, offset, value);
}

export type FillKernel = (dst: TypedArray, offset: number, value: number) => void;

/** fillStrided with its loop order decided now, for repeated calls. */
export function prepareFill(sizes: readonly number[], strides: readonly number[]): FillKernel {
  for (let i = 0; i < sizes.length; i++) if (sizes[i] === 0) return NOTHING;
  const axes = mergeAxes(sortByStride(dropOnes(sizes, [strides, strides]), 0));
  const rank = axes.sizes.length;
  if (rank === 0) {
    return (dst, offset, value) => {
      dst[offset] = value;
    };
  }
  const st = axes.strides[0];
  const walk = new Walk(axes.sizes.slice(0, rank - 1), st.slice(0, rank - 1), st.slice(0, rank - 1), 0, 0);
  const n = axes.sizes[rank - 1], dx = st[rank - 1];
  return (dst, offset, value) => fillLines(dst, offset, value, walk, n, dx);
}

function fillLines(dst: TypedArray, offset: number, value: number, walk: Walk, n: number, dx: number): void {
  walk.reset(offset, offset);
  do {
    if (dx === 1) dst.fill(value, walk.p, walk.p + n);
    else for (let j = 0, d = walk.p; j < n; j++, d += dx) dst[d] = value;
  } while (walk.next());
}
