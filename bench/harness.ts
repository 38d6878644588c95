/**
 * Timing harness: warm up, auto-scale the iterations of one sample to a target duration, take
 * several samples, report the median time per call. The median (not the mean, not the minimum)
 * because this machine is shared: a sample hit by a GC pause or a neighbour's burst is an outlier
 * that the median ignores, while the minimum would reward luck.
 */

import v8 from 'node:v8';
import vm from 'node:vm';

// A full collection before every sample (outside the timing), so one contender's garbage is not
// collected on another's clock: tf.einsum 256³ leaves a 64 MB intermediate behind, and with
// interleaved rounds the next sample would otherwise pay for it. `--expose-gc` set at run time
// (the npm script stays `tsx bench/run.ts`); if that ever fails, samples just run without it.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as unknown;

export function collectGarbage(): void {
  if (typeof gc === 'function') (gc as () => void)();
}

export interface HarnessOptions {
  /** Samples taken after warm-up (the brief asks for at least 7; --quick uses 3). */
  samples: number;
  /** Target duration of one sample in ms; iterations are scaled so a sample lands near it. */
  sampleMs: number;
  /** Warm-up time in ms (at least one call is always made, so the JIT sees the hot path). */
  warmupMs: number;
}

export const FULL: HarnessOptions = { samples: 7, sampleMs: 100, warmupMs: 200 };
export const QUICK: HarnessOptions = { samples: 3, sampleMs: 30, warmupMs: 40 };

export interface Measurement {
  /** Median seconds per call. */
  median: number;
  /** Fastest and slowest sample, seconds per call: the spread says how noisy the row is. */
  min: number;
  max: number;
  /** Calls per sample and samples taken. */
  iterations: number;
  samples: number;
}

/** Keeps results alive so the JIT cannot drop a call whose value is never used. */
export let sink: unknown;

/**
 * Warm `fn` up and choose how many calls one sample makes so that it lasts about
 * `options.sampleMs` (one call, for calls longer than that).
 */
export function calibrate(fn: () => unknown, options: HarnessOptions): number {
  // Warm-up, also a first estimate of the cost of one call.
  let calls = 0;
  const warmStart = performance.now();
  let elapsed = 0;
  do {
    sink = fn();
    calls++;
    elapsed = performance.now() - warmStart;
  } while (elapsed < options.warmupMs);
  let perCall = elapsed / calls;

  // A second, scaled estimate after the warm-up (the first calls ran cold code).
  if (perCall < options.sampleMs / 4) {
    const probe = Math.max(1, Math.round(options.sampleMs / 4 / perCall));
    const t = performance.now();
    for (let i = 0; i < probe; i++) sink = fn();
    perCall = (performance.now() - t) / probe;
  }
  return Math.max(1, Math.round(options.sampleMs / Math.max(perCall, 1e-6)));
}

/** One sample: seconds per call over `iterations` calls. */
export type Sampler = (fn: () => unknown, iterations: number) => number;

export function sample(fn: () => unknown, iterations: number): number {
  const t = performance.now();
  for (let i = 0; i < iterations; i++) sink = fn();
  return (performance.now() - t) / iterations / 1000;
}

let samplers = 0;

/**
 * A sampling loop of its own for one contender. Closures of one function literal share their
 * type feedback in V8, so with one shared loop the call `fn()` turns megamorphic once several
 * contenders have run through it, and a 15 ns call pays for its neighbours. A fresh function
 * (unique source, so the eval cache does not hand back the same one) keeps the call
 * monomorphic, as it would be in the user's own hot loop.
 */
export function makeSampler(clock: Clock = 'wall'): Sampler {
  const body = clock === 'wall'
    ? `/* sampler ${samplers++} */
    const box = { sink: undefined };
    return function sample(fn, iterations) {
      const t = performance.now();
      for (let i = 0; i < iterations; i++) box.sink = fn();
      return (performance.now() - t) / iterations / 1000;
    };`
    : `/* cpu sampler ${samplers++} */
    const box = { sink: undefined };
    return function sample(fn, iterations) {
      const t = process.cpuUsage();
      for (let i = 0; i < iterations; i++) box.sink = fn();
      const u = process.cpuUsage(t);
      return (u.user + u.system) / iterations / 1e6;
    };`;
  return new Function(body)() as Sampler;
}

/**
 * What a sample measures: wall-clock time, or the CPU time of this process (every thread), which
 * does not count the time the process waits for a core while other programs run. The CPU clock
 * is for single-threaded contenders on a crowded machine: with 8 sessions sharing 2 cores
 * (load ~20), wall-clock medians of a 30 ms call swing by ±50% from sample to sample.
 */
export type Clock = 'wall' | 'cpu';

export function summarize(times: readonly number[], iterations: number): Measurement {
  const sorted = times.slice().sort((a, b) => a - b);
  return { median: median(sorted), min: sorted[0], max: sorted[sorted.length - 1], iterations, samples: sorted.length };
}

/** calibrate, then `options.samples` samples back to back. */
export function measure(fn: () => unknown, options: HarnessOptions): Measurement {
  const iterations = calibrate(fn, options);
  const times: number[] = [];
  for (let s = 0; s < options.samples; s++) times.push(sample(fn, iterations));
  return summarize(times, iterations);
}

export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1.23 ns / 45.6 µs / 7.89 ms / 1.23 s */
export function formatTime(seconds: number): string {
  if (seconds < 1e-6) return `${(seconds * 1e9).toFixed(1)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(2)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(2)} ms`;
  return `${seconds.toFixed(2)} s`;
}

/** A speed ratio: 12.3×, 0.45×, 1234×. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio >= 100) return `${ratio.toFixed(0)}×`;
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(2)}×`;
}
