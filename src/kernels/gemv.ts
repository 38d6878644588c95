/**
 * Unpacked matrix products for the cases where packing does not pay: tiny matrices, matrix-vector
 * and vector-matrix products. They read the operands in place, whatever their strides and dtypes.
 *   dotProducts: each C[i, j] is one dot product along p (good when A's rows run along p);
 *   rowUpdates:  each row of C is built as a sum of scaled rows of B (good when B's rows
 *                are contiguous along j), in a float64 row so that float32/int32 C lose nothing.
 */
import type { TypedArray } from '../dtype.js';
import { scratchC } from './scratch.js';

export function dotProducts(
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  const k4 = k - (k & 3);
  for (let t = 0; t < batch; t++, aOffset += aBatch, bOffset += bBatch, cOffset += cBatch) {
    for (let i = 0; i < m; i++) {
      const ai0 = aOffset + i * aRow;
      let ci = cOffset + i * cRow;
      for (let j = 0; j < n; j++, ci += cCol) {
        let ai = ai0;
        let bi = bOffset + j * bCol;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let p = 0;
        // Four partial sums break the add dependency chain; the clean-up loop takes the rest.
        for (; p < k4; p += 4) {
          s0 += a[ai] * b[bi];
          s1 += a[ai + aCol] * b[bi + bRow];
          s2 += a[ai + 2 * aCol] * b[bi + 2 * bRow];
          s3 += a[ai + 3 * aCol] * b[bi + 3 * bRow];
          ai += 4 * aCol;
          bi += 4 * bRow;
        }
        for (; p < k; p++, ai += aCol, bi += bRow) s0 += a[ai] * b[bi];
        c[ci] = s0 + s1 + (s2 + s3);
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
  const acc = scratchC(n);
  for (let t = 0; t < batch; t++, aOffset += aBatch, bOffset += bBatch, cOffset += cBatch) {
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      let ai = aOffset + i * aRow;
      for (let p = 0; p < k; p++, ai += aCol) {
        const av = a[ai];
        let bi = bOffset + p * bRow;
        if (bCol === 1) {
          for (let j = 0; j < n; j++) acc[j] += av * b[bi + j];
        } else {
          for (let j = 0; j < n; j++, bi += bCol) acc[j] += av * b[bi];
        }
      }
      let ci = cOffset + i * cRow;
      for (let j = 0; j < n; j++, ci += cCol) c[ci] = acc[j];
    }
  }
}
