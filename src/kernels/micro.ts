/**
 * The register-tiled microkernels and the macro-kernel that sweeps them over packed panels.
 * C tile (MR × NR, held in 16 locals) += A panel (MR × kc) · B panel (kc × NR), in the arithmetic
 * of the panels' type: float64; float32 (every product and sum rounded with Math.fround, which is
 * exactly what f32x4.mul and f32x4.add do: a product of two float32 values is exact in a double,
 * and rounding a double sum of two float32 values to float32 is the correctly rounded float32
 * sum); int32 (Math.imul and |0: wrapping, as numpy's int32). Each microkernel sees one array
 * type only, so V8 compiles it monomorphic. The C block has the panels' type too: whatever dtype
 * the caller's C has is written once at the end.
 */
import type { TypedArray } from '../dtype.js';

export const MR = 4;
export const NR = 4;

function micro4x4(
  kc: number,
  A: Float64Array,
  ai: number,
  B: Float64Array,
  bi: number,
  C: Float64Array,
  ci: number,
  ldc: number,
  overwrite: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ai + kc * 4;
  for (; ai < end; ai += 4, bi += 4) {
    const b0 = B[bi], b1 = B[bi + 1], b2 = B[bi + 2], b3 = B[bi + 3];
    const a0 = A[ai];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    const a1 = A[ai + 1];
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    const a2 = A[ai + 2];
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    const a3 = A[ai + 3];
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (overwrite) {
    // First depth block: no need to have zeroed the C block beforehand.
    C[ci] = c00; C[ci + 1] = c01; C[ci + 2] = c02; C[ci + 3] = c03;
    ci += ldc;
    C[ci] = c10; C[ci + 1] = c11; C[ci + 2] = c12; C[ci + 3] = c13;
    ci += ldc;
    C[ci] = c20; C[ci + 1] = c21; C[ci + 2] = c22; C[ci + 3] = c23;
    ci += ldc;
    C[ci] = c30; C[ci + 1] = c31; C[ci + 2] = c32; C[ci + 3] = c33;
    return;
  }
  C[ci] += c00; C[ci + 1] += c01; C[ci + 2] += c02; C[ci + 3] += c03;
  ci += ldc;
  C[ci] += c10; C[ci + 1] += c11; C[ci + 2] += c12; C[ci + 3] += c13;
  ci += ldc;
  C[ci] += c20; C[ci + 1] += c21; C[ci + 2] += c22; C[ci + 3] += c23;
  ci += ldc;
  C[ci] += c30; C[ci + 1] += c31; C[ci + 2] += c32; C[ci + 3] += c33;
}

const fround = Math.fround;

function micro4x4F32(
  kc: number, A: Float32Array, ai: number, B: Float32Array, bi: number,
  C: Float32Array, ci: number, ldc: number, overwrite: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ai + kc * 4;
  for (; ai < end; ai += 4, bi += 4) {
    const b0 = B[bi], b1 = B[bi + 1], b2 = B[bi + 2], b3 = B[bi + 3];
    const a0 = A[ai];
    c00 = fround(c00 + fround(a0 * b0)); c01 = fround(c01 + fround(a0 * b1));
    c02 = fround(c02 + fround(a0 * b2)); c03 = fround(c03 + fround(a0 * b3));
    const a1 = A[ai + 1];
    c10 = fround(c10 + fround(a1 * b0)); c11 = fround(c11 + fround(a1 * b1));
    c12 = fround(c12 + fround(a1 * b2)); c13 = fround(c13 + fround(a1 * b3));
    const a2 = A[ai + 2];
    c20 = fround(c20 + fround(a2 * b0)); c21 = fround(c21 + fround(a2 * b1));
    c22 = fround(c22 + fround(a2 * b2)); c23 = fround(c23 + fround(a2 * b3));
    const a3 = A[ai + 3];
    c30 = fround(c30 + fround(a3 * b0)); c31 = fround(c31 + fround(a3 * b1));
    c32 = fround(c32 + fround(a3 * b2)); c33 = fround(c33 + fround(a3 * b3));
  }
  // Stores into the Float32Array round: `+=` is one float32 addition, as in wasm.
  storeTile(C, ci, ldc, overwrite, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

function micro4x4I32(
  kc: number, A: Int32Array, ai: number, B: Int32Array, bi: number,
  C: Int32Array, ci: number, ldc: number, overwrite: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ai + kc * 4;
  for (; ai < end; ai += 4, bi += 4) {
    const b0 = B[bi], b1 = B[bi + 1], b2 = B[bi + 2], b3 = B[bi + 3];
    const a0 = A[ai];
    c00 = (c00 + Math.imul(a0, b0)) | 0; c01 = (c01 + Math.imul(a0, b1)) | 0;
    c02 = (c02 + Math.imul(a0, b2)) | 0; c03 = (c03 + Math.imul(a0, b3)) | 0;
    const a1 = A[ai + 1];
    c10 = (c10 + Math.imul(a1, b0)) | 0; c11 = (c11 + Math.imul(a1, b1)) | 0;
    c12 = (c12 + Math.imul(a1, b2)) | 0; c13 = (c13 + Math.imul(a1, b3)) | 0;
    const a2 = A[ai + 2];
    c20 = (c20 + Math.imul(a2, b0)) | 0; c21 = (c21 + Math.imul(a2, b1)) | 0;
    c22 = (c22 + Math.imul(a2, b2)) | 0; c23 = (c23 + Math.imul(a2, b3)) | 0;
    const a3 = A[ai + 3];
    c30 = (c30 + Math.imul(a3, b0)) | 0; c31 = (c31 + Math.imul(a3, b1)) | 0;
    c32 = (c32 + Math.imul(a3, b2)) | 0; c33 = (c33 + Math.imul(a3, b3)) | 0;
  }
  // Stores into the Int32Array wrap: `+=` of two int32 values is exact in a double, then wrapped.
  storeTile(C, ci, ldc, overwrite, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

/** A finished 4×4 tile into the C block (=, or += after the first depth block). */
function storeTile(
  C: Float32Array | Int32Array, ci: number, ldc: number, overwrite: boolean,
  c00: number, c01: number, c02: number, c03: number, c10: number, c11: number, c12: number, c13: number,
  c20: number, c21: number, c22: number, c23: number, c30: number, c31: number, c32: number, c33: number,
): void {
  if (overwrite) {
    C[ci] = c00; C[ci + 1] = c01; C[ci + 2] = c02; C[ci + 3] = c03;
    ci += ldc;
    C[ci] = c10; C[ci + 1] = c11; C[ci + 2] = c12; C[ci + 3] = c13;
    ci += ldc;
    C[ci] = c20; C[ci + 1] = c21; C[ci + 2] = c22; C[ci + 3] = c23;
    ci += ldc;
    C[ci] = c30; C[ci + 1] = c31; C[ci + 2] = c32; C[ci + 3] = c33;
    return;
  }
  C[ci] += c00; C[ci + 1] += c01; C[ci + 2] += c02; C[ci + 3] += c03;
  ci += ldc;
  C[ci] += c10; C[ci + 1] += c11; C[ci + 2] += c12; C[ci + 3] += c13;
  ci += ldc;
  C[ci] += c20; C[ci + 1] += c21; C[ci + 2] += c22; C[ci + 3] += c23;
  ci += ldc;
  C[ci] += c30; C[ci + 1] += c31; C[ci + 2] += c32; C[ci + 3] += c33;
}

/**
 * C block (rows × cols, padded to MR × NR multiples, leading dimension ldc) += packed A · packed B
 * (A, B, C of one type, which picks the microkernel)
 * (or = on the first depth block, when `overwrite`).
 * The B micro-panel stays in L1 while the A panels stream past it.
 */
export function macroKernel(
  rows: number,
  cols: number,
  kc: number,
  A: TypedArray,
  B: TypedArray,
  C: TypedArray,
  cOffset: number,
  ldc: number,
  overwrite: boolean,
): void {
  // A, B and C have one type (the arithmetic's): the panels and the block come from gemm.ts.
  const micro = A instanceof Float64Array ? micro4x4 : A instanceof Float32Array ? micro4x4F32 : micro4x4I32;
  for (let jr = 0; jr < cols; jr += NR) {
    const bi = jr * kc;
    for (let ir = 0; ir < rows; ir += MR) {
      (micro as typeof micro4x4)(kc, A as Float64Array, ir * kc, B as Float64Array, bi, C as Float64Array, cOffset + ir * ldc + jr, ldc, overwrite);
    }
  }
}
