/** tensor / zeros / ones / random, get and toArray, strided views, seeded reproducibility. */
import { describe, expect, it, vi } from 'vitest';
import { einsum } from '../src/index.js';
import { EinsumError } from '../src/errors.js';
import { Tensor } from '../src/tensor.js';
import { ones, random, tensor, zeros } from '../src/create.js';

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(EinsumError);
    return (e as EinsumError).code;
  }
  return undefined;
}

describe('tensor(data, shape)', () => {
  it('keeps a typed array of the same dtype without copying', () => {
    const buf = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(buf, [2, 3]);
    expect(t.data).toBe(buf);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    expect(t.strides).toEqual([3, 1]);
    expect([t.offset, t.size]).toEqual([0, 6]);
  });
  it('copies a plain array into float64 by default, or the asked dtype', () => {
    const t = tensor([1, 2, 3], [3]);
    expect(t.data).toBeInstanceOf(Float64Array);
    const i = tensor([1.9, -2, 3], [3], { dtype: 'int32' });
    expect(i.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i.data)).toEqual([1, -2, 3]);
  });
  it('reads elements row-major with get() and nests with toArray()', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.get(1, 2)).toBe(6);
    expect(t.get(0, 1)).toBe(2);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  it('handles 0-d and size-0 tensors', () => {
    const s = tensor([7], []);
    expect(s.size).toBe(1);
    expect(s.get()).toBe(7);
    expect(s.toArray()).toBe(7);
    const e = tensor([], [2, 0]);
    expect(e.size).toBe(0);
    expect(e.toArray()).toEqual([[], []]);
  });
  it('refuses a data length that does not fit, and bad sizes, with ARGUMENT', () => {
    expect(code(() => tensor([1, 2, 3], [2, 2]))).toBe('ARGUMENT');
    expect(code(() => tensor([1, 2], [-2]))).toBe('ARGUMENT');
    expect(code(() => tensor([1, 2], [1.5]))).toBe('ARGUMENT');
    expect(code(() => tensor('abc' as unknown as number[], [3]))).toBe('ARGUMENT');
    expect(code(() => tensor([1, 'x'] as unknown as number[], [2]))).toBe('ARGUMENT');
    expect(code(() => tensor([1, 2], [2], { color: 'red' } as never))).toBe('ARGUMENT');
  });
  it('refuses an out-of-range index in get()', () => {
    const t = tensor([1, 2, 3, 4], [2, 2]);
    expect(code(() => t.get(2, 0))).toBe('ARGUMENT');
    expect(code(() => t.get(0))).toBe('ARGUMENT');
    expect(code(() => t.get(0.5, 0))).toBe('ARGUMENT');
    // An index that is no number is named in words (was: a TypeError building the message).
    expect(() => t.get(Symbol('i') as never, 0)).toThrow(expect.objectContaining({ code: 'ARGUMENT', message: 'index Symbol(i) is out of range for axis 0 of size 2' }));
    expect(() => t.get(Object.create(null) as never, 0)).toThrow(expect.objectContaining({ code: 'ARGUMENT', message: 'index object is out of range for axis 0 of size 2' }));
  });
});

describe('tensor(nested)', () => {
  it('infers the shape of a nested array', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensor(5).shape).toEqual([]);
    expect(tensor([[1], [2]], { dtype: 'float32' }).dtype).toBe('float32');
  });
  it('takes a nested array of any depth (was: the call stack overflowed past a few thousand levels)', () => {
    let deep: unknown = [7];
    for (let i = 1; i < 20000; i++) deep = [deep];
    const t = tensor(deep as number[]);
    expect(t.shape.length).toBe(20000);
    expect(Array.from(t.data)).toEqual([7]);
    // Quoted in a refusal, nesting deeper than 8 levels is written '[...]'.
    expect(() => tensor([deep] as never, [1])).toThrow(expect.objectContaining({ code: 'ARGUMENT', message: 'tensor data[0] is [[[[[[[[[...]]]]]]]]], not a number' }));
  });
  it('refuses ragged arrays and non-numbers with ARGUMENT', () => {
    expect(code(() => tensor([[1, 2], [3]] as unknown as number[][]))).toBe('ARGUMENT');
    expect(code(() => tensor([[1, 2], 3] as unknown as number[][]))).toBe('ARGUMENT');
    expect(code(() => tensor([[1, '2']] as unknown as number[][]))).toBe('ARGUMENT');
  });
});

