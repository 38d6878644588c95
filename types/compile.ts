/**
 * The typed signature of compile(subscripts, ...shapes, options?): shapes (or `{ shape, dtype }`
 * descriptors, or Tensors) are checked like einsum's operands, and the compiled function takes
 * operands of exactly those shapes, plus an optional `out`, and returns the result's tensor type.
 * src/compile.ts declares `export const compile: CompileSignature<CompiledEinsum> = ...`.
 */
import type { DType, Widest } from '../src/dtype.js';
import type { PathStrategy } from '../src/path/index.js';
import type { Nested, Shape, Tensor } from '../src/tensor.js';
import type { Analyze } from './analyze.js';
import type {
  DescriptorArgs,
  DescriptorCheck,
  DescriptorDType,
  DescriptorDTypes,
  DescriptorSitesOf,
  ReadDescriptors,
  SublistDescriptorArgs,
} from './descriptor.js';
import type { SublistAnalysis } from './sublist.js';

export interface CompileOptions {
  readonly dtype?: DType;
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
  /** false: never use the JIT for this function. */
  readonly jit?: boolean;
}

/** The first error of `compile(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type CompileCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = DescriptorSitesOf<Args>> = DescriptorCheck<
  Subscripts,
  Args,
  Shapes
>;

export type CompileArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[]> = DescriptorArgs<First, Args, Shapes, CompileOptions>;

export type SublistCompileArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = SublistDescriptorArgs<
  First,
  Args,
  Shapes,
  FirstShape,
  CompileOptions
>;

/**
 * The compiled function's operands: a Tensor of the compiled shape (as read: a generic shape is
 * its constraint) and dtype, or nested numbers.
 */
type CompiledOperands<Shapes extends readonly Shape[], Descriptors extends readonly unknown[]> = {
  [Index in keyof Shapes]: Tensor<Readonly<Shapes[Index]>, DescriptorDType<Descriptors[Index & keyof Descriptors]>> | Nested<Readonly<Shapes[Index]>>;
};

/** What compile returns: the runtime's CompiledEinsum with a typed call signature. */
export type TypedCompiled<Compiled, Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = DescriptorSitesOf<Args>> =
  ReadDescriptors<Args, Shapes> extends [infer OperandShapes extends readonly Shape[], infer Descriptors extends readonly unknown[], infer Options, unknown]
    ? CompiledOf<Compiled, Analyze<Subscripts, OperandShapes>, OperandShapes, Descriptors, Options>
    : Compiled;

/** The same for the sublist form. */
export type SublistCompiled<Compiled, First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> =
  SublistAnalysis<[First, ...Args], [FirstShape, ...Shapes], never> extends [
    infer Result,
    infer Descriptors extends readonly unknown[],
    infer Options,
    infer OperandShapes extends readonly Shape[],
  ]
    ? CompiledOf<Compiled, Result, OperandShapes, Descriptors, Options>
    : Compiled;

type CompiledOf<Compiled, Result, OperandShapes extends readonly Shape[], Descriptors extends readonly unknown[], Options> = Result extends Shape
  ? Options extends { readonly dtype: infer D extends DType }
    ? Callable<Compiled, CompiledOperands<OperandShapes, Descriptors>, Result, D>
    : Callable<Compiled, CompiledOperands<OperandShapes, Descriptors>, Result, Widest<DescriptorDTypes<Descriptors>>>
  : Compiled;

type Callable<Compiled, Operands extends readonly unknown[], Result extends Shape, D extends DType> = Omit<Compiled, 'shape' | 'dtype'> & {
  (...operands: [...Operands, out?: Tensor<Result, D>]): Tensor<Result, D>;
  readonly shape: Result;
  readonly dtype: D;
};

export interface CompileSignature<Compiled> {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(
    ...args: CompileArgs<First, Args, Shapes>
  ): TypedCompiled<Compiled, First & string, Args, Shapes>;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistCompileArgs<First, Args, Shapes, FirstShape>
  ): SublistCompiled<Compiled, First, Args, Shapes, FirstShape>;
}
