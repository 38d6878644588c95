/**
 * `npm run bench:network` (also the last part of `npm run bench`): a 12-operand tensor network —
 * a 3×4 grid of sites, bond dimension 24, open legs on two corners — contracted in float64 by
 * typed-einsum (written in numpy's sublist format) and by numpy on the SAME path (ours, passed as
 * numpy.einsum's optimize=['einsum_path', ...]), each in a child process of its own, timed and
 * measured the same way: median of 5 runs after a warm-up. Extra peak memory, two ways: the first
 * run's, the target (the peak reset by writing 5 to /proc/self/clear_refs, then VmHWM after the run
 * minus VmRSS before it: what a process that contracts the network once pays; the lifetime peak of
 * getrusage would be the one reached while loading), and the later runs' (the peak reset by
 * writing 5 to /proc/self/clear_refs after the warm-up; VmHWM after the timed runs minus VmRSS
 * before them), which leaves out what the first run kept (grown wasm memory, the heap's free
 * space, a plan's cached buffers). numpy runs with one OpenBLAS thread (OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE unset for that command only); without python3 or numpy it is skipped, saying so.
 * typed-einsum runs twice: as a user gets it (configure's default threads: one per core, so a
 * product above 128³ multiply-adds is split across a worker thread, whose isolate and shared
 * panels the first run pays for) and on one thread, like for like with numpy. The three children
 * run in ROUNDS alternating rounds (the machine is shared: a busy minute then hits every side), and
 * every figure is the median over the rounds (times: over every timed run). The one-thread sides
 * also compare by CPU time, which a busy machine leaves comparable where wall time is not.
 * Targets: time at most 1.6× numpy's, extra peak at most 1.2× numpy's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilities, configure, contractPath, einsum, random, tensor, type Tensor } from '../src/index.js';

const ROWS = 3;
const COLS = 4;
const BOND = 24;
const RUNS = 5;
const ROUNDS = 3;

interface Meta {
  subscripts: string;
  lists: number[][];
  output: number[];
  shapes: number[][];
  path: number[][];
  runs: number;
}

interface Side {
  times: number[];
  /** CPU time of each timed run (every thread of the process): on a busy machine, the one-thread sides compare by it. */
  cpu: number[];
  firstPeak: number;
  extraPeak: number;
  version?: string;
  threads?: number;
}

/** The grid as sublists: label numbers for the bonds, then the two open legs. */
function grid(): { lists: number[][]; output: number[]; shapes: number[][] } {
  const lists: number[][] = Array.from({ length: ROWS * COLS }, () => []);
  let next = 0;
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const site = r * COLS + c;
      if (c + 1 < COLS) lists[site].push(next), lists[site + 1].push(next++);
      if (r + 1 < ROWS) lists[site].push(next), lists[site + COLS].push(next++);
    }
  }
  const output = [next, next + 1];
  lists[0].push(output[0]);
  lists[ROWS * COLS - 1].push(output[1]);
  return { lists, output, shapes: lists.map((labels) => labels.map(() => BOND)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const untypedEinsum = einsum as (...args: unknown[]) => Tensor;
const untypedPath = contractPath as (...args: unknown[]) => ReturnType<typeof contractPath>;

/**
 * Our side, in a child process: reads the operands, runs on `threads` threads ('auto', a count, or
 * 'warm': 'auto' with the worker thread started and running before the first run is measured, which
 * then leaves out the worker's start-up, a once-per-process cost; only that first run), prints one JSON line.
 */
async function child(folder: string, threads: string): Promise<void> {
  configure({ threads: threads === 'auto' || threads === 'warm' ? 'auto' : Number(threads) });
  if (threads === 'warm') {
    const square = random([160, 160], { seed: 1 });
    untypedEinsum('ij,jk->ik', square, square); // above the split threshold: starts the worker
    while (capabilities().threads.running < 1) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const meta = JSON.parse(readFileSync(path.join(folder, 'meta.json'), 'utf8')) as Meta;
  const operands = meta.shapes.map((shape, k) => {
    const bytes = readFileSync(path.join(folder, `op${k}.f64`));
    return tensor(new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), shape);
  });
  const args = operands.flatMap((t, k) => [t, meta.lists[k]]);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  // The peak is reset first: the process's lifetime peak (getrusage) is reached while loading, not
  // while contracting, and would hide the contraction's own peak.
  writeFileSync('/proc/self/clear_refs', '5');
  let before = statusBytes('VmRSS');
  let result: Tensor | undefined = untypedEinsum(...args, meta.output, { optimize: meta.path }); // warm-up
  const firstPeak = statusBytes('VmHWM') - before;
  result = undefined;
  gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  before = statusBytes('VmRSS');
  const times: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < (threads === 'warm' ? 0 : meta.runs); run++) {
    result = undefined; // the previous result is garbage before the next run, as numpy frees it
    gc?.();
    const start = performance.now();
    const used = process.cpuUsage();
    result = untypedEinsum(...args, meta.output, { optimize: meta.path });
    times.push((performance.now() - start) / 1000);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1e6);
  }
  const extraPeak = statusBytes('VmHWM') - before;
  if (result) writeFileSync(path.join(folder, `ours-${threads}.f64`), new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength));
  console.log(JSON.stringify({ times, cpu, firstPeak, extraPeak, threads: capabilities().threads.count }));
}

