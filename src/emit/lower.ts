/**
 * Lowering: (subscripts, shapes, strides, dtypes) -> a loop-nest IR.
 *
 * Sketch:
 *   1. The plan (src/plan/) is the runtime's own: the same checks and errors, the same
 *      diagonal/broadcast strides, the same path. Without one, it is built for the key ('auto').
 *   2. One or two operands, or three or more whose fused nest is tiny and whose path was left to
 *      us: one nest over every label. Otherwise one nest per pairwise step of the plan's path
 *      (an explicit path or strategy is always followed), intermediates in Float64Array scratch
 *      allocated once per kernel instance.
 *   3. Loop order: output labels outermost in output order (the result is written sequentially,
 *      once per element); summed labels innermost, the smallest stride innermost.
 *   4. Unrolling, from the innermost loop outward: a loop of size <= FULL_UNROLL is unrolled while
 *      the unrolled body stays within UNROLL_BUDGET terms; the first loop that is not becomes a
 *      loop unrolled by 4 with a clean-up loop (when the body allows), the rest plain loops.
 */
import { labelChar } from '../messages.js';
import { LABEL_COUNT } from '../parse.js';
import { sizeOfLabels } from '../path/cost.js';
import { buildPlan } from '../plan/build.js';
import type { PlanData } from '../plan/types.js';
import { contiguousStrides } from '../tensor.js';
import type { KernelIR, KernelKey, Loop, LoopMode, Nest, Place, Scratch } from './ir.js';
import { kernelName } from './name.js';

export const FULL_UNROLL = 4;
export const UNROLL_BUDGET = 256;
const STRIP = 4;
/** A fused nest for 3+ operands is used when its terms stay below this (or below 2x the steps'). */
export const FUSED_MAX = 256;

/** One operand of a nest: where it lives and each of its labels' strides. */
interface NestInput {
  readonly place: Place;
  readonly labels: readonly number[];
  readonly strides: readonly number[];
}

/** Lowers `plan` (made for `key`'s layouts), or the 'auto' plan of `key` when none is given. */
export function lower(key: KernelKey, given?: PlanData): KernelIR {
  const plan = given ?? buildPlan(key.subscripts, key.shapes.map((shape, i) => ({ shape, strides: key.strides[i], dtype: key.dtypes[i] })), { dtype: key.dtype });
  const operands = plan.values.slice(0, key.shapes.length);
  const n = key.shapes.length;
  const params: string[] = [];
  for (let i = 0; i < n; i++) params.push(`d${i}`, `o${i}`);
  params.push('r', 'ro');
  const { sizes } = plan;
  const outShape = plan.output.map((l) => sizes[l]);
  const inputs: NestInput[] = operands.map((op, i) => ({
    place: { array: `d${i}`, offset: `o${i}` },
    labels: op.labels,
    strides: op.strides,
  }));
  const result: Place = { array: 'r', offset: 'ro' };
  const comment = plan.subscripts;
  const strategy = plan.options.optimize;
  const ours = strategy === undefined || strategy === 'auto';

  const fusedWork = sizeOfLabels([...new Set(inputs.flatMap((x) => x.labels))], sizes);
  const scratch: Scratch[] = [];
  let nests: Nest[];
  if (n <= 2 || (ours && fusedWork <= FUSED_MAX)) {
    nests = [nest(inputs, plan.output, sizes, result, comment)];
  } else {
    const path = plan.path;
    const stepsWork = path.steps.reduce(
      (sum, step) => sum + sizeOfLabels([...new Set(step.operands.flatMap((p) => inputs[p]?.labels ?? []))], sizes),
      0,
    );
    if (ours && fusedWork <= 2 * stepsWork) nests = [nest(inputs, plan.output, sizes, result, comment)];
    else nests = steps(inputs, plan, path.steps, scratch);
  }
  const work = nests.reduce((sum, x) => sum + sizeOfLabels(x.loops.map((l) => l.label), sizes), 0);
  return { key, name: kernelName(key), params, outShape, scratch, nests, work };
}

