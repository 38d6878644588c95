/**
 * The fast path of the analysis: a valid call with literal subscripts is bound in one walk over
 * its labels, without the twin stages' tokens, terms tuple and size-map object. Anything it does
 * not handle — a character that is no label, a diagonal whose sizes differ, a size clash, a rank
 * or count that does not fit, an output label that is missing or twice — returns `Bail`, and the
 * full analysis (analyze.ts: scan -> parse -> validate/infer -> bind) takes over and finds the
 * message. So this path never produces an error, only a result shape the full analysis agrees with
 * (test/type-cost.test.ts compares the two on a seeded corpus).
 *
 * Why it is cheaper: tsc's work grows with every generic piece of every recursion step, and most
 * with each `infer` (a conditional with inferred parts costs several times one without). Here a
 * step is one label; the sizes bound so far live in one string, `|i2|j3|kN|` (label, then its size
 * as text, 'N' for `number`). A new label is told by a match without `infer` and appended; only a
 * label met again reads its size. Objects, intersections and tuples are not taken apart on the way,
 * and a term that does not fit turns the sizes into never, checked once per call, not per step.
 */
import type { Letter, Lower, Upper } from './labels.js';
import type { InAsciiOrder } from './infer.js';
import type { Next } from './text.js';
import type { Broadcast } from './broadcast.js';
import type { Split, SplitOperand } from './split.js';

/** The fast path declined: the full analysis decides. */
export interface Bail {
  readonly __bail: true;
}

export type FastAnalyze<Subscripts extends string, Shapes extends readonly (readonly number[])[]> = IsPlainLiteral<Subscripts> extends true
  ? Subscripts extends `${string}.${string}`
    ? WithoutEllipses<Subscripts> extends `${string}.${string}`
      ? Bail // a '.' that is not part of '...'
      : FastSplit<NoSpaces<Ellipses<Subscripts>>, Shapes, []>
    : FastSplit<NoSpaces<Subscripts>, Shapes, false>
  : Bail;

/** `Ellipsis` is false when the subscripts have no '...' (no term needs splitting), else `[]`, the '...' dimensions so far. */
type FastSplit<Source extends string, Shapes extends readonly (readonly number[])[], Ellipsis extends readonly number[] | false> =
  Source extends `${infer Inputs}->${infer Output}`
    ? FastBound<Inputs, Shapes, Ellipsis> extends [infer Sizes extends string, infer Dims extends readonly number[] | false]
      ? FastOutput<Output, Sizes, Dims, []>
      : Bail
    : FastBound<Source, Shapes, Ellipsis> extends [infer Sizes extends string, infer Dims extends readonly number[] | false]
      ? Sizes extends `|${infer Entries}`
        ? InOrder<Source, Entries, '', Dims extends readonly number[] ? Dims : [], ''> extends infer Result
          ? Result extends readonly number[]
            ? Result
            : Result extends string
              ? FastOutput<`${Dims extends false ? '' : '.'}${InAsciiOrder<Result>}`, Sizes, Dims, []>
              : Bail
          : Bail
        : Bail
      : Bail;

/**
 * Implicit mode's result read straight off the bound sizes when the labels named once come in
 * ASCII order already (the common case: 'ij,jk' gives 'ik'): one walk over the entries, each size
 * read where it is, no sort and no second lookup; '...' dimensions first, as implicit mode puts
 * them. A label out of order ends the walk with the labels named once as text (`Found`, then the
 * rest by Once), for the caller to sort and look up.
 */
type InOrder<Inputs extends string, Entries extends string, Previous extends string, Shape extends readonly number[], Found extends string> =
  Entries extends `${infer Label}${infer Size}|${infer Rest}`
    ? Inputs extends `${string}${Label}${string}${Label}${string}`
      ? InOrder<Inputs, Rest, Previous, Shape, Found> // named more than once: summed over
      : Alphabet extends `${string}${Previous}${string}${Label}${string}`
        ? InOrder<Inputs, Rest, Label, [...Shape, Size extends `${infer Known extends number}` ? Known : number], `${Found}${Label}`>
        : Once<Inputs, Entries, Found>
    : readonly [...Shape];

type Alphabet = `${Upper}${Lower}`;

/**
 * Implicit mode's output labels, before sorting: the bound labels (each once in `Sizes`) that the
 * inputs name only once, found by one template match each instead of a count over the text.
 */
type Once<Inputs extends string, Entries extends string, Found extends string = ''> = Entries extends `${infer Label}${string}|${infer Rest}`
  ? Once<Inputs, Rest, Inputs extends `${string}${Label}${string}${Label}${string}` ? Found : `${Found}${Label}`>
  : Found;

/**
 * The inputs bound: the sizes and the '...' dimensions. Checked here once per call: a term that
 * did not fit made the sizes never (it spreads through the later terms); a size that was a union
 * of literals made them a union, which bails.
 */