/** A field of /proc/self/status in bytes (VmRSS, VmHWM). */
function statusBytes(field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1]) * 1024;
}

function lastJson(stdout: string): Side {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Side;
}

/**
 * Both sides on the path `optimize` gives: 'auto' (what a user gets: 1.6e9 flops, intermediates
 * of at most 3.3e5 elements) and 'greedy' (the path of the measurement, before 'auto'
 * looked beyond greedy: 2.8e10 flops, intermediates up to 8e6 elements, where memory reuse shows).
 */
export function runNetworkBench(): string[] {
  return [...networkOnPath('auto'), ...networkOnPath('greedy')];
}

function networkOnPath(optimize: 'auto' | 'greedy'): string[] {
  const { lists, output, shapes } = grid();
  const info = untypedPath(...shapes.flatMap((shape, k) => [shape, lists[k]]), output, { optimize });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'typed-einsum-network-'));
  try {
    const meta: Meta = { subscripts: info.subscripts, lists, output, shapes, path: info.path.map((s) => [...s]), runs: RUNS };
    writeFileSync(path.join(folder, 'meta.json'), JSON.stringify(meta));
    shapes.forEach((shape, k) => {
      const t = random(shape, { seed: 100 + k });
      writeFileSync(path.join(folder, `op${k}.f64`), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    });
    const lines = [
      `12-operand network: ${ROWS}×${COLS} grid, bond ${BOND}, open legs on two corners, float64: '${info.subscripts}'`,
      `path of optimize '${optimize}' (${info.method}): ${JSON.stringify(info.path)}; ${info.optimizedFlops.toExponential(2)} flops, largest intermediate ${info.largestIntermediate.toExponential(2)} elements`,
    ];

    const ours = (threads: string): Side => {
      const run = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), '--child', folder, threads], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (run.status !== 0) throw new Error(`typed-einsum child failed: ${run.stderr}`);
      return lastJson(run.stdout);
    };
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const numpy = (): Side | string => {
      const py = spawnSync('python3', [fileURLToPath(new URL('./network_numpy.py', import.meta.url)), folder], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
      if (py.error || py.status !== 0) return py.error ? py.error.message : py.stderr.trim().split('\n').pop() ?? 'no output';
      return lastJson(py.stdout);
    };
    const rounds: { auto: Side; warm: Side; one: Side; numpy: Side | string }[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push({ auto: ours('auto'), warm: ours('warm'), one: ours('1'), numpy: numpy() });
    const merged = (sides: Side[]): Side => ({
      times: sides.flatMap((side) => side.times),
      cpu: sides.flatMap((side) => side.cpu),
      firstPeak: median(sides.map((side) => side.firstPeak)),
      extraPeak: median(sides.map((side) => side.extraPeak)),
      version: sides[0].version,
      threads: sides[0].threads,
    });
    const auto = merged(rounds.map((r) => r.auto));
    const warm = merged(rounds.map((r) => r.warm));
    const one = merged(rounds.map((r) => r.one));
    const describeSide = (side: Side) =>
      `median ${(median(side.times) * 1000).toFixed(0)} ms (runs ${[...side.times].sort((x, y) => x - y).map((t) => (t * 1000).toFixed(0)).join(', ')}), extra peak ${mb(side.firstPeak)} (later runs ${mb(side.extraPeak)})`;
    const skipped = rounds.find((r) => typeof r.numpy === 'string')?.numpy;
    if (typeof skipped === 'string') {
      lines.push(`typed-einsum (${auto.threads} threads): ${describeSide(auto)}`, `typed-einsum (1 thread): ${describeSide(one)}`);
      lines.push(`SKIP numpy comparison: python3 with numpy is not available (${skipped})`);
      return lines;
    }
    const theirs = merged(rounds.map((r) => r.numpy as Side));
    const b = new Float64Array(readFileSync(path.join(folder, 'numpy.f64')).buffer.slice(0));
    const scale = Math.max(...b.map(Math.abs));
    let worst = 0;
    for (const threads of ['auto', '1']) {
      const a = new Float64Array(readFileSync(path.join(folder, `ours-${threads}.f64`)).buffer.slice(0));
      if (a.length !== b.length) throw new Error(`the result on ${threads} threads has ${a.length} elements, numpy's ${b.length}`);
      for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
    }
    if (!(worst < 1e-10)) throw new Error(`results differ from numpy's: max relative difference ${worst}`);

    lines.push(
      `${ROUNDS} rounds, each: typed-einsum with its default threads, typed-einsum on one thread, numpy; medians over the rounds; load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.availableParallelism()} cores at the end`,
      `typed-einsum, default (${auto.threads} threads here): ${describeSide(auto)}`,
      `typed-einsum, default threads, the worker already running: first run's extra peak ${mb(warm.firstPeak)} (${(warm.firstPeak / theirs.firstPeak).toFixed(2)}× numpy's; starting the worker thread is a once-per-process cost)`,
      `typed-einsum, configure({ threads: 1 }): ${describeSide(one)}`,
      `numpy ${theirs.version} (1 OpenBLAS thread, same path): ${describeSide(theirs)}`,
      `results agree with numpy's to ${worst.toExponential(1)} (max difference relative to the largest value)`,
    );
    const cpuRatio = median(one.cpu) / median(theirs.cpu);
    lines.push(`one thread each, CPU time (what a busy machine leaves comparable): typed-einsum ${(median(one.cpu) * 1000).toFixed(0)} ms, numpy ${(median(theirs.cpu) * 1000).toFixed(0)} ms: ${cpuRatio.toFixed(2)}× numpy's`);
    for (const [what, side] of [[`default threads (${auto.threads})`, auto], ['one thread', one]] as const) {
      const timeRatio = median(side.times) / median(theirs.times);
      const memoryRatio = side.firstPeak / theirs.firstPeak;
      lines.push(
        `${timeRatio <= 1.6 ? 'PASS' : 'MISS'} '${optimize}' path, ${what}: time ${timeRatio.toFixed(2)}× numpy's (target <= 1.6×)`,
        `${memoryRatio <= 1.2 ? 'PASS' : 'MISS'} '${optimize}' path, ${what}: extra peak memory ${memoryRatio.toFixed(2)}× numpy's (target <= 1.2×)`,
      );
    }
    return lines;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
  else console.log(runNetworkBench().join('\n'));
}
