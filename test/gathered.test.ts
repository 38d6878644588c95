/**
 * Permutations folded into packing: a product large enough to be packed reads an operand whose
 * M, K or N group doesn't nest (a transposed intermediate, a permuted or reversed view) through
 * offset tables while packing it, instead of a 'transpose' copy step first. Checked at three
 * levels: the plan (no copy step where the product packs, one where it doesn't), the kernel
 * (tables against the naive loop, and bit for bit against the same operand read by strides), and
 * einsum (against the naive reference, every dtype, strided views, wasm off, worker threads).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { configure, einsum, type Tensor } from '../src/index.js';
import { allocate, type DType } from '../src/dtype.js';
import { packsPanels, prepareGemm } from '../src/kernels/gemm.js';
import { setWasmEnabled } from '../src/kernels/wasm/index.js';
import { setSplitThreshold } from '../src/kernels/threads/product.js';
import { buildPlan } from '../src/plan/build.js';
import { contiguousStrides } from '../src/tensor.js';
import { compareResult, makeOperands, stridedView } from './corpus.js';
import { referenceEinsum } from './reference.js';
import { bitsEqual, readyPool } from './threads/helpers.js';
import { DTYPES, randomView, rng, tolerance } from './strided.js';

const layouts = (...shapes: number[][]) => shapes.map((shape) => ({ shape, strides: contiguousStrides(shape), dtype: 'float64' as const }));
const roles = (subscripts: string, shapes: number[][]) =>
  buildPlan(subscripts, layouts(...shapes)).steps.map((s) => (s.kind === 'reduce' ? s.role : s.kind));

describe('the plan folds permutations into packing', () => {
  it('no copy step before a product that packs, whatever its groups', () => {
    // M = {D, J} and N = {B, P} don't nest in 'DHJK' and 'BHKP': 36·36·36 multiply-adds pack.
    expect(roles('DHJK,BHKP->DJBP', [[6, 6, 6, 6], [6, 6, 6, 6]])).toEqual(['product']);
    expect(packsPanels(36, 36, 36)).toBe(true);
    // The same grouping in a product too small to pack is still copied first.
    expect(roles('ijk,jl->ikl', [[3, 4, 5], [4, 6]])).toEqual(['transpose', 'product']);
    expect(packsPanels(15, 6, 4)).toBe(false);
    // Thin products read in place, never through tables: a matrix-vector product is copied first.
    expect(roles('ijk,j->ik', [[30, 40, 50], [40]])).toEqual(['transpose', 'product']);
    // The result too: a product that packs writes any grouping of it, a small one is copied after.
    expect(roles('abk,kc->acb', [[8, 6, 20], [20, 12]])).toEqual(['product']);
    expect(roles('abk,kc->acb', [[2, 3, 4], [4, 5]])).toEqual(['product', 'transpose']);
  });

  it("the 12-operand grid network: every step a product, three slots, none of them a copy's", () => {
    const bond = 24;
    const terms = 'ABR,ACD,CEF,EG,BHI,DHJK,FJLM,GLN,IO,KOP,MPQ,NQS'.split(',');
    const plan = buildPlan(`${terms.join(',')}->RS`, layouts(...terms.map((t) => Array.from(t, () => bond))),
      { optimize: [[8, 9], [4, 10], [4, 9], [0, 1], [6, 7], [0, 1], [1, 5], [0, 4], [2, 3], [0, 1], [0, 1]] });
    expect(plan.steps.every((s) => s.kind === 'product')).toBe(true);
    expect(plan.slots.length).toBe(3);
  });
});

/** C = A·B with A, B read and C written through tables, against the naive loop over the same tables. */
function checkTables(rand: () => number, m: number, n: number, k: number, dtypes: DType[], compute: DType): void {
  const a = randomView(rand, [m, k], dtypes[0], false);
  const b = randomView(rand, [k, n], dtypes[1], false);
  const shuffled = (count: number, stride: number) => {
    const t = Int32Array.from({ length: count }, (_, i) => i * stride);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [t[i], t[j]] = [t[j], t[i]];
    }
    return t;
  };
  const ga = { rows: shuffled(m, a.strides[0]), cols: shuffled(k, a.strides[1]) };
  const gb = { rows: shuffled(k, b.strides[0]), cols: shuffled(n, b.strides[1]) };
  const gc = { rows: shuffled(m, n), cols: shuffled(n, 1) }; // C's rows and columns in a shuffled order
  const c = allocate(dtypes[2], m * n + 1).fill(7);
  prepareGemm(1, m, n, k, 0, 0, 0, 0, 0, 0, 0, 0, 0, compute, { a: ga, b: gb, c: gc })(a.data, a.offset, b.data, b.offset, c, 1);
  expect(c[0]).toBe(7); // nothing written before the offset
  const stored = allocate(dtypes[2], 1);
  const tol = tolerance(dtypes[2], k) * (compute === 'float32' ? 10 : 1);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[a.offset + ga.rows[i] + ga.cols[p]] * b.data[b.offset + gb.rows[p] + gb.cols[j]];
      stored[0] = compute === 'int32' ? s | 0 : s;
      const got = c[1 + gc.rows[i] + gc.cols[j]];
      if (!(Math.abs(got - stored[0]) <= tol * (1 + Math.abs(stored[0])))) expect.fail(`${m}×${n}×${k} ${dtypes} ${compute} at [${i},${j}]: ${got} vs ${stored[0]}`);
    }
  }
}

