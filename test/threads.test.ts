/**
 * Matrix products split across worker threads (src/kernels/threads/): results bit-identical to one
 * thread on many shapes and dtypes, workers that really take part, a script that still exits by
 * itself (from src and from the built dist), and failures (a task that throws, a worker that exits
 * or stalls mid-task, a worker killed while idle) that become errors or go unnoticed, never hangs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, configure, einsum, EinsumError, random, type Tensor, type TypedArray } from '../src/index.js';
import { gemm } from '../src/kernels/gemm.js';
import { Fault, Word } from '../src/kernels/threads/control.js';
import { detectEnvironment } from '../src/kernels/threads/environment.js';
import { livePool, setWatchdog, type Pool } from '../src/kernels/threads/pool.js';
import { setSplitThreshold, SPLIT_THRESHOLD } from '../src/kernels/threads/product.js';
import { sharedMemoryVariant } from '../src/kernels/threads/shared-module.js';
import { wasmGemm } from '../src/kernels/wasm/index.js';
import { runPage } from './browser/harness.js';
import { referenceEinsum } from './reference.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Wait (on the event loop, where worker start-up and exit events arrive) until `test` holds. */
async function until(test: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A pool with a worker up: start one with a product above the threshold and wait for it. */
async function readyPool(): Promise<Pool> {
  einsum('ij,jk->ik', random([128, 128], { seed: 9 }), random([128, 128], { seed: 8 }));
  await until(() => (livePool()?.ready() ?? 0) >= 1, 'a worker to start');
  return livePool()!;
}

function bitsEqual(x: Tensor | TypedArray, y: Tensor | TypedArray): boolean {
  const a = 'data' in x ? x.data : x, b = 'data' in y ? y.data : y;
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

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
  // JOB_ROWS = 1024, depth over 8·KC = 2048 (two jobs on one C block), transposed operands,
  // batches (one matrix after another; a shared B folded into the rows).
  const cases: { spec: string; shapes: number[][] }[] = [
    { spec: 'ij,jk->ik', shapes: [[101, 97], [97, 103]] },
    { spec: 'ij,jk->ik', shapes: [[260, 300], [300, 70]] },
    { spec: 'ij,jk->ik', shapes: [[70, 40], [40, 600]] },
    { spec: 'ij,jk->ik', shapes: [[1100, 50], [50, 33]] },
    { spec: 'ij,jk->ik', shapes: [[64, 2100], [2100, 8]] },
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

describe('a script that used threads exits by itself', () => {
  const fixture = fileURLToPath(new URL('./threads/exit-fixture.mjs', import.meta.url));

  /** Run the fixture on `module`; a worker that kept the process alive would hit the timeout. */
  async function runFixture(nodeArgs: string[], module: string): Promise<unknown> {
    const { stdout } = await run(process.execPath, [...nodeArgs, fixture, module], { cwd: root, timeout: 40_000 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  it('from the sources (tsx)', async () => {
    expect(await runFixture(['--import', 'tsx'], `${root}src/index.ts`)).toMatchObject({ same: true, threads: { count: 2, running: 1 } });
  }, 60_000);

  it('from the built package (dist/, built first when older than src/)', async () => {
    const built = `${root}dist/src/index.js`;
    if (!existsSync(built) || newestSource(`${root}src`) > statSync(built).mtimeMs) {
      await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, timeout: 120_000 });
    }
    expect(await runFixture([], built)).toMatchObject({ same: true, threads: { count: 2, running: 1 } });
  }, 180_000);
});

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

describe('a failing worker gives an error, never a hang, and later calls work', () => {
  const a = random([160, 130], { seed: 5 }), b = random([130, 150], { seed: 6 });
  let expected: Tensor;
  beforeAll(() => {
    configure({ threads: 1 });
    expected = einsum('ij,jk->ik', a, b);
    configure({ threads: 2 });
  });

  async function failsWith(fault: number, words: RegExp): Promise<void> {
    const pool = await readyPool();
    Atomics.store(pool.ctl, Word.Fault, fault);
    expect(() => einsum('ij,jk->ik', a, b)).toThrow(words);
    expect(livePool()).not.toBe(pool); // dropped: its workers are terminated
    // The next call builds a new pool and computes the right bits, on the new workers too.
    expect(bitsEqual(einsum('ij,jk->ik', a, b), expected)).toBe(true);
    const next = await readyPool();
    Atomics.store(next.ctl, Word.WorkersOnly, 1);
    try {
      expect(bitsEqual(einsum('ij,jk->ik', a, b), expected)).toBe(true);
    } finally {
      Atomics.store(next.ctl, Word.WorkersOnly, 0);
    }
  }

  it('a task that throws (as a trap in the kernel would)', async () => {
    await failsWith(Fault.Throw, /worker thread of typed-einsum threw in a task, so a matrix product was not completed; the next product starts new workers/);
  });

  it('a worker that exits in the middle of its task', async () => {
    await failsWith(Fault.Exit, /worker thread of typed-einsum exited holding a task/);
  });

  it('a worker that never finishes its task (the watchdog)', async () => {
    const previous = setWatchdog(300);
    try {
      await failsWith(Fault.Stall, /finished no task for 300 ms/);
    } finally {
      setWatchdog(previous);
    }
  });

  it('a worker killed while idle: the product runs on the threads left, and the worker is replaced', async () => {
    const pool = await readyPool();
    const workers = [...pool.workers];
    await Promise.all(workers.map((w) => w.terminate()));
    expect(pool.workers.size).toBe(0);
    expect(bitsEqual(einsum('ij,jk->ik', a, b), expected)).toBe(true);
    await until(() => pool.ready() >= 1, 'a replacement worker');
    expect(capabilities().threads.running).toBe(1);
  });
});

describe('configure({ threads }) and capabilities()', () => {
  it('reports the threads in use and why', () => {
    configure({ threads: 2 });
    expect(capabilities().threads).toMatchObject({ count: 2, reason: 'configure({ threads: 2 })' });
    configure({ threads: 1 });
    expect(capabilities().threads).toMatchObject({ count: 1, reason: 'configure({ threads: 1 })' });
    configure({ threads: 'auto' });
    expect(capabilities().threads.reason).toMatch(/^the default, one per core \(\d+\)$/);
    configure({ wasm: false });
    try {
      expect(capabilities().threads).toMatchObject({ count: 1, reason: 'threads run the WebAssembly kernel, which is off or unavailable here' });
    } finally {
      configure({ wasm: true, threads: 2 });
    }
  });

  it('refuses a bad thread count with an EinsumError', () => {
    for (const bad of [0, 1.5, 17, -1, 'all', true, null]) {
      expect(() => configure({ threads: bad as never })).toThrow(EinsumError);
      try {
        configure({ threads: bad as never });
      } catch (error) {
        expect(error).toMatchObject({ code: 'ARGUMENT' });
        expect((error as Error).message).toMatch(/^configure\(\{ threads \}\) takes a whole number from 1 to 16 or 'auto', got /);
      }
    }
    expect(() => configure({ thread: 2 } as never)).toThrow(/unknown option 'thread' for configure\(\); the options are 'jit', 'wasm', 'fma', 'threads'/);
  });

  it('describes the environments where threads are impossible', () => {
    expect(detectEnvironment({ crossOriginIsolated: false })).toMatchObject({ threads: null, defaultCount: 1, reason: expect.stringMatching(/not cross-origin isolated/) });
    expect(detectEnvironment({ crossOriginIsolated: true })).toMatchObject({ threads: null, defaultCount: 1, reason: expect.stringMatching(/Atomics.wait is refused on a page's main thread/) });
    expect(detectEnvironment({ process: { versions: { node: '20.11.0' } } })).toMatchObject({ threads: null, reason: expect.stringMatching(/Node 20.11.0 has no process.getBuiltinModule/) });
    const cores = (n: number) => ({ availableParallelism: () => n, cpus: () => [] });
    const node = (n: number) => ({
      process: { versions: { node: '20.20.0' }, getBuiltinModule: (id: string) => (id === 'node:os' ? cores(n) : { Worker: class {} }) },
      SharedArrayBuffer,
    });
    expect(detectEnvironment(node(8))).toMatchObject({ defaultCount: 8, reason: 'one per core (8)' });
    expect(detectEnvironment(node(64))).toMatchObject({ defaultCount: 16, reason: 'capped at 16 of 64 cores' });
  });
});

describe('in a browser (headless Chromium)', () => {
  type Report = { isolated: boolean; threads: { count: number; reason: string }; wasm: boolean; same: boolean };

  it('runs one thread and says why, cross-origin isolated or not', async () => {
    const { value: isolated } = await runPage<Report>({ entry: 'test/browser/threads.page.ts' });
    expect(isolated).toMatchObject({ isolated: true, wasm: true, same: true, threads: { count: 1, reason: expect.stringMatching(/^a browser: .*Atomics.wait is refused on a page's main thread/) } });
    const open = { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' };
    const { value: plain } = await runPage<Report>({ entry: 'test/browser/threads.page.ts', headers: open });
    expect(plain).toMatchObject({ isolated: false, same: true, threads: { count: 1, reason: expect.stringMatching(/^not cross-origin isolated/) } });
  }, 120_000);
});

describe('the kernel module over shared memory', () => {
  it('keeps the code and turns the memory into a shared import', () => {
    const bytes = wasmGemm()!.bytes as Uint8Array<ArrayBuffer>;
    const variant = sharedMemoryVariant(bytes);
    if (typeof variant === 'string') throw new Error(variant);
    const module = new WebAssembly.Module(variant);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module)).toEqual(WebAssembly.Module.exports(new WebAssembly.Module(bytes)));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
    // Shared memory is required: a plain one does not link.
    expect(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } })).toThrow();
  });

  it('refuses modules it cannot rewrite, in words', async () => {
    const wabt = await (await import('wabt')).default();
    const assemble = (text: string): Uint8Array<ArrayBuffer> => {
      const module = wabt.parseWat('t.wat', text);
      try {
        return module.toBinary({}).buffer as Uint8Array<ArrayBuffer>;
      } finally {
        module.destroy();
      }
    };
    expect(sharedMemoryVariant(assemble('(module (func (export "f")))'))).toBe('the kernel module does not define exactly one memory');
    expect(sharedMemoryVariant(assemble('(module (memory 1) (data (i32.const 0) "x"))'))).toBe('the kernel module has data segments');
    // A module that already imports something keeps that import and gains the memory.
    const variant = sharedMemoryVariant(assemble('(module (import "m" "f" (func)) (memory (export "memory") 1) (func (export "g") (call 0)))'));
    if (typeof variant === 'string') throw new Error(variant);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(variant)).map((i) => `${i.module}.${i.name}`)).toEqual(['m.f', 'env.memory']);
  });
});
