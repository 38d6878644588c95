/**
 * einsumVjp's type-level refusals say what the runtime says: a wrong cotangent (CotangentShape) and
 * a differentiated int32 operand (IntOperand), from types/vjp.ts and src/grad/messages.ts, compared
 * word for word.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { einsumVjp, EinsumError, tensor, zeros } from '../src/index.js';

const root = resolve(import.meta.dirname, '..');
const cases: [string, number[][], number[]][] = [
  ['ij,jk->ik', [[2, 3], [3, 4]], [2, 5]],
  ['ij,jk->ik', [[2, 3], [3, 4]], [4]],
  ['ii->', [[3, 3]], [1]],
  ['...ij,...jk', [[5, 1, 2, 3], [7, 3, 4]], [5, 7, 4, 2]],
];

describe('an int32 operand that is differentiated', () => {
  it('is refused by the types with the runtime words', () => {
    const calls = [
      "einsumVjp('ij,j->i', zeros([2, 3]), mask)",
      "einsumVjp('ij,j->i', zeros([2, 3]), mask, { wrt: [1, 0] })",
      "einsumVjp('i,i,ij->j', mask, zeros([3], { dtype: 'float32' }), zeros([3, 2]))",
      "einsumVjp('i,i->', mask, mask)",
    ];
    const mask = tensor(new Int32Array(3), [3]);
    const runtime = calls.map((call) => {
      try {
        new Function('einsumVjp', 'zeros', 'mask', `return ${call}`)(einsumVjp, zeros, mask);
        return 'accepted';
      } catch (e) {
        return e instanceof EinsumError ? e.message : String(e);
      }
    });
    expect(typeErrors(['const mask = tensor(new Int32Array(3), [3]);', ...calls.map((c) => `${c};`)])).toEqual(runtime);
    expect(runtime).not.toContain('accepted');
  }, 60_000);
});

describe('a wrong cotangent', () => {
  it('is refused by the types with the runtime words', () => {
    const runtime = cases.map(([subscripts, shapes, cotangent]) => {
      const [, pullback] = (einsumVjp as unknown as (s: string, ...o: unknown[]) => [unknown, (ct: unknown) => unknown])(subscripts, ...shapes.map((s) => zeros(s)));
      try {
        pullback(zeros(cotangent));
        return 'accepted';
      } catch (e) {
        return e instanceof EinsumError ? e.message : String(e);
      }
    });
    const lines = cases.map(([subscripts, shapes, cotangent]) => {
      const operands = shapes.map((s) => `zeros([${s.join(', ')}])`).join(', ');
      return `einsumVjp(${JSON.stringify(subscripts)}, ${operands})[1](zeros([${cotangent.join(', ')}]));`;
    });
    expect(typeErrors(lines)).toEqual(runtime);
    expect(runtime).not.toContain('accepted');
  }, 60_000);
});

/** Type-checks these lines (with the package's exports in scope) and returns each error's message. */
function typeErrors(lines: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-vjp-'));
  const file = join(dir, 'calls.ts');
  writeFileSync(file, [`import { einsumVjp, tensor, zeros } from '${join(root, 'src/index.js')}';`, ...lines].join('\n'));
  const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [], skipLibCheck: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const message = /EinsumTypeError<"(.*?)">/.exec(text)?.[1];
      return message === undefined ? text : JSON.parse(`"${message}"`);
    });
}
