/**
 * einsumVjp's API around the numbers: what the pullback runs, `wrt` and int32 operands, float32,
 * `out` buffers (garbage-filled, strided, aliasing an operand), and that a pullback in a loop plans
 * nothing (bind(), the first step of every plan, is counted).
 */
import { describe, expect, it, vi } from 'vitest';
import { einsum, einsumVjp, ones, random, tensor, zeros, type Tensor } from '../src/index.js';
import { compareResult, stridedView } from './corpus.js';

const counter = vi.hoisted(() => ({ binds: 0 }));
vi.mock('../src/bind.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/bind.js')>();
  return {
    ...original,
    bind: (...args: Parameters<typeof original.bind>) => {
      counter.binds++;
      return original.bind(...args);
    },
  };
});

const same = (got: Tensor | undefined, want: Tensor, rtol = 1e-12) => expect(compareResult(got!, { shape: want.shape, data: Array.from({ length: want.size }, (_, k) => flat(want, k)) }, rtol)).toBeUndefined();

function flat(t: Tensor, k: number): number {
  const index: number[] = [];
  for (let a = t.shape.length - 1; a >= 0; a--) {
    index.unshift(k % t.shape[a]);
    k = Math.floor(k / t.shape[a]);
  }
  return t.get(...index);
}

describe('einsumVjp', () => {
  const a = random([4, 5], { seed: 1 });
  const b = random([5, 3], { seed: 2 });
  const dy = random([4, 3], { seed: 3 });

  it('returns einsum\'s result, and a pullback of two matrix products for ij,jk->ik', () => {
    const [y, pullback] = einsumVjp('ij,jk->ik', a, b);
    same(y, einsum('ij,jk->ik', a, b));
    expect(pullback.gradients).toEqual([
      { operand: 0, subscripts: 'ik,jk->ij' },
      { operand: 1, subscripts: 'ik,ij->jk' },
    ]);
    const [da, db] = pullback(dy);
    same(da, einsum('ik,jk->ij', dy, b));
    same(db, einsum('ij,ik->jk', a, dy));
  });

  it('can be called again, with another cotangent, and gives fresh gradients', () => {
    const [, pullback] = einsumVjp('ij,jk->ik', a, b);
    const [first] = pullback(dy);
    const copy = Float64Array.from(first!.data);
    const [second] = pullback(ones([4, 3]));
    expect(Array.from(first!.data)).toEqual(Array.from(copy)); // the first result was not overwritten
    same(second, einsum('ik,jk->ij', ones([4, 3]), b));
  });

  it('plans nothing when the pullback runs in a loop', () => {
    const x = random([6, 7], { seed: 4 }), w = random([7, 7], { seed: 5 });
    const step = () => {
      const [y, pullback] = einsumVjp('bi,ij,bj->b', x, w, x);
      return pullback(y);
    };
    step();
    const before = counter.binds;
    for (let i = 0; i < 5; i++) step();
    expect(counter.binds).toBe(before);
    const [, pullback] = einsumVjp('ii->i', random([3, 3], { seed: 6 }));
    pullback(ones([3]));
    const after = counter.binds;
    for (let i = 0; i < 5; i++) pullback(ones([3]), { out: [zeros([3, 3])] });
    expect(counter.binds).toBe(after);
  });

  it('differentiates only the operands in wrt; the others get undefined', () => {
    const [, pullback] = einsumVjp('ij,jk->ik', a, b, { wrt: [1] });
    expect(pullback.gradients).toEqual([{ operand: 1, subscripts: 'ik,ij->jk' }]);
    const [da, db] = pullback(dy);
    expect(da).toBeUndefined();
    same(db, einsum('ij,ik->jk', a, dy));
  });

  it('takes int32 operands when wrt leaves them out', () => {
    const mask = tensor(new Int32Array([1, 0, 1, 1, 0]), [5]);
    const [y, pullback] = einsumVjp('ij,j->i', a, mask, { wrt: [0] });
    expect(y.dtype).toBe('float64');
    const [da, dmask] = pullback(ones([4]));
    expect(dmask).toBeUndefined();
    same(da, einsum('i,j->ij', ones([4]), mask));
  });

  it('gives float32 gradients for float32 operands, close to the float64 ones', () => {
    const a32 = random([8, 9], { seed: 7, dtype: 'float32' });
    const b64 = random([9, 4], { seed: 8 });
    const [y, pullback] = einsumVjp('ij,jk->ik', a32, b64);
    expect(y.dtype).toBe('float64');
    const [da, db] = pullback(random([8, 4], { seed: 9 }));
    expect(da!.dtype).toBe('float32');
    expect(db!.dtype).toBe('float64');
    const a64 = tensor(Float64Array.from(a32.data), [8, 9]);
    const [, exact] = einsumVjp('ij,jk->ik', a64, b64);
    same(da, exact(random([8, 4], { seed: 9 }))[0]!, 1e-6);
  });

  it('follows the forward dtype option: a float32 result, float64 gradients', () => {
    const [y, pullback] = einsumVjp('ij,jk->ik', a, b, { dtype: 'float32' });
    expect(y.dtype).toBe('float32');
    const [da] = pullback(ones([4, 3], { dtype: 'float32' }));
    expect(da!.dtype).toBe('float64');
    same(da, einsum('ik,jk->ij', ones([4, 3]), b));
  });

  it('takes a nested array as the cotangent', () => {
    const [, pullback] = einsumVjp('i,i->', [1, 2, 3], [4, 5, 6]);
    const [dx, dy2] = pullback(2);
    expect(dx!.toArray()).toEqual([8, 10, 12]);
    expect(dy2!.toArray()).toEqual([2, 4, 6]);
  });
});

