/**
 * The twin of `bind` in src/bind.ts at the type level: terms + operand shapes -> one size per label
 * and the broadcast '...' shape, or the first RANK/SIZE failure, naming its operand. As at run
 * time, every operand's rank is checked before any size. Operands are walked in order and each
 * operand's labels in order, so the first clash reported is the one the runtime reports.
 * Sizes live in an object type { [label]: [size, operand it came from] }.
 */
import type { Broadcast } from './broadcast.js';
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { DiagonalClash, SizeClash } from './messages.js';
import type { Combine, SameSize } from './sizes.js';
import type { Split, SplitOperand } from './split.js';
import type { LengthOf, Next } from './text.js';

type Entry = readonly [size: number, operand: number];
type SizeMap = { readonly [label: string]: Entry };

/**
 * `Sizes` holds every label with a size other than 1; `Ones` the labels met only with size 1 so
 * far (a string). Keeping 1s out of the map means a 1 followed by the label's real size adds an
 * entry instead of rebuilding the map, which is the common case of size-1 broadcasting.
 */
export interface Bound<Sizes extends SizeMap = SizeMap, Ellipsis extends readonly number[] = readonly number[], Ones extends string = string> {
  readonly sizes: Sizes;
  readonly ellipsis: Ellipsis;
  readonly ones: Ones;
}

export type Bind<Source extends string, Inputs extends readonly Term[], Shapes extends readonly (readonly number[])[]> = BindHelper<
  Source,
  Inputs,
  Shapes,
  0,
  {},
  [],
  ''
>;

/**
 * One pass: split an operand against its term (ranks), then merge its sizes. The runtime checks
 * every rank before any size, so a size failure first looks for a rank failure further on
 * (RankFirst); the happy path pays for one pass only.
 */
type BindHelper<
  Source extends string,
  Inputs,
  Shapes,
  Operand extends number,
  Sizes extends SizeMap,
  Ellipsis extends readonly number[],
  Ones extends string,
> = Inputs extends readonly [infer Labels extends Term, ...infer Rest]
  ? Shapes extends readonly [infer Shape extends readonly number[], ...infer Others]
    ? SplitOperand<Source, Operand, Labels, Shape> extends Split<infer Named, infer Sizes0, infer Dims>
      ? Dims extends readonly []
        ? MergeLabels<Source, Operand, Named, Sizes0, 0, Named, HasRepeat<Named> extends true ? '' : false, Sizes, Ones> extends infer Merged
          ? Merged extends [infer Merged extends SizeMap, infer MergedOnes extends string]
            ? BindHelper<Source, Rest, Others, Next<Operand>, Merged, Ellipsis, MergedOnes>
            : RankFirst<Source, Rest, Others, Next<Operand>, Merged> // a SIZE Failure
          : never
        : Labels extends `${infer Before}.${infer After}`
          ? MergeAround<Source, Operand, Named, Sizes0, Before, After, Dims, HasRepeat<Named> extends true ? '' : false, Sizes, Ellipsis, Ones> extends infer Merged
            ? Merged extends [infer Merged extends SizeMap, infer Wider extends readonly number[], infer MergedOnes extends string]
              ? BindHelper<Source, Rest, Others, Next<Operand>, Merged, Wider, MergedOnes>
              : RankFirst<Source, Rest, Others, Next<Operand>, Merged> // a SIZE or '...' Failure
            : never
          : never
      : SplitOperand<Source, Operand, Labels, Shape> // a RANK Failure
    : Bound<Sizes, Ellipsis, Ones>
  : Bound<Sizes, Ellipsis, Ones>;

/**
 * A term with '...' in axis order, as the runtime meets it: the labels before '...', then the
 * '...' dimensions (broadcast), then the labels after it; the first clash is the one reported.
 */
type MergeAround<
  Source extends string,
  Operand extends number,
  Named extends string,
  Sizes0 extends readonly number[],
  Before extends string,
  After extends string,
  Dims extends readonly number[],
  Seen extends string | false,
  Sizes extends SizeMap,
  Ellipsis extends readonly number[],
  Ones extends string,
> =
  MergeLabels<Source, Operand, Named, Sizes0, 0, Before, Seen, Sizes, Ones> extends infer First
    ? First extends [infer First extends SizeMap, infer FirstOnes extends string]
      ? Broadcast<Source, Operand, Ellipsis, Dims> extends infer Wider
        ? Wider extends readonly number[]
          ? MergeLabels<Source, Operand, Named, Sizes0, LengthOf<Before>, After, Seen extends string ? Before : false, First, FirstOnes> extends infer Second
            ? Second extends [infer Second extends SizeMap, infer SecondOnes extends string]
              ? [Second, Wider, SecondOnes]
              : Second
            : never
          : Wider
        : never
      : First
    : never;

