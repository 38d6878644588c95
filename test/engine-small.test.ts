/**
 * A cached plan's prepared kernels run again and again: each call must start from scratch, whatever
 * the data, the operands' offsets (a plan is keyed by shapes and strides, not offsets) or `out`.
 * Each equation is run four times through one plan and checked against the reference every time.
 */
import { describe, expect, it } from 'vitest';
import { clearPlanCache, einsum, tensor, zeros, type Tensor } from '../src/index.js';
import { compareResult, makeOperands, mediumEquations, randomEquations } from './corpus.js';
import { referenceEinsum } from './reference.js';

/** The same values at `shift` elements into a larger buffer: same shape and strides, another offset. */
function shifted(t: Tensor, shift: number): Tensor {
  const data = new (t.data.constructor as Float64ArrayConstructor)(t.data.length + shift + 2).fill(-7);
  data.set(t.data, shift);
  return tensor(data, t.shape, { strides: t.strides, offset: t.offset + shift });
}

describe('repeated calls through one cached plan', () => {
  const equations = [...randomEquations(777, 160), ...mediumEquations(778, 16)];

  it('new data, new offsets, out reused: every call right', () => {
    clearPlanCache();
    const bad: string[] = [];
    equations.forEach((eq, n) => {
      const dtype = (['float64', 'float32', 'int32'] as const)[n % 3];
      const out = zeros(referenceEinsum(eq.subscripts, makeOperands(eq.shapes, n, dtype)).shape, { dtype });
      for (let call = 0; call < 4; call++) {
        const operands = makeOperands(eq.shapes, n * 10 + call, dtype).map((t, k) => (call % 2 ? shifted(t, call + k) : t));
        const want = referenceEinsum(eq.subscripts, operands);
        const got = call >= 2 ? einsum(eq.subscripts, ...operands, { out }) : einsum(eq.subscripts, ...operands);
        const diff = compareResult(got, want);
        if (diff) bad.push(`'${eq.subscripts}' ${JSON.stringify(eq.shapes)} ${dtype} call ${call}: ${diff}`);
      }
    });
    expect(bad).toEqual([]);
  });
});