describe('the pullback writes into out buffers', () => {
  const x = random([3, 3, 4], { seed: 10 });
  const v = random([4], { seed: 11 });
  const ct = random([3], { seed: 12 });

  it('direct gradients, diagonal scatters and broadcasts land in garbage-filled buffers', () => {
    const cases: [string, Tensor[], Tensor][] = [
      ['iij,j->i', [x, v], ct],
      ['ij,jk->ik', [random([2, 1], { seed: 13 }), random([3, 4], { seed: 14 })], random([2, 4], { seed: 15 })],
      ['ij->i', [random([2, 5], { seed: 16 })], random([2], { seed: 17 })],
    ];
    for (const [subscripts, operands, cotangent] of cases) {
      const [, pullback] = einsumVjp(subscripts, ...operands);
      const fresh = pullback(cotangent);
      const outs = operands.map((o) => tensor(new Float64Array(o.size).fill(123), o.shape));
      const got = pullback(cotangent, { out: outs });
      got.forEach((g, i) => {
        expect(g).toBe(outs[i]);
        same(g, fresh[i]!);
      });
    }
  });

  it('strided buffers and buffers that alias an operand or the cotangent', () => {
    const a = random([3, 4], { seed: 18 }), b = random([4, 2], { seed: 19 });
    const dy = random([3, 2], { seed: 20 });
    const [, pullback] = einsumVjp('ij,jk->ik', a, b);
    const [da, db] = pullback(dy);
    const strided = stridedView(zeros([3, 4]), 21) as Tensor<readonly [3, 4], 'float64'>;
    const [ga] = pullback(dy, { out: [strided, undefined] });
    expect(ga).toBe(strided);
    same(ga, da!);
    // The gradient of a into a itself: the gradient of b, computed after, must still read the old a.
    const aliasA = tensor(Float64Array.from(a.data), [3, 4]);
    const [, again] = einsumVjp('ij,jk->ik', aliasA, b);
    const [ra, rb] = again(dy, { out: [aliasA, undefined] });
    expect(ra).toBe(aliasA);
    same(ra, da!);
    same(rb, db!);
  });
});
