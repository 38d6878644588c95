/**
 * One case, every contender, both dtypes, measured together. The machine is shared, so its speed
 * drifts while a case runs; if typed-einsum were timed first and TF.js a minute later, a ratio
 * would mix two machines. Here every contender is prepared and calibrated first, then the
 * samples are taken in rounds, one sample of each contender per round (the starting contender
 * rotating), so a slow spell lands on all of them alike and the ratios stay side by side.
 *
 * TF.js has no float64: its contenders are prepared once (float32) and their row is shown
 * under both dtypes.
 */
import { configure } from '../src/configure.js';
import type { BenchCase } from './cases.js';
import { contendersFor, type BenchDType, type Contender, type Limits, type Ready } from './contenders.js';
import { calibrate, collectGarbage, makeSampler, summarize, type HarnessOptions, type Sampler } from './harness.js';
import type { Row } from './report.js';
import { useBackend } from './tfjs.js';

export const DTYPES: readonly BenchDType[] = ['float64', 'float32'];

interface Entry {
  contender: Contender;
  dtype: BenchDType;
  row: Row;
  ready?: Ready;
  iterations: number;
  times: number[];
  sample: Sampler;
}

/** Largest difference from typed-einsum's result, relative to its largest magnitude. */
function difference(reference: ArrayLike<number>, other: ArrayLike<number>): number {
  if (reference.length !== other.length) return Infinity;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    scale = Math.max(scale, Math.abs(reference[i]));
    worst = Math.max(worst, Math.abs(reference[i] - other[i]));
  }
  return scale === 0 ? worst : worst / scale;
}

function failure(error: unknown): string {
  return `error: ${String(error).split('\n')[0].slice(0, 100)}`;
}

async function activate(entry: Entry): Promise<void> {
  if (entry.contender.backend) await useBackend(entry.contender.backend);
}

/** A narrower run: only these contenders (by name) and dtypes. */
export interface Only {
  contenders?: readonly string[];
  dtypes?: readonly BenchDType[];
}

/** Prepares, checks and measures every contender of `bench`; returns its rows in table order. */
export async function runCase(bench: BenchCase, harness: HarnessOptions, limits: Limits, log: (row: Row) => void, only: Only = {}): Promise<Row[]> {
  const entries: Entry[] = [];
  const rows: Row[] = [];
  const shared = new Map<string, Row>(); // float32-only contenders: one row object for both dtypes
  if (bench.threads !== undefined) configure({ threads: bench.threads });
  try {
    for (const dtype of only.dtypes ?? DTYPES) {
      let reference: ArrayLike<number> | undefined;
      for (const contender of contendersFor(bench).filter((c) => !only.contenders || only.contenders.includes(c.name))) {
        const again = contender.float32Only ? shared.get(contender.name) : undefined;
        if (again) {
          rows.push({ ...again, dtype });
          continue;
        }
        // Float32-only contenders are prepared (and checked, with a float32 tolerance) in the float64 pass.
        const row: Row = { bench, dtype, name: contender.name, group: contender.group };
        rows.push(row);
        if (contender.float32Only) shared.set(contender.name, row);
        const entry: Entry = { contender, dtype: contender.float32Only ? 'float32' : dtype, row, iterations: 0, times: [], sample: makeSampler(bench.clock) };
        try {
          const prepared = await contender.prepare(bench, entry.dtype, limits);
          if ('skip' in prepared) {
            row.skip = prepared.skip;
            continue;
          }
          entry.ready = prepared;
          row.note = prepared.note;
          const output = prepared.output();
          // A copy: a contender writing into a reused `out` would change it on the next call.
          if (contender.name === 'typed-einsum') reference = Float64Array.from(output);
          else if (reference) {
            const tolerance = entry.dtype === 'float64' ? 1e-9 : 2e-3;
            const diff = difference(reference, output);
            if (!(diff <= tolerance)) row.mismatch = Number.isFinite(diff) ? `rel. error ${diff.toExponential(1)}` : 'length differs';
          }
          entries.push(entry);
        } catch (error) {
          row.skip = failure(error);
        }
      }
    }

    for (const entry of entries) {
      await activate(entry);
      collectGarbage();
      try {
        entry.iterations = calibrate(entry.ready!.run, harness);
      } catch (error) {
        entry.row.skip = failure(error);
      }
    }
    const live = entries.filter((e) => e.iterations > 0);
    for (let round = 0; round < harness.samples; round++) {
      for (let k = 0; k < live.length; k++) {
        const entry = live[(k + round) % live.length];
        await activate(entry);
        collectGarbage();
        entry.times.push(entry.sample(entry.ready!.run, entry.iterations));
      }
    }
    for (const entry of live) entry.row.m = summarize(entry.times, entry.iterations);
  } finally {
    if (bench.threads !== undefined) configure({ threads: 'auto' });
    for (const entry of entries) {
      await activate(entry);
      entry.ready?.cleanup?.();
    }
  }
  // Shared rows were copied before they were measured: copy the measurement over.
  const final = rows.map((r) => {
    const source = shared.get(r.name);
    return source && source !== r ? { ...source, dtype: r.dtype } : r;
  });
  final.forEach(log);
  return final;
}
