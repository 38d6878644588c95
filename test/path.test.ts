import { describe, expect, it } from 'vitest';
import { bind } from '../src/bind.js';
import { contractPath } from '../src/contract-path.js';
import { EinsumError } from '../src/errors.js';
import { parse } from '../src/parse.js';
import { classifyStep, isMatrixProduct } from '../src/plan/classify.js';
import { flopCount } from '../src/path/cost.js';
import { findPath, replayPath, type PathStep, type PathStrategy } from '../src/path/index.js';
import { mulberry32, zeros } from '../src/create.js';
import { contiguousStrides } from '../src/tensor.js';
import { randomEquations } from './corpus.js';

interface Problem {
  inputs: number[][];
  output: number[];
  sizes: number[];
}

/** Label ids, sizes and output of an equation with the given shapes, as the engine sees them. */
function problem(subscripts: string, ...shapes: number[][]): Problem {
  const b = bind(parse(subscripts), shapes.map((shape) => ({ shape, strides: contiguousStrides(shape) })));
  return { inputs: b.operands.map((o) => [...o.labels]), output: [...b.output], sizes: [...b.sizes] };
}

const plan = (p: Problem, strategy: PathStrategy, limit?: number) => findPath(p.inputs, p.output, p.sizes, strategy, limit);

/** A seeded random contraction: n operands of 1-4 labels over `labels` letters, sizes 1-7. */
function randomProblem(seed: number, n: number, labelCount = 8): Problem {
  const rand = mulberry32(seed);
  const pick = (k: number) => Math.floor(rand() * k);
  const sizes = new Array<number>(52).fill(-1);
  const inputs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const labels = new Set<number>();
    const rank = 1 + pick(4);
    while (labels.size < rank) labels.add(26 + pick(labelCount));
    inputs.push([...labels]);
  }
  const used = [...new Set(inputs.flat())];
  for (const label of used) sizes[label] = rand() < 0.1 ? 1 : 2 + pick(6);
  const output = used.filter(() => rand() < 0.3);
  return { inputs, output, sizes };
}

/** The cheapest flops over every pairwise path that fits `limit` (brute force, for small n). */
function bruteForce(p: Problem, limit = Infinity): number {
  let best = Infinity;
  const walk = (path: PathStep[], left: number) => {
    if (left === 1) {
      const steps = replayPath(p.inputs, p.output, p.sizes, path);
      if (steps.slice(0, -1).every((s) => s.size <= limit)) best = Math.min(best, steps.reduce((f, s) => f + s.flops, 0));
      return;
    }
    for (let i = 0; i < left; i++) for (let j = i + 1; j < left; j++) walk([...path, [i, j]], left - 1);
  };
  walk([], p.inputs.length);
  return best;
}

function expectError(run: () => unknown, code: string, ...words: string[]): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EinsumError);
    expect((error as EinsumError).code).toBe(code);
    for (const word of words) expect((error as Error).message).toContain(word);
    return;
  }
  throw new Error(`expected EinsumError ${code}`);
}

describe('cost model', () => {
  it("counts flops like opt_einsum's flop_count", () => {
    const sizes = [2, 3, 5];
    expect(flopCount([0, 1, 2], false, 1, sizes)).toBe(30);
    expect(flopCount([0, 1, 2], true, 2, sizes)).toBe(60);
    expect(flopCount([0, 1, 2], true, 3, sizes)).toBe(90);
  });

  it('sums a label as soon as no later operand or the output needs it', () => {
    const p = problem('ij,jk,kl->il', [2, 3], [3, 4], [4, 5]);
    const { steps } = plan(p, false);
    expect(steps.map((s) => s.result)).toEqual([[34, 36], [34, 37]]); // ik, then il
    expect(steps[0].flops).toBe(2 * 3 * 4 * 2);
  });
});

