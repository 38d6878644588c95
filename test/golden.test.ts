/**
 * numpy's answers (test/golden/cases.json, from scripts/golden.py) through the engine: the same
 * shape and values for every case numpy computes (or SPEC extends), the matching EinsumError code
 * for every case it refuses. The reference einsum is held to the same cases, so the differential
 * tests in random.test.ts stand on a checked reference.
 */
import { describe, expect, it } from 'vitest';
import { einsum, EinsumError, tensor } from '../src/index.js';
import { compareResult, goldenCases, goldenOperands } from './corpus.js';
import { referenceEinsum } from './reference.js';

const cases = goldenCases();
const computed = cases.filter((c) => c.expected);
const refused = cases.filter((c) => c.error);

describe('golden corpus', () => {
  it('is big enough and covers what SPEC §3 lists', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    expect(cases.some((c) => c.extension)).toBe(true);
    for (const code of ['SYNTAX', 'OPERAND_COUNT', 'RANK', 'SIZE', 'OUTPUT']) expect(refused.some((c) => c.code === code)).toBe(true);
  });
});

describe('engine against numpy', () => {
  it.each(computed.map((c) => [c.name, c.subscripts, c] as const))('%s: %j', (_name, subscripts, c) => {
    const operands = goldenOperands(c);
    const result = einsum(subscripts, ...operands);
    const expected = c.expected!;
    expect(result.dtype).toBe(expected.dtype);
    expect(result.offset).toBe(0);
    expect(result.data.length).toBe(result.size);
    expect(compareResult(result, expected)).toBeUndefined();
  });

  it.each(refused.map((c) => [c.name, c.subscripts, c] as const))('%s: %j is refused', (_name, subscripts, c) => {
    let thrown: unknown;
    try {
      einsum(subscripts, ...goldenOperands(c));
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `numpy: ${c.error}`).toBeInstanceOf(EinsumError);
    expect((thrown as EinsumError).code).toBe(c.code);
  });
});

describe('reference against numpy', () => {
  it('matches every computed golden case', () => {
    const failures = computed.flatMap((c) => {
      const got = referenceEinsum(c.subscripts, c.inputs.map((data, k) => ({ shape: c.shapes[k], data })));
      const diff = compareResult(got, c.expected!);
      return diff ? [`${c.name} ${c.subscripts}: ${diff}`] : [];
    });
    expect(failures).toEqual([]);
  });
});

describe('the attention seed example', () => {
  const q = tensor([1.0, 0.5, 0.2, 1.5, 0.9, 0.4, 1.2, 0.5, 0.3, 0.7, 0.6, 0.8, 0.2, 0.6, 0.8, 0.7], [1, 2, 2, 4]);
  const k = tensor(
    [0.1, 1.0, 0.3, 0.5, 0.1, 0.5, 0.2, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.4, 0.7, 0.9, 0.8, 1.0, 0.9, 0.5, 0.6, 0.8, 1.0, 0.2],
    [1, 3, 2, 4],
  );
  it("einsum('nqhd,nkhd->nhqk') gives the energies numpy gives", () => {
    const energy = einsum('nqhd,nkhd->nhqk', q, k);
    expect(energy.shape).toEqual([1, 2, 2, 3]);
    const row = (h: number, i: number): number[] => [0, 1, 2].map((j) => energy.get(0, h, i, j));
    row(0, 0).forEach((v, j) => expect(v).toBeCloseTo([1.41, 1.57, 2.23][j], 12));
    row(0, 1).forEach((v, j) => expect(v).toBeCloseTo([1.31, 1.26, 1.88][j], 12));
  });
});
