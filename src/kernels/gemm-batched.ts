/**
 * gemmBatched: gemm over several batch dimensions that need not nest into one stride, e.g.
 * 'nqhd,nkhd->nhqk' whose batch labels n, h sit apart in q and k (stride q·h·d and d). Batch
 * dimensions that do nest in all three operands are merged; the innermost remaining one becomes
 * gemm's own batch, and the others are looped here, so no operand has to be packed first.
 */
import type { TypedArray } from '../dtype.js';
import { dropOnes, mergeAxes } from './axes.js';
import { gemm } from './gemm.js';

export function gemmBatched(
  batchSizes: readonly number[],
  aBatch: readonly number[], bBatch: readonly number[], cBatch: readonly number[],
  m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cRow: number, cCol: number,
): void {
  for (let i = 0; i < batchSizes.length; i++) if (batchSizes[i] === 0) return;
  const axes = mergeAxes(dropOnes(batchSizes, [aBatch, bBatch, cBatch]));
  const rank = axes.sizes.length;
  if (rank <= 1) {
    const [sa, sb, sc] = axes.strides;
    gemm(rank === 1 ? axes.sizes[0] : 1, m, n, k,
      a, aOffset, rank === 1 ? sa[0] : 0, aRow, aCol,
      b, bOffset, rank === 1 ? sb[0] : 0, bRow, bCol,
      c, cOffset, rank === 1 ? sc[0] : 0, cRow, cCol);
    return;
  }
  const inner = rank - 1;
  const { sizes } = axes;
  const [sa, sb, sc] = axes.strides;
  const index = new Array<number>(inner).fill(0);
  let pa = aOffset, pb = bOffset, pc = cOffset;
  for (;;) {
    gemm(sizes[inner], m, n, k, a, pa, sa[inner], aRow, aCol, b, pb, sb[inner], bRow, bCol, c, pc, sc[inner], cRow, cCol);
    let axis = inner - 1;
    for (; axis >= 0; axis--) {
      index[axis]++;
      pa += sa[axis];
      pb += sb[axis];
      pc += sc[axis];
      if (index[axis] < sizes[axis]) break;
      pa -= sa[axis] * sizes[axis];
      pb -= sb[axis] * sizes[axis];
      pc -= sc[axis] * sizes[axis];
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}
