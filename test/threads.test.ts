/**
 * Matrix products split across worker threads (src/kernels/threads/): results bit-identical to one
 * thread on many shapes and arithmetics, workers that really take part, and the size threshold.
 * Lifecycle and failures: threads-lifecycle.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, einsum, random, type Tensor, type TypedArray } from '../src/index.js';
import { gemm } from '../src/kernels/gemm.js';
import { Word } from '../src/kernels/threads/control.js';
import { setSplitThreshold, SPLIT_THRESHOLD } from '../src/kernels/threads/product.js';
import { referenceEinsum } from './reference.js';
import { bitsEqual, readyPool } from './threads/helpers.js';

beforeAll(() => configure({ threads: 2 }));
afterAll(() => configure({ threads: 'auto' }));

describe('split products are bit-identical to one thread', () => {
  // Every case splits, whatever its size and arithmetic (the threshold has a test of its own).
  let threshold = 0;
  beforeAll(() => {
    threshold = setSplitThreshold(0);
  });
  afterAll(() => {
    setSplitThreshold(threshold);
  });

  // Sizes chosen to cross every block boundary of product.ts: odd edges (tiles padded to 4), depth
  // over KC = 256 (several depth blocks, the later ones adding), columns over NC = 512, rows over
  // JOB_ROWS = 256 (equal row jobs sharing one packing of B), depth over 8·KC = 2048 (two jobs on
  // one C block; with several row jobs, B packed again for each), transposed operands, batches
  // (one matrix after another; a shared B folded into the rows).
  const cases: { spec: string; shapes: number[][] }[] = [
    { spec: 'ij,jk->ik', shapes: [[101, 97], [97, 103]] },
    { spec: 'ij,jk->ik', shapes: [[260, 300], [300, 70]] },
    { spec: 'ij,jk->ik', shapes: [[70, 40], [40, 600]] },
    { spec: 'ij,jk->ik', shapes: [[1100, 50], [50, 33]] },
    { spec: 'ij,jk->ik', shapes: [[64, 2100], [2100, 8]] },
    { spec: 'ij,jk->ik', shapes: [[300, 2100], [2100, 20]] },
    { spec: 'ji,jk->ik', shapes: [[130, 120], [130, 90]] },
    { spec: 'ij,kj->ik', shapes: [[120, 130], [90, 130]] },
    { spec: 'bij,bjk->bik', shapes: [[3, 100, 96], [3, 96, 100]] },
    { spec: 'bij,jk->bik', shapes: [[4, 64, 100], [100, 64]] },
    { spec: 'ij,jk->ik', shapes: [[96, 96], [96, 97]] },
  ];
  /**
   * `product()` on one thread, on two, and on the workers alone (the main thread claiming no
   * task): the same bits each time, and the workers did tasks in the last run.
   */
  async function threeWays(what: string, product: () => Tensor | TypedArray): Promise<void> {
    const pool = await readyPool();
    configure({ threads: 1 });
    const one = product();
    configure({ threads: 2 });
    const two = product();
    const before = Atomics.load(pool.ctl, Word.WorkerTasks);
    Atomics.store(pool.ctl, Word.WorkersOnly, 1);
    let alone: Tensor | TypedArray;
    try {
      alone = product();
    } finally {
      Atomics.store(pool.ctl, Word.WorkersOnly, 0);
    }
    expect(Atomics.load(pool.ctl, Word.WorkerTasks), `${what} ran on workers`).toBeGreaterThan(before);
    expect(bitsEqual(one, two), `${what}: two threads`).toBe(true);
    expect(bitsEqual(one, alone), `${what}: workers alone`).toBe(true);
  }

  for (const dtype of ['float64', 'float32'] as const) {
    it(`einsum, ${dtype} operands: one thread, two threads, and workers alone give the same bits`, async () => {
      for (const [index, { spec, shapes }] of cases.entries()) {
        const ops = shapes.map((s, i) => random(s, { seed: 10 * index + i, dtype }));
        await threeWays(`${spec} ${dtype}`, () => einsum(spec, ...ops) as Tensor);
        if (index === 0) {
          const reference = referenceEinsum(spec, ops).data;
          const result = einsum(spec, ...ops) as Tensor;
          for (let i = 0; i < reference.length; i += 97) expect(result.data[i]).toBeCloseTo(reference[i], dtype === 'float32' ? 3 : 9);
        }
      }
    });
  }

  // The kernels' own entry, in each arithmetic: float32 in f32x4 (4 × 8 tiles, float32 panels
  // and C block), float64 sums stored into a float32 C, float64.
  for (const [compute, dtype] of [['float32', 'float32'], ['float64', 'float32'], ['float64', 'float64']] as const) {
    it(`gemm, ${compute} arithmetic into ${dtype}: the same bits on any number of threads`, async () => {
      for (const [index, { shapes }] of cases.slice(0, 4).entries()) {
        const [[m, k], [, n]] = shapes;
        const a = random([m, k], { seed: index, dtype }).data, b = random([k, n], { seed: index + 50, dtype }).data;
        await threeWays(`${m}×${k}×${n} ${compute}`, () => {
          const c = dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n);
          gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c, 0, 0, n, 1, compute);
          return c;
        });
      }
    });
  }

  it('int32 arithmetic (no wasm kernel) stays on the calling thread', async () => {
    const pool = await readyPool();
    const a = random([128, 128], { seed: 1, dtype: 'int32' }).data, b = random([128, 128], { seed: 2, dtype: 'int32' }).data;
    const before = Atomics.load(pool.ctl, Word.WorkerTasks);
    Atomics.store(pool.ctl, Word.WorkersOnly, 1);
    try {
      gemm(1, 128, 128, 128, a, 0, 0, 128, 1, b, 0, 0, 128, 1, new Int32Array(128 * 128), 0, 0, 128, 1, 'int32');
    } finally {
      Atomics.store(pool.ctl, Word.WorkersOnly, 0);
    }
    expect(Atomics.load(pool.ctl, Word.WorkerTasks)).toBe(before);
  });

  it('writes into `out` the same bits', async () => {
    await readyPool();
    const a = random([150, 140], { seed: 3 }), b = random([140, 160], { seed: 4 });
    configure({ threads: 1 });
    const one = einsum('ij,jk->ik', a, b);
    configure({ threads: 2 });
    const out = einsum('ij,jk->ik', a, b);
    out.data.fill(7);
    expect(einsum('ij,jk->ik', a, b, { out })).toBe(out);
    expect(bitsEqual(one, out)).toBe(true);
  });
});

