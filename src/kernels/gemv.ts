/**
 * Unpacked products for long matrix-vector and vector-matrix products, where packing does not pay
 * (no operand is reused). They read the operands in place, whatever their strides and dtypes.
 *   longDots:   each C[i, j] is one dot product along p, with four partial sums;
 *   rowUpdates:  each row of C is built as a sum of scaled rows of B (good when B's rows
 *                are contiguous along j), in a float64 row so that float32/int32 C lose nothing.
 */
import type { TypedArray } from '../dtype.js';
import { scratchC } from './scratch.js';

export function longDots(
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  const k4 = k - (k & 3);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      const ai0 = aOffset + t * aBatch + i * aRow;
      const bj0 = bOffset + t * bBatch;
      const ci0 = cOffset + t * cBatch + i * cRow;
      for (let j = 0; j < n; j++) {
        let ai = ai0;
        let bi = bj0 + j * bCol;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let p = 0;
        // Four partial sums break the chain of dependent adds; the clean-up loop takes the rest.
        for (; p < k4; p += 4, ai += 4 * aCol, bi += 4 * bRow) {
          s0 += a[ai] * b[bi];
          s1 += a[ai + aCol] * b[bi + bRow];
          s2 += a[ai + 2 * aCol] * b[bi + 2 * bRow];
          s3 += a[ai + 3 * aCol] * b[bi + 3 * bRow];
        }
        for (; p < k; p++, ai += aCol, bi += bRow) s0 += a[ai] * b[bi];
        c[ci0 + j * cCol] = s0 + s1 + (s2 + s3);
      }
    }
  }
}

export function rowUpdates(
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  const acc = scratchC(n, 'float64');
  for (let t = 0; t < batch; t++, aOffset += aBatch, bOffset += bBatch, cOffset += cBatch) {
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      const ai = aOffset + i * aRow;
      let p = 0;
      // Four rows of B per pass: each accumulator element is loaded and stored once per four.
      for (; p + 4 <= k; p += 4) {
        const a0 = a[ai + p * aCol], a1 = a[ai + (p + 1) * aCol];
        const a2 = a[ai + (p + 2) * aCol], a3 = a[ai + (p + 3) * aCol];
        const b0 = bOffset + p * bRow, b1 = b0 + bRow, b2 = b1 + bRow, b3 = b2 + bRow;
        for (let j = 0, o = 0; j < n; j++, o += bCol) {
          acc[j] += a0 * b[b0 + o] + a1 * b[b1 + o] + (a2 * b[b2 + o] + a3 * b[b3 + o]);
        }
      }
      for (; p < k; p++) {
        const av = a[ai + p * aCol];
        const bi = bOffset + p * bRow;
        for (let j = 0, o = 0; j < n; j++, o += bCol) acc[j] += av * b[bi + o];
      }
      let ci = cOffset + i * cRow;
      for (let j = 0; j < n; j++, ci += cCol) c[ci] = acc[j];
    }
  }
}
