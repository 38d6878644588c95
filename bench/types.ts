/**
 * What the typed layer costs the compiler: `npx tsx bench/types.ts`.
 * Writes 300 varied einsum calls (bench/types-corpus.ts) twice into a temp dir, once against the
 * typed signature (types/einsum.ts) and once against an untyped `(s: string, ...ops) => Tensor`,
 * type-checks each with `tsc --extendedDiagnostics` and prints check time and instantiations side
 * by side. Then the cost of single calls: each call's instantiations in one program (later calls
 * reuse what earlier ones cached), and the heaviest ones again alone in a fresh program.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { typeCorpus, type CorpusCall } from './types-corpus.js';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-types-'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const compilerOptions = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022'],
  types: [],
  skipLibCheck: true,
  noEmit: true,
};

const header = {
  typed: [
    `import type { EinsumSignature } from '${root}/types/einsum.js';`,
    `import { zeros } from '${root}/src/create.js';`,
    'declare const einsum: EinsumSignature;',
  ],
  // The same modules in both programs: the comparison is about the calls, not about checking the
  // bodies of src/ and types/ once (a user gets those as .d.ts files, under skipLibCheck).
  untyped: [
    `import type { EinsumSignature as _Unused } from '${root}/types/einsum.js';`,
    `import { zeros } from '${root}/src/create.js';`,
    `import type { Tensor } from '${root}/src/tensor.js';`,
    'declare const einsum: (s: string, ...ops: (Tensor | number | readonly unknown[] | object)[]) => Tensor;',
  ],
};

function writeProgram(name: string, kind: keyof typeof header, calls: readonly CorpusCall[]): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, [...header[kind], ...calls.map((c) => `export const r${calls.indexOf(c)} = ${c.text}`), 'export {};', ''].join('\n'));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ compilerOptions, files: [file] }));
  return join(dir, `${name}.json`);
}

interface Stats {
  check: number;
  total: number;
  instantiations: number;
  types: number;
  errors: string;
}

function extendedDiagnostics(project: string): Stats {
  let out: string;
  try {
    out = execFileSync(process.execPath, [tsc, '-p', project, '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout);
  }
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out)?.[1] ?? NaN);
  return {
    check: read('Check time'),
    total: read('Total time'),
    instantiations: read('Instantiations'),
    types: read('Types'),
    errors: out.split('\n').filter((l) => l.includes('error TS')).slice(0, 3).join('\n'),
  };
}

/** Median of five runs of each program, interleaved so that a busy moment of the (shared) machine hits all alike. */
function measureAll(projects: readonly string[]): Stats[] {
  const runs = projects.map(() => [] as Stats[]);
  for (let round = 0; round < 5; round++) projects.forEach((project, i) => runs[i].push(extendedDiagnostics(project)));
  return runs.map((r) => r.sort((a, b) => a.check - b.check)[2]);
}

const corpus = typeCorpus(300);
const [typed, untyped, typedEmpty, untypedEmpty] = measureAll([
  writeProgram('typed', 'typed', corpus),
  writeProgram('untyped', 'untyped', corpus),
  writeProgram('typed-empty', 'typed', []),
  writeProgram('untyped-empty', 'untyped', []),
]);
for (const [name, s] of [['typed', typed], ['untyped', untyped]] as const) {
  if (s.errors) throw new Error(`${name} corpus does not type-check:\n${s.errors}`);
}
const row = (name: string, s: Stats) =>
  `${name.padEnd(14)} check ${s.check.toFixed(2).padStart(6)} s   total ${s.total.toFixed(2).padStart(6)} s   instantiations ${String(s.instantiations).padStart(9)}   types ${String(s.types).padStart(8)}`;
console.log(`${corpus.length} einsum calls, tsc ${ts.version} --extendedDiagnostics (median of 5, interleaved)`);
console.log(row('typed', typed));
console.log(row('untyped', untyped));
console.log(row('typed, 0 calls', typedEmpty));
console.log(row('untyped, 0 calls', untypedEmpty));
console.log(`ratio          check ${(typed.check / untyped.check).toFixed(2)}x   total ${(typed.total / untyped.total).toFixed(2)}x   +${typed.instantiations - untyped.instantiations} instantiations (${((typed.instantiations - untyped.instantiations) / corpus.length).toFixed(0)} per call)`);
const perCallMs = (a: Stats, b: Stats) => (((a.check - b.check) * 1000) / corpus.length).toFixed(2);
console.log(`check time per call: typed ${perCallMs(typed, typedEmpty)} ms, untyped ${perCallMs(untyped, untypedEmpty)} ms; the type layer's fixed cost ${(typedEmpty.check - untypedEmpty.check).toFixed(2)} s`);

// Per call, in one program, in source order.
const program = ts.createProgram([join(dir, 'typed.ts')], { ...ts.convertCompilerOptionsFromJson(compilerOptions, dir).options });
const checker = program.getTypeChecker();
const source = program.getSourceFile(join(dir, 'typed.ts'))!;
const perCall: { call: CorpusCall; instantiations: number }[] = [];
source.forEachChild((node) => {
  const declaration = ts.isVariableStatement(node) ? node.declarationList.declarations[0] : undefined;
  const index = declaration && /^r(\d+)$/.exec(declaration.name.getText())?.[1];
  if (!declaration?.initializer || index === undefined) return;
  const before = program.getInstantiationCount();
  checker.getTypeAtLocation(declaration.initializer);
  perCall.push({ call: corpus[Number(index)], instantiations: program.getInstantiationCount() - before });
});
perCall.sort((a, b) => b.instantiations - a.instantiations);
console.log(`\nper call in one program: max ${perCall[0].instantiations}, median ${perCall[perCall.length >> 1].instantiations}`);

// The heaviest calls (and the 52-label one) alone: instantiations over an empty program.
const empty = typedEmpty;
for (const p of perCall.slice(0, 6)) console.log(`  ${String(p.instantiations).padStart(6)}  ${p.call.kind.padEnd(9)} ${p.call.text.slice(0, 90)}`);
const alone = [...perCall.slice(0, 4).map((p) => p.call), corpus.find((c) => c.kind === 'labels52')!];
console.log('single-call programs (instantiations above an empty program):');
for (const call of [...new Set(alone)]) {
  const s = extendedDiagnostics(writeProgram('single', 'typed', [call]));
  console.log(`  ${String(s.instantiations - empty.instantiations).padStart(6)}  ${call.kind.padEnd(9)} ${call.text.slice(0, 90)}`);
}
