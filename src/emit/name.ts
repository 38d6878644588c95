/**
 * Kernel names say what they specialize (numpy's `..._contig_stride0_outcontig_two`, cwise's
 * per-specialization names): subscripts, shapes, dtypes and, for views, the strides.
 * `ij,jk->ik` on [2,3] x [3,4] float64 -> `ij_jk_to_ik__2x3_3x4__f64`.
 */
import type { DType } from '../dtype.js';
import { contiguousStrides, sameNumbers } from '../tensor.js';
import type { KernelKey } from './ir.js';

const SHORT: Record<DType, string> = { float64: 'f64', float32: 'f32', int32: 'i32' };

/** The typed array of each dtype, as the emitted TypeScript names it. */
export const ARRAY_TYPE: Record<DType, string> = { float64: 'Float64Array', float32: 'Float32Array', int32: 'Int32Array' };

export function kernelName(key: KernelKey): string {
  const views = key.strides.some((s, i) => !sameNumbers(s, contiguousStrides(key.shapes[i])))
    ? `__strides_${key.strides.map((s) => (s.length === 0 ? 's' : s.map((x) => (x < 0 ? `m${-x}` : String(x))).join('x'))).join('_')}`
    : '';
  return baseName(key) + views;
}

/**
 * Subscripts, shapes and dtypes, the part every kernel name has; an unknown size (a
 * rank-specialized kernel's) reads 'n': `ij_jk_to_ik__nx4_4xn__f64`.
 */
export function baseName(key: { readonly subscripts: string; readonly shapes: readonly (readonly (number | null)[])[]; readonly dtypes: readonly DType[]; readonly dtype: DType }): string {
  const subscripts = key.subscripts.replace(/ /g, '').replace('->', '_to_').replace(/,/g, '_').replace(/\.\.\./g, 'E');
  const shapes = key.shapes.map((s) => (s.length === 0 ? 's' : s.map((x) => x ?? 'n').join('x'))).join('_');
  const same = key.dtypes.every((d) => d === key.dtype);
  const dtypes = same ? SHORT[key.dtype] : `${key.dtypes.map((d) => SHORT[d]).join('')}_${SHORT[key.dtype]}`;
  return `${subscripts || 'scalar'}__${shapes || 'none'}__${dtypes}`;
}

