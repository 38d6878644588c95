/**
 * Helpers on (labels, strides) views: the bookkeeping that lets a pairwise step hand a
 * multi-label group (say the batch labels 'n','h') to a kernel as one flat dimension.
 */
import { contiguousStrides } from '../tensor.js';

export interface View {
  readonly labels: readonly number[];
  readonly strides: readonly number[];
}

export interface FlatDim {
  readonly size: number;
  readonly stride: number;
}

/** The stride of `label` in `view`; 0 when the view lacks it (it broadcasts). */
export function strideOf(view: View, label: number): number {
  const at = view.labels.indexOf(label);
  return at < 0 ? 0 : view.strides[at];
}

/**
 * One (size, stride) for a group of labels in the given order, or undefined when the group's
 * strides don't nest (stride[i] = stride[i+1] * size[i+1]) and the operand must be packed first.
 * Size-1 labels are skipped: their stride never matters.
 */
export function flatten(view: View, group: readonly number[], sizes: readonly number[]): FlatDim | undefined {
  let size = 1;
  let stride = 0;
  let inner = 0; // stride of the innermost label seen so far, walking from the right
  let innerSize = 1;
  let first = true; // not `inner < 0`: a reversed view has negative strides
  for (let i = group.length - 1; i >= 0; i--) {
    const n = sizes[group[i]];
    if (n === 1) continue;
    const s = strideOf(view, group[i]);
    if (first) stride = s;
    else if (s !== inner * innerSize) return undefined;
    inner = s;
    first = false;
    innerSize = n;
    size *= n;
  }
  return { size, stride };
}

/** Labels ordered by decreasing stride in `view` (outermost first), a cache-friendly order. */
export function byStride(view: View, labels: readonly number[]): number[] {
  return labels.slice().sort((x, y) => strideOf(view, y) - strideOf(view, x));
}

/** Labels ordered by their position in `order` (labels absent from it go last, stably). */
export function byPosition(order: readonly number[], labels: readonly number[]): number[] {
  const rank = (l: number) => {
    const at = order.indexOf(l);
    return at < 0 ? order.length : at;
  };
  return labels.slice().sort((x, y) => rank(x) - rank(y));
}

/** Row-major strides for labels laid out contiguously in the given order. */
export function denseView(labels: readonly number[], sizes: readonly number[]): View {
  return { labels: labels.slice(), strides: contiguousStrides(labels.map((l) => sizes[l])) };
}

/**
 * The element offset of every index of a group of labels (row-major over the group, in the given
 * order), for a group that flatten() can't make one stride: a product reads such an operand through
 * the table while packing it (kernels/panel.ts, Gathered) instead of copying it first.
 */
export function offsetsOf(view: View, group: readonly number[], sizes: readonly number[]): Int32Array {
  let table = new Int32Array(1);
  for (const label of group) {
    const n = sizes[label];
    const s = strideOf(view, label);
    const next = new Int32Array(table.length * n);
    for (let i = 0; i < table.length; i++) for (let j = 0; j < n; j++) next[i * n + j] = table[i] + j * s;
    table = next;
  }
  return table;
}
