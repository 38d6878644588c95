/**
 * One operand against its term (the rank half of src/bind.ts). A term without '...' must name as
 * many labels as the shape has dimensions. With '...', labels before it take dimensions from the
 * front and labels after it from the back; the middle is the operand's '...' dimensions. The
 * result lines the labels up with their sizes (`labels[i]` has size `shape[i]`), so binding walks
 * the label string and indexes the shape, and never takes a long tuple apart. A shape of unknown
 * rank (`readonly number[]`) gives every label `number` and leaves '...' unknown.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { Rank } from './messages.js';
import type { NamedCount } from './text.js';

/** An operand's labels (no '.'), their sizes in the same order, and its '...' dimensions. */
export interface Split<Labels extends string = string, Sizes extends readonly number[] = readonly number[], Dims extends readonly number[] = readonly number[]> {
  readonly labels: Labels;
  readonly sizes: Sizes;
  readonly dims: Dims;
}

export type SplitOperand<Source extends string, Operand extends number, Labels extends Term, Shape extends readonly number[]> =
  Labels extends `${infer Before}.${infer After}`
    ? number extends Shape['length']
      ? Split<`${Before}${After}`, readonly number[], readonly number[]>
      : Front<Source, Operand, Labels, Shape, Before, After, Shape, []>
    : number extends Shape['length']
      ? Split<Labels, readonly number[], []>
      : NamedCount<Labels> extends Shape['length']
        ? Split<Labels, Shape, []>
        : Failure<Operand, Rank<Source, Operand, Labels, Shape>>;

/** '...' terms only (few labels): the labels before '...' take dimensions from the front. */
type Front<
  Source extends string,
  Operand extends number,
  Term0 extends Term,
  Shape0 extends readonly number[],
  Before extends string,
  After extends string,
  Shape extends readonly number[],
  Sizes extends readonly number[],
> = Before extends `${string}${infer Rest}`
  ? Shape extends readonly [infer Size extends number, ...infer Dims extends readonly number[]]
    ? Front<Source, Operand, Term0, Shape0, Rest, After, Dims, [...Sizes, Size]>
    : Failure<Operand, Rank<Source, Operand, Term0, Shape0>>
  : Back<Source, Operand, Term0, Shape0, Reverse<After>, Shape, Sizes, []>;

/** ...and the labels after it from the back (walked last to first). */
type Back<
  Source extends string,
  Operand extends number,
  Term0 extends Term,
  Shape0 extends readonly number[],
  ReversedAfter extends string,
  Shape extends readonly number[],
  Sizes extends readonly number[],
  BackSizes extends readonly number[],
> = ReversedAfter extends `${string}${infer Rest}`
  ? Shape extends readonly [...infer Dims extends readonly number[], infer Size extends number]
    ? Back<Source, Operand, Term0, Shape0, Rest, Dims, Sizes, [Size, ...BackSizes]>
    : Failure<Operand, Rank<Source, Operand, Term0, Shape0>>
  : Term0 extends `${infer Before}.${infer After}`
    ? Split<`${Before}${After}`, [...Sizes, ...BackSizes], Shape>
    : never;

type Reverse<Text extends string, Reversed extends string = ''> = Text extends `${infer Char}${infer Rest}`
  ? Reverse<Rest, `${Char}${Reversed}`>
  : Reversed;