describe('views', () => {
  it('reads through strides and offset: a transposed view', () => {
    const buf = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(buf, [3, 2], { strides: [1, 3] });
    expect(t.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(t.data).toBe(buf);
  });
  it('supports an offset and negative strides (a reversed row)', () => {
    const t = tensor(new Float64Array([0, 1, 2, 3, 4]), [3], { strides: [-1], offset: 3 });
    expect(t.toArray()).toEqual([3, 2, 1]);
    const b = tensor(new Float64Array([9, 9, 1, 2, 3]), [3], { offset: 2 });
    expect(b.toArray()).toEqual([1, 2, 3]);
  });
  it('allows stride 0 (a broadcast view)', () => {
    const t = tensor(new Float64Array([4, 5]), [3, 2], { strides: [0, 1] });
    expect(t.toArray()).toEqual([
      [4, 5],
      [4, 5],
      [4, 5],
    ]);
  });
  it('refuses a view that reaches outside its data, and malformed strides', () => {
    expect(code(() => tensor(new Float64Array(4), [2, 3], { strides: [3, 1] }))).toBe('ARGUMENT');
    expect(code(() => tensor(new Float64Array(4), [3], { strides: [-1], offset: 1 }))).toBe('ARGUMENT');
    expect(code(() => tensor(new Float64Array(4), [2, 2], { strides: [2] }))).toBe('ARGUMENT');
    expect(code(() => tensor(new Float64Array(4), [2], { offset: -1 }))).toBe('ARGUMENT');
    expect(code(() => tensor(new Float64Array(4), [2], { offset: 0.5 }))).toBe('ARGUMENT');
  });
});

describe('new Tensor() called directly', () => {
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return error instanceof EinsumError ? `${error.code}: ${error.message}` : `not an EinsumError: ${String(error)}`;
    }
    return 'accepted';
  };

  it('refuses data that the view reads past, in words, instead of a tensor that einsum would read as NaN', () => {
    expect(refusal(() => new Tensor(new Float64Array(2), [3, 3], 'float64'))).toBe('ARGUMENT: data of length 2 does not fit shape [3, 3] (9 elements)');
    expect(refusal(() => new Tensor(new Float64Array(9), [3, 3], 'float64', [3, 1], 5))).toBe(
      'ARGUMENT: a view of shape [3, 3] with strides [3, 1] and offset 5 reaches outside data of length 9',
    );
    expect(refusal(() => new Tensor(new Float64Array(3), [3], 'float64', [-1], 1))).toBe(
      'ARGUMENT: a view of shape [3] with strides [-1] and offset 1 reaches outside data of length 3',
    );
    expect(refusal(() => new Tensor(new Float64Array(9), [3, 3], 'float64', [3], 0))).toBe('ARGUMENT: strides [3] must be 2 integers for shape [3, 3]');
    expect(refusal(() => new Tensor(new Float64Array(9), [3, 3], 'float64', undefined, -1))).toBe('ARGUMENT: offset -1 must be a non-negative integer');
    expect(refusal(() => new Tensor(new Float64Array(9), [3, 3], 'float64', undefined, 0, 8))).toBe(
      'ARGUMENT: new Tensor(): size 8 must be 9, the number of elements of shape [3, 3]',
    );
  });

  it('refuses data of another dtype, an unknown dtype and a bad shape', () => {
    expect(refusal(() => new Tensor(new Float32Array(3) as never, [3], 'float64'))).toBe(
      'ARGUMENT: new Tensor(): data for dtype \'float64\' must be a Float64Array, got Float32Array',
    );
    expect(refusal(() => new Tensor([1, 2, 3] as never, [3], 'float64'))).toMatch(/^ARGUMENT: new Tensor\(\): data for dtype 'float64' must be a Float64Array, got /);
    expect(refusal(() => new Tensor(new Float64Array(3), [3], 'float16' as unknown as 'float64'))).toBe("DTYPE: dtype 'float16' of new Tensor() is not one of 'float64', 'float32', 'int32'");
    expect(refusal(() => new Tensor(new Float64Array(3), [3.5] as never, 'float64'))).toBe(
      'ARGUMENT: new Tensor(): shape [3.5] has 3.5; sizes are non-negative integers',
    );
  });

  it('accepts what names only elements inside its data: a prefix, a reversed view, a broadcast, a size-0 shape', () => {
    expect(new Tensor(new Float64Array([1, 2, 3, 4]), [3], 'float64').toArray()).toEqual([1, 2, 3]);
    expect(new Tensor(new Float64Array([1, 2, 3]), [3], 'float64', [-1], 2).toArray()).toEqual([3, 2, 1]);
    expect(new Tensor(new Int32Array([7]), [2, 2], 'int32', [0, 0]).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(new Tensor(new Float32Array(0), [0, 5], 'float32').size).toBe(0);
    const t = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3], 'float64');
    expect(einsum('ij->ji', t).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
});

describe('zeros / ones / random', () => {
  it('fill with 0 and 1 in the asked dtype', () => {
    const z = zeros([2, 3]);
    expect(z.dtype).toBe('float64');
    expect(Array.from(z.data)).toEqual([0, 0, 0, 0, 0, 0]);
    const o = ones([2], { dtype: 'int32' });
    expect(o.data).toBeInstanceOf(Int32Array);
    expect(Array.from(o.data)).toEqual([1, 1]);
    expect(zeros([]).size).toBe(1);
    expect(zeros([0, 4]).size).toBe(0);
  });
  it('random is reproducible for a seed and differs between seeds', () => {
    const a = random([4, 5], { seed: 42 });
    const b = random([4, 5], { seed: 42 });
    const c = random([4, 5], { seed: 43 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(Array.from(a.data).every((v) => v >= 0 && v < 1)).toBe(true);
  });
  it('random int32 gives integers in [0, 10)', () => {
    const t = random([50], { seed: 1, dtype: 'int32' });
    expect(Array.from(t.data).every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
  });
  it('refuses bad shapes, a missing seed, an unknown dtype or option', () => {
    expect(code(() => zeros([-1]))).toBe('ARGUMENT');
    expect(code(() => ones([2.5]))).toBe('ARGUMENT');
    expect(code(() => random([2], {} as { seed: number }))).toBe('ARGUMENT');
    expect(code(() => zeros([2], { dtype: 'uint8' as never }))).toBe('DTYPE');
    expect(code(() => zeros([2], { size: 3 } as never))).toBe('ARGUMENT');
  });
  it('read each option, and the shape, once: what is checked is what is made', () => {
    // A dtype getter answering 'float32' then 'float16': was a TypeError (no typed array for 'float16').
    let reads = 0;
    const options = Object.defineProperty({}, 'dtype', { enumerable: true, get: () => (reads++ === 0 ? 'float32' : 'float16') });
    expect(tensor([1, 2], [2], options).dtype).toBe('float32');
    expect(reads).toBe(1);
    let shapeReads = 0;
    const shape = new Proxy([2], { get: (target, key, receiver) => (key === '0' && shapeReads++ > 0 ? -1 : Reflect.get(target, key, receiver)) });
    expect(zeros(shape).shape).toEqual([2]);
  });
});

describe('what cannot be stored is refused, as einsum refuses it', () => {
  const refusal = (run: () => unknown): { code: string; message: string } => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(EinsumError);
      return { code: (e as EinsumError).code, message: (e as EinsumError).message };
    }
    throw new Error('not refused');
  };

  it('a shape past what a typed array holds is MEMORY, in every creator', () => {
    expect(refusal(() => zeros([50000, 50000]))).toEqual({ code: 'MEMORY', message: 'zeros of shape [50000, 50000] needs 2.5e9 elements; a typed array holds at most 2147483647 (2**31-1)' });
    expect(refusal(() => ones([1e5, 1e5], { dtype: 'int32' })).code).toBe('MEMORY');
    expect(refusal(() => random([2 ** 31], { seed: 1 })).message).toMatch(/^random of shape \[2147483648\] needs/);
    expect(refusal(() => tensor(new Float64Array(1), [3e9], { strides: [0] })).message).toMatch(/^tensor of shape \[3000000000\] needs 3e9 elements/);
    expect(refusal(() => zeros([1e200, 1e200])).message).toContain('needs Infinity elements');
  });

  it('an allocation the engine refuses is MEMORY, not a RangeError', () => {
    // What V8 throws when the memory is not there ("Array buffer allocation failed"); a real
    // failure depends on the machine's overcommit policy, so the constructor is made to fail.
    class Refusing extends Float64Array {
      constructor(length: number) {
        if (length > 1000) throw new RangeError('Array buffer allocation failed');
        super(length);
      }
    }
    const a = ones([40, 40]);
    vi.stubGlobal('Float64Array', Refusing);
    try {
      expect(refusal(() => zeros([2 ** 31 - 1]))).toEqual({ code: 'MEMORY', message: 'could not allocate 2.15e9 float64 elements (1.72e10 bytes): out of memory' });
      expect(refusal(() => einsum('ij,kl->ijkl', a, a)).code).toBe('MEMORY'); // einsum's result too
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('int32 values outside its range (and NaN, ±Infinity) are ARGUMENT; fractions truncate toward zero', () => {
    expect(refusal(() => tensor([3e9], [1], { dtype: 'int32' }))).toEqual({ code: 'ARGUMENT', message: 'tensor data[0] is 3000000000, which int32 cannot hold (integers from -2147483648 to 2147483647)' });
    expect(refusal(() => tensor(new Float64Array([1, NaN]), [2], { dtype: 'int32' })).message).toMatch(/^tensor data\[1\] is NaN/);
    expect(refusal(() => tensor([[1, 2], [-Infinity, 4]], { dtype: 'int32' })).message).toMatch(/^tensor value \[1\]\[0\] is -Infinity/);
    expect(refusal(() => tensor([-2147483649], [1], { dtype: 'int32' })).code).toBe('ARGUMENT');
    expect(Array.from(tensor([2147483647.9, -2147483648.9, -1.5, 1.5], [4], { dtype: 'int32' }).data)).toEqual([2147483647, -2147483648, -1, 1]);
    expect(Array.from(tensor([[2147483647], [-2147483648]], { dtype: 'int32' }).data)).toEqual([2147483647, -2147483648]);
  });
});
