/**
 * Can this engine run a product on several threads, and on how many by default? Threads need Node's
 * `worker_threads` (reached synchronously with `process.getBuiltinModule`, Node ≥ 20.16), shared
 * memory, and a thread that may block in `Atomics.wait` while the workers finish (Node's main thread
 * may). Browsers run one thread: Web Workers would also need cross-origin isolation for shared
 * memory, and a browser's main thread refuses `Atomics.wait`, which a synchronous library needs.
 * The answer is a count and the reason it is not higher, for capabilities().
 */

/** The part of Node's worker_threads used here, declared locally (the library type-checks without @types/node). */
export interface NodeWorker {
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  unref(): void;
  terminate(): Promise<number>;
}
export interface WorkerThreads {
  Worker: new (source: string, options: {
    eval: true;
    workerData: unknown;
    name?: string;
    resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
  }) => NodeWorker;
}

export interface Environment {
  /** worker_threads, or null where threads are impossible. */
  threads: WorkerThreads | null;
  /** Threads a product uses when the user does not say (the main thread included). */
  defaultCount: number;
  /** Why not more than `defaultCount` (or why none), in words. */
  reason: string;
}

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  versions?: { node?: string };
}

/** What detection reads from globalThis (a parameter, so tests can describe other environments). */
export interface GlobalScope {
  process?: NodeProcess;
  SharedArrayBuffer?: unknown;
  crossOriginIsolated?: boolean;
}

/**
 * Node's default: every core, as numpy's BLAS (OpenBLAS, MKL) and PyTorch do; products under the
 * size threshold never wake a worker, so small work pays nothing for it. Capped: a product is cut
 * into at most a few dozen tasks per job, and each worker holds a V8 isolate (about 10 MB).
 */
export const MAX_THREADS = 16;

let cached: Environment | undefined;

export function environment(): Environment {
  return (cached ??= detectEnvironment(globalThis as GlobalScope));
}

export function detectEnvironment(g: GlobalScope): Environment {
  const node = g.process?.versions?.node;
  if (node === undefined) {
    const reason = g.crossOriginIsolated !== true
      ? 'not cross-origin isolated, so no shared memory; the engine runs in one thread'
      : 'a browser: threads here use Node worker_threads, and Atomics.wait is refused on a page\'s main thread; the engine runs in one thread';
    return { threads: null, defaultCount: 1, reason };
  }
  if (typeof g.process?.getBuiltinModule !== 'function') {
    return { threads: null, defaultCount: 1, reason: `Node ${node} has no process.getBuiltinModule (Node ≥ 20.16 has), so worker_threads cannot be loaded synchronously` };
  }
  if (typeof g.SharedArrayBuffer !== 'function') return { threads: null, defaultCount: 1, reason: 'SharedArrayBuffer is not available' };
  const threads = g.process.getBuiltinModule('node:worker_threads') as WorkerThreads | undefined;
  const os = g.process.getBuiltinModule('node:os') as { availableParallelism?(): number; cpus(): unknown[] } | undefined;
  if (threads === undefined || typeof threads.Worker !== 'function') return { threads: null, defaultCount: 1, reason: 'node:worker_threads is not available' };
  const cores = os === undefined ? 1 : os.availableParallelism?.() ?? os.cpus().length;
  const defaultCount = Math.max(1, Math.min(cores, MAX_THREADS));
  const reason = cores > MAX_THREADS ? `capped at ${MAX_THREADS} of ${cores} cores` : `one per core (${cores})`;
  return { threads, defaultCount, reason };
}