/** One nest per pairwise step; each intermediate is a contiguous scratch array in its label order. */
function steps(
  inputs: readonly NestInput[],
  plan: PlanData,
  pathSteps: readonly { operands: readonly number[]; result: readonly number[] }[],
  scratch: Scratch[],
): Nest[] {
  const { sizes } = plan;
  let current: NestInput[] = inputs.slice();
  const nests: Nest[] = [];
  pathSteps.forEach((step, s) => {
    const last = s === pathSteps.length - 1;
    const taken = step.operands.map((p) => current[p]);
    current = current.filter((_, p) => !step.operands.includes(p));
    const labels = last ? plan.output : step.result;
    const text = (x: NestInput): string => x.labels.map(labelText).join('');
    const comment = `step ${s + 1}: ${taken.map(text).join(',')}->${labels.map(labelText).join('')}`;
    if (last) {
      nests.push(nest(taken, labels, sizes, { array: 'r', offset: 'ro' }, comment));
      return;
    }
    const name = `t${scratch.length}`;
    scratch.push({ name, size: Math.max(1, sizeOfLabels(labels, sizes)), labels: labels.map(labelText).join('') });
    const place: Place = { array: name, offset: '' };
    nests.push(nest(taken, labels, sizes, place, comment));
    current.push({ place, labels, strides: contiguous(labels, sizes) });
  });
  return nests;
}

function nest(inputs: readonly NestInput[], output: readonly number[], sizes: readonly number[], out: Place, comment: string): Nest {
  const outStrides = contiguous(output, sizes);
  const strideOf = (x: NestInput, label: number): number => {
    const at = x.labels.indexOf(label);
    return at < 0 ? 0 : x.strides[at];
  };
  const summed = [...new Set(inputs.flatMap((x) => x.labels))].filter((l) => !output.includes(l));
  // The smallest stride innermost: sort summed labels by their largest stride, descending.
  const reach = (label: number): number => Math.max(0, ...inputs.map((x) => Math.abs(strideOf(x, label))));
  summed.sort((a, b) => reach(b) - reach(a) || a - b);
  const order = [...output, ...summed];
  const modes = unrolling(order.map((l) => sizes[l]));
  const loops: Loop[] = order.map((label, k) => ({
    label,
    size: sizes[label],
    summed: k >= output.length,
    mode: modes[k],
    strides: inputs.map((x) => strideOf(x, label)),
    outStride: k < output.length ? outStrides[k] : 0,
  }));
  return { loops, inputs: inputs.map((x) => x.place), output: out, comment };
}

/** Decide each loop's mode, innermost outward (see the sketch at the top). */
export function unrolling(loopSizes: readonly number[]): LoopMode[] {
  const modes: LoopMode[] = loopSizes.map(() => 'loop');
  let body = 1;
  let k = loopSizes.length - 1;
  for (; k >= 0; k--) {
    const size = Math.max(1, loopSizes[k]); // a size-0 loop emits nothing, but keep the count honest
    if (loopSizes[k] > FULL_UNROLL || body * size > UNROLL_BUDGET) break;
    modes[k] = 'unroll';
    body *= size;
  }
  if (k >= 0 && loopSizes[k] >= STRIP && body * STRIP <= UNROLL_BUDGET) modes[k] = 'strip';
  return modes;
}

/** Row-major strides of a dense array over `labels`, in that order. */
function contiguous(labels: readonly number[], sizes: readonly number[]): number[] {
  return contiguousStrides(labels.map((l) => sizes[l]));
}

/** A label in a kernel comment: its letter, or '(j)' for the j-th '...' dimension. */
function labelText(label: number): string {
  return label < LABEL_COUNT ? labelChar(label) : `(${label - LABEL_COUNT})`;
}
