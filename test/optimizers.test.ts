/**
 * One corpus, every execution path (STYLE habit 3): the random equations and numpy's golden cases
 * run through every path strategy — left to right, greedy, dp/optimal, auto, auto-hq, random-greedy and random explicit
 * paths — and agree with the naive reference. A second group makes pairwise products big enough
 * to take the packed, register-tiled GEMM route, with labels permuted and operands strided, so
 * every kernel class the engine can choose is checked against the same reference.
 */
import { describe, expect, it } from 'vitest';
import { einsum, type PathStrategy, type Tensor } from '../src/index.js';
import { compareResult, goldenCases, goldenOperands, makeOperands, randomEquations, rng, stridedView, type Equation } from './corpus.js';
import { referenceEinsum } from './reference.js';

const EQUATIONS = randomEquations(77, 200);

/** A random valid pairwise path for n operands: two positions per step until one operand is left. */
function randomPath(n: number, seed: number): number[][] {
  const next = rng(seed);
  const path: number[][] = [];
  for (let left = n; left > 1; left--) {
    const i = Math.floor(next() * left);
    let j = Math.floor(next() * (left - 1));
    if (j >= i) j++;
    path.push([Math.min(i, j), Math.max(i, j)]);
  }
  return path;
}

function check(eq: Equation, operands: Tensor[], optimize: PathStrategy): string | undefined {
  try {
    const got = einsum(eq.subscripts, ...operands, { optimize });
    return compareResult(got, referenceEinsum(eq.subscripts, operands));
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

describe('every path strategy agrees with the reference', () => {
  const strategies: [string, (eq: Equation, n: number) => PathStrategy][] = [
    ['left to right', () => false],
    ['greedy', () => 'greedy'],
    ['optimal', () => 'optimal'],
    ['dp', () => 'dp'],
    ['auto', () => 'auto'],
    ['auto-hq', () => 'auto-hq'],
    ['random-greedy, seeded', (_eq, n) => ({ strategy: 'random-greedy', trials: 4, seed: n })],
    ['random explicit paths', (eq, n) => randomPath(eq.shapes.length, n)],
  ];
  for (const [name, strategy] of strategies) {
    it(name, () => {
      const problems = EQUATIONS.flatMap((eq, n) => {
        const problem = check(eq, makeOperands(eq.shapes, n), strategy(eq, n));
        return problem ? [`'${eq.subscripts}' ${JSON.stringify(eq.shapes)}: ${problem}`] : [];
      });
      expect(problems).toEqual([]);
    });
  }

  it('numpy golden cases under greedy and optimal', () => {
    const problems: string[] = [];
    for (const c of goldenCases()) {
      if (!c.expected) continue;
      for (const optimize of ['greedy', 'optimal'] as const) {
        const got = einsum(c.subscripts, ...goldenOperands(c), { optimize });
        const problem = compareResult(got, c.expected);
        if (problem) problems.push(`${c.name} (${optimize}): ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('pairwise products large enough for the packed GEMM kernel', () => {
  const next = rng(4242);
  const size = () => [1, 5, 17, 33, 40][Math.floor(next() * 5)];
  const shuffle = (s: string) => s.split('').sort(() => next() - 0.5).join('');
  const cases: Equation[] = [];
  while (cases.length < 40) {
    // b: batch, m: rows, n: columns, k: summed; each term's letters in a random order.
    const sizes: Record<string, number> = { b: [1, 2, 3][Math.floor(next() * 3)], m: size(), n: size(), k: size() };
    const a = shuffle(next() < 0.7 ? 'bmk' : 'mk');
    const b = shuffle(next() < 0.7 ? 'bkn' : 'kn');
    const out = shuffle([...new Set((a + b).replace(/k/g, ''))].join(''));
    const work = [...new Set(a + b)].reduce((p, l) => p * sizes[l], 1);
    if (work < 5000 || work > 400_000) continue;
    cases.push({ subscripts: `${a},${b}->${out}`, shapes: [a, b].map((t) => t.split('').map((l) => sizes[l])) });
  }

  it('contiguous and strided operands, float64 and float32', () => {
    const problems: string[] = [];
    cases.forEach((eq, n) => {
      for (const dtype of ['float64', 'float32'] as const) {
        const operands = makeOperands(eq.shapes, n, dtype);
        const views = operands.map((t, i) => stridedView(t, n * 10 + i));
        const want = referenceEinsum(eq.subscripts, operands);
        for (const [kind, ops] of [['contiguous', operands], ['strided', views]] as const) {
          const problem = compareResult(einsum(eq.subscripts, ...ops), want);
          if (problem) problems.push(`'${eq.subscripts}' ${JSON.stringify(eq.shapes)} ${dtype} ${kind}: ${problem}`);
        }
      }
    });
    expect(problems).toEqual([]);
  });
});

describe('batch labels that do not nest into one stride (the gemmBatched route)', () => {
  const equations: Equation[] = [
    { subscripts: 'nqhd,nkhd->nhqk', shapes: [[2, 9, 3, 8], [2, 7, 3, 8]] },
    { subscripts: 'nqhd,nkhd->nhqk', shapes: [[1, 40, 2, 16], [1, 33, 2, 16]] },
    { subscripts: 'bxhy,bhyz->hbxz', shapes: [[3, 20, 2, 17], [3, 2, 17, 21]] },
    { subscripts: 'ahb,bhc,ha->hc', shapes: [[5, 4, 6], [6, 4, 7], [4, 5]] },
  ];
  it('agrees with the reference, contiguous and strided', () => {
    const problems: string[] = [];
    equations.forEach((eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const want = referenceEinsum(eq.subscripts, operands);
      for (const ops of [operands, operands.map((t, i) => stridedView(t, 100 + i))]) {
        const problem = compareResult(einsum(eq.subscripts, ...ops), want);
        if (problem) problems.push(`'${eq.subscripts}' ${JSON.stringify(eq.shapes)}: ${problem}`);
      }
    });
    expect(problems).toEqual([]);
  });
});
