/**
 * The typed signature of compile(subscripts, ...shapes, options?): shapes (or `{ shape, dtype }`
 * descriptors, or Tensors) are checked like einsum's operands, and the compiled function takes
 * operands of exactly those shapes, plus an optional `out`, and returns the result's tensor type.
 * src/compile.ts declares `export const compile: CompileSignature<CompiledEinsum> = ...`.
 */
import type { DType, Widest } from '../src/dtype.js';
import type { PathStrategy } from '../src/path/index.js';
import type { Nested, Shape, Tensor } from '../src/tensor.js';
import type { Analyze, FirstError, OperandParams, SplitArgs, SubscriptsParam } from './analyze.js';
import type { CheckedDescriptors, Descriptor, DescriptorDType, DescriptorDTypes, DescriptorShape, DescriptorShapes } from './descriptor.js';

export interface CompileOptions {
  readonly dtype?: DType;
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
  /** false: never use the JIT for this function. */
  readonly jit?: boolean;
}

type CompileAnalysis<Subscripts extends string, Args extends readonly unknown[]> = Analyze<
  Subscripts,
  DescriptorShapes<SplitArgs<Args, Descriptor>[0]>
>;

/** The first error of `compile(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type CompileCheck<Subscripts extends string, Args extends readonly unknown[]> = FirstError<CompileAnalysis<Subscripts, Args>>;

type CheckedCompileArgs<Args extends readonly unknown[]> = CheckedDescriptors<Args, CompileOptions>;

export type CompileArgs<Subscripts extends string, Args extends readonly unknown[]> =
  CompileAnalysis<Subscripts, Args> extends infer Result
    ? [subscripts: SubscriptsParam<Subscripts, Result>, ...shapes: OperandParams<Args, Result, Result extends Shape ? CheckedCompileArgs<Args> : Args>]
    : never;

/** The compiled function's operands: a Tensor of the compiled shape and dtype, or nested numbers. */
type CompiledOperands<Descriptors extends readonly unknown[]> = {
  [Index in keyof Descriptors]:
    | Tensor<DescriptorShape<Descriptors[Index]>, DescriptorDType<Descriptors[Index]>>
    | Nested<DescriptorShape<Descriptors[Index]>>;
};

/** What compile returns: the runtime's CompiledEinsum with a typed call signature. */
export type TypedCompiled<Compiled, Subscripts extends string, Args extends readonly unknown[]> =
  SplitArgs<Args, Descriptor> extends [infer Descriptors extends readonly unknown[], infer Options]
    ? CompileAnalysis<Subscripts, Args> extends infer Result extends Shape
      ? Options extends { readonly dtype: infer D extends DType }
        ? Callable<Compiled, CompiledOperands<Descriptors>, Result, D>
        : Callable<Compiled, CompiledOperands<Descriptors>, Result, Widest<DescriptorDTypes<Descriptors>>>
      : Compiled
    : Compiled;

type Callable<Compiled, Operands extends readonly unknown[], Result extends Shape, D extends DType> = Omit<Compiled, 'shape' | 'dtype'> & {
  (...operands: [...Operands, out?: Tensor<Result, D>]): Tensor<Result, D>;
  readonly shape: Result;
  readonly dtype: D;
};

export interface CompileSignature<Compiled> {
  <const Subscripts extends string, const Args extends readonly unknown[]>(
    ...args: CompileArgs<Subscripts, Args>
  ): TypedCompiled<Compiled, Subscripts, Args>;
}
