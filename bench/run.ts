/**
 * `npm run bench [-- --filter WORD[,WORD]] [--quick] [--md | --no-md]`
 *
 * Runs every case of bench/cases.ts for every contender of bench/contenders.ts, in one process,
 * side by side, and prints a table, the issue's targets as PASS/MISS, and (for a full, unfiltered
 * run, or with --md) writes the same to bench/results.md for the README.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { caseTitle, selectCases, type BenchCase } from './cases.js';
import { FMA_CASE, type FmaReport } from './fma-child.js';
import { GRADIENT_CASES, gradientLines, gradientVerdicts, runGradientCase, type GradientRow } from './gradients.js';
import type { Limits } from './contenders.js';
import { FULL, QUICK, formatTime } from './harness.js';
import { markdownTable, summaryTable, textTable, verdictLines, verdicts, type Row } from './report.js';
import { runNetworkBench } from './network.js';
import { runCase } from './session.js';
import { THREADS_FILTER, threadRows, threadVerdicts } from './threads.js';
import { configure } from '../src/index.js';
import { initTfjs, type TfjsInfo } from './tfjs.js';
import { onnxBench } from './onnx.js';

interface Args {
  filters: string[];
  quick: boolean;
  md: boolean | undefined;
  list: boolean;
}

/** `matvec,chain` is two words; `ij,jk->ik` (subscripts, with an arrow) is one. */
function filterWords(value: string): string[] {
  return value.includes('->') ? [value] : value.split(',').filter(Boolean);
}

const USAGE = 'usage: npm run bench [-- --filter WORD[,WORD]] [--quick] [--md | --no-md] [--list]';

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { filters: [], quick: false, md: undefined, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--md') args.md = true;
    else if (a === '--no-md') args.md = false;
    else if (a === '--list' || a === '--help' || a === '-h') args.list = true;
    else if (a === '--filter') args.filters.push(...filterWords(argv[++i] ?? ''));
    else if (a.startsWith('--filter=')) args.filters.push(...filterWords(a.slice(9)));
    else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  return args;
}

function header(info: TfjsInfo, args: Args): string[] {
  return [
    `typed-einsum benchmarks — ${new Date().toISOString()}`,
    `machine: ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} logical cores, shared), ${os.platform()} ${os.arch()}, Node ${process.version}`,
    `TF.js ${info.version}: cpu backend; wasm backend ${info.wasm ? `on, SIMD ${info.simd ? 'yes' : 'no'}, ${info.threads} thread` : `unavailable (${info.wasmError ?? '?'})`}`,
    `harness: median of ${args.quick ? QUICK.samples : FULL.samples} samples of ~${args.quick ? QUICK.sampleMs : FULL.sampleMs} ms after ${args.quick ? QUICK.warmupMs : FULL.warmupMs} ms warm-up, ` +
      'samples of all contenders of a case taken in interleaved rounds' +
      `${args.quick ? ' (--quick: a smoke run, not a measurement)' : ''}${args.filters.length ? `; --filter ${args.filters.join(',')}` : ''}`,
  ];
}

const NOTES = [
  'Rates: contractions in GFLOP/s with 2 flops per multiply-add of the cheapest path (2·M·N·K for a matrix product;',
  'ij,jk,kl->il counts two 256³ products; bi,ij,bj->b counts 2·b·i·j + 2·b·i); transpose, sum, diagonal, trace and the',
  'outer product in Gelem/s (elements written for transpose and outer product, elements read for the others).',
  'Per-call cases in ns/call. "typed-einsum is" = the other row\'s median / typed-einsum\'s median, same case and dtype.',
  'TF.js has no float64: its rows are measured once in float32 and shown under both dtypes. TF.js timings cover the',
  'op(s) and the disposal of the result; inputs are uploaded beforehand and the result is not read back (the',
  'favourable reading for TF.js; prod mode on). The WASM backend has no Einsum kernel, so tf.einsum runs on cpu only.',
  'Naive = test/reference.ts (an odometer over all labels); calls estimated above 2 s (tf.einsum: 6 s) are skipped.',
  'Every contender\'s result is checked against typed-einsum\'s before timing; a difference is flagged in the row.',
  'typed-einsum runs on one thread (configure({ threads: 1 })) in every case except the threads rows (bench/threads.ts),',
  'which time two threads against one, interleaved; their target compares the best of the samples.',
];

