/**
 * numpy's sublist format at run time: every golden case that can be written both ways gives the
 * same values (and every refusal the same code) as the string form; the label numbering is
 * numpy's; contractPath and compile take it; bad lists are refused by code and words.
 */
import { describe, expect, it } from 'vitest';
import { compile, contractPath, einsum, ones, random, tensor } from '../src/index.js';
import { ELLIPSIS, parseTokens, scan } from '../src/parse.js';
import type { SublistLabel } from '../src/sublist.js';
import { compareResult, goldenCases, goldenOperands } from './corpus.js';
import { refusal } from './refusal.js';

// The public signatures type the form too (type-tests/sublist.test-d.ts); these casts let the tests
// pass what the types refuse, to check the run-time refusals.
const untyped = einsum as (...args: unknown[]) => ReturnType<typeof einsum>;
const untypedPath = contractPath as (...args: unknown[]) => ReturnType<typeof contractPath>;
const untypedCompile = compile as (...args: unknown[]) => (...operands: unknown[]) => ReturnType<typeof einsum>;

/** The subscripts as sublist arguments (operand, list, ..., output list?), or undefined when they don't parse. */
function sublistArgs(subscripts: string, operands: readonly unknown[]): unknown[] | undefined {
  let parsed;
  try {
    parsed = parseTokens(subscripts, scan(subscripts)); // syntax only: OUTPUT errors are the sublist's to find too
  } catch {
    return undefined;
  }
  const list = (labels: readonly number[]): SublistLabel[] => labels.map((l) => (l === ELLIPSIS ? '...' : l));
  if (parsed.inputs.length !== operands.length) return undefined; // no sublist spelling for a count mismatch
  const args = parsed.inputs.flatMap((term, k) => [operands[k], list(term.labels)]);
  return parsed.output ? [...args, list(parsed.output.labels)] : args;
}


