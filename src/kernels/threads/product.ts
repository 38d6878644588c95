/**
 * One matrix product C = A·B split across threads: the blocked route of gemm.ts with its panels
 * in the pool's shared memory and the rows of each C block cut into tasks that any thread claims.
 *
 * Why the results equal the one-thread route bit for bit: every C element is still summed by the
 * same kernel over the same depth blocks (KC from gemm.ts) in the same order (the first block
 * overwrites, later ones add), and a task covers whole 4-row tiles, so which thread computes which
 * rows changes nothing in the arithmetic.
 *
 * A job is one block of C (at most JOB_ROWS rows × NC columns: the rows and the columns are cut
 * into equal blocks of whole tiles) over up to JOB_DEPTH_BLOCKS·KC of depth. Column blocks are
 * the outer loop and row jobs the inner one, so when the depth fits one job (k ≤ 2048), the B
 * panels packed by a column block's first job serve all its row jobs. Only the main
 * thread can read A and B and write C (plain typed arrays, not shared), so it packs and stores,
 * overlapped with the workers' compute: it publishes the job first, then packs its depth blocks
 * one by one, A's rows in slices of a task's rows (each task runs through the blocks in order,
 * waiting only until its own rows of the next block are packed: control.ts, Packed),
 * then stores the previous C block (C is double-buffered), then claims tasks itself. The one
 * barrier is the end of the job. (One barrier per depth block instead cost a wait for the slowest
 * task every 256 of depth: on a busy machine, a worker descheduled in the middle of one.)
 */
import type { DType, TypedArray } from '../../dtype.js';
import { packGathered, packPanel, type Gathered } from '../panel.js';
import { KC, NC, storeBlock, storeGathered } from '../gemm.js';
import { WASM_MR, WASM_NR, WASM_NR_F32 } from '../wasm/index.js';
import { CONTROL_BYTES } from './control.js';
import { acquirePool } from './pool.js';
import { threadCount } from './settings.js';

/**
 * Below this many multiply-adds (float64; float32 twice that) a product stays on one thread.
 * A job round trip (publish, wake, wait) costs 10–20 µs here, the first depth block's packing is
 * not overlapped, and a split only pays when a second core is free: with the other core busy
 * (`npm run bench -- --filter threads`, its sweep, two threads over one, at 10:13 UTC with 0.6
 * cores free) 64³ ran at 0.44×, 96³ 0.76×, 128³ 0.86×, 256³ 0.96×. The prototype, on an
 * idle machine, broke even near 128³, so that is where splitting starts.
 */
export const SPLIT_THRESHOLD = 128 * 128 * 128;
let splitThreshold = SPLIT_THRESHOLD;

/** The benchmark lowers the threshold to time splits below it (bench/threads.ts); returns the previous one. */
export function setSplitThreshold(multiplyAdds: number): number {
  const previous = splitThreshold;
  splitThreshold = multiplyAdds;
  return previous;
}
/**
 * Rows of C per job, at most: bounds the shared buffers (A: JOB_ROWS × up to 8·KC, C: JOB_ROWS ×
 * NC, twice), which a process keeps once it has split a product. The 12-operand network of
 * bench/network.ts (576³ products) has its first run's extra peak at 23.4–23.7 MB with 1024 rows
 * per job (shared memory grown to 7.6 MB), 19.4–19.8 MB with 256 (3.7 MB), 19.0–19.2 with 128
 * (2.9 MB, but a job's end is a barrier, so more jobs cost more waits).
 */
const JOB_ROWS = 256;
/**
 * Depth blocks (of KC) per job; deeper products take several jobs per C block. (Not K_CHUNK = 8·KC
 * here: this module and gemm.ts import each other, so KC is not yet set while this one loads.)
 */
const JOB_DEPTH_BLOCKS = 8;
/**
 * Rows of C per task: small enough to balance two busy cores, large enough to reuse each B panel;
 * the last 2·TASK_ROWS rows of a job go in tasks of TAIL_ROWS, so the last task to finish is short.
 */
const TASK_ROWS = 32;
const TAIL_ROWS = 8;

/**
 * Threads a product of this size in this arithmetic would use (1: it stays on the calling thread;
 * int32 has no wasm kernel, so it always does).
 */
export function splitThreads(m: number, n: number, k: number, compute: DType): number {
  if (compute === 'int32' || m < 2 * TASK_ROWS) return 1;
  // float32 runs twice the multiply-adds per second (f32x4): the same time needs twice the work.
  return m * n * k < (compute === 'float32' ? 2 : 1) * splitThreshold ? 1 : threadCount();
}

/**
 * C = A·B (one matrix, strides in elements) on `threads` threads, in float64 or float32
 * arithmetic (gemm.ts's `compute`: the kernel, and the type of the panels and the C block); false
 * (nothing done) when no pool can be had here, and the caller runs its one-thread route. `ga`, `gb`,
 * `gc`: an operand read (C written) through offset tables (gemm.ts, Gathers).
 */
