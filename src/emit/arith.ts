/**
 * The arithmetic of emitted kernels, one row per computing dtype (numpy's einsum_sumprod table:
 * a dtype is a row, every kernel is stamped from it). The engine's kernels compute the same way:
 * float64 as JS numbers; float32 with every product and sum rounded by Math.fround (exactly what
 * f32x4 mul and add do); int32 wrapping, with Math.imul and |0 (numpy's int32, overflow included).
 */
import type { DType } from '../dtype.js';
import { ARRAY_TYPE } from './name.js';

export interface Arithmetic {
  /**
   * The product of these factors (element reads) as an expression; `native[j]`: factor j is
   * already of the arithmetic's type (read from an array of it), so it needs no conversion.
   */
  product(factors: readonly string[], native: readonly boolean[]): string;
  /** `acc` plus these terms, as a statement. */
  accumulate(acc: string, terms: readonly string[]): string;
  /**
   * The sum of these terms as an expression (0 for none); `stored`: the value goes straight into
   * an array of this arithmetic's type, whose store rounds or wraps the same way.
   */
  sum(terms: readonly string[], stored?: boolean): string;
  /** The typed array of intermediates. */
  readonly array: string;
}

const fold = (xs: readonly string[], step: (x: string, y: string) => string): string => xs.slice(1).reduce(step, xs[0]);

const FLOAT64: Arithmetic = {
  product: (factors) => factors.join(' * ') || '1',
  accumulate: (acc, terms) => `${acc} += ${terms.join(' + ') || '0'};`,
  sum: (terms) => terms.join(' + ') || '0',
  array: ARRAY_TYPE.float64,
};

/**
 * `Math.fround(x)` as `x` when it wraps the whole expression. For a value stored into a
 * Float32Array: the store rounds to float32 exactly as fround does (to nearest, ties to even), so
 * the last rounding of a sum is the store's, which shortens each output's chain of dependent
 * operations by one conversion.
 */
function storedAsIs(expr: string): string {
  const head = 'Math.fround(';
  if (!expr.startsWith(head)) return expr;
  let depth = 0;
  for (let i = head.length - 1; i < expr.length; i++) {
    if (expr[i] === '(') depth++;
    else if (expr[i] === ')' && --depth === 0) return i === expr.length - 1 ? expr.slice(head.length, -1) : expr;
  }
  return expr;
}

const FLOAT32: Arithmetic = {
  product: (factors, native) => (factors.length === 0
    ? '1'
    : fold(factors.map((f, j) => (native[j] ? f : `Math.fround(${f})`)), (x, y) => `Math.fround(${x} * ${y})`)),
  accumulate: (acc, terms) => `${acc} = ${fold([acc, ...terms], (x, y) => `Math.fround(${x} + ${y})`)};`,
  sum: (terms, stored) => {
    const total = terms.length === 0 ? '0' : fold(terms, (x, y) => `Math.fround(${x} + ${y})`);
    return stored ? storedAsIs(total) : total;
  },
  array: ARRAY_TYPE.float32,
};

// Sums of int32 terms are exact in a double (a few thousand terms at most in one expression),
// so one |0 per sum wraps them exactly; products go through Math.imul, which wraps. (int32
// arithmetic is chosen only when every operand is int32: factors are int32 already.)
const INT32: Arithmetic = {
  product: (factors) => (factors.length === 0 ? '1' : fold(factors, (x, y) => `Math.imul(${x}, ${y})`)),
  accumulate: (acc, terms) => `${acc} = (${[acc, ...terms].join(' + ')}) | 0;`,
  sum: (terms) => (terms.length === 0 ? '0' : terms.length === 1 ? terms[0] : `(${terms.join(' + ')}) | 0`),
  array: ARRAY_TYPE.int32,
};

export const ARITHMETIC: Record<DType, Arithmetic> = { float64: FLOAT64, float32: FLOAT32, int32: INT32 };