type FastBound<Inputs extends string, Shapes extends readonly (readonly number[])[], Ellipsis extends readonly number[] | false> =
  Ellipsis extends readonly number[]
    ? FastInputsEllipsis<Inputs, Shapes, 0, '|', Ellipsis> extends [infer Sizes extends string, infer Dims]
      ? Checked<Sizes, Dims>
      : Bail
    : Checked<FastInputs<Inputs, Shapes, 0, '|'>, false>;

type Checked<Sizes extends string, Dims> = [Sizes] extends [never] ? Bail : IsUnion<Sizes> extends false ? [Sizes, Dims] : Bail;

/**
 * Each term against its operand's shape, in order; the last term closes the operand count. The
 * sizes are threaded through without a check per term: a term that fails makes them never, and
 * never stays never through the later terms (FastBind distributes over it), so one check per
 * call (FastBound) sees it.
 */
type FastInputs<Rest extends string, Shapes extends readonly (readonly number[])[], Operand extends number, Sizes extends string> =
  Rest extends `${infer Labels},${infer After}`
    ? FastInputs<After, Shapes, Next<Operand>, FastTerm<Labels, Shapes[Operand], 0, Sizes, Labels>>
    : Next<Operand> extends Shapes['length']
      ? FastTerm<Rest, Shapes[Operand], 0, Sizes, Rest>
      : never;

/** The same when some term has '...': such a term is split first (split.ts), its '...' dimensions broadcast (broadcast.ts). */
type FastInputsEllipsis<
  Rest extends string,
  Shapes extends readonly (readonly number[])[],
  Operand extends number,
  Sizes extends string,
  Ellipsis extends readonly number[],
> = Rest extends `${infer Labels},${infer After}`
  ? FastOperand<Labels, Shapes[Operand], Sizes, Ellipsis> extends [infer Merged extends string, infer Dims extends readonly number[]]
    ? FastInputsEllipsis<After, Shapes, Next<Operand>, Merged, Dims>
    : Bail
  : Next<Operand> extends Shapes['length']
    ? FastOperand<Rest, Shapes[Operand], Sizes, Ellipsis>
    : Bail;

type FastOperand<Labels extends string, Shape extends readonly number[], Sizes extends string, Ellipsis extends readonly number[]> =
  Labels extends `${infer Before}.${infer After}`
    ? number[] extends Shape
      ? SplitOperand<'', 0, Labels, Shape> extends Split<infer Named, infer Sizes0, infer Dims> // unknown rank: '...' unknown too
        ? [FastTerm<Named, Sizes0, 0, Sizes, Named>, Broadcast<'', 0, Ellipsis, Dims>]
        : Bail
      : Around<Before, After, Shape, []> extends [infer Named extends readonly number[], infer Dims extends readonly number[]]
        ? [FastTerm<`${Before}${After}`, Named, 0, Sizes, `${Before}${After}`>, Widen<Ellipsis, Dims>]
        : Bail
    : [FastTerm<Labels, Shape, 0, Sizes, Labels>, Ellipsis];

/**
 * A term with '...' against a shape: [the sizes of its named labels (those before '...' from the
 * front, those after it from the back), the '...' dimensions]; Bail when the shape is too short
 * (not never: never would pass the caller's `extends [infer Named, infer Dims]`).
 */
type Around<Before extends string, After extends string, Shape extends readonly number[], Front extends readonly number[]> =
  Before extends `${string}${infer More}`
    ? Shape extends readonly [infer Size extends number, ...infer Rest extends readonly number[]]
      ? Around<More, After, Rest, [...Front, Size]>
      : Bail
    : Behind<After, Shape, Front, []>;

type Behind<After extends string, Shape extends readonly number[], Front extends readonly number[], Back extends readonly number[]> =
  After extends `${string}${infer More}`
    ? Shape extends readonly [...infer Init extends readonly number[], infer Size extends number]
      ? Behind<More, Init, Front, [Size, ...Back]>
      : Bail
    : [[...Front, ...Back], Shape];

/** The '...' dimensions so far widened by an operand's: none or the same need no walk (broadcast.ts walks the rest). */
type Widen<Known extends readonly number[], Dims extends readonly number[]> = Known extends readonly []
  ? Dims
  : Dims extends readonly []
    ? Known
    : [Known, Dims] extends [Dims, Known]
      ? Known
      : Broadcast<'', 0, Known, Dims>;

/**
 * One term's labels into the sizes, one label per step (tail-recursive, one conditional of its
 * own per label); never when the term does not fit (FastBind). The rank: every dimension named
 * (a `number[]` shape fits any).
 */
