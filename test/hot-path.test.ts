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
import { clearPlanCache } from '../src/plan/cache.js';
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

  it('more plans taking turns than the recent-plans list holds, the same subscripts at other layouts, a cleared cache', () => {
    // hotPlan keeps the last 8 (subscripts, plan) pairs found: 10 plans taking turns evict each
    // other, and a pair of the same subscripts must still check the layouts.
    const m = random([3, 3], { seed: 23 });
    const v = random([3], { seed: 24 });
    const wide = random([3, 5], { seed: 25 });
    const w = random([5], { seed: 26 });
    const turns: [string, Tensor[]][] = [
      ['ij,j->i', [m, v]], ['ji,j->i', [m, v]], ['ij,i->j', [m, v]], ['ik,k->i', [m, v]], ['ji,i->j', [m, v]],
      ['ij,j->i', [wide, w]], ['ij,i->j', [wide, v]], ['ij->ji', [m]], ['ij->i', [wide]], ['i,i->', [v, v]],
    ];
    const expected = turns.map(([s, ops]) => referenceEinsum(s, ops));
    // An empty entry of the list holds the subscripts '\0' and no plan: subscripts of just that
    // are refused by the parser, not tripped over.
    clearPlanCache();
    einsum('i->i', v);
    const nul = refusal(() => einsum('\0', v));
    expect(nul.code).toBe('SYNTAX');
    for (let k = 0; k < REPEAT; k++) {
      if (k === 20) clearPlanCache();
      if (k === 30) configure({ jit: false });
      if (k === 35) configure({ jit: true });
      turns.forEach(([s, ops], i) => expect(compareResult(einsum(s, ...ops), expected[i]), `${s} call ${k}`).toBeUndefined());
    }
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

  it('objects that pass for tensors without a layout match no plan: a surplus or missing operand is still counted', () => {
    warm();
    const x4 = random([3], { seed: 27 });
    for (let k = 0; k < REPEAT; k++) {
      einsum('i->i', x4);
      einsum('i,i,i,i->', x4, x4, x4, x4);
    }
    // A Tensor's fields on its prototype, without a layout; a Proxy hiding a real tensor's layout.
    const lookalike = Object.assign(Object.create(Tensor.prototype), { ...x4, layout: undefined }) as Tensor;
    const hidden = new Proxy(x4, { get: (target, key) => (key === 'layout' ? undefined : Reflect.get(target, key)) });
    for (const odd of [lookalike, hidden]) {
      const surplus = refusal(() => einsum('i->i', x4, odd));
      expect(surplus.code).toBe('OPERAND_COUNT');
      expect(surplus.message).toBe("'i->i' names 1 operand but 2 were given");
      const missing = refusal(() => einsum('i,i,i,i->', odd));
      expect(missing.code).toBe('OPERAND_COUNT');
      expect(missing.message).toBe("'i,i,i,i->' names 4 operands but 1 was given");
    }
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

describe('the `{ out }` fast guard judges options objects as the checked path does', () => {
  // onlyOut (src/operands.ts) reads `out` before it compares the prototype; each object below is
  // judged after warm calls (so the hot path is ready) and again, by code and words or by result.
  const a = random([3, 3], { seed: 21 });
  const x = random([3], { seed: 22 });
  const out = zeros([3]);
  const expected = referenceEinsum('ij,j->i', [a, x]);
  const warm = () => {
    for (let k = 0; k < REPEAT; k++) {
      einsum('ij,j->i', a, x);
      einsum('ij,j->i', a, x, { out });
    }
  };
  const notAnOperand = (what: string) => `operand 2 of 'ij,j->i' is ${what}, not a Tensor or a nested array of numbers`;
  const refused = (options: unknown) => {
    warm();
    out.data.fill(7);
    const e = refusal(() => einsum('ij,j->i', a, x, options));
    expect(Array.from(out.data)).toEqual([7, 7, 7]);
    return e;
  };
  const written = (options: unknown) => {
    for (let round = 0; round < 2; round++) {
      warm();
      out.data.fill(7);
      expect(einsum('ij,j->i', a, x, options)).toBe(out);
      expect(compareResult(out, expected)).toBeUndefined();
    }
  };

  it('an object of another prototype holding `out` is an operand, and refused as one', () => {
    for (const options of [Object.assign(Object.create({}), { out }), Object.create({ out }), Object.assign(Object.create(Object.create(Object.prototype)), { out })]) {
      const e = refused(options);
      expect(e.code).toBe('ARGUMENT');
      expect(e.message).toBe(notAnOperand('Object'));
    }
    class Options {
      out = out;
    }
    const e = refused(new Options());
    expect(e.code).toBe('ARGUMENT');
    expect(e.message).toMatch(/^operand 2 of 'ij,j->i' is .*, not a Tensor or a nested array of numbers$/);
    expect(refused(Object.assign([1, 2, 3], { out })).code).toBe('OPERAND_COUNT');
  });

  it('extra keys beside `out`, own or inherited, are judged by the checked path', () => {
    const ctor = refused({ out, constructor: Object });
    expect(ctor.code).toBe('ARGUMENT');
    expect(ctor.message).toBe("unknown option 'constructor' in einsum('ij,j->i', ...); the options are 'optimize', 'out', 'dtype', 'accumulate', 'memoryLimit'");
    expect(refused({ out, dtype: 'float16' }).code).toBe('DTYPE');
    expect(refused({ out, memoryLimit: 1 }).code).toBe('MEMORY');
    const inherited = Object.assign(Object.create(Object.assign(Object.create(null), { dtype: 'float16' })), { out });
    expect(refused(inherited).message).toBe(notAnOperand('object'));
  });

  it('an `out` that is no Tensor, read through a getter or not, is refused by code and words', () => {
    const e = refused({ get out() { return [0, 0, 0]; } });
    expect(e.code).toBe('DTYPE');
    expect(e.message).toBe('out must be a Tensor whose data matches its dtype, got [0, 0, 0]');
    const lookalike = refused({ out: { ...out, dtype: 'float32' } });
    expect(lookalike.code).toBe('DTYPE');
    expect(lookalike.message).toBe('out must be a Tensor whose data matches its dtype, got Object');
  });

  it('plain objects holding `out` alone are written as before: literal, null prototype, getter, Proxy', () => {
    written({ out });
    written(Object.assign(Object.create(null), { out }));
    written({ get out() { return out; } });
    written(new Proxy({ out }, {}));
    // A Proxy whose keys say more than `out` is judged by the checked path, which reads through it.
    written(new Proxy({ out, dtype: 'float16' }, { get: (target, key) => (key === 'dtype' ? undefined : Reflect.get(target, key)) }));
  });

  it('a subclass of Tensor, as operand or `out`, gives the right values', () => {
    class Named extends Tensor {}
    const m = new Named(Float64Array.from(a.data), [3, 3], 'float64');
    const target = new Named(new Float64Array(3), [3], 'float64');
    for (let k = 0; k < REPEAT; k++) {
      expect(compareResult(einsum('ij,j->i', m, x), expected)).toBeUndefined();
      expect(einsum('ij,j->i', m, x, { out: target })).toBe(target);
      expect(compareResult(target, expected)).toBeUndefined();
    }
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
