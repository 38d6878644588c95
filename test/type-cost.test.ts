/**
 * What the type layer costs the compiler, pinned (SPEC §5; ArkType pins its instantiation counts
 * the same way). Each case is one einsum call alone in a fresh program; its cost is the number of
 * type instantiations tsc 5.9 makes checking that file, above the same file without the call.
 * Instantiation counts are deterministic (unlike time), so a rise of more than 20% over the pinned
 * budget fails. After a deliberate change, re-pin from the printed counts (`npx vitest run
 * test/type-cost.test.ts`, see the console table) and say why in the commit.
 *
 * The file holds two small calls and a refused one before the case (explicit and implicit, over
 * other labels and shapes), counted in the baseline: what is pinned is the call's own cost, not the one-time cost
 * of resolving the library's declarations and type aliases, which any program with einsum calls
 * pays once.
 *
 * Also: the fast path (types/fast.ts) must agree with the full analysis wherever it answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/create.js';
import { typeCorpus } from '../bench/types-corpus.js';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-cost-'));
const options: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  noEmit: true,
};

// One host for every program: the library and src/ files are parsed once.
const host = ts.createCompilerHost(options);
const parsed = new Map<string, ts.SourceFile | undefined>();
const read = host.getSourceFile.bind(host);
host.getSourceFile = (file, language, onError, create) => {
  if (file.startsWith(dir)) return read(file, language, onError, create);
  if (!parsed.has(file)) parsed.set(file, read(file, language, onError, create));
  return parsed.get(file);
};

const header = [
  `import type { EinsumSignature } from '${root}/types/einsum.js';`,
  `import { zeros } from '${root}/src/create.js';`,
  `import type { Tensor } from '${root}/src/tensor.js';`,
  'declare const einsum: EinsumSignature;',
  'declare const rows: number;',
  'declare const anyShape: number[];',
  "export const warm = einsum('ab,bc->ac', zeros([1, 1]), zeros([1, 1]));",
  "export const warmImplicit = einsum('ab,bc', zeros([1, 1]), zeros([1, 1]));",
  // A refused call too: the first one in a program resolves the full analysis and the sublist
  // signature (which a refused string call also tries) once, ~1,400 instantiations not repeated.
  "// @ts-expect-error",
  "export const warmRefused = einsum('ab,bc->ac', zeros([1, 2]), zeros([3, 1]));",
];

let files = 0;
/** Instantiations made checking a file of `lines` after the header, and its errors. */
function check(lines: readonly string[]): { instantiations: number; errors: string[] } {
  const file = join(dir, `case${files++}.ts`);
  writeFileSync(file, [...header, ...lines, 'export {};', ''].join('\n'));
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file)!;
  const diagnostics = program.getSemanticDiagnostics(source);
  return {
    instantiations: program.getInstantiationCount(),
    errors: diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
  };
}

const labels = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const zeros = (shape: readonly number[]) => `zeros([${shape.join(', ')}])`;

/**
 * The constructs, one call each, with their pinned budgets (instantiations above the file without
 * the call). '...' and the size error pay for the full analysis too; the diagonal bails to it.
 */
