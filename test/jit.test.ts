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

  it('in float32, bit for bit float32 arithmetic: every product and sum rounded, the last by the store', () => {
    const f = Math.fround;
    for (const [m, n] of [[3, 3], [4, 4], [2, 7], [5, 3]]) {
      const [a, x] = makeOperands([[m, n], [n]], m * 10 + n, 'float32', { integers: false });
      const got = runJit('ij,j->i', [a, x]).data;
      for (let i = 0; i < m; i++) {
        let sum = f(a.data[i * n] * x.data[0]);
        for (let j = 1; j < n; j++) sum = f(sum + f(a.data[i * n + j] * x.data[j]));
        expect(Object.is(got[i], sum), `ij,j->i ${m}x${n} [${i}]: ${got[i]} vs ${sum}`).toBe(true);
      }
    }
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

describe('the file sink: emitted TypeScript, types stripped by tsc, runs the same', () => {
  it('on seeded random equations', async () => {
    const ts = (await import('typescript')).default;
    const { emitKernel, lower, typedSource } = await import('../src/emit/index.js');
    const { SpecializedKernel } = await import('../src/emit/kernel.js');
    randomEquations(23, 60).forEach((eq, n) => {
      const operands = makeOperands(eq.shapes, n);
      const key = keyFor(eq.subscripts, operands);
      const ir = lower(key);
      const emitted = emitKernel(ir);
      const js = ts.transpileModule(typedSource(emitted), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
      const fn = new Function(`${js}\nreturn ${emitted.name};`)() as never;
      const got = new SpecializedKernel(key, ir.outShape, fn).run(operands);
      expect(compareResult(got, referenceEinsum(eq.subscripts, operands)), eq.subscripts).toBeUndefined();
    });
  });
});

describe('compile()', () => {
  it('a hot loop (same tensors, same out) sees new data, a config change, and a bad extra argument', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const { configure } = await import('../src/configure.js');
    const { zeros } = await import('../src/create.js');
    const [m, v] = makeOperands([[3, 3], [3]], 9);
    const out = zeros([3]);
    const matvec = compileImpl('ij,j->i', [3, 3], [3]);
    for (let round = 0; round < 3; round++) {
      m.data[round] += 1; // same tensor, new values: the hot path must read them
      expect(matvec(m, v, out)).toBe(out);
      expect(compareResult(out, referenceEinsum('ij,j->i', [m, v]))).toBeUndefined();
    }
    configure({ jit: false });
    try {
      expect(matvec.kernel).toBe('engine');
      v.data[0] += 1;
      matvec(m, v, out);
      expect(compareResult(out, referenceEinsum('ij,j->i', [m, v]))).toBeUndefined();
    } finally {
      configure({ jit: true });
    }
    matvec(m, v, out);
    expect(() => (matvec as unknown as (...a: unknown[]) => unknown)(m, v, out, out)).toThrow(/takes 2 operands/);
  });

  it('uses the JIT for small work, the engine for large, and agrees with the reference', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const compile = compileImpl;
    const [q, k] = makeOperands([[1, 2, 2, 4], [1, 3, 2, 4]], 5);
    const attention = compile('nqhd,nkhd->nhqk', q.shape, { shape: [1, 3, 2, 4], dtype: 'float64' });
    expect(attention.kernel).toBe('jit');
    expect(attention.shape).toEqual([1, 2, 2, 3]);
    expect(attention.source).toContain('function nqhd_nkhd_to_nhqk__1x2x2x4_1x3x2x4__f64');
    const want = referenceEinsum('nqhd,nkhd->nhqk', [q, k]);
    expect(compareResult(attention(q, k), want)).toBeUndefined();
    // views of other strides take the engine, same values
    expect(compareResult(attention(stridedView(q, 1), stridedView(k, 2)), want)).toBeUndefined();
    const big = compile('ij,jk->ik', [64, 64], [64, 64]);
    expect(big.kernel).toBe('engine');
    const [a, b] = makeOperands([[64, 64], [64, 64]], 6);
    expect(compareResult(big(a, b), referenceEinsum('ij,jk->ik', [a, b]))).toBeUndefined();
  });

  it('writes into out and returns it', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const compile = compileImpl;
    const { zeros } = await import('../src/create.js');
    const matvec = compile('ij,j->i', [3, 3], [3]);
    const [m, v] = makeOperands([[3, 3], [3]], 8);
    const out = zeros([3]);
    expect(matvec(m, v, out)).toBe(out);
    expect(compareResult(out, referenceEinsum('ij,j->i', [m, v]))).toBeUndefined();
    const engine = compile('ij,j->i', [3, 3], [3], { jit: false });
    expect(engine.kernel).toBe('engine');
    const out2 = zeros([3]);
    expect(engine(m, v, out2)).toBe(out2);
    expect(Array.from(out2.data)).toEqual(Array.from(out.data));
  });

  it('turns the JIT off with configure({ jit: false })', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const compile = compileImpl;
    const { configure } = await import('../src/configure.js');
    const f = compile('i,i->', [4], [4]);
    expect(f.kernel).toBe('jit');
    configure({ jit: false });
    try {
      expect(f.kernel).toBe('engine');
      expect(compile('i,i->', [5], [5]).kernel).toBe('engine');
    } finally {
      configure({ jit: true });
    }
    expect(f.kernel).toBe('jit');
    expect(() => configure({ jit: 'no' } as never)).toThrow(expect.objectContaining({ code: 'ARGUMENT' }));
  });

  it('refuses operands that do not fit what it was compiled for', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const compile = compileImpl;
    const f = compile('ij,j->i', [3, 3], [3]);
    const [m, v] = makeOperands([[3, 3], [3]], 9);
    const [m32] = makeOperands([[3, 3]], 9, 'float32');
    const [v4] = makeOperands([[4]], 9);
    expect(() => f(m32, v)).toThrow(expect.objectContaining({ code: 'DTYPE' }));
    expect(() => f(m, v4)).toThrow(expect.objectContaining({ code: 'SIZE', message: expect.stringContaining('has shape [4] but it was compiled for [3]') }));
    expect(() => (f as (...a: unknown[]) => unknown)(m)).toThrow(expect.objectContaining({ code: 'OPERAND_COUNT' }));
    expect(() => compile('ij,j->i', [3, 3], [4])).toThrow(expect.objectContaining({ code: 'SIZE' }));
    expect(() => compile('ij,j->i', [3, 3], 'x' as never)).toThrow(expect.objectContaining({ code: 'ARGUMENT' }));
    // A descriptor's fields are read once: a shape getter answering [3] and then 'xy' compiled for
    // the shape ['y', 'x'] or failed with a plain Error from the path search.
    let reads = 0;
    const descriptor = Object.defineProperty({}, 'shape', { enumerable: true, get: () => (reads++ === 0 ? [3] : 'xy') });
    expect(compile('ij,j->i', [3, 3], descriptor as never).shape).toEqual([3]);
    expect(reads).toBe(1);
  });
});

