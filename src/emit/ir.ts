/**
 * The loop-nest IR between a Binding and the emitted text (cwise-compiler's model: validate into
 * an IR, then print it). A kernel is one or more nests run in order; every nest writes each of its
 * output elements exactly once, summing in a local double.
 */
import type { DType } from '../dtype.js';

/** What a specialized kernel is specialized on; also the registry's key. */
export interface KernelKey {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  /** Element strides of each operand (offsets stay run-time parameters). */
  readonly strides: readonly (readonly number[])[];
  readonly dtypes: readonly DType[];
  /** The result's dtype. */
  readonly dtype: DType;
}

/** How a loop is emitted: fully unrolled, a plain loop, or unrolled by 4 with a clean-up loop. */
export type LoopMode = 'unroll' | 'loop' | 'strip';

export interface Loop {
  /** Label id (0..51 letters, 52+ '...' dimensions). */
  readonly label: number;
  readonly size: number;
  readonly summed: boolean;
  readonly mode: LoopMode;
  /** The stride of this label in each input of the nest (0 where the input lacks it). */
  readonly strides: readonly number[];
  /** The stride in the nest's output (0 for a summed label). */
  readonly outStride: number;
}

/** Where a nest reads or writes: an array variable and the variable holding its base offset. */
export interface Place {
  readonly array: string;
  /** The base offset variable, or '' when the base is 0 (scratch arrays). */
  readonly offset: string;
}

export interface Nest {
  /** Outer to inner; output labels first, summed labels innermost. */
  readonly loops: readonly Loop[];
  readonly inputs: readonly Place[];
  readonly output: Place;
  /** A readable description for a comment: the step's own subscripts. */
  readonly comment: string;
}

export interface Scratch {
  readonly name: string;
  readonly size: number;
  readonly labels: string;
}

export interface KernelIR {
  readonly key: KernelKey;
  /** A name that says what the kernel specializes, usable as a JS identifier. */
  readonly name: string;
  /** Parameters: d0, o0, d1, o1, ..., r, ro (data and offset of each operand, then the result). */
  readonly params: readonly string[];
  readonly outShape: readonly number[];
  /** Intermediates, allocated once per kernel instance. */
  readonly scratch: readonly Scratch[];
  readonly nests: readonly Nest[];
  /** Multiply-adds per call, to decide whether the unrolled code is worth it. */
  readonly work: number;
}