const cases: { name: string; call: string; budget: number }[] = [
  { name: '2 operands', call: `einsum('ij,jk->ik', ${zeros([2, 3])}, ${zeros([3, 4])})`, budget: 550 },
  { name: '2 operands, implicit', call: `einsum('ij,jk', ${zeros([2, 3])}, ${zeros([3, 4])})`, budget: 580 },
  { name: 'attention', call: `einsum('nqhd,nkhd->nhqk', ${zeros([1, 2, 2, 4])}, ${zeros([1, 3, 2, 4])})`, budget: 770 },
  {
    name: '8-operand chain',
    call: `einsum('Pa,ay,yl,lB,Bd,dj,jS,Sh->Ph', ${[[2, 6], [6, 8], [8, 4], [4, 3], [3, 5], [5, 7], [7, 2], [2, 9]].map(zeros).join(', ')})`,
    budget: 1570,
  },
  {
    name: '52 labels, transposed',
    call: `einsum('${labels}->${[...labels].reverse().join('')}', ${zeros(new Array(52).fill(1))})`,
    budget: 3440,
  },
  // Implicit mode sorts the output: linear in the labels (an insertion sort cost ~16,000 here).
  { name: '52 labels, implicit', call: `einsum('${labels}', ${zeros(new Array(52).fill(1))})`, budget: 5520 },
  { name: "'...'", call: `einsum('...ij,...jk->...ik', ${zeros([5, 1, 2, 3])}, ${zeros([7, 3, 4])})`, budget: 1340 },
  // A diagonal with equal sizes takes the fast path (it bailed to the full analysis: 1,730).
  { name: 'diagonal', call: `einsum('iij->ij', ${zeros([3, 3, 4])})`, budget: 430 },
  { name: 'unknown sizes', call: `einsum('ij,jk->ik', zeros(anyShape), zeros([rows, 4]))`, budget: 550 },
  { name: 'options with out', call: `einsum('ij,jk->ik', ${zeros([2, 3])}, ${zeros([3, 4])}, { out: ${zeros([2, 4])}, optimize: 'greedy' })`, budget: 870 },
  // A refused call also tries the sublist signature (counted out by arity once its type parameters
  // are inferred): 1,340 before it, and the first refused call of a program ~790 more, once.
  { name: 'size error', call: `// @ts-expect-error\neinsum('ij,jk->ik', ${zeros([2, 3])}, ${zeros([4, 5])})`, budget: 1360 },
  // The sublist form is tried after the string signature, which counts itself out by arity.
  { name: 'sublist, 2 operands', call: `einsum(${zeros([2, 3])}, [0, 1], ${zeros([3, 4])}, [1, 2], [0, 2])`, budget: 2560 },
  {
    name: 'generic shapes',
    call: `<A extends readonly number[], B extends readonly number[]>(x: Tensor<A>, y: Tensor<B>) => einsum('ij,jk->ik', x, y)`,
    budget: 540,
  },
];

/** Measured 8-18 (median 12) on the shared 2-core machine under load (10:30 UTC, 2026-11-30): room for noise, not for a 2.5x regression. */
const TIME_RATIO_BOUND = 30;

