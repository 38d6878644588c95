/**
 * numpy's sublist format at the type level: `einsum(a, [0, 1], b, [1, 2], [0, 2])` is typed as
 * `einsum('AB,BC->AC', a, b)`. The lists (literal arrays or `as const` tuples) are turned into the
 * subscripts string they spell, as src/sublist.ts does at run time, and the string analysis does
 * the rest; its failures are moved to the argument that holds the operand (2k) or, for the
 * subscripts, to the output list. A bad label number is refused in the runtime's words
 * (src/messages.ts sublistLabelRange / sublistEllipsisTwice). A list of unknown numbers
 * (`number[]`) widens: no error, and a result of unknown shape.
 */
import type { DType } from '../src/dtype.js';
import type { NestedNumbers, Shape, Tensor } from '../src/tensor.js';
import type { Analyze, ResultDTypeOf } from './analyze.js';
import type { EinsumSignature, OptionsFor } from './einsum.js';
import type { EinsumTypeError, Failure } from './errors.js';
import type { ArgShapes, OperandSites, ShapeSite, SitesOf } from './sites.js';

import type { SublistLabel } from '../src/sublist.js';

export type { SublistLabel };

// prettier-ignore
type Letters = [
  'A','B','C','D','E','F','G','H','I','J','K','L','M','N','O','P','Q','R','S','T','U','V','W','X','Y','Z',
  'a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','r','s','t','u','v','w','x','y','z',
];
type LabelNumber = Exclude<keyof Letters, keyof unknown[]> extends infer Key ? (Key extends `${infer N extends number}` ? N : never) : never;

/** What a list spells when it holds unknown numbers (`number[]`): the shape is left to run time. */
declare const unknownLists: unique symbol;
type UnknownLists = typeof unknownLists;
/** Its mark in the spelled subscripts ('#' is no label). */
type Unknown = '#';

/** A list as written in messages: [0, '...', 2]. */
type ListText<List extends readonly unknown[], Acc extends string = ''> = List extends readonly [infer Head, ...infer Rest]
  ? ListText<Rest, `${Acc}${Acc extends '' ? '' : ', '}${Head extends '...' ? `'...'` : Head extends number ? `${Head}` : '?'}`>
  : `[${Acc}]`;

/**
 * Every list of the call as the runtime quotes them: '[0, 1], [1, 2], [0, 2]'. As at run time, the
 * lists are the arguments at odd positions and, when the arguments before a trailing options
 * object are odd in number, the last of them; a tensor among them is quoted 'Tensor'.
 */
type ListsText<Args extends readonly unknown[], Acc extends string = ''> = Args extends readonly [infer A, infer B, ...infer Rest]
  ? Rest extends readonly [] ? (IsOptions<B> extends true ? Quote<Acc, A> : Quote<Acc, B>) : ListsText<Rest, Quote<Acc, B>>
  : Args extends readonly [infer A]
    ? IsOptions<A> extends true
      ? Acc
      : Quote<Acc, A>
    : Acc;
type Quote<Acc extends string, X> = `${Acc}${Acc extends '' ? '' : ', '}${X extends readonly unknown[] ? ListText<X> : X extends TensorLike ? 'Tensor' : '?'}`;
/** What the runtime takes for the options object: no list and no tensor. */
type IsOptions<X> = X extends readonly unknown[] ? false : X extends TensorLike ? false : true;

export type SublistLabelRange<Lists extends string, List extends string, Value extends string> =
  `label ${Value} in ${List} of ${Lists} is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'`;
export type SublistNotList<Lists extends string, List extends string, Value extends string> =
  `${List} of ${Lists} must be an array of label numbers (0 to 51) and '...', such as [0, 1]; got ${Value}`;
export type SublistEllipsisTwice<Lists extends string, List extends string> = `${List} of ${Lists} holds '...' more than once; a term may hold it once`;

/** One list as a term ('AB', '...A'), UnknownLists, or the error message (a Failure at `At`). */
type TermOf<List extends readonly unknown[], Lists extends string, Name extends string, At extends number, Term extends string = ''> =
  number extends List['length']
    ? UnknownLists
    : List extends readonly [infer Head, ...infer Rest]
      ? Head extends '...'
        ? Term extends `${string}...${string}`
          ? Failure<At, SublistEllipsisTwice<Lists, Name>>
          : TermOf<Rest, Lists, Name, At, `${Term}...`>
        : Head extends LabelNumber
          ? TermOf<Rest, Lists, Name, At, `${Term}${Letters[Head]}`>
          : number extends Head
            ? UnknownLists
            : Failure<At, SublistLabelRange<Lists, Name, Head extends number ? `${Head}` : Head extends string ? `'${Head}'` : '?'>>
      : Term;

