/**
 * The typed signature of einsum. The runtime in src/ declares
 *   export const einsum: EinsumSignature = einsumImpl as EinsumSignature;
 * One call signature serves every form, so a failing call reports one error at the argument that
 * is wrong (overloads would print "No overload matches this call" and every overload's reason):
 *   einsum('ij,jk->ik', a, b)          subscripts inferred as a literal, operands as a const tuple
 *   einsum('ij,jk->ik', a, b, options) a trailing non-operand argument is the options object
 *   einsum<'nqhd,nkhd->nhqk'>(q, k)    subscripts given as the only type argument: `Args` keeps
 *                                      its default, and operands are checked for count and rank
 */
import type { DType } from '../src/dtype.js';
import type { PathStrategy } from '../src/path/index.js';
import type { Shape, Tensor } from '../src/tensor.js';
import type { Analyze, FirstError, LastIndex, OperandParams, ResultDTypeOf, SplitArgs, SubscriptsParam } from './analyze.js';
import type { OperandLike, ShapesOf } from './operand.js';
import type { ArgumentFormArgs, ArgumentFormShape, TypeArgumentForm } from './type-argument.js';

export interface EinsumOptions<S extends Shape = Shape, D extends DType = DType> {
  /** Contraction path: 'auto' (default), 'greedy', 'optimal', false (left to right), or explicit. */
  readonly optimize?: PathStrategy;
  /** Written in place and returned: must have the result's shape and dtype. */
  readonly out?: Tensor<S, D>;
  /** Storage type of the result; default the widest operand dtype. */
  readonly dtype?: DType;
  /** 'float64': sums in float64, rounded (float32) or wrapped (int32) once into the result. */
  readonly accumulate?: 'float64';
  /** Refuse (code MEMORY) any result or intermediate with more elements than this. */
  readonly memoryLimit?: number;
}

/** The analysis of `einsum(Subscripts, ...Args)`: the result shape or the first Failure. */
type EinsumAnalysis<Subscripts extends string, Args extends readonly unknown[]> = Analyze<Subscripts, ShapesOf<SplitArgs<Args>[0]>>;

/** The result shape of `einsum(Subscripts, ...Args)`, or `Shape` when the call is refused. */
export type ResultShape<Subscripts extends string, Args extends readonly unknown[]> =
  EinsumAnalysis<Subscripts, Args> extends infer Result extends Shape ? Result : Shape;

export type ResultDType<Args extends readonly unknown[]> = SplitArgs<Args> extends [infer Operands extends readonly unknown[], infer Options]
  ? ResultDTypeOf<Operands, Options>
  : DType;

/** The first error of `einsum(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type EinsumCheck<Subscripts extends string, Args extends readonly unknown[]> = FirstError<EinsumAnalysis<Subscripts, Args>>;

export type CheckSubscripts<Subscripts extends string, Args extends readonly unknown[]> = SubscriptsParam<
  Subscripts,
  EinsumAnalysis<Subscripts, Args>
>;

/** A call whose arguments are all operands and whose analysis found nothing wrong needs no mapped tuple: its parameters are `Args` itself. */
export type CheckOperands<Subscripts extends string, Args extends readonly unknown[]> =
  EinsumAnalysis<Subscripts, Args> extends infer Result
    ? Result extends Shape
      ? Args extends readonly OperandLike[]
        ? Args
        : Unseen<Args, Result>['checked']
      : Unseen<Args, Result>['refused']
    : Args;

/**
 * The parameters of a call that is refused or has options, behind an indexed access whose index
 * waits for the analysis: tsc infers `Args` from the plain branch of CheckOperands and does not
 * walk into these mapped types (inferring into them was a tenth of the check time of a valid
 * call). NoInfer would do the same but moves the error to the first operand under TypeScript 7.
 */
type Unseen<Args extends readonly unknown[], Result> = Result extends unknown
  ? { checked: Result extends Shape ? CheckedArgs<Args, Result, ResultDType<Args>> : never; refused: OperandParams<Args, Result, Args> }
  : never;

/**
 * Operands stay as inferred (a non-operand becomes OperandLike, for tsc to say why); options get
 * checked. No `Tensor<Shape, DType>` here: as a contextual type it would make `zeros([...])` in
 * an argument infer dtype `DType`.
 */
type CheckedArgs<Args extends readonly unknown[], Result extends Shape, D extends DType> = number extends Args['length']
  ? CheckedSpread<Args, Result, D>
  : {
      [Index in keyof Args]: Args[Index] extends OperandLike
        ? Args[Index]
        : Index extends LastIndex<Args>
          ? OptionsFor<Args[Index], Result, D>
          : OperandLike;
    };

/** `einsum(s, ...operands, options)` with an array of operands: only the trailing options to check. */
type CheckedSpread<Args extends readonly unknown[], Result extends Shape, D extends DType> = Args extends readonly [...infer Operands, infer Last]
  ? Last extends OperandLike
    ? Args
    : [...Operands, OptionsFor<Last, Result, D>]
  : Args;

/** options.out must have the result's shape and dtype, unless its own shape or dtype is unknown. */
type OptionsFor<Options, Result extends Shape, D extends DType> = Options extends { readonly out: infer Out }
  ? EinsumOptions<
      Out extends { readonly shape: infer S extends Shape } ? (number extends S['length'] ? S : Result) : Result,
      Out extends { readonly dtype: infer OutD extends DType } ? (DType extends OutD ? OutD : D) : D
    >
  : EinsumOptions<Result, D>;

export type EinsumArgs<Subscripts extends string, Args extends readonly unknown[]> = [Args] extends [TypeArgumentForm]
  ? NoInfer<ArgumentFormArgs<Subscripts>>
  : [subscripts: CheckSubscripts<Subscripts, Args>, ...operands: CheckOperands<Subscripts, Args>];

export type EinsumResult<Subscripts extends string, Args extends readonly unknown[]> = [Args] extends [TypeArgumentForm]
  ? Tensor<ArgumentFormShape<Subscripts>, DType>
  : Tensor<ResultShape<Subscripts, Args>, ResultDType<Args>>;

export interface EinsumSignature {
  <const Subscripts extends string, const Args extends readonly unknown[] = TypeArgumentForm>(
    ...args: EinsumArgs<Subscripts, Args>
  ): EinsumResult<Subscripts, Args>;
}
