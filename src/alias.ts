/**
 * Aliasing between typed arrays: whether an `out` shares memory with an operand (then the result
 * is computed aside and copied in). Every result owns its buffer; users' views may share one.
 */
import type { TypedArray } from './dtype.js';

/** Whether two arrays share any memory (a buffer identity test is too coarse for views into one buffer). */
export function overlaps(a: TypedArray, b: TypedArray): boolean {
  if (a === b) return true;
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Remembers the last `out` found apart from its operands. Reading `.buffer` costs ~20 ns a time,
 * and a hot loop passes the same arrays call after call, so identity settles it after the first.
 */
export class ApartMemo {
  private out: TypedArray | undefined;
  private readonly operands: (TypedArray | undefined)[] = [];

  apart(out: TypedArray, operands: readonly { readonly data: TypedArray }[]): boolean {
    let same = out === this.out && operands.length === this.operands.length;
    for (let i = 0; same && i < operands.length; i++) same = operands[i].data === this.operands[i];
    if (same) return true;
    for (let i = 0; i < operands.length; i++) if (overlaps(operands[i].data, out)) return false;
    this.out = out;
    this.operands.length = operands.length;
    for (let i = 0; i < operands.length; i++) this.operands[i] = operands[i].data;
    return true;
  }

  /** Whether these one to three operands' arrays (unused ones undefined) are the ones last found apart from `out`. */
  seenApart(out: TypedArray, a: TypedArray, b: TypedArray | undefined, c: TypedArray | undefined): boolean {
    const ops = this.operands;
    return out === this.out && a === ops[0] && b === ops[1] && c === ops[2] && ops.length === (c ? 3 : b ? 2 : 1);
  }
}
