/**
 * Lowering a bound contraction and its path to a program: a flat list of instructions over
 * numbered slots (0..n-1 are the operands, higher slots are intermediates), each a closure with
 * every size and stride already fixed. Planning happens once per plan-cache entry; running is
 * the instructions in order.
 *
 * A pairwise step A·B splits the labels into groups, the way a batched matrix product sees them:
 *   batch = in A, in B, kept      M = only in A, kept      N = only in B, kept
 *   K     = in A, in B, summed    (a label only in A and summed is summed out of A first)
 * and prepares gemm(batch, M, N, K) with one stride per group. Batch labels whose strides don't nest
 * (say 'n','h' in a 'nqhd' operand) go to gemmBatched, which walks them; an M, N or K group that
 * doesn't nest makes the operand get copied into [batch, M, K] order first.
 * The last step writes straight into the result when the output's layout lets it.
 * Every kernel is prepared here (route, merged axes, loop order fixed), so an instruction is one
 * call into loops.
 */
import type { Binding } from '../bind.js';
import { prepareGemm, prepareGemmBatched, prepareReduce, type PairKernel, type UnaryKernel } from '../kernels/index.js';
import type { DType, TypedArray } from '../dtype.js';
import type { ContractionPath } from '../path/index.js';
import { sizeOfLabels } from '../path/cost.js';
import { byPosition, byStride, denseView, flatten, strideOf, type FlatDim, type View } from './layout.js';

/** The slot a final instruction writes to: the result array, contiguous in output order. */
export const RESULT = -1;

export type Instruction = (data: TypedArray[], offsets: number[], result: TypedArray) => void;

export interface Program {
  readonly instructions: readonly Instruction[];
  readonly slotCount: number;
  /** Elements of each slot (of the plan's compute dtype); 0 for the operands' slots. Intermediates live at offset 0. */
  readonly slotLengths: readonly number[];
  /** Describes each instruction, for contractPath's report and for debugging. */
  readonly trace: readonly string[];
}

class Builder {
  readonly instructions: Instruction[] = [];
  readonly trace: string[] = [];
  readonly views: View[];
  readonly outputView: View;

  constructor(readonly binding: Binding, readonly compute: DType) {
    this.views = binding.operands.map((o) => ({ labels: o.labels, strides: o.strides }));
    this.slotLengths = binding.operands.map(() => 0);
    this.outputView = denseView(binding.output, binding.sizes);
  }

  get sizes(): readonly number[] {
    return this.binding.sizes;
  }

  readonly slotLengths: number[];

  /** A new intermediate slot, dense in the given label order. */
  private allocate(labels: readonly number[]): number {
    this.views.push(denseView(labels, this.sizes));
    this.slotLengths.push(sizeOfLabels(labels, this.sizes));
    return this.views.length - 1;
  }

  /** dst[kept...] = sum over the other labels of src, into a new slot or the result. */
  reduce(src: number, kept: readonly number[], toResult: boolean): number {
    const view = this.views[src];
    const summed = view.labels.filter((l) => !kept.includes(l));
    const keptSizes = kept.map((l) => this.sizes[l]);
    const keptStrides = kept.map((l) => view.strides[view.labels.indexOf(l)]);
    const sumSizes = summed.map((l) => this.sizes[l]);
    const sumStrides = summed.map((l) => view.strides[view.labels.indexOf(l)]);
    const dst = toResult ? RESULT : this.allocate(kept);
    this.instructions.push(unary(prepareReduce(keptSizes, keptStrides, sumSizes, sumStrides, undefined, this.compute), src, dst));
    this.trace.push(`${summed.length ? 'sum' : 'copy'} slot ${src} -> ${toResult ? 'result' : `slot ${dst}`}`);
    return dst;
  }

