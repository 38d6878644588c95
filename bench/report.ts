/**
 * Rows of results, and how they are printed: an aligned text table for the terminal, the same
 * table in markdown for bench/results.md, and the PASS/MISS rows of the issue's targets.
 */
import type { BenchDType, Group } from './contenders.js';
import type { BenchCase } from './cases.js';
import { formatRatio, formatTime, type Measurement } from './harness.js';

export interface Row {
  bench: BenchCase;
  dtype: BenchDType;
  name: string;
  group: Group;
  m?: Measurement;
  /** Why there is no measurement: n/a, unsupported, skipped, or an error. */
  skip?: string;
  /** Agreement with typed-einsum's result, when it differs: the row is flagged. */
  mismatch?: string;
  note?: string;
}

const HEADER = ['Case', 'dtype', 'Implementation', 'Median', 'Rate', 'Spread', 'typed-einsum is', 'Note'];

function rate(row: Row): string {
  if (!row.m) return '';
  if (row.bench.perCall || !row.bench.work) return `${(row.m.median * 1e9).toFixed(0)} ns/call`;
  return `${(row.bench.work.amount / row.m.median / 1e9).toFixed(2)} ${row.bench.work.unit}`;
}

/** typed-einsum's plain row of the same case and dtype: the denominator of every ratio. */
export function engineRow(rows: readonly Row[], row: Row): Row | undefined {
  return rows.find((r) => r.bench === row.bench && r.dtype === row.dtype && r.name === 'typed-einsum');
}

function speedup(rows: readonly Row[], row: Row): string {
  if (row.group === 'typed-einsum' || !row.m) return '';
  const te = engineRow(rows, row);
  if (!te?.m) return '';
  const ratio = row.m.median / te.m.median;
  return ratio >= 1 ? `${formatRatio(ratio)} faster` : `${formatRatio(1 / ratio)} slower`;
}

function cells(rows: readonly Row[], row: Row): string[] {
  const spread = row.m ? `±${(((row.m.max - row.m.min) / row.m.median) * 50).toFixed(0)}%` : '';
  const note = [row.skip, row.mismatch ? `RESULT DIFFERS: ${row.mismatch}` : '', row.note].filter(Boolean).join('; ');
  return [
    `${row.bench.subscripts} ${row.bench.sizes}`,
    row.dtype === 'float64' ? 'f64' : 'f32',
    row.name,
    row.m ? formatTime(row.m.median) : '—',
    rate(row),
    spread,
    speedup(rows, row),
    note,
  ];
}

export function textTable(rows: readonly Row[]): string {
  const body = rows.map((r) => cells(rows, r));
  const widths = HEADER.map((h, col) => Math.max(h.length, ...body.map((line) => line[col].length)));
  const line = (values: string[]) => values.map((v, col) => v.padEnd(widths[col])).join('  ').trimEnd();
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  let previous: Row | undefined;
  rows.forEach((row, k) => {
    if (previous && (previous.bench !== row.bench || previous.dtype !== row.dtype)) out.push('');
    out.push(line(body[k]));
    previous = row;
  });
  return out.join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const escape = (v: string) => v.replace(/\|/g, '\\|');
  const out = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const row of rows) out.push(`| ${cells(rows, row).map(escape).join(' | ')} |`);
  return out.join('\n');
}

/**
 * The README's table: one line per case and dtype, one column per contender; each cell is the
 * contender's rate (or time per call) and, in parentheses, how many times faster typed-einsum is.
 */
