/**
 * The type layer against the runtime, call for call (SPEC §5: "a type is never wrong"). Every
 * golden case and 1,200 seeded random equations — valid ones from the shared corpus and broken
 * copies of them (a size changed, a dimension added or dropped, an operand too many or too few, a
 * bad character, a wrong output label) — go through the runtime's parse + bind and through the
 * types' analysis (types/analyze.ts, what einsum, contractPath and compile check with). Both must
 * give the same verdict: the same result shape when accepted, the same words when refused.
 *
 * One generated file holds every case as a type alias and is checked once with the compiler API,
 * so the whole corpus costs one program (a few seconds), not one per case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bind } from '../src/bind.js';
import { parse } from '../src/parse.js';
import { contiguousStrides } from '../src/tensor.js';
import { goldenCases, randomEquations, rng, type Equation } from './corpus.js';

const root = resolve(import.meta.dirname, '..');

/** What the runtime says: the result shape as text, or the first line of its message. */
function runtimeVerdict({ subscripts, shapes }: Equation): string {
  try {
    const binding = bind(
      parse(subscripts),
      shapes.map((shape) => ({ shape, strides: contiguousStrides(shape) })),
    );
    return `readonly [${binding.output.map((label) => binding.sizes[label]).join(', ')}]`;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** What the types say, for every case at once. */
function typeVerdicts(cases: readonly Equation[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-differential-'));
  const file = join(dir, 'cases.ts');
  const lines = cases.map(({ subscripts, shapes }, i) => {
    const tuple = shapes.map((shape) => `readonly [${shape.join(', ')}]`).join(', ');
    return `export type C${i} = Analyze<${JSON.stringify(subscripts)}, [${tuple}]>;`;
  });
  writeFileSync(file, [`import type { Analyze } from '${join(root, 'types/analyze.js')}';`, ...lines].join('\n'));
  const program = ts.createProgram([file], {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias;
  return program
    .getSourceFile(file)!
    .statements.filter(ts.isTypeAliasDeclaration)
    .map((alias) => {
      const text = checker.typeToString(checker.getTypeAtLocation(alias.name), undefined, flags);
      const message = /^Failure<[^,]+, "(.*)">$/.exec(text)?.[1];
      return message === undefined ? text : (JSON.parse(`"${message}"`) as string);
    });
}

/** Broken copies of valid equations: each a different way to be wrong (or, by chance, still right). */
function mutate(eq: Equation, next: () => number): Equation {
  const shapes = eq.shapes.map((shape) => [...shape]);
  const k = Math.floor(next() * shapes.length);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  switch (pick(['size', 'size', 'size', 'add', 'drop', 'count', 'char', 'output'] as const)) {
    case 'size': {
      if (shapes[k].length === 0) return { subscripts: eq.subscripts, shapes: [...shapes.slice(0, k), [2], ...shapes.slice(k + 1)] };
      const axis = Math.floor(next() * shapes[k].length);
      shapes[k][axis] = pick([1, 2, 3, 4, 5].filter((s) => s !== shapes[k][axis]));
      return { subscripts: eq.subscripts, shapes };
    }
    case 'add':
      shapes[k].splice(Math.floor(next() * (shapes[k].length + 1)), 0, pick([1, 2, 3]));
      return { subscripts: eq.subscripts, shapes };
    case 'drop':
      shapes[k].splice(Math.floor(next() * shapes[k].length), 1);
      return { subscripts: eq.subscripts, shapes };
    case 'count':
      return { subscripts: eq.subscripts, shapes: next() < 0.5 ? shapes.slice(1) : [...shapes, [2]] };
    case 'char': {
      const at = Math.floor(next() * (eq.subscripts.length + 1));
      return { subscripts: eq.subscripts.slice(0, at) + pick(['#', '1', '.', '-', '>', ',', ' ', '...']) + eq.subscripts.slice(at), shapes };
    }
    case 'output':
      return { subscripts: eq.subscripts.includes('->') ? `${eq.subscripts}${pick(['z', 'a', 'A', '...'])}` : `${eq.subscripts}->${pick(['z', 'aa', 'a', '...'])}`, shapes };
  }
}

describe('the types and the runtime agree', () => {
  it('on every golden case and 1,200 seeded random equations, valid and broken', () => {
    const next = rng(20261130);
    const valid = randomEquations(41, 600);
    const cases: Equation[] = [
      ...goldenCases().map((c) => ({ subscripts: c.subscripts, shapes: c.shapes })),
      ...valid,
      ...valid.map((eq) => mutate(eq, next)),
      // Found by this test (type layer and runtime disagreed before): '...' met in axis order.
      { subscripts: 'a...,...a', shapes: [[3, 3], [2, 2]] },
      { subscripts: '...,...', shapes: [[3], [2, 2]] },
      { subscripts: '...a,a...', shapes: [[2, 3], [3, 4]] },
    ];
    const types = typeVerdicts(cases);
    const disagreements = cases.flatMap((c, i) => {
      const runtime = runtimeVerdict(c);
      return runtime === types[i] ? [] : [{ subscripts: c.subscripts, shapes: JSON.stringify(c.shapes), runtime, types: types[i] }];
    });
    expect(disagreements).toEqual([]);
    const refused = cases.filter((c) => !runtimeVerdict(c).startsWith('readonly [')).length;
    expect(refused).toBeGreaterThan(300); // the broken half does reach the refusals
    expect(cases.length - refused).toBeGreaterThan(900);
  }, 120_000);
});
