/**
 * The pullback's type-level refusal of a wrong cotangent says what the runtime says: the same
 * sentence from types/vjp.ts (CotangentShape) and src/grad/messages.ts, compared word for word.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { einsumVjp, EinsumError, zeros } from '../src/index.js';

const root = resolve(import.meta.dirname, '..');
const cases: [string, number[][], number[]][] = [
  ['ij,jk->ik', [[2, 3], [3, 4]], [2, 5]],
  ['ij,jk->ik', [[2, 3], [3, 4]], [4]],
  ['ii->', [[3, 3]], [1]],
  ['...ij,...jk', [[5, 1, 2, 3], [7, 3, 4]], [5, 7, 4, 2]],
];

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
    const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-vjp-'));
    const file = join(dir, 'cotangent.ts');
    const lines = cases.map(([subscripts, shapes, cotangent]) => {
      const operands = shapes.map((s) => `zeros([${s.join(', ')}])`).join(', ');
      return `einsumVjp(${JSON.stringify(subscripts)}, ${operands})[1](zeros([${cotangent.join(', ')}]));`;
    });
    writeFileSync(file, [`import { einsumVjp, zeros } from '${join(root, 'src/index.js')}';`, ...lines].join('\n'));
    const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [], skipLibCheck: true });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        const message = /EinsumTypeError<"(.*?)">/.exec(text)?.[1];
        return message === undefined ? text : JSON.parse(`"${message}"`);
      });
    expect(messages).toEqual(runtime);
    expect(runtime).not.toContain('accepted');
  }, 60_000);
});