describe('known optima (opt_einsum documentation)', () => {
  const c = [10, 10];
  const transform = problem('ea,fb,abcd,gc,hd->efgh', c, c, [10, 10, 10, 10], c, c);

  it("'ea,fb,abcd,gc,hd->efgh' costs 8e5 flops; greedy takes opt_einsum's path", () => {
    expect(plan(transform, 'optimal').flops).toBe(8e5);
    expect(plan(transform, 'greedy').path).toEqual([[0, 2], [0, 3], [0, 2], [0, 1]]);
    expect(plan(transform, 'greedy').flops).toBe(8e5);
    expect(plan(transform, false).flops).toBeGreaterThan(8e5);
  });

  it("'ij,jk,kl->il' picks the cheaper association for either set of sizes", () => {
    expect(plan(problem('ij,jk,kl->il', [2, 2], [2, 5], [5, 2]), 'optimal').path).toEqual([[1, 2], [0, 1]]);
    expect(plan(problem('ij,jk,kl->il', [2, 2], [2, 5], [5, 2]), 'optimal').flops).toBe(56);
    expect(plan(problem('ij,jk,kl->il', [100, 2], [2, 100], [100, 2]), 'optimal').path).toEqual([[1, 2], [0, 1]]);
    expect(plan(problem('ij,jk,kl->il', [2, 100], [100, 2], [2, 100]), 'optimal').path).toEqual([[0, 1], [0, 1]]);
    for (const strategy of ['greedy', 'auto'] as const) {
      expect(plan(problem('ij,jk,kl->il', [100, 2], [2, 100], [100, 2]), strategy).path).toEqual([[1, 2], [0, 1]]);
    }
  });

  it("'bi,ij,bj->b' never contracts bi with bj first", () => {
    const p = problem('bi,ij,bj->b', [100, 50], [50, 50], [100, 50]);
    for (const strategy of ['optimal', 'greedy', 'auto'] as const) {
      expect(plan(p, strategy).steps[0].operands).not.toEqual([0, 2]);
    }
  });
});

describe('optimizers on random contractions', () => {
  it('optimal is the brute-force minimum, never above greedy or left to right', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const n = 2 + (seed % 4);
      const p = randomProblem(seed, n);
      const optimal = plan(p, 'optimal').flops;
      expect(optimal).toBe(bruteForce(p));
      expect(optimal).toBeLessThanOrEqual(plan(p, 'greedy').flops);
      expect(optimal).toBeLessThanOrEqual(plan(p, false).flops);
      expect(plan(p, 'auto').flops).toBe(optimal);
    }
  });

  it('optimal never exceeds greedy for up to 8 operands, and every path ends in the output', () => {
    for (let seed = 100; seed < 140; seed++) {
      const p = randomProblem(seed, 6 + (seed % 3), 10);
      const greedy = plan(p, 'greedy');
      const optimal = plan(p, 'optimal');
      expect(optimal.flops).toBeLessThanOrEqual(greedy.flops);
      for (const result of [greedy, optimal, plan(p, false)]) {
        expect(result.steps).toHaveLength(p.inputs.length - 1);
        expect(result.steps.at(-1)!.result).toEqual([...p.output].sort((x, y) => x - y));
      }
    }
  });

  it('under a memory limit, optimal is the cheapest path that fits', () => {
    let constrained = 0;
    for (let seed = 200; seed < 260; seed++) {
      const p = randomProblem(seed, 3 + (seed % 3));
      const free = plan(p, 'optimal');
      const limit = Math.max(1, free.steps.slice(0, -1).reduce((m, s) => Math.max(m, s.size), 0) - 1);
      const best = bruteForce(p, limit);
      const outputSize = p.output.reduce((m, l) => m * p.sizes[l], 1);
      if (best === Infinity || outputSize > limit) {
        expect(() => plan(p, 'optimal', limit)).toThrow(EinsumError);
        continue;
      }
      constrained++;
      for (const strategy of ['optimal', 'greedy'] as const) {
        const result = plan(p, strategy, limit);
        expect(result.steps.slice(0, -1).every((s) => s.size <= limit)).toBe(true);
        if (strategy === 'optimal') expect(result.flops).toBe(best);
      }
    }
    expect(constrained).toBeGreaterThan(5);
  });

  it("plans the shared corpus's random equations with every strategy", () => {
    for (const { subscripts, shapes } of randomEquations(42, 300)) {
      const shapeList = shapes.map((s) => [...s]);
      const optimal = contractPath(subscripts, ...shapeList, { optimize: 'optimal' });
      const text = String(optimal);
      for (const step of optimal.steps) expect(text).toContain(step.subscripts);
      for (const strategy of ['greedy', 'auto', false] as const) {
        const other = contractPath(subscripts, ...shapeList, { optimize: strategy });
        expect(other.steps).toHaveLength(optimal.steps.length);
        expect(optimal.optimizedFlops).toBeLessThanOrEqual(other.optimizedFlops);
      }
    }
  });

  it('greedy handles many operands, and auto never does worse', () => {
    const p = randomProblem(7, 40, 26);
    const result = plan(p, 'greedy');
    expect(result.steps).toHaveLength(39);
    expect(plan(p, 'auto').flops).toBeLessThanOrEqual(result.flops);
  });

  it('one operand needs no steps', () => {
    expect(plan(problem('ij->j', [2, 3]), 'auto').steps).toEqual([]);
    expect(plan(problem('ij->j', [2, 3]), [[0]]).steps).toEqual([]);
  });
});