/** The gradient cases run with the main table, or when a filter names them ('grad', an id, subscripts). */
function selectGradientCases(filters: readonly string[]) {
  if (filters.length === 0) return GRADIENT_CASES;
  return GRADIENT_CASES.filter((c) => filters.some((f) => c.id.includes(f) || (f.includes('->') && c.subscripts.includes(f))));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    console.log(`${USAGE}\n--filter keeps the cases whose id or subscripts contain a word:`);
    for (const c of selectCases(args.filters)) console.log(`  ${c.id.padEnd(16)} ${caseTitle(c)}`);
    console.log(`  ${THREADS_FILTER.padEnd(16)} ij,jk->ik 512³ and 1024³ f64, two threads vs one (bench/threads.ts)`);
    for (const c of selectGradientCases(args.filters)) console.log(`  ${c.id.padEnd(16)} pullback of ${c.subscripts} ${c.sizes}`);
    return;
  }
  const harness = args.quick ? QUICK : FULL;
  const limits: Limits = args.quick ? { naive: 0.5, tfEinsum: 0.5 } : { naive: 2, tfEinsum: 6 };
  const info = await initTfjs();
  const head = header(info, args);
  console.log(head.join('\n') + '\n');

  // Every case runs on one thread, as TF.js's wasm backend does here; the threads rows compare two with one.
  configure({ threads: 1 });
  const cases = selectCases(args.filters);
  const withThreads = args.filters.length === 0 || args.filters.some((f) => THREADS_FILTER.includes(f));
  const gradientCases = selectGradientCases(args.filters);
  if (cases.length === 0 && !withThreads && gradientCases.length === 0 && !args.filters.includes('onnx')) throw new Error(`--filter ${args.filters.join(',')} matches no case`);
  const rows: Row[] = [];
  for (const bench of cases) {
    rows.push(...(await runCase(bench, harness, limits, (row) => {
      const shown = row.m ? formatTime(row.m.median) : row.skip;
      console.log(`  ${caseTitle(bench)} [${row.dtype}] ${row.name}: ${shown}${row.mismatch ? ` (RESULT DIFFERS: ${row.mismatch})` : ''}`);
    })));
  }

  const fmaCase = cases.find((c) => c.id === FMA_CASE);
  if (fmaCase) {
    const fmaRows = fmaChild(fmaCase, args.quick);
    fmaRows.forEach((row) => console.log(`  ${caseTitle(row.bench)} [${row.dtype}] ${row.name}: ${row.m ? formatTime(row.m.median) : row.skip}`));
    rows.push(...fmaRows);
  }

  if (withThreads) rows.push(...(await threadRows(args.quick, (line) => console.log(line))));

  const gradientRows: GradientRow[] = [];
  for (const c of gradientCases) {
    const row = runGradientCase(c, harness);
    console.log(`  pullback of ${c.subscripts} ${c.sizes}: forward ${formatTime(row.forward.median)}, pullback ${formatTime(row.pullback.median)}`);
    gradientRows.push(row);
  }

  // The ONNX Runtime engine (bench/onnx.ts): its own rows, async calls, same interleaving.
  const onnx = args.filters.length === 0 || args.filters.includes('onnx') ? await onnxBench(args.quick) : undefined;
  if (onnx) console.log(`\nONNX Runtime engine (onnxruntime-node, CPU provider):\n${onnx.lines.join('\n')}`);

  const table = textTable(rows);
  const targets = [...verdictLines([...verdicts(rows), ...threadVerdicts(rows)]), ...gradientVerdicts(gradientRows), ...(onnx ? [onnx.verdict] : [])];
  const gradients = gradientRows.length > 0 ? ['', 'Gradients (einsumVjp: the pullback against the forward, interleaved samples):', '', ...gradientLines(gradientRows)] : [];
  console.log('\n' + table + '\n' + gradients.join('\n') + '\n\nTargets (measured side by side in this run):\n' + targets.join('\n') + '\n\n' + NOTES.join('\n'));

  // The 12-operand tensor network against numpy, in child processes of its own (bench/network.ts,
  // alone: `npm run bench:network`); full runs only, it takes a minute.
  const network = !args.quick && args.filters.length === 0 ? runNetworkBench() : [];
  if (network.length > 0) console.log('\n' + network.join('\n'));

  const writeMd = args.md ?? (!args.quick && args.filters.length === 0);
  if (writeMd) {
    const path = fileURLToPath(new URL('./results.md', import.meta.url));
    const md = [
      '# Benchmark results',
      '',
      '<!-- Written by `npm run bench` (bench/run.ts); do not edit by hand. -->',
      '',
      ...head.map((l) => `${l}  `),
      '',
      'Rate of each implementation; in parentheses, its time over typed-einsum\'s (above 1×: typed-einsum',
      'is faster; below 1×: slower). TF.js runs in float32 under both dtypes. ⚠: result differs from typed-einsum\'s.',
      '',
      summaryTable(rows),
      '',
      ...(gradientRows.length > 0 ? ['## Gradients', '', 'einsumVjp\'s pullback (every gradient) against the forward einsum of the same call, samples interleaved.', '', ...gradientLines(gradientRows), ''] : []),
      '## Targets',
      '',
      '```',
      ...targets,
      '```',
      '',
      ...(onnx ? ['## ONNX Runtime engine', '', '`typed-einsum/onnx` on onnxruntime-node (CPU provider), `npm run bench:onnx` alone.', '', ...onnx.md, ''] : []),
      ...(network.length > 0 ? ['## 12-operand tensor network against numpy (`npm run bench:network`)', '', '```', ...network, '```', ''] : []),
      '## How to read it',
      '',
      NOTES.join('\n'),
      '',
      '## Every row',
      '',
      markdownTable(rows),
      '',
    ].join('\n');
    writeFileSync(path, md);
    console.log(`\nwrote ${path}`);
  } else {
    console.log('\n(bench/results.md not written: filtered or --quick run; pass --md to write it anyway)');
  }
}

