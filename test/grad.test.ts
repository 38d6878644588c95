/**
 * einsumVjp's gradients against two independent references:
 *   - numpy: test/golden/gradients.json (scripts/golden-grad.py: one-hot operands, exact);
 *   - central finite differences of L = sum(cotangent * reference einsum) in float64, on hundreds of
 *     seeded random equations (test/corpus.ts) and on hand-picked ones, every case of numpy's grammar.
 * L is linear in each operand, so a central difference is exact but for rounding: with h = 1e-3 the
 * error stays below ~1e-10 here; the test allows 1e-7 · max(1, |gradient|), while a wrong gradient is
 * off by O(0.1) or more.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { einsumVjp, tensor, type DType, type Tensor } from '../src/index.js';
import { compareResult, makeOperands, randomEquations, rng, stridedView, type Equation } from './corpus.js';
import { referenceEinsum, type ReferenceOperand } from './reference.js';

interface GoldenGradient {
  name: string;
  subscripts: string;
  shapes: number[][];
  inputs: number[][];
  dtypes: DType[];
  same: [number, number][];
  cotangent: { shape: number[]; data: number[] };
  gradients: { shape: number[]; dtype: DType; data: number[] }[];
}

const golden = (JSON.parse(readFileSync(new URL('./golden/gradients.json', import.meta.url), 'utf8')) as { cases: GoldenGradient[] }).cases;
const vjp = einsumVjp as unknown as (subscripts: string, ...args: unknown[]) => [Tensor, (ct: unknown, options?: unknown) => (Tensor | undefined)[]];

describe('gradients equal numpy (golden, exact)', () => {
  it.each(golden.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const operands = c.inputs.map((data, i) => tensor(data, c.shapes[i], { dtype: c.dtypes[i] }));
    for (const [a, b] of c.same) operands[b] = operands[a]; // one tensor in two argument positions
    const [, pullback] = vjp(c.subscripts, ...operands);
    const grads = pullback(tensor(c.cotangent.data, c.cotangent.shape));
    expect(grads).toHaveLength(c.gradients.length);
    c.gradients.forEach((want, i) => {
      const got = grads[i]!;
      expect(got.dtype).toBe(want.dtype);
      expect(compareResult(got, want, 0)).toBeUndefined();
    });
  });

  it('cover every case of the grammar', () => {
    const names = golden.map((c) => c.name).join('\n');
    for (const word of ['diagonal', 'size-1', 'ellipsis', 'omitted', 'implicit', 'scalar', 'size 0', 'summed in one operand', 'twice', 'float32']) {
      expect(names).toContain(word);
    }
  });
});

const H = 1e-3;
const TOLERANCE = 1e-7;

/** L = sum(cotangent * einsum(operands)), by the naive reference (nothing from src/ but the data). */
function loss(subscripts: string, operands: readonly ReferenceOperand[], cotangent: Float64Array): number {
  const { data } = referenceEinsum(subscripts, operands);
  let sum = 0;
  for (let k = 0; k < data.length; k++) sum += data[k] * cotangent[k];
  return sum;
}

/** Checks up to `samples` elements of every gradient (all of them when fewer) by central differences. */
function checkByDifferences(eq: Equation, seed: number, operands: readonly Tensor[], samples = 8): string | undefined {
  const next = rng(seed);
  const [result, pullback] = vjp(eq.subscripts, ...operands);
  const cotangent = Float64Array.from({ length: result.size }, () => next() * 2 - 1);
  const grads = pullback(tensor(cotangent, result.shape));
  const plain = operands.map((o) => ({ shape: o.shape, data: Float64Array.from(contiguousData(o)) }));
  for (let i = 0; i < operands.length; i++) {
    const g = grads[i]!;
    if (g.dtype !== operands[i].dtype || g.shape.join() !== operands[i].shape.join()) return `gradient ${i} is ${g.dtype} ${g.shape}`;
    const gdata = contiguousData(g);
    const size = plain[i].data.length;
    const picks = size <= samples ? Array.from({ length: size }, (_, k) => k) : Array.from({ length: samples }, () => Math.floor(next() * size));
    for (const k of picks) {
      const shifted = (delta: number) => {
        const data = plain[i].data.slice();
        data[k] += delta;
        return plain.map((p, j) => (j === i ? { shape: p.shape, data } : p));
      };
      const fd = (loss(eq.subscripts, shifted(H), cotangent) - loss(eq.subscripts, shifted(-H), cotangent)) / (2 * H);
      if (!(Math.abs(fd - gdata[k]) <= TOLERANCE * Math.max(1, Math.abs(gdata[k])))) {
        return `operand ${i} element ${k}: gradient ${gdata[k]}, finite difference ${fd}`;
      }
    }
  }
  return undefined;
}

