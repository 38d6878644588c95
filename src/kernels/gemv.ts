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
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      const ai0 = aOffset + t * aBatch + i * aRow;
      const bj0 = bOffset + t * bBatch;
      const ci0 = cOffset + t * cBatch + i * cRow;
      for (let j = 0; j < n; j++) {
        let ai = ai0;
        let bi = bj0 + j * bCol;
        let s = 0;
        for (let p = 0; p < k; p++, ai += aCol, bi += bRow) s += a[ai] * b[bi];
        c[ci0 + j * cCol] = s;
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
