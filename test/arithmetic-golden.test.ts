/**
 * numpy's arithmetic, through the engine and compile() (test/golden/arithmetic.json, written by
 * scripts/golden-arith.py):
 *   int32 products and sums that overflow: the same integers exactly (numpy wraps in int32);
 *   float32: computed in float32, within float32 rounding of numpy's float32 result; with
 *   { accumulate: 'float64' }, float64 sums rounded once: numpy's float64 result rounded to
 *   float32, and on the whole closer to the exact sums than float32 arithmetic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, einsum, EinsumError, tensor } from '../src/index.js';
import type { Tensor } from '../src/tensor.js';
import { goldenOperands, type GoldenCase } from './corpus.js';
import { referenceEinsum } from './reference.js';

type ArithmeticCase = GoldenCase & { readonly expected64?: readonly number[] };
const cases = (JSON.parse(readFileSync(new URL('./golden/arithmetic.json', import.meta.url), 'utf8')) as { cases: ArithmeticCase[] }).cases;
const ints = cases.filter((c) => c.dtypes?.[0] === 'int32');
const floats = cases.filter((c) => c.dtypes?.[0] === 'float32');

type Loose = (...args: unknown[]) => Tensor;

describe('int32: numpy wraps, and so do we', () => {
  it('the issue\'s two cases', () => {
    const big = tensor([2147483647], [1], { dtype: 'int32' });
    expect(Array.from(einsum('i,i->i', big, big).data)).toEqual([1]);
    const a = tensor([300007, 5], [2], { dtype: 'int32' });
    expect(Array.from(einsum('i,i,i->i', a, a, a).data)).toEqual([1884798711, 125]);
  });

  it('has the corpus', () => expect(ints.length).toBeGreaterThanOrEqual(20));

  it.each(ints.map((c) => [c.name, c.subscripts, c] as const))('%s %s: einsum and compile() give numpy\'s integers', (_name, subscripts, c) => {
    const operands = goldenOperands(c);
    const result = einsum(subscripts, ...operands);
    expect(result.dtype).toBe('int32');
    expect(result.shape).toEqual(c.expected!.shape);
    expect(Array.from(result.data)).toEqual(c.expected!.data);
    const compiled = compile(subscripts, ...operands.map((t) => ({ shape: t.shape, dtype: t.dtype }))) as unknown as Loose;
    expect(Array.from(compiled(...operands).data)).toEqual(c.expected!.data);
  });
});

describe('float32: float32 arithmetic, and float64 sums on request', () => {
  it('has the corpus', () => expect(floats.length).toBeGreaterThanOrEqual(6));

  it.each(floats.map((c) => [c.name, c.subscripts, c] as const))('%s %s', (_name, subscripts, c) => {
    const operands = goldenOperands(c);
    const numpy = c.expected!.data;
    const exact = referenceEinsum(subscripts, c.inputs.map((data, k) => ({ shape: c.shapes[k], data }))).data;
    const scale = Math.max(1, ...numpy.map(Math.abs));
    const ours = einsum(subscripts, ...operands);
    expect(ours.dtype).toBe('float32');
    const wide = einsum(subscripts, ...operands, { accumulate: 'float64' });
    expect(wide.dtype).toBe('float32');
    let errOurs = 0, errWide = 0;
    for (let i = 0; i < numpy.length; i++) {
      // Both float32 sums of the same terms in different orders: within a few float32 roundings.
      expect(Math.abs(ours.data[i] - numpy[i]), `element ${i}`).toBeLessThanOrEqual(2e-5 * scale);
      // float64 sums rounded once: numpy's float64 result rounded, give or take one rounding.
      const want = c.expected64![i];
      expect(Math.abs(wide.data[i] - want), `element ${i}`).toBeLessThanOrEqual(Math.abs(want) * 2 ** -23);
      errOurs += Math.abs(ours.data[i] - exact[i]);
      errWide += Math.abs(wide.data[i] - exact[i]);
    }
    expect(errWide).toBeLessThanOrEqual(errOurs);
    const compiled = compile(subscripts, ...operands.map((t) => ({ shape: t.shape, dtype: t.dtype }))) as unknown as Loose;
    const viaCompile = compiled(...operands).data;
    for (let i = 0; i < numpy.length; i++) expect(Math.abs(viaCompile[i] - numpy[i])).toBeLessThanOrEqual(2e-5 * scale);
  });

  it('float64 operands computing into a float32 result do so in float32; dtype float64 computes in float64', () => {
    const a = tensor([1, 2 ** -24, 2 ** -24, 2 ** -24], [4], { dtype: 'float32' });
    const ones = tensor([1, 1, 1, 1], [4], { dtype: 'float32' });
    // In float32, 1 + 2^-24 rounds back to 1 (ties to even) three times over; in float64 it does not.
    expect(einsum('i,i->', a, ones).data[0]).toBe(1);
    expect(einsum('i,i->', a, ones, { accumulate: 'float64' }).data[0]).toBe(Math.fround(1 + 3 * 2 ** -24));
    expect(einsum('i,i->', a, ones, { dtype: 'float64' }).data[0]).toBe(1 + 3 * 2 ** -24);
  });
});

describe('the accumulate option', () => {
  it("takes only 'float64', refused otherwise with DTYPE in words", () => {
    const a = tensor([1, 2], [2], { dtype: 'float32' });
    const call = () => einsum('i->', a, { accumulate: 'float16' as 'float64' });
    expect(call).toThrow(EinsumError);
    expect(call).toThrow("accumulate 'float16' is not 'float64'");
    try {
      call();
    } catch (e) {
      expect((e as EinsumError).code).toBe('DTYPE');
    }
  });

  it('int32 with float64 sums: the old rounding (exact sums only up to 2^53), wrapped once', () => {
    const big = tensor([2147483647], [1], { dtype: 'int32' });
    // 2147483647² = 4611686014132420609 is not a float64: it rounds to ...608, which wraps to 0.
    expect(Array.from(einsum('i,i->i', big, big, { accumulate: 'float64' }).data)).toEqual([0]);
  });
});
