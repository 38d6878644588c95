/**
 * One matrix product C = A·B split across threads: the blocked route of gemm.ts with its panels
 * in the pool's shared memory and each macro-kernel call cut into row tasks that any thread claims.
 *
 * Why the results equal the one-thread route bit for bit: every C element is still summed by the
 * same kernel over the same depth blocks (KC from gemm.ts) in the same order (the first block
 * overwrites, later ones add), and a task covers whole 4-row tiles, so which thread computes which
 * rows changes nothing in the arithmetic.
 *
 * The steps are the blocks (rows i0 by JOB_ROWS, columns jc by NC, depth pc by KC), one job each.
 * Only the main thread can read A and B and write C (plain typed arrays, not shared), so it packs
 * and stores; to keep that off the critical path the panels are double-buffered: after publishing
 * step s it packs step s + 1 into the other buffers, stores the C block finished before s, and only
 * then joins the workers on s. Packing and storing thus overlap the workers' compute.
 */
import type { DType, TypedArray } from '../../dtype.js';
import { packPanel } from '../panel.js';
import { KC, NC, storeBlock } from '../gemm.js';
import { WASM_MR, WASM_NR, WASM_NR_F32 } from '../wasm/index.js';
import { CONTROL_BYTES } from './control.js';
import { acquirePool } from './pool.js';
import { threadCount } from './settings.js';

/**
 * Below this many multiply-adds a product stays on one thread. A job round trip (publish, wake,
 * wait) costs 10–20 µs here and the first step's packing is not overlapped; measured with
 * `npx tsx bench/threads.ts` (two threads over one, f64): see the README, "Threads".
 */
export const SPLIT_THRESHOLD = 96 * 96 * 96;
/** Rows of C per step: bounds the shared buffers (A block JOB_ROWS × KC, C block JOB_ROWS × NC). */
const JOB_ROWS = 1024;
/** Rows of C per task: small enough to balance two busy cores, large enough to reuse each B panel. */
const TASK_ROWS = 32;

/**
 * Threads a product of this size in this arithmetic would use (1: it stays on the calling thread;
 * int32 has no wasm kernel, so it always does).
 */
export function splitThreads(m: number, n: number, k: number, compute: DType): number {
  return m * n * k < SPLIT_THRESHOLD || m < 2 * TASK_ROWS || compute === 'int32' ? 1 : threadCount();
}

/**
 * C = A·B (one matrix, strides in elements) on `threads` threads, in float64 or float32
 * arithmetic (gemm.ts's `compute`: the kernel, and the type of the panels and the C block); false
 * (nothing done) when no pool can be had here, and the caller runs its one-thread route.
 */
export function splitProduct(
  threads: number, compute: DType, m: number, n: number, k: number,
  a: TypedArray, aOffset: number, aRow: number, aCol: number,
  b: TypedArray, bOffset: number, bRow: number, bCol: number,
  c: TypedArray, cOffset: number, cRow: number, cCol: number,
): boolean {
  const pool = acquirePool(threads);
  if (pool === null) return false;
  const f32 = compute === 'float32';
  const mr = WASM_MR, nr = f32 ? WASM_NR_F32 : WASM_NR, bytes = f32 ? 4 : 8;
  const kcMax = Math.min(k, KC);
  const mbMax = Math.ceil(Math.min(m, JOB_ROWS) / mr) * mr;
  const ncMax = Math.ceil(Math.min(n, NC) / nr) * nr;
  const aLength = mbMax * kcMax, bLength = kcMax * ncMax, cLength = mbMax * ncMax;
  // Two of each buffer, one after another after the control block: [A0 A1 B0 B1 C0 C1] (byte addresses).
  const buffer = pool.reserve(2 * bytes * (aLength + bLength + cLength));
  const aAt = [CONTROL_BYTES, CONTROL_BYTES + bytes * aLength];
  const bAt = [aAt[1] + bytes * aLength, aAt[1] + bytes * (aLength + bLength)];
  const cAt = [bAt[1] + bytes * bLength, bAt[1] + bytes * (bLength + cLength)];
  const view = (at: number, length: number): TypedArray => (f32 ? new Float32Array(buffer, at, length) : new Float64Array(buffer, at, length));
  const aPanel = aAt.map((p) => view(p, aLength));
  const bPanel = bAt.map((p) => view(p, bLength));
  const cBlock = cAt.map((p) => view(p, cLength));

  const rowSteps = Math.ceil(m / JOB_ROWS), colSteps = Math.ceil(n / NC), depthSteps = Math.ceil(k / KC);
  const steps = rowSteps * colSteps * depthSteps;
  // Step s: depth block s % depthSteps of C block (rows, columns) number t = floor(s / depthSteps).
  const pack = (s: number): void => {
    const t = Math.floor(s / depthSteps);
    const i0 = Math.floor(t / colSteps) * JOB_ROWS, jc = (t % colSteps) * NC, pc = (s % depthSteps) * KC;
    const mb = Math.min(JOB_ROWS, m - i0), nc = Math.min(NC, n - jc), kc = Math.min(KC, k - pc);
    packPanel(b, bOffset + pc * bRow + jc * bCol, bCol, bRow, nc, kc, nr, bPanel[s & 1]);
    packPanel(a, aOffset + i0 * aRow + pc * aCol, aRow, aCol, mb, kc, mr, aPanel[s & 1]);
  };
  const store = (t: number): void => {
    const i0 = Math.floor(t / colSteps) * JOB_ROWS, jc = (t % colSteps) * NC;
    const mb = Math.min(JOB_ROWS, m - i0), nc = Math.min(NC, n - jc);
    storeBlock(cBlock[t & 1], Math.ceil(nc / nr) * nr, mb, nc, c, cOffset + i0 * cRow + jc * cCol, cRow, cCol);
  };

  pack(0);
  for (let s = 0; s < steps; s++) {
    const t = Math.floor(s / depthSteps), p = s % depthSteps;
    const i0 = Math.floor(t / colSteps) * JOB_ROWS, jc = (t % colSteps) * NC;
    const mb = Math.min(JOB_ROWS, m - i0), nc = Math.min(NC, n - jc), kc = Math.min(KC, k - p * KC);
    const ldc = Math.ceil(nc / nr) * nr;
    pool.publish(f32 ? 1 : 0, mb, nc, kc, aAt[s & 1], bAt[s & 1], cAt[t & 1], ldc, p === 0, TASK_ROWS, kc * bytes, ldc * bytes);
    if (s + 1 < steps) pack(s + 1);
    // The C block before this one is complete (its last step has finished): store it meanwhile.
    if (p === 0 && t > 0) store(t - 1);
    pool.finish();
  }
  store(Math.floor((steps - 1) / depthSteps));
  return true;
}
