/**
 * gemm: the strided, batched matrix product behind every pairwise contraction step.
 *
 *   C[b, i, j] = sum_p A[b, i, p] · B[b, p, j]     (C overwritten)
 *   A[b, i, p] = a[aOffset + b*aBatch + i*aRow + p*aCol]   (same for B and C)
 *
 * Strides are in elements, any sign, 0 for broadcasting. Dtypes may differ between a, b and c.
 * `compute` is the arithmetic: 'float64' (products and sums in float64, the default), 'float32'
 * (in float32: f32x4 lanes in wasm, Math.fround in JS) or 'int32' (wrapping: Math.imul and |0).
 * Operands are converted to it as they are read; the store into C converts to C's dtype.
 * Three routes, chosen by size:
 *   - small (m·n·k < 8192, about 20³; with wasm < 1200, about 11³) or k < 4: 2×2 register tiles
 *     that read the operands in place;
 *   - a thin product (n ≤ 2 or m ≤ 2: matrix-vector, vector-matrix): unrolled loops, in place;
 *   - otherwise BLIS-style blocking: pack blocks of A and B into contiguous panels of the
 *     arithmetic's type, run the register-tiled microkernel over them into a C block of that
 *     type, then store the block into C (converting to C's dtype in that store).
 *     The microkernel is WebAssembly SIMD (wasm/gemm.wat, panels and C block in wasm memory;
 *     float64 and float32) where available, else JavaScript (micro.ts; int32 always); both sum
 *     in the same order with the same roundings, same results, unless the fused (FMA) wasm
 *     kernels are allowed and available (configure({ fma })), which round once per multiply-add.
 *     Whether wasm is used is read on each call (setWasmEnabled reaches prepared kernels too).
 * The float64 small and thin routes are small.ts and gemv.ts; the 32-bit ones narrow.ts.
 * A broadcast batch (one operand's batch stride 0) whose other operand and C step over whole
 * matrices is folded into m or n first, so the shared operand is packed once. A packed product
 * whose C runs down its columns (a transposed result) is computed as Cᵀ = Bᵀ·Aᵀ, the same sums.
 * prepareGemm makes these choices once per plan; gemm is prepare-and-call, for one-off use.
 */
import type { DType, TypedArray } from '../dtype.js';
import { MR, NR, macroKernel } from './micro.js';
import { packGathered, packPanel, type Gathered } from './panel.js';
import { scratchA, scratchB, scratchC } from './scratch.js';
import { WASM_MR, WASM_NR, WASM_NR_F32, wasmGemm, type WasmGemm } from './wasm/index.js';
import { smallTiled } from './small.js';
import { longDots, rowUpdates } from './gemv.js';
import { narrowDots, narrowRowUpdates } from './narrow.js';
import { NOTHING } from './axes.js';
// A cycle (product.ts reuses KC, NC and storeBlock from here); neither module uses the other at load time.
import { splitProduct, splitThreads } from './threads/product.js';

/**
 * Below this many multiply-adds per matrix (or with k < 4: no reuse), packing costs more than it
 * saves: about 20³ with the JS microkernel, about 10³ with the wasm one. Measured on prepared n³
 * f64 products (bench/kernels.ts 'per call'; ns per call, small tiles vs blocked wasm): 8³ 471 vs
 * 523, 10³ 883 vs 905, 11³ 1448 vs 1029, 16³ 3391 vs 1967, 20³ 6480 vs 3173; the blocked JS route
 * only breaks even with the small tiles around 20³ (6751 ns).
 */
export const PACK_THRESHOLD = 8192;
export const WASM_PACK_THRESHOLD = 1200;
/** Block sizes: a kc × NR slice of B stays in L1, an MC × KC block of A in L2. MC is a whole number of tiles. */
export const KC = 256;
const MC = 64;
export const NC = 512;
/**
 * Rows of C accumulated at once when k spans several KC blocks (bounds the C block: 2 MB in
 * float64). B's block is packed once per MB rows: float32 512³ ran 1.19× TF.js wasm's matMul
 * with 256, 1.21× with 512 (CPU-time medians, interleaved; KC 512 or MC 128 changed nothing).
 */
