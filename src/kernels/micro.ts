/**
 * The register-tiled microkernel and the macro-kernel that sweeps it over packed panels.
 * C tile (MR × NR, held in 16 local doubles) += A panel (MR × kc) · B panel (kc × NR).
 * Everything here is Float64Array, so V8 compiles one monomorphic version. The C block is a
 * float64 scratch block too: whatever dtype the caller's C has is written once at the end.
 */

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

/**
 * C block (rows × cols, padded to MR × NR multiples, leading dimension ldc) += packed A · packed B
 * (or = on the first depth block, when `overwrite`).
 * The B micro-panel stays in L1 while the A panels stream past it.
 */
export function macroKernel(
  rows: number,
  cols: number,
  kc: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  cOffset: number,
  ldc: number,
  overwrite: boolean,
): void {
  for (let jr = 0; jr < cols; jr += NR) {
    const bi = jr * kc;
    for (let ir = 0; ir < rows; ir += MR) {
      micro4x4(kc, A, ir * kc, B, bi, C, cOffset + ir * ldc + jr, ldc, overwrite);
    }
  }
}
