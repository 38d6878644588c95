/**
 * The plan as data: what a contraction does, step by step, with every decision made and nothing
 * bound to a kernel. Plain objects and arrays only (no closures, no typed arrays), so a plan can be
 * printed, serialised (JSON.stringify) or handed to any engine: the CPU kernels prepare it into
 * closures, the JIT into an emitted kernel, ONNX Runtime into a graph (src/engines/).
 *
 * Labels are ids (0..51 letters, 52 + j the j-th '...' dimension); `sizes[label]` is the label's size.
 * Values are numbered: 0..n-1 the operands, then intermediates in the order steps write them, and
 * the result last (`plan.result`). A step reads values written before it and writes one value.
 */
import type { DType } from '../dtype.js';
import type { ContractionPath, PathStrategy } from '../path/index.js';
import type { BlasKind } from './classify.js';

export interface PlanOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
  readonly dtype?: DType;
  /** 'float64': every sum in float64, rounded or wrapped once into the result (computeDType). */
  readonly accumulate?: 'float64';
}

/** What a plan is made for: one operand's layout and dtype (a Tensor is one). */
export interface OperandSignature {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly dtype: DType;
  /** A tensor's interned layout (src/layout.ts): the same object for the same layout. */
  readonly layout?: unknown;
}

/** A tensor the steps read or write. */
export interface PlanValue {
  readonly kind: 'operand' | 'intermediate' | 'result';
  /** Distinct label ids, in the order of `strides`. Intermediates and the result are dense, row-major in this order. */
  readonly labels: readonly number[];
  /** Element stride of each label (an operand's diagonal label: the sum of its axes' strides; a broadcast size 1: 0). */
  readonly strides: readonly number[];
  /** Operands only: the label of each axis as the caller's tensor has them (a repeated label is a diagonal). */
  readonly axes?: readonly number[];
  /** Elements. */
  readonly size: number;
  readonly dtype: DType;
  /** The step that writes it (-1 for operands) and the last step that reads it (for the result: steps.length). */
  readonly live: readonly [number, number];
  /** Intermediates: the scratch slot they live in (see `slots`); operands: their argument position; the result: -1. */
  readonly slot: number;
}

/** Scratch memory for intermediates whose live ranges never overlap (memory by liveness). */
export interface PlanSlot {
  readonly dtype: DType;
  /** Elements: the largest value ever held. */
  readonly length: number;
}

/**
 * One operand in, one value out: output[kept...] = Σ over `summed` of input. Its `role` says what
 * that amounts to: 'sum' (something summed), 'transpose' (a permuted copy: packing an operand into
 * the order a product needs), 'copy' (same order, e.g. a view made dense). A diagonal is an operand
 * whose `axes` repeat a label; the step reads it as the one label it is bound to.
 */
export interface ReduceStep {
  readonly kind: 'reduce';
  readonly role: 'sum' | 'transpose' | 'copy';
  /** The path step this belongs to (0-based), or -1 for the contraction of a single operand. */
  readonly pathStep: number;
  readonly input: number;
  readonly output: number;
  /** Labels kept, in the output value's order. */
  readonly kept: readonly number[];
  readonly summed: readonly number[];
}

/**
 * A pairwise product, as a batched matrix product sees it:
 *   output[batch, m, n] = Σ_k left[batch, m, k] · right[batch, k, n]
 * Each group is in the order the product runs it; `left`, `right` and `output` hold their labels
 * in an order where each group is one stride, except in a product large enough to be computed
 * over packed panels (kernels' packsPanels): there a group whose strides don't nest is read
 * through a table of offsets while the operand is packed (for the result: written as its blocks
 * are stored), the permutation folded into the packing. Elsewhere a 'transpose' step before the
 * product copied the operand into `order` (after it, the intermediate into the result).
 */
export interface ProductStep {
  readonly kind: 'product';
  readonly pathStep: number;
  readonly left: number;
  readonly right: number;
  readonly output: number;
  readonly batch: readonly number[];
  readonly m: readonly number[];
  readonly n: readonly number[];
  readonly k: readonly number[];
  /** The label order each side is read in: left [batch, m, k], right [batch, k, n], output [batch, m, n]. */
  readonly order: { readonly left: readonly number[]; readonly right: readonly number[]; readonly output: readonly number[] };
  /** What kind of product it is (GEMM, GEMV, DOT, ...): classified once, here; the report prints it. */
  readonly blas: BlasKind;
}

export type PlanStep = ReduceStep | ProductStep;

/** The whole plan. */
export interface PlanData {
  readonly subscripts: string;
  /** The complete contraction in explicit form: 'ij,jk->ik' for 'ij,jk'. */
  readonly explicit: string;
  /** Each operand's shape, strides and dtype, as the plan was made for them. */
  readonly operands: readonly OperandSignature[];
  /** Size of each label id; -1 for an id that no operand uses. */
  readonly sizes: readonly number[];
  /** The output's label ids in order, '...' expanded. */
  readonly output: readonly number[];
  /** The path as found (positions per pairwise step, flops, intermediate sizes). */
  readonly path: ContractionPath;
  /** Per path step: its kind of product (the same as its ProductStep's `blas`). */
  readonly blas: readonly BlasKind[];
  readonly values: readonly PlanValue[];
  readonly steps: readonly PlanStep[];
  readonly slots: readonly PlanSlot[];
  /** The result's value id (always the last value). */
  readonly result: number;
  readonly shape: readonly number[];
  /** The result's dtype. */
  readonly dtype: DType;
  /** The arithmetic of every step and the dtype of every intermediate and slot (computeDType in dtype.ts). */
  readonly compute: DType;
  /** The options the plan was made with (the path strategy and memory limit it honours). */
  readonly options: PlanOptions;
}
