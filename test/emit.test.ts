/**
 * Golden emitted text (typia, ts-morph): the full text of a dozen kernels is committed in
 * test/golden-emit/, so any change in the emitter's output shows up in review.
 * `UPDATE_GOLDEN=1 npx vitest run test/emit.test.ts` rewrites the files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DType } from '../src/dtype.js';
import { emitKernel, jitSource, lower, typedSource, unrolling } from '../src/emit/index.js';
import { contiguousStrides } from '../src/tensor.js';

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
