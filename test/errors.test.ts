/**
 * SPEC §4, row by row (MEMORY is tested with the memory limit, elsewhere): every refusal is an
 * EinsumError with the right code, and its message quotes the subscripts and names the operand,
 * label and sizes involved; SYNTAX messages draw a caret under the position.
 */
import { describe, expect, it } from 'vitest';
import { compile, einsum, EinsumError, ones, tensor, zeros } from '../src/index.js';
import { refusal } from './refusal.js';

type Call = () => unknown;


/** Asserts the code and that every word appears in the message. */
function expectRefusal(call: Call, code: string, words: readonly string[]): EinsumError {
  const e = refusal(call);
  expect(e.code).toBe(code);
  for (const w of words) expect(e.message).toContain(w);
  return e;
}

const a23 = ones([2, 3]);
const a34 = ones([3, 4]);
const a45 = ones([4, 5]);
// einsum's public signature is typed; the calls below are malformed on purpose.
const untyped = einsum as (...args: unknown[]) => unknown;

describe('SYNTAX', () => {
  it.each([
    ['ij,j#->i', 4, ["invalid character '#'", 'position 4']],
    ['i j,j1', 5, ["invalid character '1'", 'position 5']],
    ['ij.,jk', 2, ["'.'", 'position 2']],
    ['i..j,jk', 2, ["'.'"]],
    ['i...j...,jk', 5, ['...', 'once', 'position 5']],
    ['ij,jk->i->k', 8, ["'->'", 'position 8']],
    ['ij,jk-ik', 5, ["'-'", 'position 5']],
    ['ij,jk>ik', 5, ["'>'", 'position 5']],
  ] as const)('%j at position %i', (subscripts, position, words) => {
    const e = expectRefusal(() => einsum(subscripts, a23, a34), 'SYNTAX', [`'${subscripts}'`, ...words]);
    expect(e.position).toBe(position);
    expect(e.subscripts).toBe(subscripts);
    const lines = e.message.split('\n');
    const quoted = lines.findIndex((l) => l.trimStart() === subscripts && l.endsWith(subscripts));
    expect(quoted).toBeGreaterThanOrEqual(0);
    const indent = lines[quoted].length - subscripts.length;
    expect(lines[quoted + 1]).toBe(`${' '.repeat(indent + position)}^`);
  });
});

describe('OPERAND_COUNT', () => {
  it('names how many terms and operands', () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk', a23), 'OPERAND_COUNT', ["'ij,jk'", '2 operands', '1 was given']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij', a23, a34), 'OPERAND_COUNT', ["'ij'", '1 operand', '2 were given']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum(',->', tensor([1], [])), 'OPERAND_COUNT', ["',->'", '2']);
    expectRefusal(() => untyped('ij,jk->ik'), 'OPERAND_COUNT', ['2', '0']);
  });
});

describe('RANK', () => {
  it("names the operand, its term and its shape", () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jkl->il', a23, a34), 'RANK', ["'ij,jkl->il'", 'operand 1', "'jkl'", 'rank 3', '[3, 4]']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('i', a23), 'RANK', ['operand 0', 'rank 1', '[2, 3]']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('...ijk', a23), 'RANK', ['operand 0', '[2, 3]']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('', ones([2])), 'RANK', ['operand 0', '[2]']);
  });
});

describe('SIZE', () => {
  it('a label whose sizes clash names the label, both operands and both sizes', () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk', a23, a45), 'SIZE', ["'ij,jk'", "'j'", '3', '4', 'operand 0', 'operand 1']);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('i,i', ones([3]), ones([0])), 'SIZE', ["'i'", '3', '0']);
  });
  it('a diagonal whose sizes differ within one operand', () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ii->i', a23), 'SIZE', ["'ii->i'", "'i'", 'operand 0', '2', '3']);
  });
  it("'...' shapes that do not broadcast", () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('...i,...i', ones([2, 3]), ones([4, 3])), 'SIZE', ["'...i,...i'", 'operand 1', '[4]', '[2]']);
  });
});

describe('OUTPUT', () => {
  it('an output label twice, or one that no input has, is named', () => {
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij->ii', a23), 'OUTPUT', ["'ij->ii'", "'i'"]);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk->ikk', a23, a34), 'OUTPUT', ["'ij,jk->ikk'", "'k'"]);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk->iz', a23, a34), 'OUTPUT', ["'ij,jk->iz'", "'z'", 'no input']);
  });
});