describe("a compiled function's argument count, cold and hot alike", () => {
  it('refuses arguments past `out` and missing operands, and takes a trailing undefined as not given', async () => {
    const { compileImpl } = await import('../src/compile.js');
    const f = compileImpl('ij,j->i', [3, 3], [3]) as unknown as (...args: unknown[]) => Tensor;
    const [m, v] = makeOperands([[3, 3], [3]], 21);
    const out = makeOperands([[3]], 22)[0];
    const want = referenceEinsum('ij,j->i', [m, v]);
    const outcome = (args: unknown[]): string => {
      try {
        const r = f(...args);
        return compareResult(r, want) ?? 'ok';
      } catch (error) {
        return `${(error as { code?: string }).code}: ${(error as Error).message}`;
      }
    };
    const calls: [string, unknown[]][] = [
      ['allocating', [m, v]],
      ['into out', [m, v, out]],
      ['an undefined out', [m, v, undefined]],
      ['one argument past out', [m, v, out, m]],
      ['an undefined argument past out', [m, v, out, undefined]],
      ['two past an undefined out', [m, v, undefined, undefined, 1]],
      ['a missing operand', [m]],
    ];
    const cold = calls.map(([, args]) => outcome(args));
    // Hot: after a call that took the direct kernel with these very operands and this `out`.
    const hot = calls.map(([, args]) => {
      f(m, v, out);
      f(m, v);
      f(m, v, out);
      return outcome(args);
    });
    expect(hot).toEqual(cold);
    expect(Object.fromEntries(calls.map(([name], i) => [name, cold[i]]))).toEqual({
      allocating: 'ok',
      'into out': 'ok',
      'an undefined out': 'ok',
      'one argument past out': "OPERAND_COUNT: the compiled 'ij,j->i' takes 2 operands (and an optional out) but 4 were given",
      'an undefined argument past out': "OPERAND_COUNT: the compiled 'ij,j->i' takes 2 operands (and an optional out) but 4 were given",
      'two past an undefined out': "OPERAND_COUNT: the compiled 'ij,j->i' takes 2 operands (and an optional out) but 5 were given",
      'a missing operand': "OPERAND_COUNT: the compiled 'ij,j->i' takes 2 operands (and an optional out) but 1 was given",
    });
  });
});

