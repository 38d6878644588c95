/**
 * einsumVjp's and the pullback's refusals, by code and words. einsum's own refusals (syntax, rank,
 * sizes, options) come through with einsum's words; nothing is computed before they are raised.
 */
import { describe, expect, it } from 'vitest';
import { einsumVjp, EinsumError, ones, random, tensor, zeros } from '../src/index.js';

function expectRefusal(call: () => unknown, code: string, words: readonly string[]): void {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an EinsumError').toBeInstanceOf(EinsumError);
  expect((error as EinsumError).code).toBe(code);
  for (const w of words) expect((error as EinsumError).message).toContain(w);
}

// The public signature is typed; these calls are malformed on purpose.
const vjp = einsumVjp as unknown as (...args: unknown[]) => [unknown, (...args: unknown[]) => unknown];
const a = ones([2, 3]);
const b = ones([3, 4]);
const i32 = tensor(new Int32Array(3), [3]);

describe('einsumVjp refuses', () => {
  it.each([
    ['SYNTAX', ['ij,#k->ik', a, b], ["invalid character '#'", 'position 3']],
    ['OPERAND_COUNT', ['ij,jk->ik', a], ["'ij,jk->ik' names 2 operands but 1 was given"]],
    ['RANK', ['ij,jkl->ik', a, b], ["operand 1 ('jkl') has rank 3 but its shape is [3, 4]"]],
    ['SIZE', ['ij,jk->ik', a, ones([4, 5])], ["label 'j' is 3 in operand 0 but 4 in operand 1"]],
    ['OUTPUT', ['ij,jk->iz', a, b], ["output label 'z' appears in no input"]],
    ['ARGUMENT', ['ij,jk->ik', a, 'b'], ["operand 1 of 'ij,jk->ik' is 'b'"]],
    ['ARGUMENT', ['ij,jk->ik', a, b, { wrt: [2] }], ["wrt must list distinct operand positions of 'ij,jk->ik' (0 to 1)", 'got [2]']],
    ['ARGUMENT', ['ij,jk->ik', a, b, { wrt: [0, 0] }], ['wrt must list distinct operand positions', 'got [0, 0]']],
    ['ARGUMENT', ['ij,jk->ik', a, b, { wrt: 0 }], ['wrt must list', 'got 0']],
    ['ARGUMENT', ['ij,jk->ik', a, b, { wrtt: [0] }], ["unknown option 'wrtt'", "'wrt'"]],
    ['ARGUMENT', ['ij,jk->ik', a, b, { optimize: 'fastest' }], ['optimize must be']],
    ['DTYPE', ['ij,jk->ik', a, b, { dtype: 'float16' }], ["dtype 'float16' is not one of"]],
    ['DTYPE', ['ij,j->i', a, i32], ["operand 1 of 'ij,j->i' is int32 and has no gradient; pass { wrt: [0] }"]],
    ['DTYPE', ['i,i->', i32, i32], ['operand 0 of', 'is int32 and has no gradient; no operand is float32 or float64']],
    ['DTYPE', ['ij,j->i', a, i32, { wrt: [0, 1] }], ['operand 1', 'int32']],
    ['MEMORY', ['ij,jk->ik', a, b, { memoryLimit: 4 }], ['memoryLimit is 4']],
  ] as const)('%s: %j', (code, args, words) => {
    expectRefusal(() => vjp(...args), code, words);
  });

  it('an equation whose labels and "..." dimensions need more than 52 letters', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY'; // 51 labels, one letter left
    const shape = [...new Array<number>(51).fill(1), 2, 2];
    expectRefusal(() => vjp(`${letters}...->`, zeros(shape)), 'ARGUMENT', ['need a letter for each of its 53 labels', "'...' dimensions", '52 letters']);
  });
});

describe('the pullback refuses', () => {
  const [, pullback] = vjp('ij,jk->ik', a, b);
  it.each([
    ['RANK', [ones([2])], ["the cotangent has shape [2] but the result of 'ij,jk->ik' has shape [2, 4]"]],
    ['SIZE', [ones([2, 5])], ["the cotangent has shape [2, 5] but the result of 'ij,jk->ik' has shape [2, 4]"]],
    ['SIZE', [[[1, 2], [3, 4]]], ['the cotangent has shape [2, 2]']],
    ['ARGUMENT', ['dy'], ["the cotangent of 'ij,jk->ik' must be a Tensor or a nested array", "got 'dy'"]],
    ['ARGUMENT', [[[1, 2], [3]]], ["the cotangent of 'ij,jk->ik'", 'ragged']],
    ['ARGUMENT', [ones([2, 4]), { outs: [] }], ["unknown option 'outs' in the pullback of 'ij,jk->ik'"]],
    ['ARGUMENT', [ones([2, 4]), { out: [zeros([2, 3])] }], ["the pullback's out must be an array of 2 gradient buffers", 'one per operand']],
    ['DTYPE', [ones([2, 4]), { out: [zeros([3, 2]), undefined] }], ["out[0] has shape [3, 2] but the gradient of operand 0 of 'ij,jk->ik' has shape [2, 3]"]],
    ['DTYPE', [ones([2, 4]), { out: [undefined, zeros([3, 4], { dtype: 'float32' })] }], ["out[1] has dtype 'float32' but the gradient of operand 1 of 'ij,jk->ik' has dtype 'float64'"]],
    ['DTYPE', [ones([2, 4]), { out: [new Float64Array(6), undefined] }], ['out[0] has dtype Float64Array']],
    ['DTYPE', [ones([2, 4]), { out: [tensor(new Float64Array(1), [2, 3], { strides: [0, 0] }), undefined] }], ['out[0] names some elements more than once (shape [2, 3], strides [0, 0]), so it cannot hold one value per element of the result']],
  ] as const)('%s: %j', (code, args, words) => {
    expectRefusal(() => pullback(...args), code, words);
  });

  it('an out buffer for an operand that wrt leaves out', () => {
    const [, only] = vjp('ij,jk->ik', a, b, { wrt: [0] });
    expectRefusal(() => only(ones([2, 4]), { out: [undefined, zeros([3, 4])] }), 'ARGUMENT', ["out[1] is given but operand 1 of 'ij,jk->ik' is not differentiated"]);
  });

  it('a memoryLimit that a gradient einsum exceeds', () => {
    const [, limited] = vjp('ij,ij->', random([10, 10], { seed: 1 }), random([10, 10], { seed: 2 }), { memoryLimit: 50 });
    expectRefusal(() => limited(1), 'MEMORY', ['memoryLimit is 50']);
  });
});