function contiguousData(t: Tensor): number[] {
  const out: number[] = [];
  const index = new Array<number>(t.shape.length).fill(0);
  for (let n = 0; n < t.size; n++) {
    out.push(t.get(...index));
    for (let a = index.length - 1; a >= 0 && ++index[a] === t.shape[a]; a--) index[a] = 0;
  }
  return out;
}

/** What a random equation exercises, so the test can show it covers every case. */
function features(eq: Equation): string[] {
  const [lhs, out] = eq.subscripts.split('->');
  const terms = lhs.split(',');
  const found: string[] = [];
  const sizes = new Map<string, number>();
  terms.forEach((t, i) => {
    const named = t.replace('...', '');
    const at = t.indexOf('...');
    const ell = eq.shapes[i].length - named.length;
    [...named].forEach((l, k) => {
      const size = eq.shapes[i][at >= 0 && k >= at ? k + ell : k];
      if (size !== 1) sizes.set(l, size);
    });
  });
  if (terms.some((t) => new Set(t.replace('...', '')).size < t.replace('...', '').length)) found.push('diagonal');
  terms.forEach((t, i) => {
    const named = t.replace('...', '');
    const at = t.indexOf('...');
    const ell = eq.shapes[i].length - named.length;
    if ([...named].some((l, k) => eq.shapes[i][at >= 0 && k >= at ? k + ell : k] === 1 && (sizes.get(l) ?? 1) > 1)) found.push('size-1 broadcast');
  });
  if (lhs.includes('...')) found.push('ellipsis');
  if (lhs.includes('...') && out !== undefined && !out.includes('...')) found.push('ellipsis omitted');
  if (out === undefined) found.push('implicit');
  if (eq.shapes.some((s) => s.length === 0)) found.push('scalar');
  if (eq.shapes.some((s) => s.includes(0))) found.push('size 0');
  const letters = lhs.replace(/[.,]/g, '');
  if (out !== undefined && [...new Set(letters)].some((l) => !out.includes(l) && terms.filter((t) => t.includes(l)).length === 1)) found.push('summed in one operand');
  return found;
}

const RANDOM = randomEquations(20261130, 300);

describe('gradients equal central finite differences (float64)', () => {
  it('on 300 seeded random equations, covering every case', () => {
    const seen = new Map<string, number>();
    RANDOM.forEach((eq, n) => {
      const operands = makeOperands(eq.shapes, 1000 + n, 'float64', { integers: false });
      const problem = checkByDifferences(eq, n, operands);
      expect(problem, `${eq.subscripts} ${JSON.stringify(eq.shapes)}`).toBeUndefined();
      for (const f of features(eq)) seen.set(f, (seen.get(f) ?? 0) + 1);
    });
    for (const f of ['diagonal', 'size-1 broadcast', 'ellipsis', 'ellipsis omitted', 'implicit', 'scalar', 'size 0', 'summed in one operand']) {
      expect(seen.get(f) ?? 0, f).toBeGreaterThanOrEqual(5);
    }
  });

  it('on strided views (reversed, padded, offset) of the same operands', () => {
    RANDOM.slice(0, 120).forEach((eq, n) => {
      const operands = makeOperands(eq.shapes, 2000 + n, 'float64', { integers: false }).map((o, i) => stridedView(o, n * 7 + i));
      expect(checkByDifferences(eq, n, operands, 4), eq.subscripts).toBeUndefined();
    });
  });

  it('with one tensor in several argument positions: one gradient per position', () => {
    const cases: [string, number[][], number[]][] = [
      ['i,i->', [[5], [5]], [0, 0]],
      ['ij,jk->ik', [[3, 3], [3, 3]], [0, 0]],
      ['i,ij,j->', [[4], [4, 4], [4]], [0, 1, 0]],
      ['ij,jk,kl->il', [[3, 3], [3, 3], [3, 3]], [0, 0, 0]],
      ['ii,ij->j', [[3, 3], [3, 3]], [0, 0]],
      ['...i,...i', [[2, 3], [2, 3]], [0, 0]],
    ];
    cases.forEach(([subscripts, shapes, which], n) => {
      const made = makeOperands(shapes, 3000 + n, 'float64', { integers: false });
      const operands = which.map((k) => made[k]);
      expect(checkByDifferences({ subscripts, shapes }, n, operands, 100), subscripts).toBeUndefined();
    });
  });
});
