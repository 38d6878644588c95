/**
 * What each operand becomes before ORT sees it: a dense array over its plan value's labels
 * (the plan already binds a repeated label as one label whose stride is the sum of its axes'
 * strides, the diagonal), except that
 *   - a size-1 dimension that broadcasts against the label's larger size is squeezed away: the
 *     operand does not vary along that label, so dropping it from the operand's labels is the
 *     same contraction, and ORT never sees a broadcasting size-1 dimension (the WebGPU provider
 *     of onnxruntime 1.30 computes wrong values for those in Einsum, silently);
 *   - the data is of the dtype ORT computes in (a widening copy, or float32 when the engine casts).
 * A contiguous operand already of that dtype is passed as a subarray, without a copy.
 */
import { allocate, type DType, type TypedArray } from '../../dtype.js';
import { prepareCopy } from '../../kernels/index.js';
import type { PlanData } from '../../plan/types.js';
import { contiguousStrides, type Tensor } from '../../tensor.js';

export interface InputLayout {
  /** Label ids of the graph input, in the plan value's order. */
  readonly labels: readonly number[];
  /** The operand's element stride for each of those labels (this plan's layout). */
  readonly strides: readonly number[];
  readonly shape: readonly number[];
  readonly size: number;
  /** Row-major over `shape`: the operand can be passed as it is. */
  readonly dense: boolean;
}

export function inputLayouts(plan: PlanData): InputLayout[] {
  return plan.operands.map((operand, i) => {
    const value = plan.values[i];
    const axes = value.axes ?? [];
    const labels: number[] = [];
    const strides: number[] = [];
    value.labels.forEach((label, at) => {
      const axis = axes.indexOf(label);
      if (operand.shape[axis] !== plan.sizes[label]) return; // a size 1 broadcasting: squeezed
      labels.push(label);
      strides.push(value.strides[at]);
    });
    const shape = labels.map((l) => plan.sizes[l]);
    const dense = contiguousStrides(shape);
    return { labels, strides, shape, size: shape.reduce((p, n) => p * n, 1), dense: strides.every((s, a) => shape[a] === 1 || s === dense[a]) };
  });
}

/** The operand's data as the graph input wants it: dense over `layout.labels`, of `dtype`. */
export function inputData(t: Tensor, layout: InputLayout, dtype: DType): TypedArray {
  if (t.dtype === dtype && layout.dense) return t.data.subarray(t.offset, t.offset + layout.size);
  const data = allocate(dtype, layout.size);
  prepareCopy(layout.shape, layout.strides, contiguousStrides(layout.shape))(t.data, t.offset, data, 0);
  return data;
}