describe('the golden corpus in sublist form', () => {
  const cases = goldenCases();

  it('gives numpy values on every computed case that can be written both ways', () => {
    let checked = 0;
    const failures = cases.flatMap((c) => {
      if (!c.expected) return [];
      const args = sublistArgs(c.subscripts, goldenOperands(c));
      if (!args) return [];
      checked++;
      const problem = compareResult(untyped(...args), c.expected);
      return problem ? [`${c.name} '${c.subscripts}': ${problem}`] : [];
    });
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("refuses what the string form refuses, with the string form's code", () => {
    let checked = 0;
    for (const c of cases) {
      if (!c.error) continue;
      const operands = goldenOperands(c);
      const args = sublistArgs(c.subscripts, operands);
      if (!args) continue; // a syntax error of the string has no sublist spelling
      checked++;
      expect(refusal(() => untyped(...args)).code, c.name).toBe(refusal(() => untyped(c.subscripts, ...operands)).code);
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('numbering and form', () => {
  const a = random([2, 3], { seed: 1 });
  const b = random([3, 4], { seed: 2 });

  it("numbers labels as numpy does: 0-25 are 'A'-'Z', 26-51 'a'-'z', so implicit mode sorts by number", () => {
    expect(compareResult(untyped(a, [0, 1], b, [1, 2], [0, 2]), einsum('ij,jk->ik', a, b))).toBeUndefined();
    // numpy 2.4: np.einsum(a, [30, 1], b, [1, 2]).shape == (4, 2), since 2 ('C') sorts before 30 ('e').
    expect(untyped(a, [30, 1], b, [1, 2]).shape).toEqual([4, 2]);
    expect(untyped(a, [0, 51], b, [51, 26]).shape).toEqual([2, 4]);
  });

  it("takes '...' for the ellipsis, scalars, options and out", () => {
    const x = random([2, 3, 4], { seed: 3 });
    expect(compareResult(untyped(x, ['...', 0], [0]), einsum('...i->i', x))).toBeUndefined();
    expect(compareResult(untyped(x, [0, '...']), einsum('i...', x))).toBeUndefined();
    expect(untyped(tensor(3), [], tensor(4), []).toArray()).toBe(12);
    const out = ones([2, 4]);
    expect(untyped(a, [0, 1], b, [1, 2], [0, 2], { out, optimize: 'dp' })).toBe(out);
    expect(compareResult(out, einsum('ij,jk->ik', a, b))).toBeUndefined();
    expect(untyped([[1, 2], [3, 4]], [0, 0]).toArray()).toBe(5); // nested arrays are operands too
  });

  it('works in contractPath and compile', () => {
    const info = untypedPath([2, 3], [0, 1], [3, 4], [1, 2], [4, 5], [2, 3], [0, 3], { optimize: 'greedy' });
    expect(info.subscripts).toBe('AB,BC,CD->AD');
    expect(info.path).toEqual(contractPath('ab,bc,cd->ad', [2, 3], [3, 4], [4, 5], { optimize: 'greedy' }).path);
    const matmul = untypedCompile([2, 3], [0, 1], [3, 4], [1, 2], [0, 2]);
    expect(compareResult(matmul(a, b), einsum('ij,jk->ik', a, b))).toBeUndefined();
  });
});

describe('refusals', () => {
  const a = ones([2, 3]);
  const b = ones([3, 4]);
  it.each([
    ['a label number of 52', () => untyped(a, [0, 52], b, [52, 2]), 'SYNTAX', ['label 52', 'the list of operand 0', '[0, 52], [52, 2]', '0 to 51']],
    ['a negative label', () => untyped(a, [0, 1], b, [1, -1]), 'SYNTAX', ['label -1', 'operand 1']],
    ['a fraction', () => untyped(a, [0, 1.5], b, [1, 2]), 'SYNTAX', ['label 1.5']],
    ['a label out of range in the output', () => untyped(a, [0, 1], b, [1, 2], [0, 99]), 'SYNTAX', ['label 99', 'the output list']],
    ["'...' twice", () => untyped(a, ['...', 0, '...']), 'SYNTAX', ["'...' more than once", 'operand 0']],
    ['a list that is no array', () => untyped(a, [0, 1], b, 'jk'), 'ARGUMENT', ['the list of operand 1', "got 'jk'"]],
    ['an output label twice', () => untyped(a, [0, 1], b, [1, 2], [0, 0]), 'OUTPUT', ["output label 'A' appears more than once"]],
    ['an output label no input has', () => untyped(a, [0, 1], b, [1, 2], [7]), 'OUTPUT', ["output label 'H'"]],
    ['a rank that does not fit', () => untyped(a, [0, 1, 2], b, [1, 2]), 'RANK', ['operand 0', 'rank 3', '[2, 3]']],
    ['a size clash', () => untyped(a, [0, 1], b, [0, 2]), 'SIZE', ["label 'A' is 2 in operand 0 but 3 in operand 1"]],
    ['a bad option', () => untyped(a, [0, 1], { optimize: 'best' }), 'ARGUMENT', ["got 'best'"]],
    ['a bad label in contractPath', () => untypedPath([2, 3], [0, 60]), 'SYNTAX', ['label 60']],
    ['a bad label in compile', () => untypedCompile([2, 3], ['i', 'j']), 'SYNTAX', ["label 'i'"]],
  ] as const)('%s', (_name, call, code, words) => {
    const e = refusal(call);
    expect(e.code).toBe(code);
    for (const w of words) expect(e.message).toContain(w);
  });

  it("says exactly what the types say (type-tests/sublist.test-d.ts spells the same sentences)", () => {
    const range = "is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'";
    expect(refusal(() => untyped(a, [0, 1], b, [1, 52])).message).toBe(`label 52 in the list of operand 1 of [0, 1], [1, 52] ${range}`);
    expect(refusal(() => untyped(a, [0, 1], b, [1, 2], [-1])).message).toBe(`label -1 in the output list of [0, 1], [1, 2], [-1] ${range}`);
    expect(refusal(() => untyped(a, [0, 1.5])).message).toBe(`label 1.5 in the list of operand 0 of [0, 1.5] ${range}`);
    expect(refusal(() => untyped(a, ['...', 0, '...'])).message).toBe("the list of operand 0 of ['...', 0, '...'] holds '...' more than once; a term may hold it once");
  });

  it('still says how to enable the type-argument form when the second argument is a tensor', () => {
    expect(refusal(() => untyped(a, b)).message).toContain('codegen');
  });
});
