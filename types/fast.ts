/**
 * The fast path of the analysis: a valid call with literal subscripts is bound in one walk over
 * its labels, without the twin stages' tokens, terms tuple and size-map object. Anything it does
 * not handle — a character that is no label, '...', a repeated label in a term, a size clash, a
 * rank or count that does not fit, an output label that is missing or twice — returns `Bail`, and
 * the full analysis (analyze.ts: scan -> parse -> validate/infer -> bind) takes over and finds the
 * message. So this path never produces an error, only a result shape the full analysis agrees with
 * (test/type-cost.test.ts compares the two on a seeded corpus).
 *
 * Why it is cheaper: tsc counts an instantiation for every generic piece of every recursion step.
 * Here a step is one label, with few type parameters; the sizes bound so far live in one string,
 * `|i2|j3|kN|` (label, then its size as text, 'N' for `number`), searched with one template match
 * per label. Objects, intersections and tuples are not taken apart on the way.
 */
import type { Letter } from './labels.js';
import type { InferOutput } from './infer.js';
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
      ? FastOutput<InferOutput<Source>, Sizes, Dims, []>
      : Bail;

/**
 * The inputs bound: the sizes and the '...' dimensions; a size that was a union of literals makes
 * `Sizes` a union, which bails. A missing dimension makes it never (it spreads through the later
 * terms), checked here once per call.
 */
type FastBound<Inputs extends string, Shapes extends readonly (readonly number[])[], Ellipsis extends readonly number[] | false> =
  (Ellipsis extends readonly number[] ? FastInputsEllipsis<Inputs, Shapes, 0, '|', Ellipsis> : [FastInputs<Inputs, Shapes, 0, '|'>, false]) extends [
    infer Sizes extends string,
    infer Dims,
  ]
    ? [Sizes] extends [never]
      ? Bail // a term named more labels than its shape has dimensions: FastTerm read a size that is not there
      : IsUnion<Sizes> extends false
        ? [Sizes, Dims]
        : Bail
    : Bail;

/** Each term against its operand's shape, in order; the last term closes the operand count. */
type FastInputs<Rest extends string, Shapes extends readonly (readonly number[])[], Operand extends number, Sizes extends string> =
  Rest extends `${infer Labels},${infer After}`
    ? FastTerm<Labels, Shapes[Operand], 0, Sizes, ''> extends infer Merged extends string
      ? FastInputs<After, Shapes, Next<Operand>, Merged>
      : Bail
    : Next<Operand> extends Shapes['length']
      ? FastTerm<Rest, Shapes[Operand], 0, Sizes, ''>
      : Bail;

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
  Labels extends `${string}.${string}`
    ? SplitOperand<'', 0, Labels, Shape> extends Split<infer Named, infer Sizes0, infer Dims>
      ? Broadcast<'', 0, Ellipsis, Dims> extends infer Wider extends readonly number[]
        ? [FastTerm<Named, Sizes0, 0, Sizes, ''>, Wider]
        : Bail
      : Bail
    : [FastTerm<Labels, Shape, 0, Sizes, ''>, Ellipsis];

/**
 * One term's labels into the sizes, one label per step. `Seen` holds the term's labels so far: a
 * label met twice in one term is a diagonal, left to the full analysis. A label met in an earlier
 * operand combines by the rule of sizes.ts on the texts: equal keeps, 1 yields to anything, an
 * unknown size yields to a literal, two different literals clash.
 */
export type FastTerm<Labels extends string, Shape extends readonly number[], Axis extends number, Sizes extends string, Seen extends string> =
  Labels extends `${infer Label}${infer After}`
    ? Sizes extends `${string}|${Label}${infer Known}|${string}`
      ? Seen extends `${string}${Label}${string}`
        ? Bail
        : SizeText<Shape[Axis]> extends infer Size extends string
          ? Size extends Known | '1'
            ? FastTerm<After, Shape, Step[Axis], Sizes, `${Seen}${Label}`>
            : Known extends '1' | 'N'
              ? FastTerm<After, Shape, Step[Axis], Retake<Sizes, Label, Size>, `${Seen}${Label}`>
              : Size extends 'N'
                ? FastTerm<After, Shape, Step[Axis], Sizes, `${Seen}${Label}`>
                : Bail
          : Bail
      : Label extends Letter
        ? FastTerm<After, Shape, Step[Axis], `${Sizes}${Label}${SizeText<Shape[Axis]>}|`, `${Seen}${Label}`>
        : Bail
    : Axis extends Shape['length'] // the rank: every dimension named (a `number[]` shape fits any)
      ? Sizes
      : Bail;

/** A label's size replaced (a 1 or an unknown size met a literal). */
type Retake<Sizes extends string, Label extends string, Size extends string> = Sizes extends `${infer Before}|${Label}${string}|${infer Behind}`
  ? `${Before}|${Label}${Size}|${Behind}`
  : never;

/**
 * Axis + 1 as a tuple lookup (no conditional): the fast path never walks more than 52 axes of a
 * term (a label named twice bails), so the table ends there.
 */
type Step = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64,
];

/** A size as text: a literal as written, 'N' for `number`; anything else (a union, a missing axis) is no text. */
type SizeText<Size> = number extends Size ? 'N' : Size extends number ? `${Size}` : never;

/**
 * The output's sizes, looked up label by label. A label found is taken out of the sizes, so a
 * label named twice is not found the second time; a label not found bails. '.' spreads the
 * '...' dimensions, once (`Ellipsis` becomes false).
 */
export type FastOutput<Output extends string, Sizes extends string, Ellipsis extends readonly number[] | false, Shape extends readonly number[]> =
  Output extends `${infer Label}${infer After}`
    ? Sizes extends `${infer Before}|${Label}${infer Known}|${infer Behind}`
      ? FastOutput<After, `${Before}|${Behind}`, Ellipsis, [...Shape, Known extends `${infer Size extends number}` ? Size : number]>
      : Label extends '.'
        ? Ellipsis extends readonly number[]
          ? FastOutput<After, Sizes, false, [...Shape, ...Ellipsis]>
          : Bail
        : Bail
    : readonly [...Shape];

/** '...' as the one token '.', as the scanner writes it. */
type Ellipses<Text extends string> = Text extends `${infer Before}...${infer After}` ? Ellipses<`${Before}.${After}`> : Text;

/** The subscripts without their '...': a '.' left over is a stray one. */
type WithoutEllipses<Text extends string> = Text extends `${infer Before}...${infer After}` ? WithoutEllipses<`${Before}${After}`> : Text;

/** Spaces are ignored anywhere in the subscripts. */
type NoSpaces<Text extends string> = Text extends `${infer Before} ${infer After}` ? NoSpaces<`${Before}${After}`> : Text;

/** A single string literal: not `string`, not a union, not a template with holes (its Record has an index signature). */
type IsPlainLiteral<Text extends string> = string extends Text
  ? false
  : IsUnion<Text> extends true
    ? false
    : {} extends Record<Text, 1>
      ? false
      : true;

type IsUnion<Member, Whole = Member> = Member extends unknown ? ([Whole] extends [Member] ? false : true) : never;
