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
import type { Analyze, FirstError, OperandParams, ResultDTypeOf, SubscriptsParam } from './analyze.js';
import type { OperandLike } from './operand.js';
import type { ArgShapes, CheckedArgs, OperandSites, ReadArgs, SitesOf } from './sites.js';
import type { SublistFormArgs, SublistResult } from './sublist.js';
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

/**
 * `Shapes` are the operands' shapes as tsc inferred them (sites.ts: a generic shape reads as its
 * constraint); the helper types below default them from the arguments' own types.
 */
type EinsumAnalysis<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> = Analyze<
  Subscripts,
  ReadArgs<Args, Shapes>[0]
>;

/** The result shape of `einsum(Subscripts, ...Args)`, or `Shape` when the call is refused. */
export type ResultShape<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  EinsumAnalysis<Subscripts, Args, Shapes> extends infer Result extends Shape ? Result : Shape;

export type ResultDType<Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  ReadArgs<Args, Shapes> extends [unknown, infer Operands extends readonly unknown[], infer Options, unknown] ? ResultDTypeOf<Operands, Options> : DType;

/** The first error of `einsum(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type EinsumCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> = FirstError<
  EinsumAnalysis<Subscripts, Args, Shapes>
>;

export type CheckSubscripts<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> = SubscriptsParam<
  Subscripts,
  EinsumAnalysis<Subscripts, Args, Shapes>
>;

/**
 * A call whose arguments are all operands and whose analysis found nothing wrong needs no mapped
 * tuple: its parameters are `Args` itself. Otherwise operands stay as inferred, a non-operand
 * becomes OperandLike (for tsc to say why) and the trailing options get checked. No
 * `Tensor<Shape, DType>` here: as a contextual type it would make `zeros([...])` in an argument
 * infer dtype `DType`.
 */
export type CheckOperands<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  EinsumAnalysis<Subscripts, Args, Shapes> extends infer Result
    ? Result extends Shape
      ? ReadArgs<Args, Shapes> extends [unknown, unknown, infer Options, infer Kind]
        ? Kind extends 'operands'
          ? Args
          : Unseen<Args, Shapes, Result, Kind, Options>['checked']
        : Args
      : Unseen<Args, Shapes, Result, unknown, unknown>['refused']
    : OperandSites<Shapes>; // never taken: where tsc infers Shapes (sites.ts)

/**
 * The parameters of a call that is refused or has options, behind an indexed access whose index
 * waits for the analysis: tsc infers `Args` from the plain branch of CheckOperands and does not
 * walk into these mapped types (inferring into them was a tenth of the check time of a valid
 * call). NoInfer would do the same but moves the error to the first operand under TypeScript 7.
 */
type Unseen<Args extends readonly unknown[], Shapes extends readonly unknown[], Result, Kind, Options> = Result extends unknown
  ? {
      checked: Result extends Shape ? CheckedArgs<Args, Kind, OptionsFor<Options, Result, ResultDType<Args, Shapes>>, OperandLike, ArgShapes<Args, Shapes>> : never;
      refused: OperandParams<Args, Result, Args>;
    }
  : never;

/** options.out must have the result's shape and dtype, unless its own shape or dtype is unknown. */
export type OptionsFor<Options, Result extends Shape, D extends DType> = Options extends { readonly out: infer Out }
  ? EinsumOptions<OutShape<Out, Result>, OutDType<Out, D>>
  : EinsumOptions<Result, D>;

/** What `out` must have: the result's shape and dtype, or its own where they are unknown. */
export type OutShape<Out, Result extends Shape> = Out extends { readonly shape: infer S extends Shape } ? (number extends S['length'] ? S : Result) : Result;
export type OutDType<Out, D extends DType> = Out extends { readonly dtype: infer OutD extends DType } ? (DType extends OutD ? OutD : D) : D;

/**
 * The string form's parameters (and the type-argument form's, when `Args` keeps its default);
 * none when the first argument is no string, so that tsc counts this signature out by arity and
 * reports only the sublist signature's error (see EinsumSignature).
 */
export type EinsumArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[]> = [Args] extends [TypeArgumentForm]
  ? NoInfer<ArgumentFormArgs<First & string>>
  : [First] extends [string]
    ? StringFormArgs<First, Args, Shapes>
    : [];

/** `einsum('ij,jk->ik', a, b)`'s parameters. */
export type StringFormArgs<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> = [subscripts: CheckSubscripts<Subscripts, Args, Shapes>, ...operands: CheckOperands<Subscripts, Args, Shapes>];

export type EinsumResult<First, Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> = [Args] extends [TypeArgumentForm]
  ? Tensor<ArgumentFormShape<First & string>, DType>
  : Tensor<ResultShape<First & string, Args, Shapes>, ResultDType<Args, Shapes>>;

/**
 * Two signatures: the string form (and the type-argument form), then numpy's sublist format
 * (sublist.ts). Each has no parameters for the other's calls, so tsc counts it out by arity and
 * reports the other's error alone, at the argument at fault: a wrong call never gets "No overload
 * matches this call". A valid string call is settled by the first signature.
 */
export interface EinsumSignature {
  <const First, const Args extends readonly unknown[] = TypeArgumentForm, Shapes extends readonly unknown[] = []>(
    ...args: EinsumArgs<First, Args, Shapes>
  ): EinsumResult<First, Args, Shapes>;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistFormArgs<First, Args, Shapes, FirstShape>
  ): SublistResult<First, Args, Shapes, FirstShape>;
}