describe('gemm through offset tables', () => {
  const rand = rng(5);

  it('matches the naive loop across every block edge (KC = 256, MC = 64, NC = 512), dtypes, wasm or not', () => {
    const cases: [number, number, number][] = [[9, 10, 300], [70, 13, 21], [5, 530, 6], [67, 515, 258], [33, 33, 33]];
    try {
      for (const wasm of [true, false]) {
        setWasmEnabled(wasm);
        for (const [m, n, k] of cases) {
          checkTables(rand, m, n, k, ['float64', 'float64', 'float64'], 'float64');
          checkTables(rand, m, n, k, ['float32', 'float64', 'float32'], 'float32');
          checkTables(rand, m, n, k, [DTYPES[2], DTYPES[2], DTYPES[2]], 'int32');
        }
      }
    } finally {
      setWasmEnabled(true);
    }
  });

  it('is bit for bit the product read through strides when the tables are those strides', () => {
    for (const [m, n, k] of [[37, 41, 300], [130, 520, 19]] as const) {
      for (const compute of ['float64', 'float32'] as const) {
        const a = randomView(rand, [m, k], compute, false);
        const b = randomView(rand, [k, n], compute, false);
        const table = (count: number, stride: number) => Int32Array.from({ length: count }, (_, i) => i * stride);
        const gathers = {
          a: { rows: table(m, a.strides[0]), cols: table(k, a.strides[1]) },
          b: { rows: table(k, b.strides[0]), cols: table(n, b.strides[1]) },
          c: { rows: table(m, n), cols: table(n, 1) },
        };
        const viaTables = allocate(compute, m * n), viaStrides = allocate(compute, m * n);
        prepareGemm(1, m, n, k, 0, 0, 0, 0, 0, 0, 0, n, 1, compute, gathers)(a.data, a.offset, b.data, b.offset, viaTables, 0);
        prepareGemm(1, m, n, k, 0, a.strides[0], a.strides[1], 0, b.strides[0], b.strides[1], 0, n, 1, compute)(a.data, a.offset, b.data, b.offset, viaStrides, 0);
        expect(bitsEqual(viaTables, viaStrides)).toBe(true);
      }
    }
  });

  it('a result written down its columns (computed as Cᵀ = Bᵀ·Aᵀ) is bit for bit the one written along rows', () => {
    // The transposed result of the pullback's `ik,ij->jk`: prepareGemm swaps the operands so the
    // blocks are stored along rows; each entry must still be the same sum in the same order.
    const table = (count: number, stride: number) => Int32Array.from({ length: count }, (_, i) => i * stride);
    try {
      for (const wasm of [true, false]) {
        setWasmEnabled(wasm);
        for (const [m, n, k] of [[37, 41, 300], [130, 9, 19], [6, 70, 520]] as const) {
          for (const compute of ['float64', 'float32'] as const) {
            const a = randomView(rand, [m, k], compute, false);
            const b = randomView(rand, [k, n], compute, false);
            const byRows = allocate(compute, m * n), byColumns = allocate(compute, m * n), tabled = allocate(compute, m * n);
            const [ar, ac, br, bc] = [a.strides[0], a.strides[1], b.strides[0], b.strides[1]];
            prepareGemm(1, m, n, k, 0, ar, ac, 0, br, bc, 0, n, 1, compute)(a.data, a.offset, b.data, b.offset, byRows, 0);
            prepareGemm(1, m, n, k, 0, ar, ac, 0, br, bc, 0, 1, m, compute)(a.data, a.offset, b.data, b.offset, byColumns, 0);
            const gathers = { a: { rows: table(m, ar), cols: table(k, ac) }, b: { rows: table(k, br), cols: table(n, bc) } };
            prepareGemm(1, m, n, k, 0, 0, 0, 0, 0, 0, 0, 1, m, compute, gathers)(a.data, a.offset, b.data, b.offset, tabled, 0);
            const transposed = allocate(compute, m * n);
            for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) transposed[i * n + j] = byColumns[j * m + i];
            expect(bitsEqual(transposed, byRows)).toBe(true);
            expect(bitsEqual(tabled, byColumns)).toBe(true);
          }
        }
      }
    } finally {
      setWasmEnabled(true);
    }
  });

  it('refuses tables on a product that does not pack (the plan never asks for it)', () => {
    const t = new Int32Array(3);
    expect(() => prepareGemm(1, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 3, 1, 'float64', { a: { rows: t, cols: t }, b: null })).toThrow(/offset tables/);
  });
});