export type FastTerm<Labels extends string, Shape extends readonly number[], Axis extends number, Sizes extends string, Whole extends string> =
  Labels extends `${infer First}${infer Second}${infer After}`
    ? FastTerm<After, Shape, Step2[Axis], FastBind<FastBind<Sizes, First, SizeText<Shape[Axis]>, Whole>, Second, SizeText<Shape[Step[Axis]]>, Whole>, Whole>
    : Labels extends ''
      ? Axis extends Shape['length']
        ? Sizes
        : never
      : Step[Axis] extends Shape['length'] // one label left
        ? FastBind<Sizes, Labels, SizeText<Shape[Axis]>, Whole>
        : never;

/**
 * One label of term `Whole` with size `Size` (as text) into the sizes, by the rule of sizes.ts on
 * the texts: equal keeps, 1 yields to anything, an unknown size yields to a literal, two
 * different literals clash (never). A label named twice in one term (a diagonal) is fine when
 * its sizes are equal; when they differ the full analysis decides (no broadcasting on a diagonal).
 * A character that is no label is never. Distributes over `Sizes`, so never stays never.
 */
type FastBind<Sizes extends string, Label extends string, Size extends string, Whole extends string> = Sizes extends `${string}|${Label}${string}`
  ? FastMerge<Sizes, Label, Size, Whole>
  : Label extends Letter
    ? `${Sizes}${Label}${Size}|`
    : never;

/** A label met again: its size so far read (the only `infer` of the step; a new label needs none). */
type FastMerge<Sizes extends string, Label extends string, Size extends string, Whole extends string> =
  Sizes extends `${string}|${Label}${infer Known}|${string}`
    ? Size extends Known
      ? Sizes
      : Whole extends `${string}${Label}${string}${Label}${string}`
        ? never
        : Size extends '1' | 'N'
          ? Sizes
          : Known extends '1' | 'N'
            ? Retake<Sizes, Label, Size>
            : never
    : never;

/** Axis + 2, for the step that takes two labels. */
type Step2 = [
  2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
  34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,
];

/** A label's size replaced (a 1 or an unknown size met a literal). */
type Retake<Sizes extends string, Label extends string, Size extends string> = Sizes extends `${infer Before}|${Label}${string}|${infer Behind}`
  ? `${Before}|${Label}${Size}|${Behind}`
  : never;

/**
 * Axis + 1 as a tuple lookup (no conditional); a term longer than the table (64 labels, so with
 * diagonals) finds no size and fails the rank check.
 */
type Step = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64,
];

/**
 * A size as text: a literal as written, 'N' for `number`. A missing axis (`undefined`) needs no
 * check here: the term is then longer than the shape's rank, which FastTerm refuses at its end.
 */
type SizeText<Size extends number | undefined> = number extends Size ? 'N' : `${Size}`;

/**
 * The output's sizes, looked up label by label, the number read by the match itself. A label
 * found is taken out of the sizes, so a label named twice is not found the second time; a label
 * not found bails. '.' spreads the '...' dimensions, once (`Ellipsis` becomes false).
 */
export type FastOutput<
  Output extends string,
  Sizes extends string,
  Ellipsis extends readonly number[] | false,
  Shape extends readonly number[],
  Done extends string = '',
> = Output extends `${infer Label}${infer After}`
  ? Done extends `${string}${Label}${string}`
    ? Bail // named twice
    : Sizes extends `${string}|${Label}${infer Size extends number}|${string}`
      ? FastOutput<After, Sizes, Ellipsis, [...Shape, Size], `${Done}${Label}`>
      : Sizes extends `${string}|${Label}N|${string}`
        ? FastOutput<After, Sizes, Ellipsis, [...Shape, number], `${Done}${Label}`>
        : Label extends '.'
          ? Ellipsis extends readonly number[]
            ? FastOutput<After, Sizes, Ellipsis, [...Shape, ...Ellipsis], `${Done}${Label}`>
            : Bail
          : Bail
  : readonly [...Shape];

/** '...' as the one token '.', as the scanner writes it. */
type Ellipses<Text extends string> = Text extends `${infer Before}...${infer After}` ? Ellipses<`${Before}.${After}`> : Text;

/** The subscripts without their '...': a '.' left over is a stray one. */
type WithoutEllipses<Text extends string> = Text extends `${infer Before}...${infer After}` ? WithoutEllipses<`${Before}${After}`> : Text;

/** Spaces are ignored anywhere in the subscripts. */
type NoSpaces<Text extends string> = Text extends `${string} ${string}` ? Spaceless<Text> : Text; // no `infer` when there is none

type Spaceless<Text extends string> = Text extends `${infer Before} ${infer After}` ? Spaceless<`${Before}${After}`> : Text;

/** A single string literal: not `string`, not a union, not a template with holes (its Record has an index signature). */
type IsPlainLiteral<Text extends string> = string extends Text
  ? false
  : IsUnion<Text> extends true
    ? false
    : {} extends Record<Text, 1>
      ? false
      : true;

type IsUnion<Member, Whole = Member> = Member extends unknown ? ([Whole] extends [Member] ? false : true) : never;
