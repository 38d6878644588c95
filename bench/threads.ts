/**
 * The threads rows of `npm run bench`: float64 `ij,jk->ik` at 512³ and 1024³ on two threads
 * against one thread, in this process, samples interleaved (one thread, two threads, two, one, …)
 * so both see the same neighbours on this shared machine. The target (issue 10) compares the best
 * of 5 samples; the table shows medians and spreads as every other row does.
 *
 * A sweep below the split threshold (the threshold lowered for it) shows where splitting starts to
 * pay: the data behind SPLIT_THRESHOLD in src/kernels/threads/product.ts.
 *
 * Every other case of the benchmark runs on one thread (run.ts), as TF.js's wasm backend does here.
 */
import { capabilities, configure, einsum, random } from '../src/index.js';
import { setSplitThreshold, SPLIT_THRESHOLD } from '../src/kernels/threads/product.js';
import type { BenchCase } from './cases.js';
import { formatRatio, formatTime, summarize, type Measurement } from './harness.js';
import type { Row, Verdict } from './report.js';

const SAMPLES = 5;
const SAMPLE_MS = 100;
export const THREADS_FILTER = 'threads';

function threadCase(n: number): BenchCase {
  return {
    id: `threads${n}`, subscripts: 'ij,jk->ik', shapes: [[n, n], [n, n]], sizes: `${n}³, 2 threads vs 1`, perCall: false,
    work: { amount: 2 * n ** 3, unit: 'GFLOP/s', formula: '2·i·j·k' },
    tfjs: () => {
      throw new Error('the threads rows time typed-einsum only');
    },
  };
}

/** Samples of `threads` 1 and 2 interleaved, each sample about SAMPLE_MS of calls into `out`. */
function compare(n: number, samples: number): { one: Measurement; two: Measurement } {
  const a = random([n, n], { seed: 1 }), b = random([n, n], { seed: 2 });
  const out = einsum('ij,jk->ik', a, b);
  const run = (threads: number, calls: number): number => {
    configure({ threads });
    const t = performance.now();
    for (let i = 0; i < calls; i++) einsum('ij,jk->ik', a, b, { out });
    return (performance.now() - t) / calls / 1000;
  };
  const calls = Math.max(1, Math.round(SAMPLE_MS / 1000 / run(1, 1)));
  run(2, calls); // warm-up of the split route
  const one: number[] = [], two: number[] = [];
  for (let s = 0; s < samples; s++) {
    if (s % 2 === 0) {
      one.push(run(1, calls));
      two.push(run(2, calls));
    } else {
      two.push(run(2, calls));
      one.push(run(1, calls));
    }
  }
  configure({ threads: 1 });
  return { one: summarize(one, calls), two: summarize(two, calls) };
}

/**
 * CPU this process gets with two busy threads, in cores (≈ 2 on an idle 2-core machine). On a
 * busy Linux machine with per-session scheduling (autogroup) it stays near one however many
 * threads run, and then no split can show its speed-up: the rows print this next to their ratio.
 */
async function coresAvailable(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const ms = 400;
  const start = process.cpuUsage(), wall = performance.now();
  const worker = new Worker(`const end = Date.now() + ${ms}; while (Date.now() < end);`, { eval: true });
  const exited = new Promise((resolve) => worker.on('exit', resolve));
  for (const end = Date.now() + ms; Date.now() < end;);
  await exited;
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000 / (performance.now() - wall);
}

/** Start the worker and wait until it is up, so no sample times its start-up. */
async function startWorkers(): Promise<string | undefined> {
  configure({ threads: 2 });
  einsum('ij,jk->ik', random([256, 256], { seed: 3 }), random([256, 256], { seed: 4 }));
  const deadline = Date.now() + 10_000;
  while (capabilities().threads.running < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const status = capabilities().threads;
  configure({ threads: 1 });
  return status.running >= 1 ? undefined : `no worker thread started (${status.reason})`;
}

export async function threadRows(quick: boolean, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const failure = await startWorkers();
  const cores = `${(await coresAvailable()).toFixed(2)} cores free for two busy threads`;
  log(`  threads: ${cores}`);
  for (const n of [512, 1024]) {
    const bench = threadCase(n);
    if (failure) {
      rows.push({ bench, dtype: 'float64', name: 'typed-einsum', group: 'typed-einsum', skip: failure });
      continue;
    }
    const { one, two } = compare(n, quick ? 3 : SAMPLES);
    const best = `best of ${one.samples}: ${formatTime(two.min)} vs ${formatTime(one.min)}, ${formatRatio(one.min / two.min)}`;
    rows.push({ bench, dtype: 'float64', name: 'typed-einsum', group: 'typed-einsum', m: two, note: `2 threads; ${best}; ${cores}` });
    rows.push({ bench, dtype: 'float64', name: 'typed-einsum, 1 thread', group: 'typed-einsum', m: one, note: 'configure({ threads: 1 })' });
    log(`  ${bench.subscripts} ${bench.sizes}: ${best}`);
  }
  if (!quick && !failure) log(sweep());
  return rows;
}

/** Two threads over one below the threshold (forced), by size: where splitting starts to pay. */
function sweep(): string {
  const previous = setSplitThreshold(0);
  try {
    const cells = [64, 80, 96, 128, 192, 256].map((n) => {
      const { one, two } = compare(n, 7);
      return `${n}³ ${formatRatio(one.median / two.median)}`;
    });
    return `  split threshold sweep (medians, 2 threads over 1; threshold now ${Math.round(Math.cbrt(SPLIT_THRESHOLD))}³): ${cells.join(', ')}`;
  } finally {
    setSplitThreshold(previous);
  }
}

/** Issue 10's target: two threads at least 1.7× one thread at 512³ and 1024³ (best of 5). */
export function threadVerdicts(rows: readonly Row[]): Verdict[] {
  return [512, 1024].map((n) => {
    const target = `f64 ij,jk->ik ${n}³ two threads ≥ 1.7× one thread (best of ${SAMPLES})`;
    const two = rows.find((r) => r.bench.id === `threads${n}` && r.name === 'typed-einsum')?.m;
    const one = rows.find((r) => r.bench.id === `threads${n}` && r.name === 'typed-einsum, 1 thread')?.m;
    if (!one || !two) return { status: 'n/a', target, detail: 'not measured' };
    const ratio = one.min / two.min;
    const cores = rows.find((r) => r.bench.id === `threads${n}` && r.name === 'typed-einsum')?.note?.split('; ').at(-1);
    return { status: ratio >= 1.7 ? 'PASS' : 'MISS', target, detail: `${formatRatio(ratio)} (medians ${formatRatio(one.median / two.median)}; ${cores})` };
  });
}
