/**
 * The CPU engine: a plan's steps prepared into closures over the CPU kernels (WebAssembly SIMD and
 * JavaScript GEMM, strided reductions and copies), each with every size, stride and route fixed.
 * Running is the closures in order over numbered slots: 0..n-1 hold the operands, then one per
 * plan slot (intermediates share slots by liveness); the result is written straight into the
 * caller's target.
 *
 * Every kernel computes in the plan's arithmetic (`compute`: float32 in float32, int32 wrapping,
 * float64), and the slots are of that dtype.
 * A product's M, K and N groups flatten to one (size, stride) each, or, in a product large enough
 * to be packed (the plan copies the operand first otherwise), the operand is read through offset
 * tables while its panels are packed, and the result written through them as its blocks are
 * stored: the permutation costs no copy. Batch labels that don't nest
 * into one stride go to gemmBatched, which walks them.
 */
import { allocate, type TypedArray } from '../../dtype.js';
import { prepareGemm, prepareGemmBatched, prepareReduce, type Gathers, type PairKernel, type UnaryKernel } from '../../kernels/index.js';
import { flatten, offsetsOf, strideOf, type View } from '../../plan/layout.js';
import { sizeOfLabels } from '../../path/cost.js';
import type { PlanData, ProductStep, ReduceStep } from '../../plan/types.js';
import type { Tensor } from '../../tensor.js';
import type { Engine, Prepared } from '../engine.js';

/** The slot a step writes to when it writes the result. */
const RESULT = -1;

type Instruction = (data: TypedArray[], offsets: number[], result: TypedArray, resultOffset: number) => void;

/** Scratch up to this many elements in all stays allocated with its prepared plan. */
const KEPT_SCRATCH = 1 << 15;
const EMPTY = new Float64Array(0);

interface Slots {
  readonly data: TypedArray[];
  readonly offsets: number[];
}

export class CpuPlan implements Prepared {
  readonly engine = 'cpu';
  readonly instructions: readonly Instruction[];
  private readonly operandCount: number;
  /** Reused slots when the intermediates are small (see run). */
  private readonly kept: Slots | undefined;

  constructor(private readonly plan: PlanData) {
    this.operandCount = plan.values.filter((v) => v.kind === 'operand').length;
    this.instructions = plan.steps.map((step) => (step.kind === 'product' ? this.product(step) : this.reduce(step)));
    const scratch = plan.slots.reduce((sum, s) => sum + s.length, 0);
    this.kept = scratch <= KEPT_SCRATCH ? this.freshSlots() : undefined;
  }

  /** The slot array index of a value: its argument position, an intermediate's plan slot after those, or RESULT. */
  private slotOf(id: number): number {
    const v = this.plan.values[id];
    return v.kind === 'operand' ? v.slot : v.kind === 'result' ? RESULT : this.operandCount + v.slot;
  }

  private view(id: number): View {
    return this.plan.values[id];
  }

  private reduce(step: ReduceStep): Instruction {
    const { sizes } = this.plan;
    const view = this.view(step.input);
    const kernel = prepareReduce(
      step.kept.map((l) => sizes[l]),
      step.kept.map((l) => strideOf(view, l)),
      step.summed.map((l) => sizes[l]),
      step.summed.map((l) => strideOf(view, l)),
      undefined,
      this.plan.compute,
    );
    return unary(kernel, this.slotOf(step.input), this.slotOf(step.output));
  }

