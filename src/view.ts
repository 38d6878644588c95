/**
 * What makes a strided view valid: a shape of non-negative integer sizes, one integer stride per
 * axis, an offset, and every element it names inside its data. `tensor()` checks its arguments
 * here, and so does the Tensor constructor when user code calls it, so that no Tensor reads
 * outside its data (a read past the end is `undefined`, and a contraction would return NaN).
 */
import { dtypeOf, isDType } from './dtype.js';
import { describe, EinsumError, formatShape } from './errors.js';
import { messages } from './messages.js';
import { contiguousStrides, sizeOf } from './tensor.js'; // a cycle, used only at call time

/** An array argument as a copy, taken before it is checked (so what is checked is what is kept); anything else as it is, for the check to refuse. */
export function own(value: unknown): unknown {
  return Array.isArray(value) ? value.slice() : value;
}

export function checkShape(shape: unknown, what = 'shape'): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) throw new EinsumError('ARGUMENT', `${what} must be an array of sizes, got ${describe(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new EinsumError('ARGUMENT', `${what} ${describe(shape)} has ${describe(d)}; sizes are non-negative integers`);
    }
  }
}

/**
 * Data for a contiguous view from offset 0: exactly `elements` long (`tensor()` wraps all of it), or
 * at least (the constructor may view a prefix).
 */
export function checkLength(length: number, shape: readonly number[], elements: number, exact: boolean): void {
  if (exact ? length !== elements : length < elements) {
    throw new EinsumError('ARGUMENT', `data of length ${length} does not fit shape ${formatShape(shape)} (${elements} elements)`);
  }
}

/** Strides and offset of a view of `shape` (size `size`) over data of `length` elements. */
export function checkView(shape: readonly number[], size: number, strides: unknown, offset: unknown, length: number): void {
  if (!Array.isArray(strides) || strides.length !== shape.length || !strides.every((s) => Number.isInteger(s))) {
    throw new EinsumError('ARGUMENT', `strides ${describe(strides)} must be ${shape.length} integers for shape ${formatShape(shape)}`);
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new EinsumError('ARGUMENT', `offset ${describe(offset)} must be a non-negative integer`);
  }
  if (size === 0) return;
  let lo = offset;
  let hi = offset;
  shape.forEach((d, axis) => {
    const reach = (d - 1) * (strides[axis] as number);
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (lo < 0 || hi >= length) {
    throw new EinsumError('ARGUMENT', `a view of shape ${formatShape(shape)} with strides ${formatShape(strides as number[])} and offset ${offset} reaches outside data of length ${length}`);
  }
}

/**
 * The Tensor constructor's arguments, as user code may pass them: data of the dtype's typed array,
 * a valid shape, and a view that stays inside the data (contiguous from offset 0 by default).
 */
export function checkTensorArguments(data: unknown, shape: unknown, dtype: unknown, strides: unknown, offset: unknown, size: unknown): void {
  if (!isDType(dtype)) throw new EinsumError('DTYPE', messages.badDType(describe(dtype), ' of new Tensor()'));
  const given = dtypeOf(data);
  if (given !== dtype) {
    throw new EinsumError('ARGUMENT', `new Tensor(): data for dtype '${dtype}' must be a ${ARRAY_NAMES[dtype]}, got ${describe(data)}`);
  }
  checkShape(shape, 'new Tensor(): shape');
  const elements = sizeOf(shape);
  if (size !== undefined && size !== elements) throw new EinsumError('ARGUMENT', `new Tensor(): size ${describe(size)} must be ${elements}, the number of elements of shape ${formatShape(shape)}`);
  const length = (data as ArrayLike<number>).length;
  if (strides === undefined && offset === 0) return checkLength(length, shape, elements, false);
  checkView(shape, elements, strides ?? contiguousStrides(shape), offset, length);
}

const ARRAY_NAMES = { float64: 'Float64Array', float32: 'Float32Array', int32: 'Int32Array' } as const;

/**
 * Whether a view names some element more than once (a stride 0 on an axis longer than 1, or
 * strides that interleave): such a view cannot hold one value per element, so it is refused as an
 * `out`. Strides that nest (each axis steps past the whole reach of the finer ones: every view made
 * by permuting, reversing, padding or offsetting) settle it at once; any other view is checked
 * element by element. A reversed axis maps the elements it names onto a mirror image, so only the
 * strides' sizes matter.
 */
export function namesAnElementTwice(shape: readonly number[], strides: readonly number[]): boolean {
  if (shape.includes(0)) return false;
  const axes = shape.map((size, axis) => ({ size, step: Math.abs(strides[axis]) })).filter((a) => a.size > 1).sort((a, b) => a.step - b.step);
  let reach = 0;
  let nested = true;
  for (const { size, step } of axes) {
    if (step <= reach) nested = false;
    reach += step * (size - 1);
  }
  if (nested) return false;
  const seen = new Uint8Array(reach + 1);
  const index = new Array<number>(axes.length).fill(0);
  for (let at = 0; ; ) {
    if (seen[at]) return true;
    seen[at] = 1;
    let axis = axes.length - 1;
    for (; axis >= 0; axis--) {
      at += axes[axis].step;
      if (++index[axis] < axes[axis].size) break;
      at -= axes[axis].step * axes[axis].size;
      index[axis] = 0;
    }
    if (axis < 0) return false;
  }
}