/** The pieces of a sublist call: operands, the subscripts they spell, the options; or a Failure at an argument. */
interface Spelled<Subscripts extends string, Operands extends readonly unknown[], Shapes extends readonly (readonly number[])[], Options, OutputAt extends number> {
  subscripts: Subscripts;
  operands: Operands;
  shapes: Shapes;
  options: Options;
  outputAt: OutputAt;
}

/** `Read` holds each argument's shape as read (sites.ts), walked beside the arguments. */
type Spell<
  Args extends readonly unknown[],
  Read extends readonly unknown[],
  Lists extends string,
  Operands extends readonly unknown[] = [],
  Shapes extends readonly (readonly number[])[] = [],
  Terms extends string = '',
> = Args extends readonly [infer A, infer B, ...infer Rest]
  ? B extends readonly unknown[]
    ? TermOf<B, Lists, `the list of operand ${Operands['length']}`, [...Operands, ...Operands, unknown]['length']> extends infer Term
      ? Term extends string | UnknownLists
        ? Spell<
            Rest,
            Read extends readonly [unknown, unknown, ...infer Others] ? Others : [],
            Lists,
            [...Operands, A],
            [...Shapes, Read[0] extends infer S extends readonly number[] ? S : readonly number[]],
            `${Terms}${Operands['length'] extends 0 ? '' : ','}${Term extends string ? Term : Unknown}`
          >
        : Term
      : never
    : A extends readonly unknown[]
      ? Output<A, Lists, Operands, Shapes, Terms, B>
      : B extends TensorLike
        ? NotAList<Lists, `the list of operand ${Operands['length']}`, [...Operands, ...Operands, unknown]['length']>
        : Rest extends readonly []
          ? A extends TensorLike
            ? NotAList<Lists, 'the output list', [...Operands, ...Operands]['length']>
            : Spelled<Terms, Operands, Shapes, A, -1>
          : Spelled<Terms, Operands, Shapes, A, -1> // an argument after the options: the runtime says what is wrong
  : Args extends readonly [infer A]
    ? A extends readonly unknown[]
      ? Output<A, Lists, Operands, Shapes, Terms, undefined>
      : A extends TensorLike
        ? NotAList<Lists, 'the output list', [...Operands, ...Operands]['length']>
        : Spelled<Terms, Operands, Shapes, A, -1>
    : Spelled<Terms, Operands, Shapes, undefined, -1>;

/**
 * A tensor where a list belongs (a forgotten list: `einsum(a, [0, 1], b)`). The runtime reads the
 * last argument as the output list unless it is an options object, so it refuses the tensor there.
 */
type TensorLike = { readonly shape: Shape; readonly dtype: DType; readonly data: unknown };
type NotAList<Lists extends string, Name extends string, At extends number> = Failure<
  At,
  SublistNotList<Lists, Name, 'Tensor'>
>;

type Output<
  List extends readonly unknown[],
  Lists extends string,
  Operands extends readonly unknown[],
  Shapes extends readonly (readonly number[])[],
  Terms extends string,
  Options,
> =
  TermOf<List, Lists, 'the output list', [...Operands, ...Operands]['length']> extends infer Term
    ? Term extends string | UnknownLists
      ? Spelled<`${Terms}->${Term extends string ? Term : Unknown}`, Operands, Shapes, Options, [...Operands, ...Operands]['length']>
      : Term
    : never;

/**
 * The analysis of a sublist call: [result shape or Failure (at an argument index), operands,
 * options, the operands' shapes]. `Shapes` are the arguments' shapes as tsc inferred them
 * (sites.ts), one per argument; `Nested` is what else is an operand (sites.ts ArgShapes).
 */
export type SublistAnalysis<Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>, Nested = NestedNumbers> =
  Spell<Args, ArgShapes<Args, Shapes, Nested>, ListsText<Args>> extends infer S
    ? S extends Spelled<infer Subscripts, infer Operands, infer OperandShapes, infer Options, infer OutputAt>
      ? [
          Subscripts extends `${string}${Unknown}${string}` ? Shape : MoveFailure<Analyze<Subscripts, OperandShapes>, OutputAt>,
          Operands,
          Options,
          OperandShapes,
        ]
      : [S, [], undefined, []] // a Failure at a list
    : never;