  pair(a: number, b: number, kept: readonly number[], toResult: boolean): number {
    const only = (x: View, y: View) => x.labels.filter((l) => !y.labels.includes(l));
    // Sum away what only one side has and nobody needs, before the product.
    const aLonely = only(this.views[a], this.views[b]).filter((l) => !kept.includes(l));
    if (aLonely.length) a = this.reduce(a, byStride(this.views[a], this.views[a].labels.filter((l) => !aLonely.includes(l))), false);
    const bLonely = only(this.views[b], this.views[a]).filter((l) => !kept.includes(l));
    if (bLonely.length) b = this.reduce(b, byStride(this.views[b], this.views[b].labels.filter((l) => !bLonely.includes(l))), false);

    const va = this.views[a];
    const vb = this.views[b];
    const shared = va.labels.filter((l) => vb.labels.includes(l));
    const batch0 = shared.filter((l) => kept.includes(l));
    const k0 = shared.filter((l) => !kept.includes(l));
    const m0 = only(va, vb);
    const n0 = only(vb, va);

    // Two candidate label orders; keep the one that moves the fewest elements.
    const candidates = [{ batch: byStride(va, batch0), m: byStride(va, m0), n: byStride(vb, n0), k: byStride(va, k0) }];
    if (toResult) {
      const out = this.binding.output;
      candidates.push({ batch: byPosition(out, batch0), m: byPosition(out, m0), n: byPosition(out, n0), k: byStride(va, k0) });
    }
    const sizeA = sizeOfLabels(va.labels, this.sizes);
    const sizeB = sizeOfLabels(vb.labels, this.sizes);
    const sizeC = sizeOfLabels(kept, this.sizes);
    let best: { cost: number; order: (typeof candidates)[number]; direct: boolean } | undefined;
    for (const order of candidates) {
      // The batch group never forces a copy: gemmBatched walks batch labels that don't nest.
      const packA = !this.fits(va, [order.m, order.k]);
      const packB = !this.fits(vb, [order.k, order.n]);
      const direct = toResult && this.fits(this.outputView, [order.m, order.n]);
      const cost = (packA ? sizeA : 0) + (packB ? sizeB : 0) + (direct ? 0 : sizeC);
      if (!best || cost < best.cost) best = { cost, order, direct };
    }
    const { order, direct } = best!;
    if (!this.fits(va, [order.m, order.k])) a = this.reduce(a, [...order.batch, ...order.m, ...order.k], false);
    if (!this.fits(vb, [order.k, order.n])) b = this.reduce(b, [...order.batch, ...order.k, ...order.n], false);

    const dst = direct ? RESULT : this.allocate([...order.batch, ...order.m, ...order.n]);
    const [viewA, viewB, viewC] = [this.views[a], this.views[b], direct ? this.outputView : this.views[dst]];
    const [am, ak] = this.dims(viewA, [order.m, order.k]);
    const [bk, bn] = this.dims(viewB, [order.k, order.n]);
    const [cm, cn] = this.dims(viewC, [order.m, order.n]);
    const [sa, sb] = [a, b];
    const batchA = flatten(viewA, order.batch, this.sizes);
    const batchB = flatten(viewB, order.batch, this.sizes);
    const batchC = flatten(viewC, order.batch, this.sizes);
    let kernel: PairKernel;
    if (batchA && batchB && batchC) {
      kernel = prepareGemm(batchA.size, am.size, bn.size, ak.size,
        batchA.stride, am.stride, ak.stride, batchB.stride, bk.stride, bn.stride, batchC.stride, cm.stride, cn.stride, this.compute);
    } else {
      const batchSizes = order.batch.map((l) => this.sizes[l]);
      const [stridesA, stridesB, stridesC] = [viewA, viewB, viewC].map((v) => order.batch.map((l) => strideOf(v, l)));
      kernel = prepareGemmBatched(batchSizes, stridesA, stridesB, stridesC, am.size, bn.size, ak.size,
        am.stride, ak.stride, bk.stride, bn.stride, cm.stride, cn.stride, this.compute);
    }
    this.instructions.push(binary(kernel, sa, sb, dst));
    const batch = sizeOfLabels(order.batch, this.sizes);
    this.trace.push(`gemm slot ${sa} x slot ${sb} -> ${direct ? 'result' : `slot ${dst}`} (batch ${batch}, m ${am.size}, n ${bn.size}, k ${ak.size})`);
    return dst;
  }

  private fits(view: View, groups: readonly (readonly number[])[]): boolean {
    return groups.every((g) => flatten(view, g, this.sizes) !== undefined);
  }

  private dims(view: View, groups: readonly (readonly number[])[]): FlatDim[] {
    return groups.map((g) => flatten(view, g, this.sizes)!);
  }
}

/** One instruction around a prepared kernel; the destination test is made here, not per call. */
function unary(kernel: UnaryKernel, src: number, dst: number): Instruction {
  if (dst === RESULT) return (data, offsets, result) => kernel(data[src], offsets[src], result, 0);
  return (data, offsets) => kernel(data[src], offsets[src], data[dst], 0);
}

function binary(kernel: PairKernel, a: number, b: number, dst: number): Instruction {
  if (dst === RESULT) return (data, offsets, result) => kernel(data[a], offsets[a], data[b], offsets[b], result, 0);
  return (data, offsets) => kernel(data[a], offsets[a], data[b], offsets[b], data[dst], 0);
}

/** `compute`: the arithmetic of every kernel and the dtype of every intermediate (computeDType). */
export function lower(binding: Binding, path: ContractionPath, compute: DType = 'float64'): Program {
  const builder = new Builder(binding, compute);
  let list = binding.operands.map((_, i) => i);
  let wroteResult = false;
  path.steps.forEach((step, index) => {
    const last = index === path.steps.length - 1;
    const slots = step.operands.map((p) => list[p]);
    list = list.filter((_, p) => !step.operands.includes(p));
    const kept = last ? binding.output : step.result;
    let dst: number;
    if (slots.length === 1) {
      dst = builder.reduce(slots[0], last ? kept : byStride(builder.views[slots[0]], kept), last);
    } else {
      dst = builder.pair(slots[0], slots[1], kept, last);
    }
    wroteResult = dst === RESULT;
    list.push(dst);
  });
  if (!wroteResult) builder.reduce(list[0], binding.output, true);
  return { instructions: builder.instructions, slotCount: builder.views.length, slotLengths: builder.slotLengths, trace: builder.trace };
}
