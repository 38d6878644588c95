/**
 * The benchmark cases of issue 4, with the work each one does and the code a user would write
 * without typed-einsum (TF.js ops, hand-written JS).
 *
 * Work counted (documented in results.md): a contraction is 2 flops (one multiply, one add) per
 * multiply-add of the cheapest pairwise path, i.e. 2·M·N·K for a matrix product; the 3-operand
 * expressions count both steps of their best path. Data-movement cases (transpose, sum, diagonal,
 * trace, outer product) report elements per second instead: elements read for reductions and
 * diagonals, elements written for transpose and the outer product.
 */
import type * as tfTypes from '@tensorflow/tfjs-core';
import type { Clock } from './harness.js';
import { tf, attentionPerBatch, attentionScores, bilinear, chain, diagonal, diagonalIndices, perBatchMatMul, trace } from './tfjs.js';

type TypedArray = Float64Array | Float32Array;

export interface Work {
  amount: number;
  unit: 'GFLOP/s' | 'Gelem/s';
  formula: string;
}

export interface TfjsOps {
  op: () => tfTypes.Tensor;
  dispose?: () => void;
  /** The ops, for the table's note column. */
  note: string;
}

export interface BenchCase {
  /** Short name, matched by --filter together with the subscripts. */
  id: string;
  subscripts: string;
  shapes: number[][];
  /** Sizes as the issue writes them. */
  sizes: string;
  /** Small per-call cases report time per call; the others a rate. */
  perCall: boolean;
  work?: Work;
  /** The TF.js ops a user would write; `inputs` are the uploaded float32 operands. */
  tfjs: (inputs: tfTypes.Tensor[]) => TfjsOps;
  /** The same, rewritten for the WASM backend's fast path (see tfjs.ts), where that matters. */
  tfjsTuned?: (inputs: tfTypes.Tensor[]) => TfjsOps;
  /** Hand-written JS where the issue names one; returns the timed call. */
  hand?: (arrays: TypedArray[]) => { run: () => ArrayLike<number>; note: string };
  /**
   * Other forms of the typed-einsum call to time: into a reused `out` (the per-call cases, and
   * large results, where first touching a fresh 32 MB result costs ~20 ms of page faults), and
   * compile()d.
   */
  variants?: readonly ('out' | 'compile')[];
  /** typed-einsum's threads while this case runs (configure({ threads })); the default otherwise. */
  threads?: number;
  /** The samples' clock (harness.ts); wall-clock time unless said. */
  clock?: Clock;
}

const flops = (amount: number, formula: string): Work => ({ amount, unit: 'GFLOP/s', formula });
const elems = (amount: number, formula: string): Work => ({ amount, unit: 'Gelem/s', formula });
const single = (op: () => tfTypes.Tensor, note: string): TfjsOps => ({ op, note });

