/**
 * What each operand becomes before ORT sees it: a dense array over its distinct labels, with
 *   - a repeated label taken as its diagonal (the strides of its axes summed, as bind() does),
 *   - a size-1 dimension that broadcasts against the label's larger size squeezed away: the
 *     operand does not vary along that label, so dropping it from the operand's labels is the
 *     same contraction, and ORT never sees a broadcasting size-1 dimension (the WebGPU provider
 *     of onnxruntime 1.30 computes wrong values for those in Einsum, silently);
 *   - the compute dtype (a widening copy, or float32 when the engine casts).
 * A contiguous operand of the compute dtype is passed as a subarray, without a copy.
 */
import { axisLabelIds, type Binding } from '../../bind.js';
import { allocate, type DType, type TypedArray } from '../../dtype.js';
import { prepareCopy } from '../../kernels/index.js';
import { contiguousStrides, type Tensor } from '../../tensor.js';

export interface InputLayout {
  /** Label ids of the graph input, in the operand's axis order. */
  readonly labels: readonly number[];
  /** For each of those labels, the operand's axes that carry it (several for a diagonal). */
  readonly axes: readonly (readonly number[])[];
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly size: number;
}

export function inputLayouts(binding: Binding, shapes: readonly (readonly number[])[]): InputLayout[] {
  const { subscripts, sizes, ellipsisRank } = binding;
  const ellipsisDims = subscripts.inputs.map((term, i) => (term.ellipsis >= 0 ? shapes[i].length - (term.labels.length - 1) : 0));
  return axisLabelIds(subscripts.inputs, ellipsisDims, ellipsisRank).map((ids, i) => {
    const labels: number[] = [];
    const axes: number[][] = [];
    ids.forEach((label, axis) => {
      if (shapes[i][axis] !== sizes[label]) return; // a size 1 broadcasting: squeezed
      const at = labels.indexOf(label);
      if (at >= 0) axes[at].push(axis);
      else {
        labels.push(label);
        axes.push([axis]);
      }
    });
    const shape = labels.map((l) => sizes[l]);
    return { labels, axes, shape, strides: contiguousStrides(shape), size: shape.reduce((p, n) => p * n, 1) };
  });
}

/** The operand's data as the graph input wants it: dense over `layout.labels`, of `dtype`. */
export function inputData(t: Tensor, layout: InputLayout, dtype: DType): TypedArray {
  const strides = layout.axes.map((axes) => axes.reduce((sum, axis) => sum + t.strides[axis], 0));
  if (t.dtype === dtype && dense(layout, strides)) return t.data.subarray(t.offset, t.offset + layout.size);
  const data = allocate(dtype, layout.size);
  prepareCopy(layout.shape, strides, layout.strides)(t.data, t.offset, data, 0);
  return data;
}

/** Row-major over the layout's labels (the stride of a size-1 label never matters). */
function dense(layout: InputLayout, strides: readonly number[]): boolean {
  for (let i = 0; i < strides.length; i++) if (layout.shape[i] !== 1 && strides[i] !== layout.strides[i]) return false;
  return true;
}
