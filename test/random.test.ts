/**
 * Differential: the engine against the naive reference on seeded random equations (1-6 operands,
 * diagonals, '...', size 0/1 dims, both modes). Values are small integers, so every dtype's result
 * is exact and compares with a tight tolerance. Each group collects all failures with their
 * subscripts and shapes, so one run reports every broken case at once.
 */
import { describe, expect, it } from 'vitest';
import { einsum, zeros, type DType, type Tensor } from '../src/index.js';
import { compareResult, makeOperands, mediumEquations, randomEquations, rng, stridedView, type Equation } from './corpus.js';
import { referenceEinsum } from './reference.js';

const EQUATIONS = randomEquations(20240611, 320);
const WIDTH: Record<DType, number> = { int32: 0, float32: 1, float64: 2 };

/** Runs `check` on every equation; returns "subscripts shapes: what went wrong" for each failure. */
function failures(equations: readonly Equation[], check: (eq: Equation, n: number) => string | undefined): string[] {
  return equations.flatMap((eq, n) => {
    let problem: string | undefined;
    try {
      problem = check(eq, n);
    } catch (e) {
      problem = `threw ${(e as Error).name}: ${(e as Error).message}`;
    }
    return problem ? [`'${eq.subscripts}' ${JSON.stringify(eq.shapes)}: ${problem}`] : [];
  });
}

const snapshot = (operands: readonly Tensor[]): number[][] => operands.map((t) => Array.from(t.data));