/**
 * float32 512³ again in a child process with relaxed SIMD on (bench/fma-child.ts), as a case of
 * its own: typed-einsum on its fused kernels against TF.js wasm in that same process.
 */
function fmaChild(bench: BenchCase, quick: boolean): Row[] {
  const fmaBench: BenchCase = { ...bench, id: `${bench.id}-fma`, sizes: `${bench.sizes}, FMA (child: node --experimental-wasm-relaxed-simd)` };
  const script = fileURLToPath(new URL('./fma-child.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script, ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
  const line = child.stdout?.trim().split('\n').at(-1) ?? '';
  let report: FmaReport | undefined;
  try {
    report = JSON.parse(line) as FmaReport;
  } catch {
    const why = `error: FMA child failed (${(child.stderr || String(child.error ?? child.status)).split('\n')[0].slice(0, 100)})`;
    return [{ bench: fmaBench, dtype: 'float32', name: 'typed-einsum', group: 'typed-einsum', skip: why }];
  }
  return report.rows.map((r) => ({
    bench: fmaBench, dtype: 'float32', name: r.name, group: r.name === 'typed-einsum' ? 'typed-einsum' : 'tfjs',
    m: { median: r.median, min: r.min, max: r.max, iterations: r.iterations, samples: r.samples },
    mismatch: r.mismatch,
    note: r.name === 'typed-einsum' ? (report.fma ? `fused kernels, ${report.node}` : `FMA not active in the child (${report.node})`) : undefined,
  }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && error.message.includes('usage:') ? error.message : error);
  process.exitCode = 1;
});
