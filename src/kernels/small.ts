/**
 * Small matrix products read in place, without packing: C in 2×2 tiles, four sums held in locals,
 * so each step along p loads 4 values for 4 multiply-adds (a plain dot product loads 2 for 1).
 * The odd last row and column fall back to single dot products.
 */
import type { TypedArray } from '../dtype.js';

export function smallTiled(
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  const m2 = m & ~1, n2 = n & ~1;
  for (let t = 0; t < batch; t++) {
    const ab = aOffset + t * aBatch, bb = bOffset + t * bBatch, cb = cOffset + t * cBatch;
    for (let i = 0; i < m2; i += 2) {
      const ai0 = ab + i * aRow;
      const ci0 = cb + i * cRow;
      for (let j = 0; j < n2; j += 2) {
        let ai = ai0, bi = bb + j * bCol;
        let c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (let p = 0; p < k; p++, ai += aCol, bi += bRow) {
          const a0 = a[ai], a1 = a[ai + aRow], b0 = b[bi], b1 = b[bi + bCol];
          c00 += a0 * b0;
          c01 += a0 * b1;
          c10 += a1 * b0;
          c11 += a1 * b1;
        }
        const ci = ci0 + j * cCol;
        c[ci] = c00;
        c[ci + cCol] = c01;
        c[ci + cRow] = c10;
        c[ci + cRow + cCol] = c11;
      }
      if (n2 < n) {
        let ai = ai0, bi = bb + n2 * bCol;
        let c0 = 0, c1 = 0;
        for (let p = 0; p < k; p++, ai += aCol, bi += bRow) {
          const bv = b[bi];
          c0 += a[ai] * bv;
          c1 += a[ai + aRow] * bv;
        }
        c[ci0 + n2 * cCol] = c0;
        c[ci0 + cRow + n2 * cCol] = c1;
      }
    }
    if (m2 < m) {
      const ai0 = ab + m2 * aRow;
      const ci0 = cb + m2 * cRow;
      for (let j = 0; j < n; j++) {
        let ai = ai0, bi = bb + j * bCol;
        let s = 0;
        for (let p = 0; p < k; p++, ai += aCol, bi += bRow) s += a[ai] * b[bi];
        c[ci0 + j * cCol] = s;
      }
    }
  }
}