const MB = 512;

/**
 * Whether a product of these sizes always runs over packed panels (the blocked route, with wasm or
 * without, one thread or several): then an operand whose M, K or N group doesn't nest can be read
 * through offset tables while it is packed (panel.ts, Gathered), and needs no copy first. Smaller
 * and thin products read their operands in place, one stride per dimension.
 */
export function packsPanels(m: number, n: number, k: number): boolean {
  return m > 2 && n > 2 && k >= 4 && m * n * k >= PACK_THRESHOLD;
}

/** Operands read (C: written) through offset tables (null or absent: through their strides). */
export interface Gathers {
  readonly a: Gathered | null;
  readonly b: Gathered | null;
  readonly c?: Gathered | null;
}

/** A pairwise kernel with sizes, strides and route fixed: C = A·B at the given offsets. */
export type PairKernel = (
  a: TypedArray, aOffset: number, b: TypedArray, bOffset: number, c: TypedArray, cOffset: number,
) => void;

export function gemm(
  batch: number, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aBatch: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bBatch: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cBatch: number, cRow: number, cCol: number,
  compute: DType = 'float64',
): void {
  prepareGemm(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute)(a, aOffset, b, bOffset, c, cOffset);
}

/** gemm with its route (and batch folding, block sizes) chosen now; the kernel only computes. */
export function prepareGemm(
  batch: number, m: number, n: number, k: number,
  aBatch: number, aRow: number, aCol: number,
  bBatch: number, bRow: number, bCol: number,
  cBatch: number, cRow: number, cCol: number,
  compute: DType = 'float64',
  gathers?: Gathers,
): PairKernel {
  if (batch <= 0 || m <= 0 || n <= 0) return NOTHING;
  if (packsPanels(m, n, k) && Math.abs(cCol) > Math.abs(cRow) && !gathers?.c) {
    // C is written down its columns (a transposed result, as in the pullback's `ik,ij->jk`):
    // compute Cᵀ = Bᵀ·Aᵀ instead, so the blocks are stored along rows. Every entry is the same
    // sum of the same products in the same order, so the result is bit for bit the same.
    // `npm run bench:grad`'s last column: `ik,ij->jk` ran 1.19× (f32) and 1.06× (f64) the time of
    // `ij,jk->ik` before, 1.00× and 1.02× after.
    const swapped = prepareGemm(batch, n, m, k, bBatch, bCol, bRow, aBatch, aCol, aRow, cBatch, cCol, cRow, compute,
      gathers && { a: transposed(gathers.b), b: transposed(gathers.a) });
    return (a, aOffset, b, bOffset, c, cOffset) => swapped(b, bOffset, a, aOffset, c, cOffset);
  }
  if (gathers) {
    // The plan folds a permutation into packing only for products that pack (packsPanels).
    if (!packsPanels(m, n, k)) throw new Error('internal: an operand read through offset tables in a product that does not pack');
    return packedKernel(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute, false, gathers.a, gathers.b, gathers.c ?? null);
  }
  // k = 0 lands here too: every sum is empty, so C gets zeros.
  if (m * n * k < WASM_PACK_THRESHOLD || k < 4) return smallKernel(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute);
  return largeKernel(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute);
}

/** The offset tables of a transposed operand: its rows are the columns. */
function transposed(g: Gathered | null): Gathered | null {
  return g && { rows: g.cols, cols: g.rows };
}