export function splitProduct(
  threads: number, compute: DType, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cRow: number, cCol: number,
  ga: Gathered | null = null, gb: Gathered | null = null, gc: Gathered | null = null,
): boolean {
  const pool = acquirePool(threads);
  if (pool === null) return false;
  const f32 = compute === 'float32';
  const mr = WASM_MR, nr = f32 ? WASM_NR_F32 : WASM_NR, bytes = f32 ? 4 : 8;
  // Equal row jobs and column blocks (576 rows: 3 jobs of 192, not 256 + 256 + 64), whole tiles.
  const rowJobs = Math.ceil(m / JOB_ROWS), colBlocks = Math.ceil(n / NC);
  const mbMax = Math.ceil(m / rowJobs / mr) * mr;
  const ncMax = Math.ceil(n / colBlocks / nr) * nr;
  const kChunk = JOB_DEPTH_BLOCKS * KC;
  const depthBlocks = Math.ceil(Math.min(k, kChunk) / KC);
  // One depth chunk: a column block's B panels serve every row job (packed once, by the first).
  const keepB = k <= kChunk;
  // Elements: one depth block of the A and B panels (a depth block p starts p of these in), the C block.
  const aDepth = mbMax * KC, bDepth = KC * ncMax, cLength = mbMax * ncMax;
  // Byte addresses after the control block: [A (every depth block), B (same), C0, C1].
  const buffer = pool.reserve(bytes * (depthBlocks * (aDepth + bDepth) + 2 * cLength));
  if (buffer === null) return false;
  const aAt = CONTROL_BYTES, bAt = aAt + bytes * depthBlocks * aDepth;
  const cAt = [bAt + bytes * depthBlocks * bDepth, bAt + bytes * (depthBlocks * bDepth + cLength)];
  const view = (at: number, length: number): TypedArray => (f32 ? new Float32Array(buffer, at, length) : new Float64Array(buffer, at, length));
  const aPanels = Array.from({ length: depthBlocks }, (_, p) => view(aAt + bytes * p * aDepth, aDepth));
  const bPanels = Array.from({ length: depthBlocks }, (_, p) => view(bAt + bytes * p * bDepth, bDepth));
  const cBlocks = cAt.map((at) => view(at, cLength));

  const store = (t: number, i0: number, jc: number): void => {
    const mb = Math.min(mbMax, m - i0), nc = Math.min(ncMax, n - jc);
    const ldc = Math.ceil(nc / nr) * nr;
    if (gc) storeGathered(cBlocks[t & 1], ldc, mb, nc, c, cOffset, gc, i0, jc);
    else storeBlock(cBlocks[t & 1], ldc, mb, nc, c, cOffset + i0 * cRow + jc * cCol, cRow, cCol);
  };
  let t = 0; // C blocks begun
  let last = [0, 0]; // the latest C block's first row and column
  for (let jc = 0; jc < n; jc += ncMax) {
    const nc = Math.min(ncMax, n - jc), ldc = Math.ceil(nc / nr) * nr;
    for (let i0 = 0; i0 < m; i0 += mbMax, t++) {
      const mb = Math.min(mbMax, m - i0);
      for (let k0 = 0; k0 < k; k0 += kChunk) {
        const depth = Math.min(kChunk, k - k0);
        pool.publish(f32 ? 1 : 0, mb, nc, depth, KC, bytes, aAt, bAt, cAt[t & 1], ldc, k0 === 0,
          TASK_ROWS, TAIL_ROWS, bytes * aDepth, bytes * bDepth, bytes * ldc);
        try {
          for (let p = 0, pc = k0; pc < k0 + depth; p++, pc += KC) {
            const kc = Math.min(KC, k - pc);
            if (!keepB || i0 === 0) {
              if (gb) packGathered(b, bOffset, gb.cols, jc, gb.rows, pc, nc, kc, nr, bPanels[p]);
              else packPanel(b, bOffset + pc * bRow + jc * bCol, bCol, bRow, nc, kc, nr, bPanels[p]);
            }
            // A in slices of a task's rows, each announced: a task waits for its own rows only
            // (a job's first task starts after B's block and 32 rows of A, not all of A's block).
            for (let r0 = 0; r0 < mb; r0 += TASK_ROWS) {
              const rows = Math.min(TASK_ROWS, mb - r0);
              if (ga) packGathered(a, aOffset, ga.rows, i0 + r0, ga.cols, pc, rows, kc, mr, aPanels[p], r0 * kc);
              else packPanel(a, aOffset + (i0 + r0) * aRow + pc * aCol, aRow, aCol, rows, kc, mr, aPanels[p], r0 * kc);
              pool.packed(p * mb + r0 + rows);
            }
          }
          // The C block before this one is complete (its last job has finished): store it meanwhile.
          if (k0 === 0 && t > 0) store(t - 1, last[0], last[1]);
        } catch (error) {
          pool.abandon(); // workers may wait for a depth block that will never come
          throw error;
        }
        pool.finish();
      }
      last = [i0, jc];
    }
  }
  store(t - 1, last[0], last[1]);
  return true;
}