export function summaryTable(rows: readonly Row[]): string {
  // Columns in contender order (contendersFor), whichever case first has each one.
  const order = ['tf.einsum', 'TF.js cpu', 'TF.js wasm ops', 'TF.js wasm per-batch', 'naive', 'hand'];
  const rank = (name: string) => order.findIndex((prefix) => name.startsWith(prefix));
  const names: string[] = [];
  for (const r of rows) if (!names.includes(r.name) && r.group !== 'typed-einsum') names.push(r.name);
  names.sort((a, b) => rank(a) - rank(b));
  const head = ['Case', 'dtype', 'typed-einsum', ...names];
  const out = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  const seen = new Set<string>();
  for (const te of rows) {
    const key = `${te.bench.id}|${te.dtype}`;
    if (te.name !== 'typed-einsum' || seen.has(key)) continue;
    seen.add(key);
    const cell = (r: Row | undefined): string => {
      if (!r) return '';
      if (!r.m) return r.skip?.split(/[:(]/)[0].trim() ?? '';
      const te = r.group === 'typed-einsum' ? undefined : engineRow(rows, r)?.m;
      const ratio = te ? ` (${formatRatio(r.m.median / te.median)})` : '';
      return `${rate(r)}${ratio}${r.mismatch ? ' ⚠' : ''}`;
    };
    const same = rows.filter((r) => r.bench === te.bench && r.dtype === te.dtype);
    out.push(`| ${[`\`${te.bench.subscripts}\` ${te.bench.sizes}`, te.dtype === 'float64' ? 'f64' : 'f32', cell(te),
      ...names.map((n) => cell(same.find((r) => r.name === n)))].join(' | ')} |`);
  }
  return out.join('\n');
}

// ---- targets -------------------------------------------------------------------------------

export type Status = 'PASS' | 'MISS' | 'n/a';

export interface Verdict {
  status: Status;
  target: string;
  detail: string;
}

type Find = (caseId: string, dtype: BenchDType, name: string) => Measurement | undefined;

function finder(rows: readonly Row[]): Find {
  return (caseId, dtype, name) => rows.find((r) => r.bench.id === caseId && r.dtype === dtype && r.name === name)?.m;
}

const TE = 'typed-einsum';
const WASM = 'TF.js wasm ops (f32)';
const WASM_TUNED = 'TF.js wasm per-batch matMul (f32)';
const CPU = 'TF.js cpu ops (f32)';

function atLeastGflops(find: Find, caseId: string, dtype: BenchDType, work: number, goal: number, target: string): Verdict {
  const m = find(caseId, dtype, TE);
  if (!m) return { status: 'n/a', target, detail: 'not measured' };
  const gflops = work / m.median / 1e9;
  return { status: gflops >= goal ? 'PASS' : 'MISS', target, detail: `${gflops.toFixed(2)} GFLOP/s` };
}

/** faster/slower ≥ goal, both measured in this run. */
function ratioAtLeast(fast: Measurement | undefined, slow: Measurement | undefined, goal: number, target: string, what: string): Verdict {
  if (!fast || !slow) return { status: 'n/a', target, detail: 'not measured' };
  const ratio = slow.median / fast.median;
  const detail = ratio >= 1 || what !== 'faster' ? `${formatRatio(ratio)} ${what}` : `${formatRatio(1 / ratio)} slower`;
  return { status: ratio >= goal ? 'PASS' : 'MISS', target, detail };
}

function fastest(...ms: (Measurement | undefined)[]): Measurement | undefined {
  return ms.filter((m): m is Measurement => m !== undefined).sort((a, b) => a.median - b.median)[0];
}

export function verdicts(rows: readonly Row[]): Verdict[] {
  const find = finder(rows);
  const work = (id: string) => rows.find((r) => r.bench.id === id)?.bench.work?.amount ?? NaN;
  const out: Verdict[] = [
    atLeastGflops(find, 'matmul', 'float64', work('matmul'), 4, 'f64 ij,jk->ik 256³ ≥ 4 GFLOP/s'),
    atLeastGflops(find, 'chain', 'float64', work('chain'), 4, 'f64 ij,jk,kl->il 256³ ≥ 4 GFLOP/s'),
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    const d = dtype === 'float64' ? 'f64' : 'f32';
    out.push(ratioAtLeast(find('bilinear', dtype, TE), find('bilinear', dtype, 'hand-written JS'), 1, `${d} bi,ij,bj->b ≥ hand-written loop nest`, 'faster than the loop nest'));
  }
  // Against TF.js wasm's fastest form (batched matMul as written, or split per batch by hand).
  for (const [id, target] of [['attention', 'f32 nqhd,nkhd->nhqk ≥ 1.5× TF.js wasm'], ['batched-matmul', 'f32 bij,bjk->bik ≥ 1.5× TF.js wasm']]) {
    const plain = find(id, 'float32', WASM);
    const tuned = find(id, 'float32', WASM_TUNED);
    const te = find(id, 'float32', TE);
    const verdict = ratioAtLeast(te, fastest(plain, tuned), 1.5, `${target} (its fastest form)`, 'faster');
    if (te && plain) verdict.detail += `; ${formatRatio(plain.median / te.median)} vs batched tf.matMul as written`;
    out.push(verdict);
  }
  for (const dtype of ['float64', 'float32'] as const) {
    const d = dtype === 'float64' ? 'f64' : 'f32';
    const tfjs = fastest(find('matvec3', dtype, WASM), find('matvec3', dtype, CPU), find('matvec3', dtype, 'tf.einsum cpu (f32)'));
    out.push(ratioAtLeast(find('matvec3', dtype, TE), tfjs, 10, `${d} ij,j->i 3×3 per call ≥ 10× faster than TF.js (its fastest form)`, 'faster'));
    const compiled = find('matvec3', dtype, 'typed-einsum compile(), reused out');
    const hand = find('matvec3', dtype, 'hand-written JS');
    const verdict = ratioAtLeast(compiled, hand, 0.5, `${d} ij,j->i 3×3 compile()d within 2× of hand-written`, '');
    if (compiled && hand) verdict.detail = `${formatRatio(compiled.median / hand.median)} the hand-written time (${formatTime(compiled.median)} vs ${formatTime(hand.median)})`;
    out.push(verdict);
  }
  out.push(ratioAtLeast(find('matmul', 'float32', TE), find('matmul', 'float32', 'tf.einsum cpu (f32)'), 50, 'f32 ij,jk->ik 256³ ≥ 50× tf.einsum (cpu)', 'faster'));
  out.push(ratioAtLeast(find('matmul512', 'float32', TE), find('matmul512', 'float32', WASM), 1.15, 'f32 ij,jk->ik 512³, one thread, no flags ≥ 1.15× TF.js wasm matMul', 'faster'));
  out.push(ratioAtLeast(find('matmul512-fma', 'float32', TE), find('matmul512-fma', 'float32', WASM), 1.45, 'f32 ij,jk->ik 512³ with FMA (relaxed SIMD child) ≥ 1.45× TF.js wasm matMul', 'faster'));
  return out;
}

export function verdictLines(list: readonly Verdict[]): string[] {
  const width = Math.max(...list.map((v) => v.target.length));
  return list.map((v) => `${v.status.padEnd(4)}  ${v.target.padEnd(width)}  ${v.detail}`);
}
