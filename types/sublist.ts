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
import type { Shape, Tensor } from '../src/tensor.js';
import type { Analyze, ResultDTypeOf } from './analyze.js';
import type { EinsumTypeError, Failure } from './errors.js';
import type { OperandLike, ShapesOf } from './operand.js';

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

/** Every list of the call as the runtime quotes them: '[0, 1], [1, 2], [0, 2]'. */
type ListsText<Args extends readonly unknown[], Acc extends string = ''> = Args extends readonly [infer A, infer B, ...infer Rest]
  ? B extends readonly unknown[]
    ? ListsText<Rest, `${Acc}${Acc extends '' ? '' : ', '}${ListText<B>}`>
    : A extends readonly unknown[]
      ? `${Acc}${Acc extends '' ? '' : ', '}${ListText<A>}`
      : Acc
  : Args extends readonly [infer A extends readonly unknown[]]
    ? `${Acc}${Acc extends '' ? '' : ', '}${ListText<A>}`
    : Acc;

export type SublistLabelRange<Lists extends string, List extends string, Value extends string> =
  `label ${Value} in ${List} of ${Lists} is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'`;
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
interface Spelled<Subscripts extends string, Operands extends readonly unknown[], Options, OutputAt extends number> {
  subscripts: Subscripts;
  operands: Operands;
  options: Options;
  outputAt: OutputAt;
}

type Spell<
  Args extends readonly unknown[],
  Lists extends string,
  Operands extends readonly unknown[] = [],
  Terms extends string = '',
> = Args extends readonly [infer A, infer B, ...infer Rest]
  ? B extends readonly unknown[]
    ? TermOf<B, Lists, `the list of operand ${Operands['length']}`, [...Operands, ...Operands, unknown]['length']> extends infer Term
      ? Term extends string | UnknownLists
        ? Spell<Rest, Lists, [...Operands, A], `${Terms}${Operands['length'] extends 0 ? '' : ','}${Term extends string ? Term : Unknown}`>
        : Term
      : never
    : A extends readonly unknown[]
      ? Output<A, Lists, Operands, Terms, B>
      : Spelled<Terms, Operands, A, -1> // an argument after the options: the runtime says what is wrong
  : Args extends readonly [infer A]
    ? A extends readonly unknown[]
      ? Output<A, Lists, Operands, Terms, undefined>
      : Spelled<Terms, Operands, A, -1>
    : Spelled<Terms, Operands, undefined, -1>;

type Output<List extends readonly unknown[], Lists extends string, Operands extends readonly unknown[], Terms extends string, Options> =
  TermOf<List, Lists, 'the output list', [...Operands, ...Operands]['length']> extends infer Term
    ? Term extends string | UnknownLists
      ? Spelled<`${Terms}->${Term extends string ? Term : Unknown}`, Operands, Options, [...Operands, ...Operands]['length']>
      : Term
    : never;


/** The analysis of a sublist call: [result shape or Failure (at an argument index), operands, options]. */
export type SublistAnalysis<Args extends readonly unknown[]> =
  Spell<Args, ListsText<Args>> extends infer S
    ? S extends Spelled<infer Subscripts, infer Operands, infer Options, infer OutputAt>
      ? [Subscripts extends `${string}${Unknown}${string}` ? Shape : MoveFailure<Analyze<Subscripts, ShapesOf<Operands>>, OutputAt>, Operands, Options]
      : [S, [], undefined] // a Failure at a list
    : never;

/** A failure of the string analysis, at the argument that holds it: operand k is argument 2k. */
type MoveFailure<Result, OutputAt extends number> = Result extends Failure<infer At, infer Message>
  ? At extends number
    ? Failure<[...Twice<At>]['length'] & number, Message>
    : Failure<OutputAt extends -1 ? 1 : OutputAt, Message>
  : Result;
type Twice<N extends number, Acc extends unknown[] = []> = Acc['length'] extends N ? [...Acc, ...Acc] : Twice<N, [...Acc, unknown]>;

export type SublistShape<Args extends readonly unknown[]> = SublistAnalysis<Args>[0] extends infer R extends Shape ? R : Shape;
export type SublistDType<Args extends readonly unknown[]> = SublistAnalysis<Args> extends [unknown, infer Operands extends readonly unknown[], infer Options]
  ? ResultDTypeOf<Operands, Options>
  : DType;

/** The first error of a sublist call as its branded message, or 'ok' (what tests compare messages with). */
export type SublistCheck<Args extends readonly unknown[]> = SublistAnalysis<Args>[0] extends Failure<number, infer Message> ? EinsumTypeError<Message> : 'ok';

/** The parameters: the argument that is wrong becomes the error, so tsc prints it there. */
export type SublistParams<Args extends readonly unknown[]> = SublistAnalysis<Args>[0] extends Failure<infer At extends number, infer Message>
  ? { [Index in keyof Args]: Index extends `${At}` ? EinsumTypeError<Message> : Args[Index] }
  : Args;

export interface SublistEinsumSignature {
  <const Args extends readonly [OperandLike, readonly SublistLabel[], ...unknown[]]>(...args: SublistParams<Args>): Tensor<SublistShape<Args>, SublistDType<Args>>;
}