describe('the JIT and very high ranks', () => {
  it("leaves a loop nest deeper than 64 to the engine (was: the emitter's recursion overflowed the stack at rank 5000)", async () => {
    const { einsum, ones } = await import('../src/index.js');
    const t = ones(new Array<number>(5000).fill(1));
    expect(einsum('...->', t).toArray()).toBe(1);
    expect(einsum('...,...->...', t, t).shape.length).toBe(5000);
  });
});

describe('the registry of generated kernels', () => {
  it('refuses what is no spec as the codegen writes it, and registers nothing of a refused batch', async () => {
    const { registerKernels, hasKernels, clearKernels } = await import('../src/registry.js');
    clearKernels();
    const fn = () => undefined;
    const good = { subscripts: 'ij,j->i', shapes: [[3, 3], [3]], dtypes: ['float64', 'float64'], fn } as const;
    const refused = (specs: unknown) => {
      try {
        registerKernels(specs as never);
      } catch (e) {
        return e as { code: string; message: string };
      }
      throw new Error('nothing was thrown');
    };
    // Each was a TypeError (or registered the specs before the bad one).
    expect(refused(null)).toMatchObject({ code: 'ARGUMENT', message: 'registerKernels takes an array of kernel specs as a module written by typed-einsum codegen passes it, got null' });
    expect(refused([good, null])).toMatchObject({ code: 'ARGUMENT', message: 'registerKernels: spec 1 must be an object { subscripts, shapes, dtypes, fn }, got null' });
    expect(refused([{ ...good, dtypes: ['float64'] }])).toMatchObject({ message: "registerKernels: spec 0 dtypes must list one dtype per shape (2), got ['float64']" });
    expect(refused([good, { ...good, subscripts: 'ij,jk->i' }])).toMatchObject({ code: 'RANK' });
    expect(hasKernels()).toBe(false);
  });


  it('dispatches on subscripts, shapes, dtypes and strides, and costs nothing when empty', async () => {
    const { registerKernels, dispatch, hasKernels, clearKernels } = await import('../src/registry.js');
    const { emitKernel, jitSource, lower, instantiate } = await import('../src/emit/index.js');
    clearKernels();
    const [m, v] = makeOperands([[3, 3], [3]], 10);
    expect(hasKernels()).toBe(false);
    expect(dispatch('ij,j->i', [m, v], undefined)).toBeUndefined();
    const key = keyFor('ij,j->i', [m, v]);
    let calls = 0;
    const raw = instantiate(jitSource(emitKernel(lower(key))))!;
    const counted = ((...args: never[]) => (calls++, raw(...args))) as typeof raw;
    const [kernel] = registerKernels([{ subscripts: 'ij,j->i', shapes: [[3, 3], [3]], dtypes: ['float64', 'float64'], fn: counted }]);
    expect(hasKernels()).toBe(true);
    const want = referenceEinsum('ij,j->i', [m, v]);
    expect(compareResult(dispatch('ij,j->i', [m, v], undefined)!, want)).toBeUndefined();
    expect(calls).toBe(1);
    expect(dispatch('ij,j->i', [m, v], undefined, 'float32')).toBeUndefined();
    const { tensor } = await import('../src/create.js');
    const mT = tensor(m.data, [3, 3], { strides: [1, 3] }); // another layout: a transposed view
    expect(dispatch('ij,j->i', [mT, v], undefined)).toBeUndefined();
    expect(dispatch('ij,j', [m, v], undefined)).toBeUndefined();
    expect(compareResult(kernel(m, v), want)).toBeUndefined();
    expect(compareResult(kernel(mT, v), referenceEinsum('ij,j->i', [mT, v]))).toBeUndefined(); // falls back to einsum
    expect(calls).toBe(2);
    // memoryLimit and optimize are the engine's to check: einsum does not hand those calls to a kernel
    const { einsum, EinsumError } = await import('../src/index.js');
    expect(() => einsum('ij,j->i', m, v, { memoryLimit: 2 })).toThrow(EinsumError);
    expect(() => einsum('ij,j->i', m, v, { optimize: [[0, 5]] })).toThrow(EinsumError);
    expect(calls).toBe(2);
    expect(compareResult(einsum('ij,j->i', m, v), want)).toBeUndefined();
    expect(calls).toBe(3);
    clearKernels();
  });
});
