/**
 * The type tests, run by `npm test`: tsd (TypeScript 5.9) checks every file in type-tests/ with
 * exact type identity and expectError; TypeScript 7's native tsc checks the positive files, and
 * must report an error on exactly the expectError lines of the negative file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tsdModule from 'tsd';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bind } from '../src/bind.js';
import { parse } from '../src/parse.js';
import { contiguousStrides } from '../src/tensor.js';

const root = resolve(import.meta.dirname, '..');
const typeTests = join(root, 'type-tests');
const ts7 = join(root, 'node_modules/ts7/bin/tsc');

interface TsdDiagnostic {
  fileName: string;
  line?: number;
  column?: number;
  message: string;
}
type RunTsd = (options: { cwd: string; typingsFile?: string; testFiles?: readonly string[] }) => Promise<TsdDiagnostic[]>;
// tsd is CommonJS: imported from ESM, its default export may arrive wrapped once more.
const tsdExports = tsdModule as unknown as RunTsd | { default: RunTsd };
const tsd: RunTsd = typeof tsdExports === 'function' ? tsdExports : tsdExports.default;

/** Runs ts7 and returns its errors, but those inside src/ (the runtime's own typecheck covers them). */
function ts7Errors(project: string): string[] {
  let output = '';
  try {
    execFileSync(process.execPath, [ts7, '--noEmit', '-p', project], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  return output.split('\n').filter((line) => / error TS\d+/.test(line) && !line.startsWith('src/'));
}

describe('type tests', () => {
  it("report each refusal in the signature's own words with TypeScript 5.9 too, never as \"No overload matches this call\"", () => {
    const file = join(typeTests, 'errors.test-d.ts');
    const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [], lib: ['lib.es2022.d.ts'] });
    const messages = program.getSemanticDiagnostics(program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(messages.length).toBeGreaterThan(50);
    expect(messages.filter((message) => message.includes('No overload matches'))).toEqual([]);
    expect(messages.filter((message) => message.includes('EinsumTypeError<')).length).toBeGreaterThan(30);
  }, 60_000);

  it('pass tsd (exact types, expected errors)', async () => {
    const diagnostics = await tsd({ cwd: typeTests, typingsFile: '../types/index.ts', testFiles: ['*.test-d.ts'] });
    // Errors inside src/ are the runtime's own typecheck's business (npm run typecheck), as for ts7 below.
    const report = diagnostics.filter((d) => !d.fileName.startsWith(join(root, 'src'))).map((d) => `${d.fileName}:${d.line}:${d.column} ${d.message}`);
    expect(report).toEqual([]);
  }, 90_000);

  it('compile with TypeScript 7 (positive files)', () => {
    expect(ts7Errors(join(typeTests, 'tsconfig.json'))).toEqual([]);
  }, 60_000);

  it('fail with TypeScript 7 on exactly the expectError lines', () => {
    const file = join(typeTests, 'errors.test-d.ts');
    const expected = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.startsWith('expectError(') ? [i + 1] : []));
    const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-ts7-'));
    const project = join(dir, 'tsconfig.json');
    const config = {
      extends: join(typeTests, 'tsconfig.json'),
      compilerOptions: { typeRoots: [join(root, 'node_modules/@types')] }, // "types": ["node"] from a temp dir
      include: [file],
      exclude: [],
    };
    writeFileSync(project, JSON.stringify(config));
    const lines = ts7Errors(project);
    // One signature's own words, never tsc's overload summary (einsum has a string and a sublist signature).
    expect(lines.filter((line) => line.includes('No overload matches'))).toEqual([]);
    const errors = lines.map((line) => /\((\d+),(\d+)\)/.exec(line)?.slice(1).map(Number) ?? [NaN, NaN]);
    expect([...new Set(errors.map(([line]) => line))]).toEqual(expected);
    // The error stands at the argument that is wrong, not somewhere else in the call.
    const source = readFileSync(file, 'utf8').split('\n');
    source.forEach((text, i) => {
      const at = text.startsWith('expectError(') ? /\/\/ at: (.*)$/.exec(text)?.[1] : undefined;
      if (at === undefined) return;
      expect(errors.filter(([line]) => line === i + 1).map(([, column]) => column), `line ${i + 1}`).toEqual([text.indexOf(at) + 1]);
    });
  }, 60_000);
});

/** Refused calls: subscripts and operand shapes. The runtime and the types must say the same words. */
const refusals: [string, number[][]][] = [
  ['ij,#k', [[2, 3], [3, 4]]],
  ['ab , c d -> a#', [[1, 1], [1, 1]]],
  ['ij.,jk', [[2, 3], [3, 4]]],
  ['..ij', [[2, 3]]],
  ['i.j', [[2, 3]]],
  ['a->.', [[2]]],
  ['a...b...->c', [[2, 2]]],
  ['...->......', [[2]]],
  ['i->j->k,l', [[2]]],
  ['i->j,k->l', [[2]]],
  ['ij,jk-ik', [[2, 3], [3, 4]]],
  ['ij,jk>ik', [[2, 3], [3, 4]]],
  ['ij,jk->ii', [[2, 3], [3, 4]]],
  ['ab->ba...x', [[2, 3]]],
  ['ij,jk', [[2, 3]]],
  ['ij', [[2, 3], [3, 4]]],
  ['ij,jkl', [[2, 3], [3, 4]]],
  ['...ijk,jk', [[2, 3], [3, 4]]],
  ['ij,jk->ik', [[2, 3], [4, 5]]],
  ['ij,jk,jl', [[2, 1], [3, 5], [4, 5]]],
  ['ii->i', [[3, 4]]],
  ['iij,ij', [[1, 3, 2], [3, 2]]],
  ['...ij,...jk', [[5, 2, 3], [4, 3, 4]]],
  ['...,...', [[5, 2], [3, 4]]],
  ['ii,jkl', [[3, 4], [2, 2]]], // every rank is checked before any size
  ['ij,jk,k', [[2, 3], [4, 5], [5, 6]]],
];

describe('one message source', () => {
  it('the types refuse each call with the runtime message (caret line aside)', () => {
    const runtime = refusals.map(([subscripts, shapes]) => {
      try {
        bind(parse(subscripts), shapes.map((shape) => ({ shape, strides: contiguousStrides(shape) })));
        return 'accepted';
      } catch (error) {
        return (error as Error).message.split('\n')[0];
      }
    });
    const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-messages-'));
    const file = join(dir, 'messages.ts');
    const lines = refusals.map(([subscripts, shapes], i) => {
      const tuple = shapes.map((shape) => `readonly [${shape.join(', ')}]`).join(', ');
      return `export type M${i} = ContractPathCheck<${JSON.stringify(subscripts)}, [${tuple}]>;`;
    });
    writeFileSync(file, [`import type { ContractPathCheck } from '${join(root, 'types/index.js')}';`, ...lines].join('\n'));
    const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const types = program
      .getSourceFile(file)!
      .statements.filter(ts.isTypeAliasDeclaration)
      .map((alias) => {
        const text = checker.typeToString(checker.getTypeAtLocation(alias.name), undefined, ts.TypeFormatFlags.NoTruncation);
        const message = /^EinsumTypeError<"(.*)">$/.exec(text)?.[1];
        return message === undefined ? text : JSON.parse(`"${message}"`);
      });
    expect(types).toEqual(runtime);
    expect(runtime).not.toContain('accepted');
  }, 60_000);
});
