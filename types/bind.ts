/**
 * The twin of `bind` in src/bind.ts at the type level: terms + operand shapes -> one size per label
 * and the broadcast '...' shape, or the first RANK/SIZE failure, naming its operand. Operands are
 * walked in order and each operand's [label, size] pairs in order, so the first clash reported is
 * the one the runtime reports. Sizes live in an object type { [label]: [size, operand it came from] }.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { DiagonalClash, SizeClash } from './messages.js';
import type { Combine, SameSize } from './sizes.js';
import type { Broadcast } from './broadcast.js';
import type { Split, SplitOperand } from './split.js';
import type { Next } from './text.js';

type Entry = readonly [size: number, operand: number];
type SizeMap = { readonly [label: string]: Entry };
type Pair = readonly [string, number];

export interface Bound<Sizes extends SizeMap = SizeMap, Ellipsis extends readonly number[] = readonly number[]> {
  readonly sizes: Sizes;
  readonly ellipsis: Ellipsis;
}

export type Bind<Source extends string, Inputs extends readonly Term[], Shapes extends readonly (readonly number[])[]> = BindHelper<
  Source,
  Inputs,
  Shapes,
  0,
  {},
  []
>;

type BindHelper<
  Source extends string,
  Inputs extends readonly Term[],
  Shapes extends readonly (readonly number[])[],
  Operand extends number,
  Sizes extends SizeMap,
  Ellipsis extends readonly number[],
> = Inputs extends readonly [infer Labels extends Term, ...infer Rest extends readonly Term[]]
  ? Shapes extends readonly [infer Shape extends readonly number[], ...infer Others extends readonly (readonly number[])[]]
    ? SplitOperand<Source, Operand, Labels, Shape> extends infer Parts
      ? Parts extends Split<infer Pairs, infer Dims>
        ? MergePairs<Source, Operand, Pairs, Sizes, {}> extends infer Merged
          ? Merged extends SizeMap
            ? '...' extends Labels[number]
              ? Broadcast<Source, Operand, Ellipsis, Dims> extends infer Wider
                ? Wider extends readonly number[]
                  ? BindHelper<Source, Rest, Others, Next<Operand>, Merged, Wider>
                  : Wider // a Failure
                : never
              : BindHelper<Source, Rest, Others, Next<Operand>, Merged, Ellipsis>
            : Merged // a Failure
          : never
        : Parts // a Failure
      : never
    : Bound<Sizes, Ellipsis>
  : Bound<Sizes, Ellipsis>;

/** One operand's pairs into the size map; `Own` holds this operand's sizes, for diagonals. */
type MergePairs<
  Source extends string,
  Operand extends number,
  Pairs extends readonly Pair[],
  Sizes extends SizeMap,
  Own extends { readonly [label: string]: number },
> = Pairs extends readonly [readonly [infer Label extends string, infer Size extends number], ...infer Rest extends readonly Pair[]]
  ? Label extends keyof Own
    ? SameSize<Own[Label], Size> extends true
      ? MergeSize<Source, Operand, Label, Size, Rest, Sizes, Own>
      : Failure<Operand, DiagonalClash<Source, Label, Operand, Own[Label], Size>>
    : MergeSize<Source, Operand, Label, Size, Rest, Sizes, Own & { readonly [Key in Label]: Size }>
  : Sizes;

type MergeSize<
  Source extends string,
  Operand extends number,
  Label extends string,
  Size extends number,
  Rest extends readonly Pair[],
  Sizes extends SizeMap,
  Own extends { readonly [label: string]: number },
> = Label extends keyof Sizes
  ? Combine<Sizes[Label][0], Size> extends infer Rule
    ? Rule extends 'keep'
      ? MergePairs<Source, Operand, Rest, Sizes, Own>
      : Rule extends 'take'
        ? MergePairs<Source, Operand, Rest, { readonly [Key in keyof Sizes]: Key extends Label ? [Size, Operand] : Sizes[Key] }, Own>
        : Failure<Operand, SizeClash<Source, Label, Sizes[Label][1], Sizes[Label][0], Operand, Size>>
    : never
  : MergePairs<Source, Operand, Rest, Sizes & { readonly [Key in Label]: [Size, Operand] }, Own>;

/** The output term's sizes: a literal tuple, '...' spread where it stands. */
export type OutputShape<Output extends Term, Sizes extends SizeMap, Ellipsis extends readonly number[], Shape extends readonly number[] = []> =
  Output extends readonly [infer Label extends string, ...infer Rest extends Term]
    ? OutputShape<Rest, Sizes, Ellipsis, Label extends '...' ? [...Shape, ...Ellipsis] : [...Shape, Label extends keyof Sizes ? Sizes[Label][0] : number]>
    : readonly [...Shape];