export const CASES: BenchCase[] = [
  {
    id: 'matmul', subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], sizes: '256³', perCall: false,
    work: flops(2 * 256 ** 3, '2·i·j·k'),
    tfjs: ([a, b]) => single(() => tf.matMul(a, b), 'matMul'),
  },
  {
    // Issue 10's float32 target; run.ts also times it in a child process with relaxed SIMD (FMA).
    id: 'matmul512', subscripts: 'ij,jk->ik', shapes: [[512, 512], [512, 512]], sizes: '512³, one thread, CPU time', perCall: false,
    threads: 1, clock: 'cpu',
    work: flops(2 * 512 ** 3, '2·i·j·k'),
    tfjs: ([a, b]) => single(() => tf.matMul(a, b), 'matMul'),
  },
  {
    id: 'attention', subscripts: 'nqhd,nkhd->nhqk', shapes: [[8, 256, 8, 64], [8, 256, 8, 64]],
    sizes: 'n8 q=k256 h8 d64', perCall: false, variants: ['out'],
    work: flops(2 * 8 * 8 * 256 * 256 * 64, '2·n·h·q·k·d'),
    tfjs: ([q, k]) => single(() => attentionScores(q, k), 'transpose ×2, batched matMul(transposeB)'),
    tfjsTuned: ([q, k]) => single(() => attentionPerBatch(q, k), 'transpose ×2, unstack, 64 matMul, stack'),
  },
  {
    id: 'batched-matmul', subscripts: 'bij,bjk->bik', shapes: [[64, 64, 64], [64, 64, 64]], sizes: 'b64, 64³', perCall: false,
    work: flops(2 * 64 * 64 ** 3, '2·b·i·j·k'),
    tfjs: ([a, b]) => single(() => tf.matMul(a, b), 'batched matMul'),
    tfjsTuned: ([a, b]) => single(() => perBatchMatMul(a, b), 'unstack, 64 matMul, stack'),
  },
  {
    id: 'bilinear', subscripts: 'bi,ij,bj->b', shapes: [[1024, 256], [256, 256], [1024, 256]], sizes: 'b1024 i=j256', perCall: false,
    work: flops(2 * 1024 * 256 * 256 + 2 * 1024 * 256, '2·b·i·j + 2·b·i (x·W, then a row-wise dot)'),
    tfjs: ([x, w, y]) => single(() => bilinear(x, w, y), 'matMul, mul, sum'),
    hand: ([x, w, y]) => ({ run: () => bilinearLoops(x, w, y, 1024, 256, 256), note: 'loop nest b, i, j' }),
  },
  {
    id: 'chain', subscripts: 'ij,jk,kl->il', shapes: [[256, 256], [256, 256], [256, 256]], sizes: '256³ each', perCall: false,
    work: flops(2 * 2 * 256 ** 3, '2 × 2·256³ (two matrix products)'),
    tfjs: ([a, b, c]) => single(() => chain(a, b, c), 'matMul ×2'),
  },
  {
    id: 'matvec3', subscripts: 'ij,j->i', shapes: [[3, 3], [3]], sizes: '3×3, per call', perCall: true, variants: ['out', 'compile'],
    tfjs: ([a, x]) => single(() => tf.dot(a, x), 'dot'),
    hand: ([a, x]) => {
      const out = new Float64Array(3);
      return { run: () => matvec3(out, a, x), note: 'unrolled, into a reused out' };
    },
  },
  {
    id: 'attention-small', subscripts: 'nqhd,nkhd->nhqk', shapes: [[1, 2, 2, 4], [1, 3, 2, 4]],
    sizes: '(1,2,2,4)×(1,3,2,4), per call', perCall: true, variants: ['out', 'compile'],
    tfjs: ([q, k]) => single(() => attentionScores(q, k), 'transpose ×2, batched matMul(transposeB)'),
  },
  {
    id: 'transpose', subscripts: 'ijk->kji', shapes: [[128, 128, 128]], sizes: '128³', perCall: false, variants: ['out'],
    work: elems(128 ** 3, 'elements written'),
    tfjs: ([a]) => single(() => tf.transpose(a, [2, 1, 0]), 'transpose'),
  },
  {
    id: 'sum', subscripts: 'ij->', shapes: [[2048, 2048]], sizes: '2048²', perCall: false,
    work: elems(2048 ** 2, 'elements read'),
    tfjs: ([a]) => single(() => tf.sum(a), 'sum'),
  },
  {
    id: 'diagonal', subscripts: 'ii->i', shapes: [[2048, 2048]], sizes: '2048²', perCall: false,
    work: elems(2048, 'elements read'),
    tfjs: ([a]) => {
      const indices = diagonalIndices(2048);
      return { op: () => diagonal(a, indices), dispose: () => indices.dispose(), note: 'reshape, gather' };
    },
  },
  {
    id: 'trace', subscripts: 'ii->', shapes: [[2048, 2048]], sizes: '2048²', perCall: false,
    work: elems(2048, 'elements read'),
    tfjs: ([a]) => {
      const indices = diagonalIndices(2048);
      return { op: () => trace(a, indices), dispose: () => indices.dispose(), note: 'reshape, gather, sum' };
    },
  },
  {
    id: 'outer', subscripts: 'i,j->ij', shapes: [[2048], [2048]], sizes: '2048×2048', perCall: false, variants: ['out'],
    work: elems(2048 * 2048, 'elements written'),
    tfjs: ([a, b]) => single(() => tf.outerProduct(a as tfTypes.Tensor1D, b as tfTypes.Tensor1D), 'outerProduct'),
  },
];

export function caseTitle(c: BenchCase): string {
  return `${c.subscripts} ${c.sizes}`;
}

/** --filter: a case is kept when any filter word occurs in its id or its subscripts. */
export function selectCases(filters: readonly string[]): BenchCase[] {
  if (filters.length === 0) return CASES;
  return CASES.filter((c) => filters.some((f) => c.id.includes(f) || c.subscripts.includes(f)));
}

/** bi,ij,bj->b as a careful user writes it: for each b, s = Σ_i x[b,i] · (Σ_j W[i,j]·y[b,j]). */
export function bilinearLoops(x: TypedArray, w: TypedArray, y: TypedArray, nb: number, ni: number, nj: number): Float64Array {
  const out = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const xb = b * ni;
    const yb = b * nj;
    let s = 0;
    for (let i = 0; i < ni; i++) {
      const wi = i * nj;
      let t = 0;
      for (let j = 0; j < nj; j++) t += w[wi + j] * y[yb + j];
      s += x[xb + i] * t;
    }
    out[b] = s;
  }
  return out;
}

/** ij,j->i for 3×3, the way gl-matrix writes it: unrolled, into `out`. */
export function matvec3(out: Float64Array, a: TypedArray, x: TypedArray): Float64Array {
  const x0 = x[0], x1 = x[1], x2 = x[2];
  out[0] = a[0] * x0 + a[1] * x1 + a[2] * x2;
  out[1] = a[3] * x0 + a[4] * x1 + a[5] * x2;
  out[2] = a[6] * x0 + a[7] * x1 + a[8] * x2;
  return out;
}