describe('the split threshold', () => {
  /** Whether workers took part in `product()` (the main thread leaving them every task it can). */
  async function split(product: () => unknown): Promise<boolean> {
    const pool = await readyPool();
    const before = Atomics.load(pool.ctl, Word.WorkerTasks);
    Atomics.store(pool.ctl, Word.WorkersOnly, 1);
    try {
      product();
    } finally {
      Atomics.store(pool.ctl, Word.WorkersOnly, 0);
    }
    return Atomics.load(pool.ctl, Word.WorkerTasks) > before;
  }
  const side = Math.cbrt(SPLIT_THRESHOLD);
  const square = (n: number, dtype: 'float64' | 'float32') => {
    const a = random([n, n], { seed: 1, dtype }), b = random([n, n], { seed: 2, dtype });
    return () => einsum('ij,jk->ik', a, b);
  };

  it(`float64 splits from ${side}³ multiply-adds, float32 (twice as fast per thread) from twice that`, async () => {
    expect(await split(square(side - 1, 'float64'))).toBe(false);
    expect(await split(square(side, 'float64'))).toBe(true);
    expect(await split(square(side, 'float32'))).toBe(false);
    expect(await split(square(Math.ceil(Math.cbrt(2 * SPLIT_THRESHOLD)), 'float32'))).toBe(true);
  });

  it('configure({ threads: 1 }) keeps every product on the calling thread', async () => {
    configure({ threads: 1 });
    try {
      expect(await split(square(2 * side, 'float64'))).toBe(false);
    } finally {
      configure({ threads: 2 });
    }
  });
});
