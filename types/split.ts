/**
 * One operand against its term (the rank half of src/bind.ts): pair each named label with its
 * dimension, labels before '...' from the front of the shape and labels after it from the back;
 * what is left in the middle is the operand's '...' dimensions. Running out of dimensions, or
 * having some left over without '...', is the RANK error. A shape whose rank is not known
 * (`readonly number[]`) pairs every label with `number` and leaves '...' unknown.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { Rank } from './messages.js';

/** The pairs [label, size] of one operand, and its '...' dimensions. */
export interface Split<Pairs extends readonly (readonly [string, number])[] = readonly (readonly [string, number])[], Dims extends readonly number[] = readonly number[]> {
  readonly pairs: Pairs;
  readonly dims: Dims;
}

export type SplitOperand<Source extends string, Operand extends number, Labels extends Term, Shape extends readonly number[]> =
  number extends Shape['length']
    ? Split<UnknownPairs<Labels, []>, '...' extends Labels[number] ? readonly number[] : []>
    : Front<Source, Operand, Labels, Shape, Labels, Shape, []>;

type UnknownPairs<Labels extends Term, Pairs extends readonly (readonly [string, number])[]> = Labels extends readonly [
  infer Label extends string,
  ...infer Rest extends Term,
]
  ? UnknownPairs<Rest, Label extends '...' ? Pairs : [...Pairs, [Label, number]]>
  : Pairs;

type Front<
  Source extends string,
  Operand extends number,
  Term0 extends Term,
  Shape0 extends readonly number[],
  Labels extends Term,
  Shape extends readonly number[],
  Pairs extends readonly (readonly [string, number])[],
> = Labels extends readonly [infer Label extends string, ...infer Rest extends Term]
  ? Label extends '...'
    ? Back<Source, Operand, Term0, Shape0, Rest, Shape, Pairs, []>
    : Shape extends readonly [infer Size extends number, ...infer Dims extends readonly number[]]
      ? Front<Source, Operand, Term0, Shape0, Rest, Dims, [...Pairs, [Label, Size]]>
      : Failure<Operand, Rank<Source, Operand, Term0, Shape0>>
  : Shape extends readonly []
    ? Split<Pairs, []>
    : Failure<Operand, Rank<Source, Operand, Term0, Shape0>>;

type Back<
  Source extends string,
  Operand extends number,
  Term0 extends Term,
  Shape0 extends readonly number[],
  Labels extends Term,
  Shape extends readonly number[],
  Pairs extends readonly (readonly [string, number])[],
  BackPairs extends readonly (readonly [string, number])[],
> = Labels extends readonly [...infer Rest extends Term, infer Label extends string]
  ? Shape extends readonly [...infer Dims extends readonly number[], infer Size extends number]
    ? Back<Source, Operand, Term0, Shape0, Rest, Dims, Pairs, [[Label, Size], ...BackPairs]>
    : Failure<Operand, Rank<Source, Operand, Term0, Shape0>>
  : Split<[...Pairs, ...BackPairs], Shape>;
