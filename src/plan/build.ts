/**
 * Building the plan: subscripts + operand layouts + options -> PlanData (types.ts). Every check
 * numpy makes happens here (parse, bind, findPath), and every decision an engine should not have
 * to make again: which labels a pairwise step groups how, which operands must be packed first, and
 * whether the last step can write the result directly.
 *
 * A pairwise step A·B splits the labels into groups, the way a batched matrix product sees them:
 *   batch = in A, in B, kept      M = only in A, kept      N = only in B, kept
 *   K     = in A, in B, summed    (a label only in A and summed is summed out of A first)
 * Batch labels whose strides don't nest (say 'n','h' in a 'nqhd' operand) are fine: the product
 * walks them. An M, N or K group that doesn't nest costs nothing in a product large enough to be
 * computed over packed panels (packsPanels): the engine packs the operand through offset tables,
 * the permutation folded into packing, and stores into the result through them too. In a smaller product the operand gets copied ('transpose'
 * step) into [batch, M, K] order first. Of two label orders (operand strides, or the output's), the
 * one that moves the fewest elements wins.
 */
import { axisLabelIds, bind, type Binding } from '../bind.js';
import { computeDType, widest, type DType } from '../dtype.js';
import { packsPanels } from '../kernels/gemm.js';
import { parse } from '../parse.js';
import { sizeOfLabels } from '../path/cost.js';
import { findPath } from '../path/index.js';
import { sizeOf } from '../tensor.js';
import { classify, groupLabels, type BlasKind } from './classify.js';
import { byPosition, byStride, denseView, flatten, type View } from './layout.js';
import { assignSlots } from './liveness.js';
import type { OperandSignature, PlanData, PlanOptions, PlanStep, PlanValue } from './types.js';

/** Steps write here while the plan is built; it becomes the result's value id at the end. */
const RESULT = -1;

interface Draft {
  kind: PlanValue['kind'];
  labels: readonly number[];
  strides: readonly number[];
  axes?: readonly number[];
  size: number;
  dtype: DType;
  from: number;
  to: number;
}

class Builder {
  readonly values: Draft[] = [];
  readonly steps: PlanStep[] = [];
  readonly blas: BlasKind[] = [];
  readonly output: View;
  pathStep = -1;

  constructor(readonly binding: Binding, readonly compute: DType) {
    this.output = denseView(binding.output, binding.sizes);
  }

  get sizes(): readonly number[] {
    return this.binding.sizes;
  }

  view(id: number): View {
    return id === RESULT ? this.output : this.values[id];
  }

  private read(id: number): void {
    this.values[id].to = this.steps.length;
  }

  /** A new intermediate, dense in the given label order, written by the next step. */
  private allocate(labels: readonly number[]): number {
    const { strides } = denseView(labels, this.sizes);
    this.values.push({ kind: 'intermediate', labels: labels.slice(), strides, size: sizeOfLabels(labels, this.sizes), dtype: this.compute, from: this.steps.length, to: this.steps.length });
    return this.values.length - 1;
  }

  /** dst[kept...] = sum over the other labels of src, into a new intermediate or the result. */
  reduce(src: number, kept: readonly number[], toResult: boolean): number {
    const labels = this.view(src).labels;
    const summed = labels.filter((l) => !kept.includes(l));
    this.read(src);
    const dst = toResult ? RESULT : this.allocate(kept);
    const role = summed.length > 0 ? 'sum' : kept.every((l, i) => labels[i] === l) ? 'copy' : 'transpose';
    this.steps.push({ kind: 'reduce', role, pathStep: this.pathStep, input: src, output: dst, kept: kept.slice(), summed });
    return dst;
  }