/** The first RANK failure among the operands left, else the SIZE failure found before them. */
type RankFirst<Source extends string, Inputs, Shapes, Operand extends number, Failed> = Inputs extends readonly [
  infer Labels extends Term,
  ...infer Rest,
]
  ? Shapes extends readonly [infer Shape extends readonly number[], ...infer Others]
    ? SplitOperand<Source, Operand, Labels, Shape> extends Split
      ? RankFirst<Source, Rest, Others, Next<Operand>, Failed>
      : SplitOperand<Source, Operand, Labels, Shape>
    : Failed
  : Failed;

/**
 * One operand's labels into the size map, one label per step: a new label is added; a label met
 * before combines by the size rule. A term with a repeated label (a diagonal) walks with `Seen`,
 * its labels so far, and checks a repeat against the operand's own first size.
 */
type MergeLabels<
  Source extends string,
  Operand extends number,
  Labels extends string,
  Shape extends readonly number[],
  Axis extends number,
  Rest extends string,
  Seen extends string | false,
  Sizes extends SizeMap,
  Ones extends string,
> = Rest extends `${infer Label}${infer After}`
  ? Seen extends `${string}${Label}${string}`
    ? Labels extends `${infer Before}${Label}${string}`
      ? SameSize<Shape[LengthOf<Before>], Shape[Axis]> extends true
        ? MergeLabels<Source, Operand, Labels, Shape, Next<Axis>, After, Seen, Sizes, Ones>
        : Failure<Operand, DiagonalClash<Source, Label, Operand, Shape[LengthOf<Before>], Shape[Axis]>>
      : never
    : Label extends keyof Sizes
      ? Combine<Sizes[Label][0], Shape[Axis]> extends infer Rule
        ? Rule extends 'keep'
          ? MergeLabels<Source, Operand, Labels, Shape, Next<Axis>, After, Grow<Seen, Label>, Sizes, Ones>
          : Rule extends 'take'
            ? MergeLabels<Source, Operand, Labels, Shape, Next<Axis>, After, Grow<Seen, Label>, Retake<Sizes, Label, [Shape[Axis], Operand]>, Ones>
            : Failure<Operand, SizeClash<Source, Label, Sizes[Label][1], Sizes[Label][0], Operand, Shape[Axis]>>
        : never
      : [Shape[Axis]] extends [1]
        ? MergeLabels<Source, Operand, Labels, Shape, Next<Axis>, After, Grow<Seen, Label>, Sizes, `${Ones}${Label}`>
        : MergeLabels<Source, Operand, Labels, Shape, Next<Axis>, After, Grow<Seen, Label>, Sizes & { readonly [Key in Label]: [Shape[Axis], Operand] }, Ones>
  : [Sizes, Ones];

/** `Seen` grows only for a term with a repeated label; otherwise it stays `false`, for free. */
type Grow<Seen extends string | false, Label extends string> = Seen extends string ? `${Seen}${Label}` : false;

/** Whether a term names a label twice (a diagonal), one walk with the labels seen as a union. */
type HasRepeat<Labels extends string, Seen extends string = never> = Labels extends `${infer Label}${infer Rest}`
  ? Label extends Seen
    ? true
    : HasRepeat<Rest, Seen | Label>
  : false;

type Retake<Sizes extends SizeMap, Label extends string, Value extends Entry> = {
  readonly [Key in keyof Sizes]: Key extends Label ? Value : Sizes[Key];
};

/** The output term's sizes: a literal tuple, '...' spread where it stands; a label met only as 1 is 1. */
export type OutputShape<
  Output extends Term,
  Sizes extends SizeMap,
  Ellipsis extends readonly number[],
  Ones extends string,
  Shape extends readonly number[] = [],
> = Output extends `${infer Label}${infer Rest}`
  ? Label extends keyof Sizes
    ? OutputShape<Rest, Sizes, Ellipsis, Ones, [...Shape, Sizes[Label][0]]>
    : Label extends '.'
      ? OutputShape<Rest, Sizes, Ellipsis, Ones, [...Shape, ...Ellipsis]>
      : OutputShape<Rest, Sizes, Ellipsis, Ones, [...Shape, Ones extends `${string}${Label}${string}` ? 1 : number]>
  : readonly [...Shape];
