/**
 * gemmBatched: gemm over several batch dimensions that need not nest into one stride, e.g.
 * 'nqhd,nkhd->nhqk' whose batch labels n, h sit apart in q and k (stride q·h·d and d). Batch
 * dimensions that do nest in all three operands are merged; the innermost remaining one becomes
 * gemm's own batch, and the others are looped here, so no operand has to be packed first.
 * `compute` is gemm's arithmetic; `gathers`, operands read through offset tables (gemm.ts). prepareGemmBatched merges and prepares once; gemmBatched is
 * prepare-and-call, for one-off use.
 */
import type { DType, TypedArray } from '../dtype.js';
import { dropOnes, mergeAxes, NOTHING } from './axes.js';
import { prepareGemm, type Gathers, type PairKernel } from './gemm.js';

export function gemmBatched(
  batchSizes: readonly number[],
  aBatch: readonly number[], bBatch: readonly number[], cBatch: readonly number[],
  m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cRow: number, cCol: number,
  compute: DType = 'float64',
): void {
  prepareGemmBatched(batchSizes, aBatch, bBatch, cBatch, m, n, k, aRow, aCol, bRow, bCol, cRow, cCol, compute)(a, aOffset, b, bOffset, c, cOffset);
}

export function prepareGemmBatched(
  batchSizes: readonly number[],
  aBatch: readonly number[], bBatch: readonly number[], cBatch: readonly number[],
  m: number, n: number, k: number,
  aRow: number, aCol: number, bRow: number, bCol: number, cRow: number, cCol: number,
  compute: DType = 'float64',
  gathers?: Gathers,
): PairKernel {
  for (let i = 0; i < batchSizes.length; i++) if (batchSizes[i] === 0) return NOTHING;
  const axes = mergeAxes(dropOnes(batchSizes, [aBatch, bBatch, cBatch]));
  const rank = axes.sizes.length;
  const { sizes } = axes;
  const [sa, sb, sc] = axes.strides;
  if (rank <= 1) {
    // Everything nested: one gemm (batch 1 when no batch axis is left).
    return prepareGemm(rank === 1 ? sizes[0] : 1, m, n, k,
      rank === 1 ? sa[0] : 0, aRow, aCol, rank === 1 ? sb[0] : 0, bRow, bCol, rank === 1 ? sc[0] : 0, cRow, cCol, compute, gathers);
  }
  const inner = rank - 1;
  const product = prepareGemm(sizes[inner], m, n, k, sa[inner], aRow, aCol, sb[inner], bRow, bCol, sc[inner], cRow, cCol, compute, gathers);
  const index = new Array<number>(inner).fill(0); // the odometer, reused by every call
  return (a, aOffset, b, bOffset, c, cOffset) => {
    let pa = aOffset, pb = bOffset, pc = cOffset;
    index.fill(0);
    for (;;) {
      product(a, pa, b, pb, c, pc);
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
  };
}