describe('explicit paths and options', () => {
  const p = problem('ij,jk,kl->il', [2, 3], [3, 4], [4, 5]);

  it('runs a valid path, and accepts opt_einsum steps of one or three operands', () => {
    expect(plan(p, [[1, 2], [0, 1]]).path).toEqual([[1, 2], [0, 1]]);
    expect(plan(p, [[0, 1, 2]]).path).toEqual([[0, 1], [0, 1]]);
    expect(plan(p, [[2], [0, 1], [0, 1]]).path).toEqual([[0, 1], [0, 1]]);
  });

  it('refuses malformed paths with ARGUMENT', () => {
    expectError(() => plan(p, 'dynamic' as PathStrategy), 'ARGUMENT', "'dynamic'", "'random-greedy'", "'dp'");
    expectError(() => plan(p, 3 as unknown as PathStrategy), 'ARGUMENT', 'optimize');
    expectError(() => plan(p, [[0, 3], [0, 1]]), 'ARGUMENT', 'step 1', '[0, 3]', '0 to 2');
    expectError(() => plan(p, [[0, 1], [0, 2]]), 'ARGUMENT', 'step 2', '0 to 1');
    expectError(() => plan(p, [[1, 1], [0, 1]]), 'ARGUMENT', 'step 1', 'distinct');
    expectError(() => plan(p, [[0, 1.5]]), 'ARGUMENT', 'step 1');
    expectError(() => plan(p, [[]]), 'ARGUMENT', 'step 1');
    expectError(() => plan(p, [[0, 1]]), 'ARGUMENT', 'leaves 2 operands');
    expectError(() => plan(p, 'auto', -5), 'ARGUMENT', 'memoryLimit');
    expectError(() => plan(randomProblem(3, 15, 20), 'optimal'), 'ARGUMENT', '15', 'greedy');
  });
});

describe('MEMORY', () => {
  const p = problem('ij,jk,kl->il', [100, 2], [2, 100], [100, 2]);

  it('refuses an explicit path whose intermediate exceeds memoryLimit, naming it', () => {
    // ij with kl first: the outer product ijkl has 40000 elements
    expectError(() => plan(p, [[0, 2], [0, 1]], 1000), 'MEMORY', "intermediate 'ijkl' of step 1", '40000 elements', 'memoryLimit is 1000');
  });

  it('refuses a result larger than memoryLimit or than a typed array', () => {
    expectError(() => plan(p, 'auto', 100), 'MEMORY', "result 'il'", '200 elements', 'memoryLimit is 100');
    const huge = problem('ij,jk->ik', [100000, 2], [2, 100000]);
    expectError(() => plan(huge, 'auto'), 'MEMORY', "result 'ik'", '1e10 elements', '2147483647');
  });

  it('refuses when no path fits, and steers around big intermediates when one does', () => {
    const chain = problem('ab,bc,cd->ad', [2, 50], [50, 50], [50, 2]);
    expectError(() => plan(chain, 'optimal', 10), 'MEMORY', 'of step 1', 'memoryLimit is 10');
    expectError(() => plan(chain, 'greedy', 10), 'MEMORY', 'of step 1', 'memoryLimit is 10');
    expect(plan(chain, 'optimal', 100).steps[0].size).toBeLessThanOrEqual(100);
  });
});