/** Small tiles, read in place (a function of its own: a one-off 3×3 call allocates one small closure). */
function smallKernel(
  batch: number, m: number, n: number, k: number,
  aBatch: number, aRow: number, aCol: number,
  bBatch: number, bRow: number, bCol: number,
  cBatch: number, cRow: number, cCol: number,
  compute: DType,
): PairKernel {
  if (compute !== 'float64') {
    const int = compute === 'int32';
    return (a, aOffset, b, bOffset, c, cOffset) => narrowDots(int, false, batch, m, n, k,
      a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
  }
  return (a, aOffset, b, bOffset, c, cOffset) => smallTiled(batch, m, n, k,
    a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
}

/** Thin products, or the blocked route (the small tiles, between the thresholds, without wasm). */
function largeKernel(
  batch: number, m: number, n: number, k: number,
  aBatch: number, aRow: number, aCol: number,
  bBatch: number, bRow: number, bCol: number,
  cBatch: number, cRow: number, cCol: number,
  compute: DType,
): PairKernel {
  // Between the two thresholds only the wasm microkernel beats the small tiles (decided per call),
  // and only when tiles padded to 4 × 4 waste little: 3×3×150 ran 1.5× slower in wasm, 5×5×60
  // tied, 3×50×10 and 8×8×20 ran 1.5× faster.
  const midSize = m * n * k < PACK_THRESHOLD;
  const small = midSize ? smallKernel(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute) : NOTHING;
  const nr = compute === 'float32' ? WASM_NR_F32 : WASM_NR;
  const padded = Math.ceil(m / WASM_MR) * WASM_MR * Math.ceil(n / nr) * nr;
  if (midSize && m * n < 0.6 * padded) return small;
  if (batch > 1 && bBatch === 0 && aBatch === m * aRow && cBatch === m * cRow) {
    // B shared by every batch and A, C stacked by rows: one taller product, B packed once.
    m *= batch;
    batch = 1;
  } else if (batch > 1 && aBatch === 0 && bBatch === n * bCol && cBatch === n * cCol) {
    n *= batch;
    batch = 1;
  }
  if (midSize && (n <= 2 || m <= 2)) return small;
  if (compute !== 'float64' && (n <= 2 || m <= 2)) {
    const int = compute === 'int32';
    if (n <= 2) {
      return (a, aOffset, b, bOffset, c, cOffset) => narrowDots(int, true, batch, m, n, k,
        a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
    }
    return (a, aOffset, b, bOffset, c, cOffset) => narrowRowUpdates(int, batch, m, n, k,
      a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
  }
  if (n <= 2) {
    return (a, aOffset, b, bOffset, c, cOffset) => longDots(batch, m, n, k,
      a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
  }
  if (m <= 2) {
    return (a, aOffset, b, bOffset, c, cOffset) => rowUpdates(batch, m, n, k,
      a, aOffset, aBatch, aRow, aCol, b, bOffset, bBatch, bRow, bCol, c, cOffset, cBatch, cRow, cCol);
  }
  return packedKernel(batch, m, n, k, aBatch, aRow, aCol, bBatch, bRow, bCol, cBatch, cRow, cCol, compute, midSize, null, null, null, small);
}

/**
 * The blocked route over every matrix of the batch (on worker threads when large enough); `ga`,
 * `gb`, `gc`: an operand read (C written) through offset tables (its row and column strides are
 * then unused).
 * `midSize`: without wasm, `small` computes it (see largeKernel).
 */
function packedKernel(
  batch: number, m: number, n: number, k: number,
  aBatch: number, aRow: number, aCol: number,
  bBatch: number, bRow: number, bCol: number,
  cBatch: number, cRow: number, cCol: number,
  compute: DType, midSize: boolean, ga: Gathered | null, gb: Gathered | null, gc: Gathered | null,
  small: PairKernel = NOTHING,
): PairKernel {
  // An operand shared by every batch (stride 0) that fits in one panel is packed only once.
  const shareA = batch > 1 && aBatch === 0 && m <= MC && k <= KC;
  const shareB = batch > 1 && bBatch === 0 && n <= NC && k <= KC;
  return (a, aOffset, b, bOffset, c, cOffset) => {
    // The route is looked up per call (two reads), so setWasmEnabled also reaches cached plans.
    // int32 has no wasm kernel: JS (wrapping) always.
    const w = compute === 'int32' ? null : wasmGemm();
    // The small tiles sum each entry in one run along p, as the blocked route does up to k = KC:
    // beyond that they would round differently, so the JS route blocks too.
    if (w === null && midSize && k <= KC) {
      small(a, aOffset, b, bOffset, c, cOffset);
      return;
    }
    // Large enough to split across worker threads (threads/product.ts): same kernel, same sums.
    const threads = w === null ? 1 : splitThreads(m, n, k, compute);
    let onePacked = false; // the previous matrix went through blocked(), so a shared panel holds it
    for (let t = 0; t < batch; t++) {
      if (threads > 1 && splitProduct(threads, compute, m, n, k, a, aOffset + t * aBatch, aRow, aCol,
        b, bOffset + t * bBatch, bRow, bCol, c, cOffset + t * cBatch, cRow, cCol, ga, gb, gc)) {
        onePacked = false;
        continue;
      }
      blocked(m, n, k, a, aOffset + t * aBatch, aRow, aCol, b, bOffset + t * bBatch, bRow, bCol,
        c, cOffset + t * cBatch, cRow, cCol, shareA && onePacked, shareB && onePacked, w, compute, ga, gb, gc);
      onePacked = true;
    }
  };
}

/**
 * One matrix product through packed panels, with the wasm microkernel `w` or (null) the JS one,
 * in the arithmetic `compute` (panels and C block of that type).
 * `aPacked` / `bPacked`: the panel already holds the whole operand (it fits in one block and was
 * packed by the previous call, on the same route). `ga` / `gb` / `gc`: read (written) through
 * offset tables.
 */
function blocked(
  m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cRow: number, cCol: number,
  aPacked: boolean, bPacked: boolean, w: WasmGemm | null, compute: DType,
  ga: Gathered | null = null, gb: Gathered | null = null, gc: Gathered | null = null,
): void {
  const f32 = compute === 'float32';
  const mr = w ? WASM_MR : MR, nr = w ? (f32 ? WASM_NR_F32 : WASM_NR) : NR;
  // Scratch lengths: the largest A block, B block and C block of this product.
  const kcMax = Math.min(k, KC);
  const ncPad = Math.ceil(Math.min(n, NC) / nr) * nr;
  const mbMax = Math.min(m, MB);
  const aLength = Math.ceil(Math.min(mbMax, MC) / mr) * mr * kcMax;
  const bLength = ncPad * kcMax;
  const cLength = Math.ceil(mbMax / mr) * mr * ncPad;
  // A float32 A whose rows neighbour each other (a transposed operand: the attention pullback's
  // `nhqk,nqhd->nkhd`) is staged for all the rows of a C block at once, not per MC slice (see
  // WasmGemm.stageAdjacent): that product ran 1.29× the forward's time before, 1.03× after
  // (`npm run bench:grad`'s last column).
  const stageA = w !== null && f32 && ga === null && !aPacked && aRow === 1 && aCol !== 1 && mbMax > MC;
  let Ap: TypedArray, Bp: TypedArray, Cb: TypedArray;
  if (w) {
    w.reserve(aLength, bLength, cLength, stageA ? Math.ceil(mbMax / mr) * mr * kcMax : 0);
    Ap = f32 ? w.panelA32 : w.panelA;
    Bp = f32 ? w.panelB32 : w.panelB;
    Cb = f32 ? w.blockC32 : w.blockC;
  } else {
    Ap = scratchA(aLength, compute);
    Bp = scratchB(bLength, compute);
    Cb = scratchC(cLength, compute);
  }
  const bytes = f32 ? 4 : 8;
  let staged = 0; // the staged A's line length (stageA)
  for (let i0 = 0; i0 < m; i0 += MB) {
    const mb = Math.min(MB, m - i0);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const ldc = Math.ceil(nc / nr) * nr;
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        // B(pc.., jc..) packed as column groups: rows of the panel are B's columns.
        if (bPacked) {
          // the panel holds it already
        } else if (gb) packGathered(b, bOffset, gb.cols, jc, gb.rows, pc, nc, kc, nr, Bp);
        else {
          const bAt = bOffset + pc * bRow + jc * bCol;
          if (!(w && f32 && w.packF32(b, bAt, bCol, bRow, nc, kc, nr, w.bPtr))) packPanel(b, bAt, bCol, bRow, nc, kc, nr, Bp);
        }
        for (let ic = 0; ic < mb; ic += MC) {
          const mc = Math.min(MC, mb - ic);
          if (aPacked) {
            // the panel holds it already
          } else if (ga) packGathered(a, aOffset, ga.rows, i0 + ic, ga.cols, pc, mc, kc, mr, Ap);
          else if (stageA && w) {
            if (ic === 0) staged = w.stageAdjacent(a, aOffset + i0 * aRow + pc * aCol, aCol, mb, kc, mr);
            w.layoutAdjacent(ic, staged, mc, kc, mr, w.aPtr);
          } else {
            const aAt = aOffset + (i0 + ic) * aRow + pc * aCol;
            if (!(w && f32 && w.packF32(a, aAt, aRow, aCol, mc, kc, mr, w.aPtr))) packPanel(a, aAt, aRow, aCol, mc, kc, mr, Ap);
          }
          if (w) (f32 ? w.macroF32 : w.macroF64)(mc, nc, kc, w.aPtr, w.bPtr, w.cPtr + ic * ldc * bytes, ldc, pc === 0 ? 1 : 0);
          else macroKernel(mc, nc, kc, Ap, Bp, Cb, ic * ldc, ldc, pc === 0);
        }
      }
      const at = cOffset + i0 * cRow + jc * cCol;
      if (gc) storeGathered(Cb, ldc, mb, nc, c, cOffset, gc, i0, jc);
      else if (w && !f32 && cCol === 1 && c instanceof Float32Array && (cRow === nc || nc >= 32)) storeDemoted(w, mb, nc, ldc, c, at, cRow);
      else storeBlock(Cb, ldc, mb, nc, c, at, cRow, cCol);
    }
  }
}

/**
 * C block → a float32 C with contiguous rows: rounded in wasm (demote) into dense float32 rows,
 * then copied like to like; one copy for the whole block when C's rows follow one another.
 * Attention-shaped 256×256 blocks: 61 µs per block through storeBlock, about a third of it here.
 */
function storeDemoted(w: WasmGemm, rows: number, cols: number, ldc: number, c: Float32Array, offset: number, cRow: number): void {
  w.demote(w.cPtr, w.sPtr, rows, cols, ldc);
  const s = w.staging;
  if (cRow === cols) {
    c.set(s.subarray(0, rows * cols), offset);
    return;
  }
  for (let i = 0; i < rows; i++) c.set(s.subarray(i * cols, i * cols + cols), offset + i * cRow);
}

/** storeBlock into a C whose M or N group doesn't nest: rows from `first`, columns from `start` of its tables. */
export function storeGathered(
  Cb: TypedArray, ldc: number, rows: number, cols: number,
  c: TypedArray, offset: number, gc: Gathered, first: number, start: number,
): void {
  const rowAt = gc.rows, colAt = gc.cols;
  for (let i = 0; i < rows; i++) {
    const d = offset + rowAt[first + i];
    let s = i * ldc;
    for (let j = 0; j < cols; j++) c[d + colAt[start + j]] = Cb[s++];
  }
}

/** C block → the caller's C, converting to its dtype on the store. */
export function storeBlock(
  Cb: TypedArray, ldc: number, rows: number, cols: number,
  c: TypedArray, offset: number, cRow: number, cCol: number,
): void {
  // Contiguous float rows of some length: TypedArray.set copies (and rounds to float32) about
  // 4× (float64) or 1.5× (float32) faster than an element loop (256² block: 23 / 61 µs vs 88 /
  // 93 µs); float64 into int32 it is slower (142 vs 110 µs), so that keeps the loop. Like into
  // like (a float32 or int32 block into C of its type) is a memcpy.
  if (cCol === 1 && cols >= 32 && (!(c instanceof Int32Array) || Cb instanceof Int32Array)) {
    for (let i = 0; i < rows; i++) c.set(Cb.subarray(i * ldc, i * ldc + cols), offset + i * cRow);
    return;
  }
  for (let i = 0; i < rows; i++) {
    let s = i * ldc;
    let d = offset + i * cRow;
    if (cCol === 1) {
      for (let j = 0; j < cols; j++) c[d + j] = Cb[s + j];
    } else {
      for (let j = 0; j < cols; j++, d += cCol) c[d] = Cb[s++];
    }
  }
}