describe('type-checking cost', () => {
  it('stays within 20% of each pinned budget', () => {
    const empty = check([]).instantiations;
    const measured = cases.map(({ name, call, budget }) => {
      const { instantiations, errors } = check([`export const r = ${call};`]);
      return { name, cost: instantiations - empty, budget, errors };
    });
    console.table(measured.map(({ name, cost, budget }) => ({ name, cost, budget })));
    for (const { name, errors } of measured) expect(errors, name).toEqual([]);
    for (const { name, cost, budget } of measured) expect(cost, name).toBeLessThanOrEqual(budget * 1.2);
  }, 30_000);

  /**
   * Time, pinned as a ratio so that the machine's speed cancels: 100 calls of the benchmark's
   * corpus (bench/types-corpus.ts) checked against the typed signature, and the same calls over
   * `declare function einsum(s: string, ...o: unknown[])` (no package), interleaved, median of 5.
   * The bound is generous (the machine is shared and noisy): it catches a change that makes
   * checking several times slower, which instantiation counts alone can miss.
   */
  it('checks a file of calls within a pinned multiple of the untyped time', () => {
    const calls = typeCorpus(100).map((c) => c.text);
    const untypedHeader = ['declare function einsum(s: string, ...o: unknown[]): unknown;', 'declare function zeros(shape: readonly number[]): unknown;'];
    const time = (lines: readonly string[]): number => {
      const file = join(dir, `time${files++}.ts`);
      writeFileSync(file, [...lines, ...calls.map((call, i) => `export const r${i} = ${call}`), 'export {};', ''].join('\n'));
      const start = performance.now();
      const program = ts.createProgram([file], options, host);
      const errors = program.getSemanticDiagnostics(program.getSourceFile(file));
      const ms = performance.now() - start;
      expect(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([]);
      return ms;
    };
    time(header);
    time(untypedHeader); // warm: the library's files parsed, tsc's code compiled
    const ratios: number[] = [];
    for (let round = 0; round < 5; round++) ratios.push(time(header) / time(untypedHeader));
    ratios.sort((a, b) => a - b);
    console.log(`typed / untyped check time, 100 calls: ${ratios.map((r) => r.toFixed(1)).join(', ')} (median ${ratios[2].toFixed(1)})`);
    expect(ratios[2]).toBeLessThanOrEqual(TIME_RATIO_BOUND);
  }, 120_000);

  it('the fast path agrees with the full analysis', () => {
    const calls = randomCalls(300, 11);
    const lines = [
      `import type { FullAnalyze } from '${root}/types/analyze.js';`,
      `import type { FastAnalyze } from '${root}/types/fast.js';`,
      ...calls.flatMap(([subscripts, shapes], i) => [
        `export type Fast${i} = FastAnalyze<${JSON.stringify(subscripts)}, [${shapes.join(', ')}]>;`,
        `export type Full${i} = FullAnalyze<${JSON.stringify(subscripts)}, [${shapes.join(', ')}]>;`,
      ]),
    ];
    const file = join(dir, 'agree.ts');
    writeFileSync(file, lines.join('\n'));
    const program = ts.createProgram([file], options, host);
    const checker = program.getTypeChecker();
    const text = new Map<string, string>();
    for (const statement of program.getSourceFile(file)!.statements) {
      if (!ts.isTypeAliasDeclaration(statement)) continue;
      const type = checker.getTypeAtLocation(statement.name);
      text.set(statement.name.text, checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias));
    }
    const answered = calls.flatMap((call, i) => (text.get(`Fast${i}`) === 'Bail' ? [] : [{ call, fast: text.get(`Fast${i}`), full: text.get(`Full${i}`) }]));
    expect(answered.filter(({ fast, full }) => fast !== full)).toEqual([]);
    expect(answered.length).toBeGreaterThan(60); // the corpus does reach the fast path
  }, 30_000);
});

/** Seeded calls, valid and not: sizes of 1, 2, 3 and number, '...', spaces, repeats, bad characters, rank and count errors. */
function randomCalls(count: number, seed: number): [string, string[]][] {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const pool = 'abcdeABCij'.split('');
  return Array.from({ length: count }, (): [string, string[]] => {
    const size = Object.fromEntries(pool.map((label) => [label, pick(['1', '2', '3', '2', 'number'])]));
    const terms: string[] = [];
    const shapes: string[] = [];
    for (let operand = int(1, 4); operand > 0; operand--) {
      let term = Array.from({ length: int(0, 4) }, () => pick(pool)).join('');
      const dims = [...term].map((label) => (next() < 0.15 ? pick(['1', '2', '3', 'number']) : size[label]));
      if (next() < 0.1) dims.push('2');
      if (next() < 0.1) {
        term = `...${term}`;
        dims.unshift(pick(['1', '2', '3']));
      }
      terms.push(next() < 0.05 ? term + pick(['#', ' ', '.', '-']) : term);
      shapes.push(next() < 0.07 ? 'readonly number[]' : `readonly [${dims.join(', ')}]`);
    }
    if (next() < 0.1) shapes.push('readonly [2]');
    let subscripts = terms.join(pick([',', ',', ' , ']));
    if (next() < 0.6) {
      let output = [...new Set(terms.join('').replace(/[^a-zA-Z]/g, ''))].filter(() => next() < 0.5).join('');
      if (next() < 0.1) output += pick(['x', 'a', '.', ',', '->i']);
      subscripts += `->${output}`;
    }
    return [subscripts, shapes];
  });
}
