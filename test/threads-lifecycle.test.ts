/**
 * The worker threads' lifecycle (src/kernels/threads/): a script that used them still exits by
 * itself (from src and from the built dist), failures (a task that throws, a worker that exits or
 * stalls mid-task, a worker killed while idle) become errors or go unnoticed, never hangs;
 * configure({ threads }), capabilities(), browsers, and the kernel module over shared memory.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, configure, einsum, EinsumError, random, type Tensor } from '../src/index.js';
import { Fault, Word } from '../src/kernels/threads/control.js';
import { detectEnvironment } from '../src/kernels/threads/environment.js';
import { livePool, setWatchdog } from '../src/kernels/threads/pool.js';
import { sharedMemoryVariant } from '../src/kernels/threads/shared-module.js';
import { wasmGemm } from '../src/kernels/wasm/index.js';
import { runPage } from './browser/harness.js';
import { bitsEqual, readyPool, until } from './threads/helpers.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

beforeAll(() => configure({ threads: 2 }));
afterAll(() => configure({ threads: 'auto' }));

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
