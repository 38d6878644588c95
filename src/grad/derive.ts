/**
 * The gradients of one einsum, derived once per layout from its bound terms (parse + bind), as data:
 * for every differentiated operand, the einsum that computes its gradient and how that result lands
 * in the operand's shape. Sketch (JAX's vjp of einsum, plus numpy's broadcasting):
 *   - the gradient of operand i is the einsum of the cotangent (the output's labels) and every other
 *     operand (their own terms, diagonals and broadcasting left to the engine) into operand i's
 *     distinct labels: 'ij,jk->ik' gives 'ik,jk->ij' and 'ik,ij->jk';
 *   - a dimension of size 1 is left out of that output: where it broadcast (a labelled size 1, a
 *     '...' dimension of size 1) the einsum sums it, numpy's reduce-to-shape; '...' dimensions the
 *     operand lacks on the left are not its labels, so they are summed too;
 *   - a label that no other input carries at its full size (it was summed away in operand i alone,
 *     e.g. 'ij->i') is left out too: the gradient is constant along it, and is broadcast back;
 *   - a label repeated in operand i ('ii->i') is written onto the diagonal of a zeroed result.
 * The last two need the scatter step (scatter.ts); without them the einsum's result is the gradient
 * itself, reshaped for free (only size-1 dimensions differ).
 */
import { axisLabelIds, bind, type Binding } from '../bind.js';
import type { DType } from '../dtype.js';
import { EinsumError } from '../errors.js';
import { labelChar } from '../messages.js';
import { LABEL_COUNT, parse } from '../parse.js';
import { contiguousStrides } from '../tensor.js';
import { gradMessages } from './messages.js';

export interface LayoutSignature {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly dtype: DType;
}

/** Which tensors the gradient einsum takes, in order: COTANGENT or an operand position. */
export const COTANGENT = -1;

export interface GradientStep {
  /** The operand (argument position) whose gradient this is. */
  readonly operand: number;
  /** The gradient einsum, with an explicit output: 'ik,jk->ij'. */
  readonly subscripts: string;
  readonly inputs: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The operand's axes that the einsum's result has (the others have size 1 and were summed). */
  readonly keptAxes: readonly number[];
  /** How to write the einsum's result into the gradient, when it is not the gradient itself. */
  readonly scatter: ScatterSpec | undefined;
}

/** One entry per distinct label of the operand: its size there, its axes, its stride in the einsum's result. */
export interface ScatterSpec {
  readonly sizes: readonly number[];
  readonly axes: readonly (readonly number[])[];
  /** 0 where the result lacks the label: the gradient is broadcast along it. */
  readonly sourceStrides: readonly number[];
  /** A repeated label: only the diagonal is written, so the rest must be zeroed first. */
  readonly diagonal: boolean;
}

export interface VjpDerivation {
  readonly binding: Binding;
  readonly resultShape: readonly number[];
  readonly steps: readonly GradientStep[];
}

/** Every check of einsum happens here (parse and bind), with einsum's words. */
export function derive(subscripts: string, operands: readonly LayoutSignature[], wrt: readonly number[]): VjpDerivation {
  const binding = bind(parse(subscripts), operands);
  const { inputs } = binding.subscripts;
  const ellipsisDims = inputs.map((term, i) => (term.ellipsis >= 0 ? operands[i].shape.length - (term.labels.length - 1) : 0));
  const axisIds = axisLabelIds(inputs, ellipsisDims, binding.ellipsisRank);
  const letter = letters(subscripts, axisIds, binding.ellipsisRank);
  const termOf = (ids: readonly number[]) => ids.map(letter).join('');
  const steps = wrt.map((i) => gradientStep(i, binding, operands, axisIds, termOf));
  return { binding, resultShape: binding.output.map((l) => binding.sizes[l]), steps };
}

function gradientStep(
  i: number,
  binding: Binding,
  operands: readonly LayoutSignature[],
  axisIds: readonly (readonly number[])[],
  termOf: (ids: readonly number[]) => string,
): GradientStep {
  const { sizes, output } = binding;
  const shape = operands[i].shape;
  const others = operands.map((_, j) => j).filter((j) => j !== i);
  // A label's full size is known to the gradient einsum if the cotangent or another operand has it.
  const carried = (label: number): boolean =>
    output.includes(label) || others.some((j) => axisIds[j].some((l, axis) => l === label && operands[j].shape[axis] === sizes[label]));

  const distinct: number[] = [];
  const axes: number[][] = [];
  axisIds[i].forEach((label, axis) => {
    const at = distinct.indexOf(label);
    if (at >= 0) axes[at].push(axis);
    else {
      distinct.push(label);
      axes.push([axis]);
    }
  });
  const own = axes.map((a) => shape[a[0]]);
  // A size-1 dimension is never in the einsum's output: summed when it broadcast, free to reinsert.
  const kept = distinct.filter((label, k) => own[k] !== 1 && carried(label));
  const keptShape = kept.map((label) => sizes[label]);

  const subscripts = `${[termOf(output), ...others.map((j) => termOf(axisIds[j]))].join(',')}->${termOf(kept)}`;
  const diagonal = distinct.length < axisIds[i].length;
  const expanded = distinct.some((label, k) => own[k] !== 1 && !kept.includes(label));
  let scatter: ScatterSpec | undefined;
  if (diagonal || expanded) {
    const strides = contiguousStrides(keptShape);
    scatter = { sizes: own, axes, sourceStrides: distinct.map((label) => (kept.includes(label) ? strides[kept.indexOf(label)] : 0)), diagonal };
  }
  const keptAxes = shape.map((_, axis) => axis).filter((axis) => kept.includes(axisIds[i][axis]));
  return { operand: i, subscripts, inputs: [COTANGENT, ...others], shape, dtype: operands[i].dtype, keptAxes, scatter };
}

/** A letter for every label id: letters stand for themselves, '...' dimensions take unused ones. */
function letters(subscripts: string, axisIds: readonly (readonly number[])[], ellipsisRank: number): (label: number) => string {
  const used = new Set<number>();
  for (const ids of axisIds) for (const l of ids) if (l < LABEL_COUNT) used.add(l);
  const free: number[] = [];
  for (let l = 0; l < LABEL_COUNT && free.length < ellipsisRank; l++) if (!used.has(l)) free.push(l);
  if (free.length < ellipsisRank) {
    throw new EinsumError('ARGUMENT', gradMessages.tooManyLabels(subscripts, used.size + ellipsisRank), subscripts);
  }
  return (label) => labelChar(label < LABEL_COUNT ? label : free[label - LABEL_COUNT]);
}