  private product(step: ProductStep): Instruction {
    const { sizes } = this.plan;
    const [viewA, viewB, viewC] = [this.view(step.left), this.view(step.right), this.view(step.output)];
    const [m, n, k] = [sizeOfLabels(step.m, sizes), sizeOfLabels(step.n, sizes), sizeOfLabels(step.k, sizes)];
    const [am, ak, bk, bn] = [flatten(viewA, step.m, sizes), flatten(viewA, step.k, sizes), flatten(viewB, step.k, sizes), flatten(viewB, step.n, sizes)];
    const [cm, cn] = [flatten(viewC, step.m, sizes), flatten(viewC, step.n, sizes)];
    // A group that doesn't nest is read (in the result: written) through offset tables while
    // packing (storing); the plan left it in place.
    const tables = (view: View, rows: readonly number[], cols: readonly number[]) => ({ rows: offsetsOf(view, rows, sizes), cols: offsetsOf(view, cols, sizes) });
    const ga = am && ak ? null : tables(viewA, step.m, step.k);
    const gb = bk && bn ? null : tables(viewB, step.k, step.n);
    const gc = cm && cn ? null : tables(viewC, step.m, step.n);
    const gathers: Gathers | undefined = ga || gb || gc ? { a: ga, b: gb, c: gc } : undefined;
    const [aRow, aCol, bRow, bCol] = [am?.stride ?? 0, ak?.stride ?? 0, bk?.stride ?? 0, bn?.stride ?? 0];
    const [cRow, cCol] = [cm?.stride ?? 0, cn?.stride ?? 0];
    const [batchA, batchB, batchC] = [viewA, viewB, viewC].map((v) => flatten(v, step.batch, sizes));
    let kernel: PairKernel;
    if (batchA && batchB && batchC) {
      kernel = prepareGemm(batchA.size, m, n, k,
        batchA.stride, aRow, aCol, batchB.stride, bRow, bCol, batchC.stride, cRow, cCol, this.plan.compute, gathers);
    } else {
      const batchSizes = step.batch.map((l) => sizes[l]);
      const [stridesA, stridesB, stridesC] = [viewA, viewB, viewC].map((v) => step.batch.map((l) => strideOf(v, l)));
      kernel = prepareGemmBatched(batchSizes, stridesA, stridesB, stridesC, m, n, k,
        aRow, aCol, bRow, bCol, cRow, cCol, this.plan.compute, gathers);
    }
    return binary(kernel, this.slotOf(step.left), this.slotOf(step.right), this.slotOf(step.output));
  }

  private freshSlots(): Slots {
    const n = this.operandCount;
    const { slots } = this.plan;
    const data = new Array<TypedArray>(n + slots.length).fill(EMPTY);
    const offsets = new Array<number>(n + slots.length).fill(0);
    for (let i = 0; i < slots.length; i++) if (slots[i].length > 0) data[n + i] = allocate(slots[i].dtype, slots[i].length);
    return { data, offsets };
  }

  /**
   * Small intermediates are allocated once and kept with the plan, so a hot call allocates
   * nothing; large ones are allocated per call rather than held by the cache for ever.
   */
  run(operands: readonly Tensor[], target: TypedArray, targetOffset: number): void {
    const { instructions } = this;
    const slots = this.kept ?? this.freshSlots();
    const { data, offsets } = slots;
    for (let i = 0; i < operands.length; i++) {
      data[i] = operands[i].data;
      offsets[i] = operands[i].offset;
    }
    for (let i = 0; i < instructions.length; i++) instructions[i](data, offsets, target, targetOffset);
    for (let i = 0; i < operands.length; i++) data[i] = EMPTY; // don't keep the caller's arrays alive
  }
}

/** One instruction around a prepared kernel; the destination test is made here, not per call. */
function unary(kernel: UnaryKernel, src: number, dst: number): Instruction {
  if (dst === RESULT) return (data, offsets, result, resultOffset) => kernel(data[src], offsets[src], result, resultOffset);
  return (data, offsets) => kernel(data[src], offsets[src], data[dst], 0);
}

function binary(kernel: PairKernel, a: number, b: number, dst: number): Instruction {
  if (dst === RESULT) return (data, offsets, result, resultOffset) => kernel(data[a], offsets[a], data[b], offsets[b], result, resultOffset);
  return (data, offsets) => kernel(data[a], offsets[a], data[b], offsets[b], data[dst], 0);
}

export const cpuEngine: Engine = {
  name: 'cpu',
  prepare: (plan) => new CpuPlan(plan),
};
