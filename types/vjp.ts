/**
 * The typed signature of einsumVjp. The forward's subscripts, operands and result are typed exactly
 * as einsum's (the building blocks of einsum.ts); what is added here:
 *   - each gradient has its operand's shape and dtype: `Tensor<readonly [2, 3], 'float32'>`;
 *     `undefined` for an operand that `wrt` leaves out;
 *   - the cotangent must have the result's shape: a literal size that differs turns the parameter
 *     into an EinsumTypeError with the runtime's words; unknown sizes wait for run time;
 *   - the pullback's `out` buffers have the gradients' types.
 * src/index.ts declares `export const einsumVjp: VjpSignature = einsumVjpImpl as unknown as VjpSignature`.
 */
import type { DType } from '../src/dtype.js';
import type { Shape, Tensor } from '../src/tensor.js';
import type { Analyze, OperandParams } from './analyze.js';
import type { CheckSubscripts, EinsumOptions, OutDType, OutShape, ResultDType, ResultShape } from './einsum.js';
import type { EinsumTypeError, Failure } from './errors.js';
import type { DTypeOf, OperandLike, ShapeOf } from './operand.js';
import type { ArgShapes, CheckedArgs, OperandSites, ReadArgs } from './sites.js';
import type { FormatShape } from './text.js';

/** Same words as gradMessages.intOperand in src/grad/messages.ts. */
export type IntOperand<Subscripts extends string, Operand extends number, Floats extends string> =
  `operand ${Operand} of '${Subscripts}' is int32 and has no gradient; ${Floats extends ''
    ? 'no operand is float32 or float64, so there is nothing to differentiate'
    : `pass { wrt: [${Floats}] } to differentiate only the float operands`}`;

/** Same words as gradMessages.cotangentShape in src/grad/messages.ts. */
export type CotangentShape<Subscripts extends string, Given extends Shape, Result extends Shape> =
  `the cotangent has shape ${FormatShape<Given>} but the result of '${Subscripts}' has shape ${FormatShape<Result>}`;

export interface VjpOptions<S extends Shape = Shape, D extends DType = DType> extends EinsumOptions<S, D> {
  /** The operand positions to differentiate; default every operand (int32 operands must be left out). */
  readonly wrt?: readonly number[];
}

export interface PullbackOptions<Gradients extends readonly unknown[]> {
  /** Buffers to write the gradients into, one per operand (undefined: allocate one). */
  readonly out?: { readonly [Index in keyof Gradients]?: Gradients[Index] };
}

/** `pullback(cotangent, options?)`, typed for one call of einsumVjp. */
export interface TypedPullback<Subscripts extends string, Result extends Shape, Gradients extends readonly unknown[]> {
  <const Cotangent>(cotangent: CotangentParam<Subscripts, Cotangent, Result>, options?: PullbackOptions<Gradients>): Gradients;
  readonly gradients: readonly { readonly operand: number; readonly subscripts: string }[];
}

/** The cotangent as given when its shape fits the result's, else the error in words. */
type CotangentParam<Subscripts extends string, Cotangent, Result extends Shape> = Cotangent extends OperandLike
  ? ShapeFits<ShapeOf<Cotangent>, Result> extends true
    ? Cotangent
    : EinsumTypeError<CotangentShape<Subscripts, ShapeOf<Cotangent>, Result>>
  : Tensor<Result, DType>;

/** Equal ranks and sizes where both are literal; an unknown rank or size fits (checked at run time). */
type ShapeFits<Given extends Shape, Want extends Shape> = number extends Given['length']
  ? true
  : number extends Want['length']
    ? true
    : Given['length'] extends Want['length']
      ? SizesFit<Given, Want>
      : false;

type SizesFit<Given extends Shape, Want extends Shape> = Given extends readonly [infer G extends number, ...infer GivenRest extends Shape]
  ? Want extends readonly [infer W extends number, ...infer WantRest extends Shape]
    ? number extends G
      ? SizesFit<GivenRest, WantRest>
      : number extends W
        ? SizesFit<GivenRest, WantRest>
        : G extends W
          ? SizesFit<GivenRest, WantRest>
          : false
    : true
  : true;

/** One gradient per operand: its shape and dtype, or undefined when `wrt` leaves it out. */
export type Gradients<Operands extends readonly unknown[], Wrt> = {
  -readonly [Index in keyof Operands]: Differentiated<Index, Wrt> extends true
    ? Tensor<ShapeOf<Operands[Index]>, DTypeOf<Operands[Index]>>
    : Differentiated<Index, Wrt> extends false
      ? undefined
      : Tensor<ShapeOf<Operands[Index]>, DTypeOf<Operands[Index]>> | undefined;
};