describe('engine vs reference', () => {
  it('the corpus exercises what it should', () => {
    const all = EQUATIONS.map((e) => e.subscripts);
    expect(all.filter((s) => s.includes('...')).length).toBeGreaterThan(30);
    expect(all.filter((s) => s.includes('->')).length).toBeGreaterThan(100);
    expect(all.filter((s) => !s.includes('->')).length).toBeGreaterThan(100);
    expect(EQUATIONS.filter((e) => e.shapes.length >= 4).length).toBeGreaterThan(50);
    expect(EQUATIONS.filter((e) => e.shapes.some((s) => s.includes(0))).length).toBeGreaterThan(5);
    expect(EQUATIONS.filter((e) => e.subscripts.split('->')[0].split(',').some((t) => new Set(t.replace('...', '')).size < t.replace('...', '').length)).length).toBeGreaterThan(20);
  });

  it('float64: same shape and values on every equation, operands untouched', () => {
    const bad = failures(EQUATIONS, (eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const before = snapshot(operands);
      const got = einsum(eq.subscripts, ...operands);
      if (got.dtype !== 'float64') return `dtype ${got.dtype}`;
      if (got.offset !== 0 || got.data.length !== got.size) return 'result is not contiguous';
      const diff = compareResult(got, referenceEinsum(eq.subscripts, operands));
      if (diff) return diff;
      if (JSON.stringify(snapshot(operands)) !== JSON.stringify(before)) return 'an operand was mutated';
      return undefined;
    });
    expect(bad).toEqual([]);
  });

  it('float64 decimals: within 1e-9 relative', () => {
    const bad = failures(EQUATIONS.slice(0, 120), (eq, n) => {
      const operands = makeOperands(eq.shapes, n + 1000, 'float64', { integers: false });
      return compareResult(einsum(eq.subscripts, ...operands), referenceEinsum(eq.subscripts, operands), 1e-9);
    });
    expect(bad).toEqual([]);
  });

  it('mixed float32/int32/float64 operands: result dtype is the widest (SPEC §2), values exact', () => {
    const dtypes: DType[] = ['int32', 'float32', 'float64'];
    const bad = failures(EQUATIONS.slice(0, 120), (eq, n) => {
      const next = rng(n);
      const chosen = eq.shapes.map(() => dtypes[Math.floor(next() * 2.4)]);
      const operands = eq.shapes.map((shape, k) => makeOperands([shape], n * 7 + k, chosen[k])[0]);
      const want = chosen.reduce<DType>((w, d) => (WIDTH[d] > WIDTH[w] ? d : w), 'int32');
      const got = einsum(eq.subscripts, ...operands);
      if (got.dtype !== want) return `dtype ${got.dtype}, expected ${want} for ${chosen.join(',')}`;
      return compareResult(got, referenceEinsum(eq.subscripts, operands));
    });
    expect(bad).toEqual([]);
  });

  it("the dtype option decides the result's storage", () => {
    const bad = failures(EQUATIONS.slice(0, 60), (eq, n) => {
      const dtype: DType = n % 2 ? 'int32' : 'float32';
      const operands = makeOperands(eq.shapes, n);
      const got = einsum(eq.subscripts, ...operands, { dtype });
      if (got.dtype !== dtype) return `dtype ${got.dtype}, asked ${dtype}`;
      return compareResult(got, referenceEinsum(eq.subscripts, operands));
    });
    expect(bad).toEqual([]);
  });

  it('non-contiguous views (shuffled, padded, reversed, offset) give the same results, untouched', () => {
    const bad = failures(EQUATIONS, (eq, n) => {
      const dtype: DType = n % 5 === 0 ? 'float32' : n % 7 === 0 ? 'int32' : 'float64';
      const views = makeOperands(eq.shapes, n, dtype).map((t, k) => stridedView(t, n * 31 + k));
      const before = snapshot(views);
      const diff = compareResult(einsum(eq.subscripts, ...views), referenceEinsum(eq.subscripts, views));
      if (diff) return diff;
      if (JSON.stringify(snapshot(views)) !== JSON.stringify(before)) return 'an operand buffer was mutated';
      return undefined;
    });
    expect(bad).toEqual([]);
  });

  it('the same operand passed twice, and nested-array operands', () => {
    // A nested array cannot spell a size-0 dimension below its first axis ([[]] is [1, 0]).
    const spellable = EQUATIONS.filter((eq) => eq.shapes.every((s) => !s.includes(0))).slice(0, 80);
    const bad = failures(spellable, (eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const nested = operands.map((t) => t.toArray() as number[]);
      const got = einsum(eq.subscripts, ...nested);
      return compareResult(got, referenceEinsum(eq.subscripts, operands));
    });
    const a = makeOperands([[3, 3]], 5)[0];
    const aa = einsum('ij,jk->ik', a, a);
    expect(compareResult(aa, referenceEinsum('ij,jk->ik', [a, a]))).toBeUndefined();
    expect(bad).toEqual([]);
  });

  it('out: written in place and returned, contiguous or a view', () => {
    const bad = failures(EQUATIONS.slice(0, 100), (eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const want = referenceEinsum(eq.subscripts, operands);
      const out = n % 2 ? zeros(want.shape) : stridedView(zeros(want.shape), n);
      const got = einsum(eq.subscripts, ...operands, { out });
      if (got !== out) return 'did not return out';
      return compareResult(out, want);
    });
    expect(bad).toEqual([]);
  });

  it('medium sizes (1-40) reach the blocked kernels: all dtypes, views', () => {
    const bad = failures(mediumEquations(31337, 48), (eq, n) => {
      const dtype: DType = (['float64', 'float32', 'int32'] as const)[n % 3];
      const operands = makeOperands(eq.shapes, n, dtype).map((t, k) => (n % 2 ? stridedView(t, n + k) : t));
      return compareResult(einsum(eq.subscripts, ...operands), referenceEinsum(eq.subscripts, operands));
    });
    expect(bad).toEqual([]);
  });

  it('every optimize strategy agrees on chains of 3-6 operands', () => {
    const chains = EQUATIONS.filter((e) => e.shapes.length >= 3).slice(0, 60);
    const bad = failures(chains, (eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const want = referenceEinsum(eq.subscripts, operands);
      for (const optimize of [false, 'greedy', 'optimal', 'auto'] as const) {
        const diff = compareResult(einsum(eq.subscripts, ...operands, { optimize }), want);
        if (diff) return `optimize ${optimize}: ${diff}`;
      }
      return undefined;
    });
    expect(bad).toEqual([]);
  });
});
