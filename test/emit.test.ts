/**
 * Golden emitted text (typia, ts-morph): the full text of a dozen kernels is committed in
 * test/golden-emit/, so any change in the emitter's output shows up in review.
 * `UPDATE_GOLDEN=1 npx vitest run test/emit.test.ts` rewrites the files. The rank-specialized
 * kernels (sizes as parameters) also run over the shared corpus, as test/jit.test.ts does for the
 * fixed-size ones, and through einsum()'s dispatch.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DType } from '../src/dtype.js';
import { DynamicKernel, emitDynamic, emitKernel, instantiate, jitSource, lower, typedSource, unrolling, type DynamicKey } from '../src/emit/index.js';
import { einsum } from '../src/index.js';
import { clearKernels, registerKernels } from '../src/registry.js';
import { zeros } from '../src/create.js';
import { contiguousStrides } from '../src/tensor.js';
import { compareResult, makeOperands, randomEquations, stridedView } from './corpus.js';
import { referenceEinsum } from './reference.js';

interface Case {
  readonly subscripts: string;
  readonly shapes: number[][];
  readonly strides?: number[][];
  readonly dtypes?: DType[];
  readonly dtype?: DType;
  readonly typed?: boolean;
}

const CASES: Case[] = [
  { subscripts: 'nqhd,nkhd->nhqk', shapes: [[1, 2, 2, 4], [1, 3, 2, 4]] },
  { subscripts: 'ij,j->i', shapes: [[3, 3], [3]] },
  { subscripts: 'ij,j->i', shapes: [[4, 4], [4]], dtypes: ['float32', 'float32'], dtype: 'float32', typed: true },
  { subscripts: 'ij,jk->ik', shapes: [[10, 20], [20, 7]] },
  { subscripts: 'ij,jk,kl->il', shapes: [[10, 20], [20, 30], [30, 7]], typed: true },
  { subscripts: 'ij,jk,kl->il', shapes: [[2, 3], [3, 2], [2, 2]] },
  { subscripts: 'ii->i', shapes: [[5, 5]] },
  { subscripts: 'ii', shapes: [[3, 3]] },
  { subscripts: 'ij->ji', shapes: [[2, 9]] },
  { subscripts: 'i,i->', shapes: [[103], [103]] },
  { subscripts: '...ij,...jk', shapes: [[2, 1, 2, 2], [3, 2, 2]] },
  { subscripts: 'ij,jk->ik', shapes: [[3, 3], [3, 3]], strides: [[1, 3], [-3, 1]] },
  { subscripts: 'ij,i->ij', shapes: [[2, 3], [1]], dtypes: ['int32', 'int32'], dtype: 'int32' },
  { subscripts: ',->', shapes: [[], []] },
];

const dir = new URL('./golden-emit/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

function render(c: Case): { name: string; text: string } {
  const dtypes = c.dtypes ?? c.shapes.map(() => 'float64' as DType);
  const key = { subscripts: c.subscripts, shapes: c.shapes, strides: c.strides ?? c.shapes.map(contiguousStrides), dtypes, dtype: c.dtype ?? 'float64' };
  const kernel = emitKernel(lower(key));
  const header = `// ${c.subscripts} on ${c.shapes.map((s) => `[${s.join(', ')}]`).join(' x ')}${c.strides ? ` strides ${JSON.stringify(c.strides)}` : ''}\n`;
  const text = header + jitSource(kernel) + '\n' + (c.typed ? `\n// as written to a .generated.ts module:\n${typedSource(kernel, true)}\n` : '');
  return { name: `${kernel.name}.${c.typed ? 'ts' : 'js'}.txt`, text };
}

describe('emitted text', () => {
  for (const c of CASES) {
    it(`${c.subscripts} ${JSON.stringify(c.shapes)}`, () => {
      const { name, text } = render(c);
      const file = new URL(name, dir);
      if (update || !existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, text);
      }
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('unrolls small loops fully within the budget, strip-unrolls the next one', () => {
    expect(unrolling([1, 2, 2, 3, 4])).toEqual(['unroll', 'unroll', 'unroll', 'unroll', 'unroll']);
    expect(unrolling([10, 7, 20])).toEqual(['loop', 'loop', 'strip']);
    expect(unrolling([50, 3, 4])).toEqual(['strip', 'unroll', 'unroll']);
    expect(unrolling([4, 4, 4, 4, 4])).toEqual(['loop', 'unroll', 'unroll', 'unroll', 'unroll']);
  });
});

/** Rank-specialized kernels: known ranks, sizes (and strides) as parameters. */
describe('rank-specialized kernels', () => {
  const DYNAMIC: DynamicKey[] = [
    { subscripts: 'ij,jk->ik', shapes: [[null, 4], [4, null]], dtypes: ['float64', 'float64'], dtype: 'float64' },
    { subscripts: 'bij,bjk->bik', shapes: [[null, null, null], [null, null, null]], dtypes: ['float32', 'float32'], dtype: 'float32' },
    { subscripts: '...ii->...i', shapes: [[2, null, null]], dtypes: ['int32'], dtype: 'int32' },
  ];
  for (const key of DYNAMIC) {
    it(`emits ${key.subscripts} on ${JSON.stringify(key.shapes)} (golden text)`, () => {
      const kernel = emitDynamic(key);
      const text = `// ${key.subscripts} on ${JSON.stringify(key.shapes)}, sizes at run time\n${jitSource(kernel)}\n\n// as written to a .generated.ts module:\n${typedSource(kernel, true)}\n`;
      const file = new URL(`${kernel.name}.dynamic.ts.txt`, dir);
      if (update || !existsSync(file)) writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }

  const make = (key: DynamicKey): DynamicKernel => new DynamicKernel(key, instantiate(jitSource(emitDynamic(key)))!);

  it('agree with the reference on the random corpus, contiguous and strided, in every dtype', () => {
    const dtypes: DType[] = ['float64', 'float32', 'int32'];
    let ran = 0;
    randomEquations(11, 150).forEach((eq, n) => {
      const dtype = dtypes[n % 3];
      const operands = makeOperands(eq.shapes, n, dtype);
      const want = referenceEinsum(eq.subscripts, operands);
      // All sizes open, and some known (every third axis), from the same corpus.
      for (const known of [() => false, (i: number, a: number) => (n + i + a) % 3 === 0]) {
        const key: DynamicKey = { subscripts: eq.subscripts, shapes: eq.shapes.map((s, i) => s.map((x, a) => (known(i, a) ? x : null))), dtypes: operands.map((o) => o.dtype), dtype };
        const kernel = make(key);
        for (const ops of [operands, operands.map((t, i) => stridedView(t, n * 7 + i))]) {
          expect(kernel.matches(ops), eq.subscripts).toBe(true);
          expect(compareResult(kernel.run(ops), want), `${eq.subscripts} ${JSON.stringify(key.shapes)}`).toBeUndefined();
          ran++;
        }
      }
    });
    expect(ran).toBe(600);
  });

  it('leave other sizes, dtypes and large work to the engine', () => {
    const kernel = make(DYNAMIC[0]);
    const [a, b] = makeOperands([[3, 4], [4, 5]], 1);
    expect(kernel.matches([a, b])).toBe(true);
    expect(kernel.matches(makeOperands([[3, 5], [5, 5]], 2))).toBe(false); // a known size differs
    expect(kernel.matches(makeOperands([[3, 4], [3, 5]], 2))).toBe(false); // j clashes
    expect(kernel.matches(makeOperands([[3, 4], [4, 5]], 2, 'float32'))).toBe(false);
    expect(kernel.matches(makeOperands([[100, 4], [4, 100]], 2))).toBe(false); // 40000 multiply-adds
    const diagonal = make({ subscripts: 'ii->i', shapes: [[null, null]], dtypes: ['float64'], dtype: 'float64' });
    expect(diagonal.matches(makeOperands([[2, 3]], 3))).toBe(false);
  });

  it('register for einsum(): dispatch runs them, a size clash still throws SIZE, out is written in place', () => {
    const key = DYNAMIC[0];
    let calls = 0;
    const fn = instantiate(jitSource(emitDynamic(key)))!;
    const counted = ((...args: never[]) => (calls++, fn(...args))) as typeof fn;
    try {
      const [typed] = registerKernels([{ subscripts: key.subscripts, shapes: key.shapes, dtypes: key.dtypes, fn: counted }]);
      const [a, b] = makeOperands([[3, 4], [4, 2]], 4);
      expect(compareResult(einsum('ij,jk->ik', a, b), referenceEinsum('ij,jk->ik', [a, b]))).toBeUndefined();
      expect(calls).toBe(1);
      const out = zeros([3, 2]);
      expect(einsum('ij,jk->ik', a, b, { out })).toBe(out);
      expect(compareResult(out, referenceEinsum('ij,jk->ik', [a, b]))).toBeUndefined();
      expect(calls).toBe(2);
      expect(compareResult(typed(a, b), referenceEinsum('ij,jk->ik', [a, b]))).toBeUndefined();
      expect(calls).toBe(3);
      const [c, d] = makeOperands([[3, 4], [5, 2]], 5);
      expect(() => einsum('ij,jk->ik', c, d)).toThrow(expect.objectContaining({ code: 'SIZE' }));
      const [e, f] = makeOperands([[2, 5], [5, 2]], 6); // j is not 4: the engine's answer
      expect(compareResult(einsum('ij,jk->ik', e, f), referenceEinsum('ij,jk->ik', [e, f]))).toBeUndefined();
      expect(calls).toBe(3);
    } finally {
      clearKernels();
    }
  });
});