/** true, false, or boolean when `wrt` is a list whose numbers are not known to the compiler. */
type Differentiated<Index, Wrt> = [Wrt] extends [readonly number[]]
  ? number extends Wrt[number]
    ? boolean
    : Index extends `${Wrt[number]}`
      ? true
      : false
  : true;

type WrtOf<Options> = Options extends { readonly wrt: infer Wrt extends readonly number[] } ? Wrt : undefined;

/** The options parameter: einsum's options plus `wrt`; `out` must have the result's shape and dtype. */
type VjpOptionsFor<Options, Result extends Shape, D extends DType> = Options extends { readonly out: infer Out }
  ? VjpOptions<OutShape<Out, Result>, OutDType<Out, D>>
  : VjpOptions<Result, D>;

/**
 * The operands and options parameters, built like einsum's (CheckOperands in einsum.ts) so that
 * `const` inference, generic shapes and spread operands behave the same: `Args` itself where the
 * call is fine, the failing operand turned into the error, the trailing options checked as
 * VjpOptions (einsum's options plus `wrt`).
 */
type VjpOperands<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> =
  ReadArgs<Args, Shapes> extends [infer OperandShapes extends readonly Shape[], infer Operands extends readonly unknown[], infer Options, infer Kind]
    ? Analyze<Subscripts, OperandShapes> extends infer Result
      ? Result extends Shape
        ? IntOperandCheck<Subscripts, Operands, WrtOf<Options>> extends infer Refusal extends Failure<number, string>
          ? OperandParams<Args, Refusal, Args>
          : Kind extends 'operands'
            ? Args
            : CheckedArgs<Args, Kind, VjpOptionsFor<Options, Result, ResultDType<Args, Shapes>>, OperandLike, ArgShapes<Args, Shapes>>
        : OperandParams<Args, Result, Args>
      : OperandSites<Shapes> // never taken: where tsc infers Shapes (sites.ts)
    : Args;

/**
 * An operand that is int32 and differentiated (no wrt, or a literal wrt naming it) is refused at
 * that operand, as at run time; a dtype or a wrt the compiler does not know waits for run time.
 */
type IntOperandCheck<Subscripts extends string, Operands extends readonly unknown[], Wrt> =
  FirstIntOperand<Operands, Wrt> extends infer At extends number
    ? [At] extends [never]
      ? 'ok'
      : Failure<At, IntOperand<Subscripts, At, FloatPositions<Operands>>>
    : 'ok';

type FirstIntOperand<Operands extends readonly unknown[], Wrt, Seen extends readonly unknown[] = []> = Operands extends readonly [
  infer Operand,
  ...infer Rest,
]
  ? [DTypeOf<Operand>] extends ['int32']
    ? Differentiated<`${Seen['length']}`, Wrt> extends true
      ? Seen['length']
      : FirstIntOperand<Rest, Wrt, [...Seen, Operand]>
    : FirstIntOperand<Rest, Wrt, [...Seen, Operand]>
  : never;

/** '0, 2': the positions of the operands that are not int32. */
type FloatPositions<Operands extends readonly unknown[], Seen extends readonly unknown[] = [], Text extends string = ''> = Operands extends readonly [
  infer Operand,
  ...infer Rest,
]
  ? FloatPositions<Rest, [...Seen, Operand], [DTypeOf<Operand>] extends ['int32'] ? Text : `${Text}${Text extends '' ? '' : ', '}${Seen['length']}`>
  : Text;

export type VjpArgs<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> = [
  subscripts: CheckSubscripts<Subscripts, Args, Shapes>,
  ...operands: VjpOperands<Subscripts, Args, Shapes>,
];

export type VjpResult<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> =
  ReadArgs<Args, Shapes> extends [unknown, infer Operands extends readonly unknown[], infer Options, unknown]
    ? [
        result: Tensor<ResultShape<Subscripts, Args, Shapes>, ResultDType<Args, Shapes>>,
        pullback: TypedPullback<Subscripts, ResultShape<Subscripts, Args, Shapes>, Gradients<Operands, WrtOf<Options>>>,
      ]
    : never;

export interface VjpSignature {
  <const Subscripts extends string, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(
    ...args: VjpArgs<Subscripts, Args, Shapes>
  ): VjpResult<Subscripts, Args, Shapes>;
}