describe('BLAS classification', () => {
  const kind = (subscripts: string, ...shapes: number[][]) => contractPath(subscripts, ...shapes, { optimize: false }).steps[0].blas;

  it('names the kind of each pairwise product', () => {
    expect(kind('ij,jk->ik', [2, 3], [3, 4])).toBe('GEMM');
    expect(kind('ji,kj->ik', [3, 2], [4, 3])).toBe('GEMM');
    expect(kind('bij,bjk->bik', [5, 2, 3], [5, 3, 4])).toBe('BATCHED GEMM');
    expect(kind('ij,j->i', [2, 3], [3])).toBe('GEMV');
    expect(kind('i,i->', [3], [3])).toBe('DOT');
    expect(kind('i,j->ij', [2], [3])).toBe('OUTER');
    expect(kind('ij,ij->ij', [2, 3], [2, 3])).toBe('HADAMARD');
    expect(kind('ij,jk->ik', [2, 1], [1, 4])).toBe('OUTER'); // K of size 1 sums nothing
    expect(isMatrixProduct(classifyStep([0, 1], [1, 2], [0, 2], [2, 3, 4]))).toBe(true);
    expect(isMatrixProduct('OUTER')).toBe(false);
  });
});

describe('contractPath and its report', () => {
  it("reports the path like opt_einsum's PathInfo", () => {
    const c = [10, 10];
    const info = contractPath('ea,fb,abcd,gc,hd->efgh', c, c, [10, 10, 10, 10], c, c, { optimize: 'greedy' });
    expect(info.path).toEqual([[0, 2], [0, 3], [0, 2], [0, 1]]);
    expect(info.steps.map((s) => s.subscripts)).toEqual(['ea,abcd->bcde', 'fb,bcde->cdef', 'gc,cdef->defg', 'hd,defg->efgh']);
    expect(info.naiveFlops).toBe(5e8);
    expect(info.optimizedFlops).toBe(8e5);
    expect(info.speedup).toBe(625);
    expect(info.largestIntermediate).toBe(1e4);
    const text = String(info);
    for (const step of info.steps) expect(text).toContain(step.subscripts);
    expect(text).toContain('Complete contraction:  ea,fb,abcd,gc,hd->efgh');
    expect(text).toContain('8.000e+5');
    expect(text).toContain('GEMM');
    expect(text).toContain('fb,gc,hd,bcde->efgh');
  });

  it('takes tensors and shapes, shows ... dimensions, and describes one operand', () => {
    const info = contractPath('...ij,jk->...ik', zeros([3, 2, 4]), [4, 5]);
    expect(info.steps[0].subscripts).toBe('...ij,jk->...ik');
    expect(info.steps[0].blas).toBe('GEMM');
    const single = contractPath('ij->', [3, 4]);
    expect(single.steps).toEqual([]);
    expect(single.speedup).toBe(1);
    expect(String(single)).toContain('one operand');
  });

  it('refuses bad options and operands', () => {
    expectError(() => contractPath('ij,jk', [2, 3], [3, 4], { optimise: 'greedy' } as never), 'ARGUMENT', "'optimise'");
    expectError(() => contractPath('ij,jk', [2, 3], 'x' as never), 'ARGUMENT', 'operand 1');
    expectError(() => contractPath('ij,jk', [2, 3], [3, -4]), 'ARGUMENT');
    expectError(() => contractPath('ij,jk', [2, 3], [4, 4]), 'SIZE');
    expectError(() => contractPath('ij,jk,kl->il', [100, 2], [2, 100], [100, 2], { optimize: [[0, 2], [0, 1]], memoryLimit: 1000 }), 'MEMORY', 'ijkl');
  });

  it("checks optimize and memoryLimit as einsum does, in einsum's order", () => {
    // Was MEMORY here (the result was measured first) where einsum said ARGUMENT for the same options.
    expectError(() => contractPath('ij,jk', [2, 3], [3, 4], { optimize: true, memoryLimit: 1 } as never), 'ARGUMENT', "optimize must be 'auto', 'auto-hq'");
    expectError(() => contractPath('ij,jk', [2, 3], [3, 4], { memoryLimit: 'x' } as never), 'ARGUMENT', "memoryLimit must be");
  });
});
