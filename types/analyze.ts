/**
 * One call, analysed once: subscripts (scan -> parse -> validate/infer), operand count, binding,
 * result shape and dtype. Every public type in einsum.ts reads this; tsc caches alias
 * instantiations, so the parameter types and the return type share one analysis per call.
 */
import type { DType, Widest } from '../src/dtype.js';
import type { Shape } from '../src/tensor.js';
import type { Bind, Bound, OutputShape } from './bind.js';
import type { EinsumTypeError, Failure } from './errors.js';
import type { FastAnalyze } from './fast.js';
import type { Term, UnknownSubscripts } from './labels.js';
import type { OperandCount } from './messages.js';
import type { DTypeOf } from './operand.js';
import type { Parsed } from './parse.js';
import type { ParseSubscripts } from './subscripts.js';

/**
 * The result shape of `Subscripts` applied to operands of these shapes, or the first Failure.
 * A valid call is bound by the fast path (fast.ts); the stages below run when it bails, to find
 * the error and its words (or to handle '...', diagonals and unknown subscripts).
 */
export type Analyze<Subscripts extends string, Shapes extends readonly (readonly number[])[]> = number extends Shapes['length']
  ? FullAnalyze<Subscripts, Shapes>
  : FastAnalyze<Subscripts, Shapes> extends infer Fast
    ? Fast extends Shape // not `Fast extends Bail`: a tuple's properties would be resolved to compare it with an object type
      ? Fast
      : FullAnalyze<Subscripts, Shapes>
    : never;

export type FullAnalyze<Subscripts extends string, Shapes extends readonly (readonly number[])[]> =
  ParseSubscripts<Subscripts> extends infer Subs
    ? Subs extends Parsed<infer Inputs extends readonly Term[], infer Output extends Term>
      ? number extends Shapes['length']
        ? OutputShape<Output, {}, readonly number[], ''> // a spread array of operands: count and sizes wait for run time
        : Inputs['length'] extends Shapes['length']
          ? Bind<Subscripts, Inputs, Shapes> extends infer Binding
            ? Binding extends Bound<infer Sizes, infer Ellipsis, infer Ones>
              ? OutputShape<Output, Sizes, Ellipsis, Ones>
              : Binding // a Failure at an operand
            : never
          : Failure<'subscripts', OperandCount<Subscripts, Inputs['length'], Shapes['length']>>
      : Subs extends UnknownSubscripts
        ? Shape
        : Subs // a Failure at the subscripts
    : never;

/** The result dtype: options.dtype, else the widest operand dtype (int32 < float32 < float64). */
export type ResultDTypeOf<Operands extends readonly unknown[], Options> = Options extends { readonly dtype: infer D extends DType }
  ? D
  : [DTypeOf<Operands[number]>] extends ['float64'] // DTypeOf distributes: every operand float64 (the common case), no tuple to map
    ? 'float64'
    : Widest<{ [Index in keyof Operands]: DTypeOf<Operands[Index]> }>;

/** The subscripts parameter: the subscripts, or the error when they (or the operand count) are wrong. */
/** NoInfer: tsc infers `Subscripts` from the plain branch only. */
export type SubscriptsParam<Subscripts extends string, Result> = Result extends Shape
  ? Subscripts // first: a result tuple is compared with Shape element-wise, with Failure property by property
  : Result extends Failure<'subscripts', infer Message>
    ? NoInfer<EinsumTypeError<Message>>
    : Subscripts;

/**
 * The rest parameters: the failing operand's type becomes the error, so tsc prints it there;
 * `Checked` is what they must be when the analysis found nothing wrong. No NoInfer around these
 * tuples (it would save some inference work): tsc would then check the rest arguments as one
 * tuple and report the error at the first operand instead of the one that is wrong.
 */
export type OperandParams<Args extends readonly unknown[], Result, Checked> = Result extends Failure<infer At extends number, infer Message>
  ? { [Index in keyof Args]: Index extends `${At}` ? EinsumTypeError<Message> : Args[Index] }
  : Result extends Shape
    ? Checked
    : Args;

/** The first error of a call, as its branded message, or 'ok': what tests compare messages with. */
export type FirstError<Result> = Result extends Failure<infer _, infer Message> ? EinsumTypeError<Message> : 'ok';
