/**
 * The unpacked product routes (small products, matrix-vector, vector-matrix) in 32-bit
 * arithmetic: float32 (every product and sum rounded with Math.fround, as f32x4 does) or int32
 * (Math.imul and |0: wrapping, so results equal numpy's int32 exactly, overflow included).
 * Operands of another dtype are converted on the way in, as numpy casts operands to the
 * computing type: fround for float32, ToInt32 (truncate, wrap) for int32, which is what Math.imul
 * and |0 do to their arguments. The float64 twins are small.ts and gemv.ts.
 *   narrowDots:       each C[i, j] one dot product along p, in order (as the blocked route sums
 *                     up to k = KC, so the small and blocked routes agree), or with `split` four
 *                     partial sums (long matrix-vector products, a route chosen by shape alone);
 *   narrowRowUpdates: each row of C a sum of scaled rows of B, in a row of the arithmetic's type.
 */
import type { TypedArray } from '../dtype.js';
import { scratchC } from './scratch.js';

const fround = Math.fround;

export function narrowDots(
  int: boolean, split: boolean,
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  // Four partial sums break the chain of dependent adds (and roundings).
  const k4 = split && k >= 16 ? k - (k & 3) : 0;
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
        if (int) {
          for (; p < k4; p += 4, ai += 4 * aCol, bi += 4 * bRow) {
            s0 = (s0 + Math.imul(a[ai], b[bi])) | 0;
            s1 = (s1 + Math.imul(a[ai + aCol], b[bi + bRow])) | 0;
            s2 = (s2 + Math.imul(a[ai + 2 * aCol], b[bi + 2 * bRow])) | 0;
            s3 = (s3 + Math.imul(a[ai + 3 * aCol], b[bi + 3 * bRow])) | 0;
          }
          for (; p < k; p++, ai += aCol, bi += bRow) s0 = (s0 + Math.imul(a[ai], b[bi])) | 0;
          c[ci0 + j * cCol] = (s0 + s1 + ((s2 + s3) | 0)) | 0;
        } else {
          for (; p < k4; p += 4, ai += 4 * aCol, bi += 4 * bRow) {
            s0 = fround(s0 + fround(fround(a[ai]) * fround(b[bi])));
            s1 = fround(s1 + fround(fround(a[ai + aCol]) * fround(b[bi + bRow])));
            s2 = fround(s2 + fround(fround(a[ai + 2 * aCol]) * fround(b[bi + 2 * bRow])));
            s3 = fround(s3 + fround(fround(a[ai + 3 * aCol]) * fround(b[bi + 3 * bRow])));
          }
          for (; p < k; p++, ai += aCol, bi += bRow) s0 = fround(s0 + fround(fround(a[ai]) * fround(b[bi])));
          c[ci0 + j * cCol] = k4 === 0 ? s0 : fround(fround(s0 + s1) + fround(s2 + s3));
        }
      }
    }
  }
}

export function narrowRowUpdates(
  int: boolean,
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
): void {
  // Stores into the row round (float32) or wrap (int32): each `+=` is one operation of the arithmetic.
  const acc = scratchC(n, int ? 'int32' : 'float32');
  for (let t = 0; t < batch; t++, aOffset += aBatch, bOffset += bBatch, cOffset += cBatch) {
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      const ai = aOffset + i * aRow;
      for (let p = 0; p < k; p++) {
        const bi = bOffset + p * bRow;
        if (int) {
          const av = a[ai + p * aCol] | 0;
          for (let j = 0, o = 0; j < n; j++, o += bCol) acc[j] += Math.imul(av, b[bi + o]);
        } else {
          const av = fround(a[ai + p * aCol]);
          for (let j = 0, o = 0; j < n; j++, o += bCol) acc[j] += fround(av * fround(b[bi + o]));
        }
      }
      let ci = cOffset + i * cRow;
      for (let j = 0; j < n; j++, ci += cCol) c[ci] = acc[j];
    }
  }
}