describe('einsum with permuted operands against the reference', () => {
  // Each has a group that doesn't nest in some operand, in a product that packs.
  const cases: [string, number[][]][] = [
    ['DHJK,BHKP->DJBP', [[6, 5, 7, 4], [3, 5, 4, 6]]], // M of A, N of B
    ['abc,cbd->ad', [[13, 8, 7], [7, 8, 12]]], // K in the other order in B
    ['ibjm,bjn->bimn', [[10, 2, 9, 8], [2, 9, 12]]], // a batch, and M = {i, m} apart
    ['acbd,bed->ace', [[6, 8, 6, 3], [6, 12, 3]]], // K = {b, d} apart in A
    ['ab,cbd->acd', [[5, 6], [24, 6, 24]]], // N = {c, d} apart in B, over NC = 512
    ['pqrs,qsrt->pt', [[10, 5, 4, 3], [5, 3, 4, 14]]], // the last step straight into the result
    ['abk,kc->acb', [[8, 6, 20], [20, 12]]], // M = {a, b} apart in the result: stored through tables
    ['nabk,nkc->ancb', [[2, 6, 8, 12], [2, 12, 16]]], // M = {a, b} apart in the result, a batch between
  ];
  afterAll(() => {
    configure({ threads: 'auto' });
    setWasmEnabled(true);
  });

  const check = (what: string, dtype: DType, strided: boolean) => {
    cases.forEach(([subscripts, shapes], n) => {
      const plain = makeOperands(shapes, 40 + n, dtype, { integers: dtype === 'int32' });
      const operands: Tensor[] = strided ? plain.map((t, i) => stridedView(t, 7 * n + i)) : plain;
      expect(buildPlan(subscripts, operands).steps.map((s) => s.kind), subscripts).toEqual(['product']);
      const want = referenceEinsum(subscripts, plain);
      const got = (einsum as (s: string, ...o: Tensor[]) => Tensor)(subscripts, ...operands);
      expect(compareResult(got, want, dtype === 'float32' ? 1e-5 : 1e-12), `${what} ${dtype} ${subscripts}`).toBeUndefined();
    });
  };

  it('contiguous and strided views (permuted, padded, reversed), every dtype', () => {
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      check('contiguous', dtype, false);
      check('strided', dtype, true);
    }
  });

  it('without wasm (the JS packed route)', () => {
    setWasmEnabled(false);
    try {
      check('js', 'float64', true);
      check('js', 'float32', false);
    } finally {
      setWasmEnabled(true);
    }
  });

  it('split across worker threads', async () => {
    configure({ threads: 2 });
    await readyPool();
    const threshold = setSplitThreshold(0);
    try {
      check('threads', 'float64', true);
      check('threads', 'float32', false);
    } finally {
      setSplitThreshold(threshold);
      configure({ threads: 'auto' });
    }
  });
});
