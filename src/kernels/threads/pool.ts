/**
 * The worker pool: one shared `WebAssembly.Memory`, the kernel module instantiated over it on the
 * main thread and in each worker, and the control block (control.ts) through which jobs pass.
 *
 * Lifecycle. Nothing starts until a product is large enough to split; then the pool is built and
 * its workers spawned. The call that spawns them does not wait for them: any thread claims tasks,
 * so until the workers are up the main thread simply does every task. Workers are unref'd, so a
 * script that used them still exits by itself. A worker that exits (killed, or failing to start)
 * is replaced by the next product; after three start-up failures threads are turned off, with the
 * error as the reason. A job that cannot finish (a task threw, a worker died holding a task, or no
 * task finished for the watchdog's 2 s) throws, and the pool is dropped: its workers are terminated and
 * the next product builds a new one over a new memory, so a stray worker can write nowhere that
 * matters.
 *
 * Synchronous for the caller: the main thread publishes a job, does its own chores (packing the
 * job's depth blocks, storing the previous C block: product.ts), claims tasks like any worker,
 * then blocks in `Atomics.wait` until the others have finished theirs.
 */
import { messages } from '../../messages.js';
import { wasmGemm, type WasmGemm } from '../wasm/index.js';
import { CLOSED, CONTROL_BYTES, CONTROL_WORDS, Failure, Fault, JOB_WORDS, Word, WORKER_KERNELS } from './control.js';
import { environment, type NodeWorker } from './environment.js';
import { SHARED_MAX_PAGES, sharedMemoryVariant } from './shared-module.js';
import { WORKER_SOURCE } from './worker-source.js';

type Kernel = (rows: number, cols: number, depth: number, a: number, b: number, c: number, ldc: number, overwrite: number) => void;

interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
}

/** No task finished for this long while some were outstanding: the job fails (a stuck worker). */
let watchdogMs = 2000;
/** Slices of Atomics.wait between the main thread's checks (Error, the watchdog). */
const WAIT_SLICE_MS = 20;
const START_FAILURES = 3;
/**
 * A worker's heap: it allocates next to nothing after start-up (its loop reads Int32Array words
 * and calls the kernel), but an isolate left to V8's defaults sizes its heap from the machine's
 * memory and keeps more of start-up's garbage: a worker measured 0.6 MB more resident that way
 * (12-operand network's first run, `bench/network.ts`; start-up itself needs about 4.3 MB of old
 * generation, so 16 MB leaves a wide margin). Any limit smaller than that gave the same saving.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 };

export class Pool {
  readonly ctl: Int32Array;
  /** The job's parameter words (Word.Tasks …), in their order. */
  private readonly job: Int32Array;
  private readonly kernels: Kernel[];
  readonly workers = new Set<NodeWorker>();
  private epoch = 0;
  private kernel: Kernel | undefined;

  constructor(readonly memory: SharedMemory, private readonly module: object, api: WasmApi, readonly source: WasmGemm) {
    const exports = new api.Instance(module, { env: { memory } }).exports;
    this.kernels = WORKER_KERNELS.map((name) => exports[name] as Kernel);
    this.ctl = new Int32Array(memory.buffer, 0, CONTROL_WORDS);
    this.job = this.ctl.subarray(Word.Tasks, Word.Tasks + JOB_WORDS);
  }

  /**
   * The shared buffer with at least `bytes` bytes after the control block (grown as needed), or
   * null when the memory cannot grow that far (the product then stays on the calling thread).
   */
  reserve(bytes: number): SharedArrayBuffer | null {
    const need = CONTROL_BYTES + bytes;
    const have = this.memory.buffer.byteLength;
    try {
      if (need > have) this.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return null;
    }
    return this.memory.buffer;
  }

  /** Start workers until `count` are running (or starting). */
  spawn(count: number): void {
    const threads = environment().threads;
    if (threads === null) return;
    while (this.workers.size < count && disabledReason === undefined) {
      let worker: NodeWorker;
      try {
        worker = new threads.Worker(WORKER_SOURCE, {
          eval: true,
          name: 'typed-einsum',
          workerData: { module: this.module, memory: this.memory, kernels: WORKER_KERNELS },
          resourceLimits: WORKER_HEAP,
        });
      } catch (error) {
        // A runtime whose worker_threads refuses this (eval workers, shared memory): no threads.
        disabledReason = `a worker thread could not be started (${String(error)})`;
        return;
      }
      worker.unref();
      worker.on('error', (error) => noteFailure(error));
      worker.on('exit', () => this.workers.delete(worker));
      this.workers.add(worker);
    }
  }

  /** Workers that have started and not exited. */
  ready(): number {
    return Atomics.load(this.ctl, Word.Ready) - Atomics.load(this.ctl, Word.Exited);
  }

  /**
   * Publish a job (control.ts): a `rows` × `cols` block of C over `depth`, in tasks of `taskRows`
   * rows and, for the last 2·taskRows rows, of `tailRows`; each runs through the depth blocks of
   * `kcBlock` as `packed()` announces them. Workers start on it at once.
   */
  publish(
    kernel: number, rows: number, cols: number, depth: number, kcBlock: number, elemBytes: number,
    a: number, b: number, c: number, ldc: number, overwrite: boolean,
    taskRows: number, tailRows: number, aDepthBytes: number, bDepthBytes: number, cRowBytes: number,
  ): void {
    const ctl = this.ctl;
    const job = ++this.epoch & 0xffff;
    const bigTasks = Math.floor(Math.max(0, rows - 2 * taskRows) / taskRows);
    const tasks = bigTasks + Math.ceil((rows - bigTasks * taskRows) / tailRows);
    this.job.set([tasks, taskRows, bigTasks, tailRows, kernel, rows, cols, depth, kcBlock, elemBytes,
      a, b, c, ldc, overwrite ? 1 : 0, aDepthBytes, bDepthBytes, cRowBytes]);
    Atomics.store(ctl, Word.Packed, 0);
    Atomics.store(ctl, Word.Done, 0);
    Atomics.store(ctl, Word.Claim, job << 16);
    Atomics.store(ctl, Word.Epoch, this.epoch);
    if (this.workers.size > 0) Atomics.notify(ctl, Word.Epoch);
    this.kernel = this.kernels[kernel];
  }

  /** Packing progress of the published job (control.ts, Packed): tasks whose rows it covers may run. */
  packed(progress: number): void {
    Atomics.store(this.ctl, Word.Packed, progress);
    Atomics.notify(this.ctl, Word.Packed);
  }

  /** Task `task` of the published job on this thread: the worker's loop (worker-source.ts), packing done. */
  private task(task: number): void {
    const ctl = this.ctl, kernel = this.kernel!;
    const taskRows = ctl[Word.TaskRows], bigTasks = ctl[Word.BigTasks], tailRows = ctl[Word.TailRows];
    const depth = ctl[Word.Depth], kcBlock = ctl[Word.KcBlock], bytes = ctl[Word.ElemBytes];
    const row = task < bigTasks ? task * taskRows : bigTasks * taskRows + (task - bigTasks) * tailRows;
    const n = Math.min(task < bigTasks ? taskRows : tailRows, ctl[Word.Rows] - row);
    const a = ctl[Word.A], b = ctl[Word.B], c = ctl[Word.C] + row * ctl[Word.CRowBytes];
    for (let p = 0, pc = 0; pc < depth; p++, pc += kcBlock) {
      const kc = Math.min(kcBlock, depth - pc);
      kernel(n, ctl[Word.Cols], kc, a + p * ctl[Word.ADepthBytes] + row * kc * bytes, b + p * ctl[Word.BDepthBytes], c, ctl[Word.Ldc], p === 0 ? ctl[Word.Overwrite] : 0);
    }
  }

  /** Do tasks of the published job until none is left, wait for the others', then close the job. */
  finish(): void {
    const ctl = this.ctl;
    const job = this.epoch & 0xffff;
    const tasks = ctl[Word.Tasks];
    // Tests: while a fault is armed, or WorkersOnly set, the workers do every task.
    const claiming = Atomics.load(ctl, Word.Fault) === Fault.None && Atomics.load(ctl, Word.WorkersOnly) === 0;
    while (claiming) {
      const claim = Atomics.load(ctl, Word.Claim);
      const task = claim & 0xffff;
      if (task >= tasks) break;
      if (Atomics.compareExchange(ctl, Word.Claim, claim, claim + 1) !== claim) continue;
      this.task(task);
      Atomics.add(ctl, Word.Done, 1);
    }
    let done = Atomics.load(ctl, Word.Done);
    let progress = performance.now();
    while (done < tasks && Atomics.load(ctl, Word.Error) === 0) {
      Atomics.wait(ctl, Word.Done, done, WAIT_SLICE_MS);
      const now = Atomics.load(ctl, Word.Done);
      if (now !== done) {
        done = now;
        progress = performance.now();
      } else if (performance.now() - progress > watchdogMs) {
        this.fail(messages.threadFailed(`finished no task for ${watchdogMs} ms`));
      }
    }
    Atomics.store(ctl, Word.Claim, (job << 16) | CLOSED);
    const error = Atomics.load(ctl, Word.Error);
    if (error !== 0) this.fail(messages.threadFailed(error === Failure.Exited ? 'exited holding a task' : 'threw in a task'));
  }

  /** Give up on the published job (the main thread failed while packing): the pool is dropped. */
  abandon(): void {
    dropPool(this);
  }

  private fail(message: string): never {
    dropPool(this);
    throw new Error(message);
  }

  /** Terminate the workers (asynchronously; they are blocked in Atomics.wait or computing). */
  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }
}

