/**
 * einsum's hot path (src/einsum.ts, hotPlan in src/plan/cache.ts): one to three tensors, then no
 * options or `{ out }` alone, matched to a ready plan by layout identity. Every call here runs
 * many times, so the later ones take the hot path; each must give what the checked path gives:
 * the reference's values, the same refusals (code and words), untouched operands.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { configure } from '../src/configure.js';
import { random, tensor, zeros } from '../src/create.js';
import { einsumImpl as einsum } from '../src/einsum.js';
import { Tensor } from '../src/tensor.js';
import { compareResult } from './corpus.js';
import { referenceEinsum } from './reference.js';
import { refusal } from './refusal.js';

const REPEAT = 50;

afterEach(() => configure({ jit: true }));

describe('the hot path gives what the checked path gives', () => {
  it('one, two and three operands, allocating and into `out`, on new data every call', () => {
    const cases: [string, Tensor[]][] = [
      ['ij->ji', [random([3, 4], { seed: 1 })]],
      ['ij,j->i', [random([3, 3], { seed: 2 }), random([3], { seed: 3 })]],
      ['i,ij,j->', [random([3], { seed: 4 }), random([3, 5], { seed: 5 }), random([5], { seed: 6 })]],
      ['nqhd,nkhd->nhqk', [random([1, 2, 2, 4], { seed: 7, dtype: 'float32' }), random([1, 3, 2, 4], { seed: 8, dtype: 'float32' })]],
    ];
    for (const [subscripts, operands] of cases) {
      const out = einsum(subscripts, ...operands);
      for (let k = 0; k < REPEAT; k++) {
        operands[0].data[k % operands[0].size] += 1; // the same tensors, new values
        const expected = referenceEinsum(subscripts, operands);
        const rtol = operands[0].dtype === 'float32' ? 1e-5 : 1e-9;
        const fresh = einsum(subscripts, ...operands);
        expect(compareResult(fresh, expected, rtol), subscripts).toBeUndefined();
        expect(fresh.data).not.toBe(out.data);
        expect(einsum(subscripts, ...operands, { out })).toBe(out);
        expect(compareResult(out, expected, rtol), `${subscripts} into out`).toBeUndefined();
      }
    }
  });

  it('an `out` that is an operand, or a view sharing an operand\'s memory, after hot calls: computed aside', () => {
    const a = random([3, 3], { seed: 9 });
    const x = random([3], { seed: 10 });
    const out = zeros([3]);
    for (let k = 0; k < REPEAT; k++) einsum('ij,j->i', a, x, { out });
    const y = tensor(Float64Array.from(x.data), [3]);
    const expected = referenceEinsum('ij,j->i', [a, y]);
    expect(einsum('ij,j->i', a, y, { out: y })).toBe(y); // out is the operand itself
    expect(compareResult(y, expected)).toBeUndefined();

    // A transpose into its own operand (the CPU engine's copy, past the JIT's size): a kernel
    // writing while it reads would garble it.
    const m = random([80, 80], { seed: 19 });
    const square = zeros([80, 80]);
    for (let k = 0; k < REPEAT; k++) einsum('ij->ji', m, { out: square });
    const transposed = referenceEinsum('ij->ji', [m]);
    expect(einsum('ij->ji', m, { out: m })).toBe(m);
    expect(compareResult(m, transposed)).toBeUndefined();

    const buffer = new Float64Array(6);
    buffer.set(x.data, 0);
    const operand = tensor(buffer.subarray(0, 3), [3]);
    const overlapping = tensor(buffer.subarray(1, 4), [3]); // shares two elements with the operand
    const want = referenceEinsum('ij,j->i', [a, operand]);
    einsum('ij,j->i', a, operand, { out: overlapping });
    expect(compareResult(overlapping, want)).toBeUndefined();
  });

  it('an `out` with an offset into a larger array is written there and nowhere else', () => {
    const a = random([3, 3], { seed: 11 });
    const x = random([3], { seed: 12 });
    const data = new Float64Array(7).fill(-1);
    const out = tensor(data, [3], { offset: 2 });
    for (let k = 0; k < REPEAT; k++) einsum('ij,j->i', a, x, { out });
    expect(compareResult(out, referenceEinsum('ij,j->i', [a, x]))).toBeUndefined();
    expect([data[0], data[1], data[5], data[6]]).toEqual([-1, -1, -1, -1]);
  });

  it('a strided `out` is filled through its strides', () => {
    const a = random([3, 3], { seed: 13 });
    const x = random([3], { seed: 14 });
    const data = new Float64Array(6);
    const out = tensor(data, [3], { strides: [2] });
    for (let k = 0; k < REPEAT; k++) einsum('ij,j->i', a, x, { out });
    expect(compareResult(out, referenceEinsum('ij,j->i', [a, x]))).toBeUndefined();
    expect([data[1], data[3], data[5]]).toEqual([0, 0, 0]);
  });

  it('a configuration change between hot calls is followed', () => {
    const a = random([3, 3], { seed: 15 });
    const x = random([3], { seed: 16 });
    const expected = referenceEinsum('ij,j->i', [a, x]);
    for (let k = 0; k < REPEAT; k++) einsum('ij,j->i', a, x);
    configure({ jit: false });
    for (let k = 0; k < REPEAT; k++) expect(compareResult(einsum('ij,j->i', a, x), expected)).toBeUndefined();
    configure({ jit: true });
    expect(compareResult(einsum('ij,j->i', a, x), expected)).toBeUndefined();
  });
});

describe('the hot path keeps every check', () => {
  const a = random([3, 3], { seed: 17 });
  const x = random([3], { seed: 18 });
  const out = zeros([3]);
  const warm = () => {
    for (let k = 0; k < REPEAT; k++) {
      einsum('ij,j->i', a, x);
      einsum('ij,j->i', a, x, { out });
    }
  };

  it('other options beside `out` are checked, by code and words', () => {
    warm();
    const e = refusal(() => einsum('ij,j->i', a, x, { out, optimise: 'greedy' }));
    expect(e.code).toBe('ARGUMENT');
    expect(e.message).toBe("unknown option 'optimise' in einsum('ij,j->i', ...); the options are 'optimize', 'out', 'dtype', 'accumulate', 'memoryLimit'");
    expect(refusal(() => einsum('ij,j->i', a, x, { out, dtype: 'float16' })).code).toBe('DTYPE');
  });

  it('an `out` of another shape or dtype, or no tensor at all, is refused', () => {
    warm();
    expect(refusal(() => einsum('ij,j->i', a, x, { out: zeros([4]) })).message).toBe("out has shape [4] but the result of 'ij,j->i' has shape [3]");
    expect(refusal(() => einsum('ij,j->i', a, x, { out: zeros([3], { dtype: 'float32' }) })).message).toBe("out has dtype 'float32' but the result of 'ij,j->i' is 'float64'");
    expect(refusal(() => einsum('ij,j->i', a, x, { out: [0, 0, 0] })).code).toBe('DTYPE');
  });

  it('operands of another layout, count or kind are refused as before', () => {
    warm();
    expect(refusal(() => einsum('ij,j->i', a, random([4], { seed: 1 }))).message).toBe("label 'j' is 3 in operand 0 but 4 in operand 1 in 'ij,j->i'");
    expect(refusal(() => einsum('ij,j->i', a, x, x)).code).toBe('OPERAND_COUNT');
    expect(refusal(() => einsum('ij,j->i', a, x, undefined)).message).toBe("operand 2 of 'ij,j->i' is undefined, not a Tensor or a nested array of numbers");
    expect(refusal(() => einsum('ij,j->i', a)).code).toBe('OPERAND_COUNT');
  });

  it('a hand-made object carrying a real tensor\'s layout is checked as hand-made', () => {
    warm();
    const fake = { ...x, data: new Float64Array(2) }; // x's layout, but data too short for its shape
    expect(fake.layout).toBe(x.layout);
    expect(refusal(() => einsum('ij,j->i', a, fake)).code).toBe('ARGUMENT');
    const forged = Object.assign(Object.create(Object.prototype), { ...x }) as Tensor;
    expect(compareResult(einsum('ij,j->i', a, forged), referenceEinsum('ij,j->i', [a, x]))).toBeUndefined();
  });

  it('a refused hot-shaped call writes no operand and no `out`', () => {
    warm();
    const before = [Array.from(a.data), Array.from(x.data)];
    out.data.fill(7);
    refusal(() => einsum('ij,j->i', a, x, { out, memoryLimit: 1 }));
    expect([Array.from(a.data), Array.from(x.data)]).toEqual(before);
    expect(Array.from(out.data)).toEqual([7, 7, 7]);
  });
});

describe("compile()'s hot entry", () => {
  it('operands and `out` at offset 0 or not, allocating and into `out`: every call right', async () => {
    const { compileImpl: compile } = await import('../src/compile.js');
    const f = compile('ij,jk->ik', [2, 3], [3, 2]);
    const buffer = new Float64Array(20);
    const views = (at: number): Tensor[] => [tensor(buffer.subarray(at, at + 6), [2, 3]), tensor(buffer, [3, 2], { offset: at + 6 })];
    for (const at of [0, 3, 0]) {
      const [a, b] = views(at);
      const outData = new Float64Array(4 + at);
      const out = tensor(outData, [2, 2], { offset: at });
      for (let k = 0; k < REPEAT; k++) {
        for (let i = 0; i < buffer.length; i++) buffer[i] = ((i * 7 + k) % 11) - 5; // new values every call
        const expected = referenceEinsum('ij,jk->ik', [a, b]);
        expect(compareResult(f(a, b), expected), `allocating, offset ${at}`).toBeUndefined();
        expect(f(a, b, out)).toBe(out);
        expect(compareResult(out, expected), `into out, offset ${at}`).toBeUndefined();
      }
    }
  });
});
