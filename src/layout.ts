/**
 * Interned layouts: one frozen { dtype, shape, strides } object per distinct layout, which every
 * tensor carries from creation (results inherit their plan's). A plan is then guarded by one
 * identity compare per operand, whatever tensor object arrives: a result of the previous call, a
 * fresh view of the same shape, the same tensor again. Interning is a numeric hash and a short
 * list walk (no key string), paid once per tensor. The table is cleared past LIMIT layouts, so a
 * program that churns through shapes holds no more than that; a layout made before a clear is
 * still correct, it just no longer matches by identity (plans then compare its fields).
 */
import type { DType } from './dtype.js';

export interface Layout {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

const LIMIT = 1 << 14;
const table = new Map<number, Layout[]>();
let count = 0;

function same(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function internLayout(dtype: DType, shape: readonly number[], strides: readonly number[]): Layout {
  let h = dtype === 'float64' ? 1 : dtype === 'float32' ? 2 : 3;
  for (let i = 0; i < shape.length; i++) h = (Math.imul(h, 31) + shape[i]) | 0;
  for (let i = 0; i < strides.length; i++) h = (Math.imul(h, 17) + strides[i]) | 0;
  const list = table.get(h);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const l = list[i];
      if (l.dtype === dtype && same(l.shape, shape) && same(l.strides, strides)) return l;
    }
  }
  if (count >= LIMIT) {
    table.clear();
    count = 0;
  }
  const layout: Layout = Object.freeze({ dtype, shape: Object.freeze(shape.slice()), strides: Object.freeze(strides.slice()) });
  const bucket = table.get(h);
  if (bucket) bucket.push(layout);
  else table.set(h, [layout]);
  count++;
  return layout;
}