/** A failure of the string analysis, at the argument that holds it: operand k is argument 2k. */
type MoveFailure<Result, OutputAt extends number> = Result extends Failure<infer At, infer Message>
  ? At extends number
    ? Failure<[...Twice<At>]['length'] & number, Message>
    : Failure<OutputAt extends -1 ? 1 : OutputAt, Message>
  : Result;
type Twice<N extends number, Acc extends unknown[] = []> = Acc['length'] extends N ? [...Acc, ...Acc] : Twice<N, [...Acc, unknown]>;

export type SublistShape<Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  SublistAnalysis<Args, Shapes>[0] extends infer R extends Shape ? R : Shape;
export type SublistDType<Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  SublistAnalysis<Args, Shapes> extends [unknown, infer Operands extends readonly unknown[], infer Options, unknown] ? ResultDTypeOf<Operands, Options> : DType;

/** What `f(first, ...args)` in the sublist form returns: the result's tensor type (einsum's, and the ONNX engine's promised). */
export type SublistResult<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = Tensor<
  SublistShape<[First, ...Args], [FirstShape, ...Shapes]>,
  SublistDType<[First, ...Args], [FirstShape, ...Shapes]>
>;

/** The first error of a sublist call as its branded message, or 'ok' (what tests compare messages with). */
export type SublistCheck<Args extends readonly unknown[], Shapes extends readonly unknown[] = SitesOf<Args>> =
  SublistAnalysis<Args, Shapes>[0] extends Failure<number, infer Message> ? EinsumTypeError<Message> : 'ok';

/** What the options argument must be: einsum's depend on the result (`out`). */
export type EinsumOptionsOf = { readonly __einsumOptions: true };

/**
 * The parameters of `einsum(First, ...Args)` (or contractPath's, compile's) when `First` is no
 * string: the argument that is wrong becomes the error, so tsc prints it there; the options are
 * checked as `OptionsParam`. A second argument that is no list is not this form: then the first
 * argument should have been the subscripts. `FirstSite` and `Sites` are never-taken branches where
 * tsc infers `FirstShape` and `Shapes` (sites.ts). A valid call without options gets `Args` itself
 * from the rest parameters' first branch: found there by tsc, `Args` keeps its `const` inference
 * (the lists stay literal tuples).
 */
export type SublistArgs<
  First,
  Args extends readonly unknown[],
  Shapes extends readonly unknown[],
  FirstShape,
  FirstSite,
  Sites extends readonly unknown[],
  OptionsParam = EinsumOptionsOf,
  Nested = NestedNumbers,
> =
  SublistAnalysis<[First, ...Args], [FirstShape, ...Shapes], Nested> extends infer Analysis
    ? [first: FirstParam<First, Args, Analysis>, ...rest: RestParams<Args, Analysis, OptionsParam>]
    : [FirstSite, ...Sites];

/** The first argument: an operand, unless it is at fault, or unless the second is no list (then it should have been the subscripts). */
type FirstParam<First, Args extends readonly unknown[], Analysis> = Args extends readonly [readonly unknown[], ...unknown[]]
  ? Analysis extends [Failure<0, infer Message>, ...unknown[]]
    ? EinsumTypeError<Message>
    : First
  : string;

/**
 * The arguments after the first: as given; the one at fault (argument At, so rest index At - 1)
 * turned into the error; the options, last, checked.
 */
type RestParams<Args extends readonly unknown[], Analysis, OptionsParam> = Analysis extends [Shape, unknown, undefined, unknown]
  ? Args
  : Analysis extends [infer Result, infer Operands extends readonly unknown[], infer Options, unknown]
    ? Result extends Failure<infer At extends number, infer Message>
      ? At extends 0
        ? Args
        : { [Index in keyof Args]: Index extends `${Before<At>}` ? EinsumTypeError<Message> : Args[Index] }
      : Args extends readonly [...infer Init, unknown]
        ? [...Init, OptionsParam extends EinsumOptionsOf ? (Result extends Shape ? OptionsFor<Options, Result, ResultDTypeOf<Operands, Options>> : never) : OptionsParam]
        : Args
    : Args;

/** N - 1, for N of at least 1. */
type Before<N extends number, Acc extends unknown[] = []> = [...Acc, unknown]['length'] extends N ? Acc['length'] : Before<N, [...Acc, unknown]>;

/** einsum's sublist signature: none when the first argument is a string (then the string signature's error is the one reported). */
export type SublistFormArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = [First] extends [string]
  ? []
  : SublistArgs<First, Args, Shapes, FirstShape, ShapeSite<FirstShape>, OperandSites<Shapes>>;

/** einsum's signature, which takes this form: the name the sublist form was first exported under. */
export type SublistEinsumSignature = EinsumSignature;