  pair(a: number, b: number, kept: readonly number[], toResult: boolean): number {
    const groups = groupLabels(this.view(a).labels, this.view(b).labels, kept);
    this.blas.push(classify(groups, this.sizes));
    // Sum away what only one side has and nobody needs, before the product.
    const without = (id: number, gone: readonly number[]) => byStride(this.view(id), this.view(id).labels.filter((l) => !gone.includes(l)));
    if (groups.reducedLeft.length) a = this.reduce(a, without(a, groups.reducedLeft), false);
    if (groups.reducedRight.length) b = this.reduce(b, without(b, groups.reducedRight), false);

    const va = this.view(a);
    const vb = this.view(b);
    const inA = (group: readonly number[]) => va.labels.filter((l) => group.includes(l));
    const [batch0, k0, m0] = [inA(groups.batch), inA(groups.k), inA(groups.m)];
    const n0 = vb.labels.filter((l) => groups.n.includes(l));

    // Two candidate label orders; keep the one that moves the fewest elements.
    const candidates = [{ batch: byStride(va, batch0), m: byStride(va, m0), n: byStride(vb, n0), k: byStride(va, k0) }];
    if (toResult) {
      const out = this.binding.output;
      candidates.push({ batch: byPosition(out, batch0), m: byPosition(out, m0), n: byPosition(out, n0), k: byStride(va, k0) });
    }
    const sizeA = sizeOfLabels(va.labels, this.sizes);
    const sizeB = sizeOfLabels(vb.labels, this.sizes);
    const sizeC = sizeOfLabels(kept, this.sizes);
    // A product over packed panels reads any grouping: nothing to copy first.
    const packs = packsPanels(sizeOfLabels(m0, this.sizes), sizeOfLabels(n0, this.sizes), sizeOfLabels(k0, this.sizes));
    const packA = (order: (typeof candidates)[number]) => !packs && !this.fits(va, [order.m, order.k]);
    const packB = (order: (typeof candidates)[number]) => !packs && !this.fits(vb, [order.k, order.n]);
    let best: { cost: number; order: (typeof candidates)[number]; direct: boolean } | undefined;
    for (const order of candidates) {
      // The batch group never forces a copy: the product walks batch labels that don't nest.
      // A product over packed panels also stores its blocks into any grouping of the result.
      const direct = toResult && (packs || this.fits(this.output, [order.m, order.n]));
      const cost = (packA(order) ? sizeA : 0) + (packB(order) ? sizeB : 0) + (direct ? 0 : sizeC);
      if (!best || cost < best.cost) best = { cost, order, direct };
    }
    const { order, direct } = best!;
    if (packA(order)) a = this.reduce(a, [...order.batch, ...order.m, ...order.k], false);
    if (packB(order)) b = this.reduce(b, [...order.batch, ...order.k, ...order.n], false);

    this.read(a);
    this.read(b);
    const dst = direct ? RESULT : this.allocate([...order.batch, ...order.m, ...order.n]);
    this.steps.push({
      kind: 'product',
      pathStep: this.pathStep,
      left: a,
      right: b,
      output: dst,
      batch: order.batch,
      m: order.m,
      n: order.n,
      k: order.k,
      order: { left: [...order.batch, ...order.m, ...order.k], right: [...order.batch, ...order.k, ...order.n], output: [...order.batch, ...order.m, ...order.n] },
      blas: this.blas[this.blas.length - 1],
    });
    return dst;
  }

  private fits(view: View, groups: readonly (readonly number[])[]): boolean {
    return groups.every((g) => flatten(view, g, this.sizes) !== undefined);
  }
}

/** The plan for operands of these layouts and dtypes. Throws the EinsumError numpy's checks call for. */
export function buildPlan(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions = {}): PlanData {
  const parsed = parse(subscripts);
  const binding = bind(parsed, operands);
  const { sizes, output } = binding;
  const path = findPath(binding.operands.map((o) => o.labels), output, sizes, options.optimize ?? 'auto', options.memoryLimit, subscripts);
  const dtype = options.dtype ?? widest(operands.map((o) => o.dtype));
  const compute = computeDType(operands.map((o) => o.dtype), dtype, options.accumulate);

  const builder = new Builder(binding, compute);
  const ellipsisDims = parsed.inputs.map((term, i) => (term.ellipsis >= 0 ? operands[i].shape.length - (term.labels.length - 1) : 0));
  const axes = axisLabelIds(parsed.inputs, ellipsisDims, binding.ellipsisRank);
  binding.operands.forEach((o, i) => {
    builder.values.push({ kind: 'operand', labels: o.labels, strides: o.strides, axes: axes[i], size: sizeOf(operands[i].shape), dtype: operands[i].dtype, from: -1, to: -1 });
  });

  let list = binding.operands.map((_, i) => i);
  let last = -2;
  path.steps.forEach((step, index) => {
    builder.pathStep = index;
    const final = index === path.steps.length - 1;
    const ids = step.operands.map((p) => list[p]);
    list = list.filter((_, p) => !step.operands.includes(p));
    const kept = final ? output : step.result;
    last = ids.length === 1 ? builder.reduce(ids[0], final ? kept : byStride(builder.view(ids[0]), kept), final) : builder.pair(ids[0], ids[1], kept, final);
    list.push(last);
  });
  if (last !== RESULT) {
    builder.pathStep = path.steps.length === 0 ? -1 : path.steps.length - 1;
    builder.reduce(list[0], output, true);
  }

  const shape = output.map((l) => sizes[l]);
  const result = builder.values.length;
  const steps = builder.steps.map((s) => resolveResult(s, result));
  const drafts = builder.values;
  const writer = steps.findIndex((s) => s.output === result);
  drafts.push({ kind: 'result', labels: output, strides: builder.output.strides, size: sizeOf(shape), dtype, from: writer, to: steps.length });
  const slots = assignSlots(drafts);
  const values: PlanValue[] = drafts.map((d, id) => ({
    kind: d.kind,
    labels: d.labels,
    strides: d.strides,
    ...(d.axes ? { axes: d.axes } : {}),
    size: d.size,
    dtype: d.dtype,
    live: [d.from, d.to],
    slot: d.kind === 'operand' ? id : d.kind === 'result' ? -1 : slots.of[id],
  }));
  const explicit = `${parsed.inputs.map((t) => t.text).join(',')}->${parsed.output.text}`;
  return { subscripts, explicit, operands: operands.map(({ shape, strides, dtype }) => ({ shape, strides, dtype })), sizes, output, path, blas: builder.blas, values, steps, slots: slots.slots, result, shape, dtype, compute, options };
}

function resolveResult(step: PlanStep, result: number): PlanStep {
  return step.output === RESULT ? { ...step, output: result } : step;
}
