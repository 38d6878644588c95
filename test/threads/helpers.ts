/**
 * Shared by the threads tests (test/threads*.test.ts): waiting for a worker, and comparing bits.
 */
import { einsum, random, type Tensor, type TypedArray } from '../../src/index.js';
import { livePool, type Pool } from '../../src/kernels/threads/pool.js';

/** Wait (on the event loop, where worker start-up and exit events arrive) until `test` holds. */
export async function until(test: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A pool with a worker up: start one with a product above the threshold and wait for it. */
export async function readyPool(): Promise<Pool> {
  einsum('ij,jk->ik', random([160, 160], { seed: 9 }), random([160, 160], { seed: 8 }));
  await until(() => (livePool()?.ready() ?? 0) >= 1, 'a worker to start');
  return livePool()!;
}

export function bitsEqual(x: Tensor | TypedArray, y: Tensor | TypedArray): boolean {
  const a = 'data' in x ? x.data : x, b = 'data' in y ? y.data : y;
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