let current: Pool | null = null;
let startFailures = 0;
let disabledReason: string | undefined;

/** The pool for the active wasm kernel with workers topped up to `threads - 1`; null where impossible. */
export function acquirePool(threads: number): Pool | null {
  if (threads <= 1 || disabledReason !== undefined) return null;
  const gemm = wasmGemm();
  if (gemm === null) return null;
  if (current === null || current.source !== gemm) {
    if (current !== null) dropPool(current);
    current = buildPool(gemm);
    if (current === null) return null;
  }
  current.spawn(threads - 1);
  return current;
}

/** Why threads are off although the environment has them (build or start-up failures), if so. */
export function poolDisabledReason(): string | undefined {
  return disabledReason;
}

function buildPool(gemm: WasmGemm): Pool | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || environment().threads === null) return null;
  const variant = sharedMemoryVariant(gemm.bytes);
  if (typeof variant === 'string') {
    disabledReason = variant;
    return null;
  }
  try {
    const memory = new api.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
    return new Pool(memory, new api.Module(variant), api, gemm);
  } catch (error) {
    disabledReason = `the kernel did not compile over shared memory (${String(error)})`;
    return null;
  }
}

function dropPool(pool: Pool): void {
  pool.close();
  if (current === pool) current = null;
}

function noteFailure(error: unknown): void {
  if (++startFailures >= START_FAILURES) {
    disabledReason = `worker threads failed ${startFailures} times (${String(error)})`;
    if (current !== null) dropPool(current);
  }
}

/** The live pool, if any (tests use it to inject faults and to kill workers). */
export function livePool(): Pool | null {
  return current;
}

/** Tests shorten the watchdog so a stuck worker fails fast; returns the previous value. */
export function setWatchdog(ms: number): number {
  const previous = watchdogMs;
  watchdogMs = ms;
  return previous;
}
