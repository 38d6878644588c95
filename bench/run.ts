/**
 * `npm run bench [-- --filter WORD[,WORD]] [--quick] [--md | --no-md]`
 *
 * Runs every case of bench/cases.ts for every contender of bench/contenders.ts, in one process,
 * side by side, and prints a table, the issue's targets as PASS/MISS, and (for a full, unfiltered
 * run, or with --md) writes the same to bench/results.md for the README.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { caseTitle, selectCases, type BenchCase } from './cases.js';
import { contendersFor, type BenchDType, type Contender, type Ready } from './contenders.js';
import { FULL, QUICK, formatTime, measure, type HarnessOptions } from './harness.js';
import { markdownTable, summaryTable, textTable, verdictLines, verdicts, type Row } from './report.js';
import { initTfjs, type TfjsInfo } from './tfjs.js';

interface Args {
  filters: string[];
  quick: boolean;
  md: boolean | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { filters: [], quick: false, md: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--md') args.md = true;
    else if (a === '--no-md') args.md = false;
    else if (a === '--filter') args.filters.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (a.startsWith('--filter=')) args.filters.push(...a.slice(9).split(',').filter(Boolean));
    else throw new Error(`unknown argument '${a}'; use --filter WORD[,WORD], --quick, --md, --no-md`);
  }
  return args;
}

const DTYPES: readonly BenchDType[] = ['float64', 'float32'];

/** Largest relative difference from typed-einsum's result, scaled by its largest magnitude. */
function difference(reference: ArrayLike<number>, other: ArrayLike<number>): number {
  if (reference.length !== other.length) return Infinity;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(reference[i] - other[i]));
  return scale === 0 ? worst : worst / scale;
}

async function runOne(contender: Contender, bench: BenchCase, dtype: BenchDType, harness: HarnessOptions, limit: number,
  reference: ArrayLike<number> | undefined): Promise<{ row: Omit<Row, 'bench' | 'dtype'>; output?: ArrayLike<number> }> {
  const base = { name: contender.name, group: contender.group };
  let ready: Ready | undefined;
  try {
    const prepared = await contender.prepare(bench, dtype, limit);
    if ('skip' in prepared) return { row: { ...base, skip: prepared.skip } };
    ready = prepared;
    const output = ready.output();
    let mismatch: string | undefined;
    if (reference) {
      const tolerance = dtype === 'float64' && !contender.float32Only ? 1e-9 : 2e-3;
      const diff = difference(reference, output);
      if (!(diff <= tolerance)) mismatch = Number.isFinite(diff) ? `rel. error ${diff.toExponential(1)}` : 'length differs';
    }
    const m = measure(ready.run, harness);
    return { row: { ...base, m, mismatch, note: ready.note }, output };
  } catch (error) {
    return { row: { ...base, skip: `error: ${String(error).split('\n')[0].slice(0, 100)}` } };
  } finally {
    ready?.cleanup?.();
  }
}

function header(info: TfjsInfo, args: Args): string[] {
  return [
    `typed-einsum benchmarks — ${new Date().toISOString()}`,
    `machine: ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} logical cores, shared), ${os.platform()} ${os.arch()}, Node ${process.version}`,
    `TF.js ${info.version}: cpu backend; wasm backend ${info.wasm ? `on, SIMD ${info.simd ? 'yes' : 'no'}, ${info.threads} thread` : `unavailable (${info.wasmError ?? '?'})`}`,
    `harness: median of ${args.quick ? QUICK.samples : FULL.samples} samples of ~${args.quick ? QUICK.sampleMs : FULL.sampleMs} ms after ${args.quick ? QUICK.warmupMs : FULL.warmupMs} ms warm-up` +
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
  'Naive = test/reference.ts (an odometer over all labels); calls estimated above the limit are skipped.',
  'Every contender\'s result is checked against typed-einsum\'s before timing; a difference is flagged in the row.',
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const harness = args.quick ? QUICK : FULL;
  const limitSeconds = args.quick ? 0.5 : 5; // tf.einsum 256³ (the 50× target) takes ~2–3 s per call
  const info = await initTfjs();
  const head = header(info, args);
  console.log(head.join('\n') + '\n');

  const cases = selectCases(args.filters);
  if (cases.length === 0) throw new Error(`--filter ${args.filters.join(',')} matches no case`);
  const rows: Row[] = [];
  const float32Only = new Map<string, Omit<Row, 'bench' | 'dtype'>>(); // TF.js: measured once
  for (const bench of cases) {
    for (const dtype of DTYPES) {
      let reference: ArrayLike<number> | undefined;
      for (const contender of contendersFor(bench)) {
        const key = `${bench.id}|${contender.name}`;
        let row = contender.float32Only ? float32Only.get(key) : undefined;
        if (!row) {
          const result = await runOne(contender, bench, dtype, harness, limitSeconds, reference);
          row = result.row;
          if (contender.name === 'typed-einsum') reference = result.output;
          if (contender.float32Only) float32Only.set(key, row);
        }
        rows.push({ ...row, bench, dtype });
        const shown = row.m ? formatTime(row.m.median) : row.skip;
        console.log(`  ${caseTitle(bench)} [${dtype}] ${row.name}: ${shown}${row.mismatch ? ` (RESULT DIFFERS: ${row.mismatch})` : ''}`);
      }
    }
  }

  const table = textTable(rows);
  const targets = verdictLines(verdicts(rows));
  console.log('\n' + table + '\n\nTargets (measured side by side in this run):\n' + targets.join('\n') + '\n\n' + NOTES.join('\n'));

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
      '## Targets',
      '',
      '```',
      ...targets,
      '```',
      '',
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