describe('DTYPE', () => {
  it('out of the wrong dtype or shape, and out left untouched', () => {
    const wrongType = zeros([2, 4], { dtype: 'float32' });
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk->ik', a23, a34, { out: wrongType }), 'DTYPE', ["'ij,jk->ik'", 'float32', 'float64']);
    const wrongShape = tensor([7, 7, 7, 7, 7, 7, 7, 7], [4, 2]);
    // @ts-expect-error the types refuse this call too
    expectRefusal(() => einsum('ij,jk->ik', a23, a34, { out: wrongShape }), 'DTYPE', ['[4, 2]', '[2, 4]']);
    expect(Array.from(wrongShape.data)).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
    expectRefusal(() => untyped('ij,jk->ik', a23, a34, { out: [[0, 0, 0, 0]] }), 'DTYPE', ['out']);
  });
  it('an out whose view names an element twice (was: accepted, and it held a wrong answer)', () => {
    const broadcast = tensor(new Float64Array([5]), [3], { strides: [0] });
    const e = expectRefusal(() => einsum('i->i', tensor([1, 2, 3]), { out: broadcast }), 'DTYPE', []);
    expect(e.message).toBe('out names some elements more than once (shape [3], strides [0]), so it cannot hold one value per element of the result');
    expect(Array.from(broadcast.data)).toEqual([5]);
    const interleaved = tensor(new Float64Array(3), [2, 2], { strides: [1, 1] });
    expectRefusal(() => einsum('ij->ji', tensor([[1, 2], [3, 4]]), { out: interleaved }), 'DTYPE', ['strides [1, 1]']);
    expectRefusal(() => compile('i->i', [3])(tensor([1, 2, 3]), broadcast), 'DTYPE', ['out names some elements more than once']);
    // Strides that interleave without naming an element twice are fine: 0, 2, 4 and 3, 5, 7.
    const apart = tensor(new Float64Array(8), [2, 3], { strides: [3, 2] });
    expect(einsum('ij->ij', tensor([[1, 2, 3], [4, 5, 6]]), { out: apart }).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
  it('an operand whose data is a Uint8Array, bare or behind a tensor-shaped object', () => {
    expectRefusal(() => untyped('i', new Uint8Array([1, 2])), 'DTYPE', ['operand 0', 'Uint8Array']);
    // Not last: a trailing plain object is einsum's options.
    const fake = { shape: [2], strides: [1], offset: 0, size: 2, dtype: 'float64', data: new Uint8Array([1, 2]) };
    expectRefusal(() => untyped('i,i', fake, ones([2])), 'DTYPE', ['operand 0', 'Uint8Array']);
  });
  it('a dtype option that is no dtype', () => {
    expectRefusal(() => untyped('ij', a23, { dtype: 'uint8' }), 'DTYPE', ["'uint8'"]);
  });
});

describe('ARGUMENT', () => {
  it('a non-tensor operand names its index', () => {
    expectRefusal(() => untyped('i,i', ones([2]), 'ab'), 'ARGUMENT', ["'i,i'", 'operand 1']);
    expectRefusal(() => untyped('i,i', null, ones([2])), 'ARGUMENT', ['operand 0']);
    expectRefusal(() => untyped('i,i', ones([2]), undefined), 'ARGUMENT', ['operand 1']);
    expectRefusal(() => untyped('i,i', new Map(), ones([2])), 'ARGUMENT', ['operand 0']);
  });
  it('a ragged nested array, or one holding something else than numbers', () => {
    expectRefusal(() => untyped('ij', [[1, 2], [3]]), 'ARGUMENT', ['operand 0', 'ragged']);
    expectRefusal(() => untyped('ij,j', [[1, 2], [3, 4]], [1, '2']), 'ARGUMENT', ['operand 1']);
  });
  it('a nested array that holds itself (it has no shape; following it never ended)', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    const e = expectRefusal(() => untyped('i', cycle), 'ARGUMENT', []);
    expect(e.message).toBe("operand 0 of 'i': nested array holds itself at [0]; a tensor's nested array must be finite");
    const deeper: unknown[] = [[1, 2]];
    deeper.push([deeper[0], deeper]);
    expectRefusal(() => untyped('ij', deeper), 'ARGUMENT', ['nested array has [1, 2] at [1][0]; expected a number']);
    // Quoted in a message, a list that holds itself is written '[...]' where it repeats (was: RangeError, call stack).
    const shape: unknown[] = [2];
    shape.push(shape);
    expect(refusal(() => zeros(shape as number[])).message).toBe('shape [2, [2, [...]]] has [2, [...]]; sizes are non-negative integers');
  });
  it('a data length that does not fit the shape', () => {
    expectRefusal(() => tensor([1, 2, 3], [2, 2]), 'ARGUMENT', ['3', '[2, 2]']);
    expectRefusal(() => tensor(new Float64Array(5), [2, 2]), 'ARGUMENT', ['5', '[2, 2]']);
  });
  it('a negative or fractional size', () => {
    expectRefusal(() => tensor([], [-1]), 'ARGUMENT', ['-1']);
    expectRefusal(() => zeros([1.5]), 'ARGUMENT', ['1.5']);
  });
  it('an unknown option, or a malformed known one', () => {
    expectRefusal(() => untyped('ij', a23, { optimise: 'greedy' }), 'ARGUMENT', ["'optimise'"]);
    expectRefusal(() => untyped('ij', a23, { optimize: 'fastest' }), 'ARGUMENT', ["'fastest'"]);
    expectRefusal(() => untyped('ij', a23, { memoryLimit: -5 }), 'ARGUMENT', ['-5']);
  });
  it("options are read once, and no later call sees the caller's object changed after a call", () => {
    const options: { dtype: string; memoryLimit?: number } = { dtype: 'float32' };
    expect((untyped('ij,jk->ik', a23, a34, options) as { dtype: string }).dtype).toBe('float32');
    options.dtype = 'float64'; // was: the plan cache kept this object, so the next call got float32
    expect((untyped('ij,jk->ik', a23, a34, { dtype: 'float64' }) as { dtype: string }).dtype).toBe('float64');
    options.memoryLimit = 1;
    expectRefusal(() => untyped('ij,jk->ik', a23, a34, { dtype: 'float64', memoryLimit: 1 }), 'MEMORY', ['memoryLimit is 1']);
    let reads = 0;
    const flipping = Object.defineProperty({}, 'optimize', { enumerable: true, get: () => (reads++ === 0 ? 'greedy' : 'fastest') });
    expect((untyped('ij,jk->ik', a23, a34, flipping) as { shape: number[] }).shape).toEqual([2, 4]);
    expect(reads).toBe(1);
  });
  it('subscripts that are no string, and the type-argument form without codegen', () => {
    expectRefusal(() => untyped(42, a23), 'ARGUMENT', ['subscripts']);
    expectRefusal(() => untyped(a23, a34), 'ARGUMENT', ['codegen']);
  });
});

/**
 * einsum accepts any object shaped like a Tensor, so it must check what a hand-made one claims.
 * (Each fake is followed by another operand: a trailing plain object is the options.)
 */
describe('ARGUMENT for hand-made tensor-like operands', () => {
  const fake = (shape: number[], strides: number[], length: number) => ({ shape, strides, offset: 0, size: shape.reduce((a, b) => a * b, 1), dtype: 'float64', data: new Float64Array(length) });
  it('a data length that does not fit the shape', () => {
    expectRefusal(() => untyped('ij,', fake([2, 2], [2, 1], 3), 1), 'ARGUMENT', ["'ij,'", 'operand 0', '[2, 2]']);
  });
  it('a negative size', () => {
    expectRefusal(() => untyped('i,', fake([-1], [1], 0), 1), 'ARGUMENT', ['operand 0', '-1']);
  });
  it('a fractional size', () => {
    expectRefusal(() => untyped('i,', fake([1.5], [1], 2), 1), 'ARGUMENT', ['operand 0', '1.5']);
  });
});

describe('nothing else happens', () => {
  it('a refused call leaves its operands as they were', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = tensor([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    for (const s of ['ij,jk', 'ij,jk->ii', 'ij,j#', 'ijk,jk']) refusal(() => einsum(s, x, y));
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
