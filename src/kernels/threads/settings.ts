/**
 * How many threads a large product may use: `configure({ threads })` (a count, the calling thread
 * included; 1 keeps every product on the calling thread; 'auto' the default), bounded by what
 * this environment can do (environment.ts), and what capabilities() reports about it.
 */
import { wasmActive } from '../wasm/index.js';
import { environment, MAX_THREADS } from './environment.js';
import { livePool, poolDisabledReason } from './pool.js';

export type ThreadSetting = number | 'auto';

let requested: ThreadSetting = 'auto';

/** Set by configure(), which has checked the value (isThreadSetting). */
export function setThreads(value: ThreadSetting): void {
  requested = value;
}

export function isThreadSetting(value: unknown): value is ThreadSetting {
  return value === 'auto' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_THREADS);
}

/** Threads a product above the size threshold will use here and now. */
export function threadCount(): number {
  const env = environment();
  if (env.threads === null || poolDisabledReason() !== undefined || !wasmActive()) return 1;
  return requested === 'auto' ? env.defaultCount : requested;
}

export interface ThreadStatus {
  /** Threads a large matrix product uses (the calling thread included); 1: no worker threads. */
  count: number;
  /** Why that many and not more, in words. */
  reason: string;
  /** Worker threads running now (they start on the first product large enough to split). */
  running: number;
}

export function threadStatus(): ThreadStatus {
  const env = environment();
  const running = livePool()?.ready() ?? 0;
  const count = threadCount();
  let reason: string;
  if (env.threads === null) reason = env.reason;
  else if (poolDisabledReason() !== undefined) reason = `threads are off: ${poolDisabledReason()}`;
  else if (!wasmActive()) reason = 'threads run the WebAssembly kernel, which is off or unavailable here';
  else if (requested === 'auto') reason = `the default, ${env.reason}`;
  else reason = `configure({ threads: ${requested} })`;
  return { count, reason, running };
}
