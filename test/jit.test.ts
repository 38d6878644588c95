/**
 * The JIT over the shared corpus: every emitted kernel (forced, whatever its size) must agree with
 * the naive reference, on contiguous operands and on strided views, for every dtype.
 */
import { describe, expect, it } from 'vitest';
import type { DType } from '../src/dtype.js';
import { keyFor, specialize } from '../src/emit/index.js';
import type { Tensor } from '../src/tensor.js';
import { compareResult, goldenCases, goldenOperands, makeOperands, randomEquations, stridedView } from './corpus.js';
import { referenceEinsum } from './reference.js';

function runJit(subscripts: string, operands: readonly Tensor[], dtype?: DType): Tensor {
  const kernel = specialize(keyFor(subscripts, operands, dtype), true);
  if (!kernel) throw new Error('no JIT here');
  expect(kernel.matches(operands)).toBe(true);
  return kernel.run(operands);
}

describe('JIT kernels agree with the reference', () => {
  it('on the numpy golden cases', () => {
    let checked = 0;
    for (const c of goldenCases()) {
      if (!c.expected) continue;
      const operands = goldenOperands(c);
      const got = runJit(c.subscripts, operands, c.expected.dtype);
      expect(compareResult(got, c.expected, 1e-6), `${c.name}: ${c.subscripts}`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('on seeded random equations, contiguous and strided, in every dtype', () => {
    const dtypes: DType[] = ['float64', 'float32', 'int32'];
    randomEquations(11, 150).forEach((eq, n) => {
      const dtype = dtypes[n % 3];
      const operands = makeOperands(eq.shapes, n, dtype);
      const want = referenceEinsum(eq.subscripts, operands);
      expect(compareResult(runJit(eq.subscripts, operands), want), eq.subscripts).toBeUndefined();
      const views = operands.map((t, i) => stridedView(t, n * 7 + i));
      expect(compareResult(runJit(eq.subscripts, views), want), `${eq.subscripts} (views)`).toBeUndefined();
    });
  });

  it('on shapes that take every loop mode (unrolled, strip-unrolled, plain loops, steps)', () => {
    const cases: [string, number[][]][] = [
      ['ij,jk,kl->il', [[10, 20], [20, 30], [30, 7]]],
      ['ij,jk,kl,lm->mi', [[6, 9], [9, 8], [8, 7], [7, 5]]],
      ['ii->i', [[5, 5]]],
      ['ij->ji', [[9, 13]]],
      ['i,i->', [[103], [103]]],
      ['bij,bjk->bik', [[3, 5, 6], [3, 6, 7]]],
      ['...ij,...jk', [[2, 1, 3, 4], [5, 4, 2]]],
      ['ij,ij->ij', [[7, 0], [7, 0]]],
      ['ik,kj->ij', [[3, 0], [0, 2]]],
    ];
    cases.forEach(([subscripts, shapes], n) => {
      const operands = makeOperands(shapes, n, 'float64', { integers: false });
      const want = referenceEinsum(subscripts, operands);
      expect(compareResult(runJit(subscripts, operands), want), subscripts).toBeUndefined();
      const views = operands.map((t, i) => stridedView(t, n + i));
      expect(compareResult(runJit(subscripts, views), want), `${subscripts} (views)`).toBeUndefined();
    });
  });

  it('writes into out without allocating a result', () => {
    const [a, b] = makeOperands([[3, 3], [3]], 1);
    const kernel = specialize(keyFor('ij,j->i', [a, b]))!;
    const out = makeOperands([[3]], 2)[0];
    expect(kernel.canWriteInto(out, [a, b])).toBe(true);
    expect(kernel.run([a, b], out)).toBe(out);
    expect(compareResult(out, referenceEinsum('ij,j->i', [a, b]))).toBeUndefined();
  });

  it('leaves large work to the engine unless forced', () => {
    const key = keyFor('ij,jk->ik', makeOperands([[64, 64], [64, 64]], 3));
    expect(specialize(key)).toBeUndefined();
    expect(specialize(key, true)).toBeDefined();
  });
});
