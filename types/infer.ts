/**
 * Stage 4, the twin of `inferOutput` in src/parse.ts: the implicit output is every label that
 * appears exactly once across the inputs, in ASCII order (uppercase first), after '...' when any
 * input has one. One pass counts (labels seen once / more than once, as unions), a second walks
 * the alphabet to put the survivors in order.
 */
import type { Alphabet, Term } from './labels.js';

export type InferOutput<Inputs extends readonly Term[]> = CountHelper<Inputs, never, never> extends [
  infer Once extends string,
  infer Twice extends string,
]
  ? '...' extends Inputs[number][number]
    ? ['...', ...InOrder<Exclude<Once, Twice | '...'>>]
    : InOrder<Exclude<Once, Twice>>
  : never; // unreachable: CountHelper always returns a pair

type CountHelper<Inputs extends readonly Term[], Once extends string, Twice extends string> = Inputs extends readonly [
  infer First extends Term,
  ...infer Rest extends readonly Term[],
]
  ? CountTerm<First, Rest, Once, Twice>
  : [Once, Twice];

type CountTerm<Labels extends Term, Inputs extends readonly Term[], Once extends string, Twice extends string> =
  Labels extends readonly [infer Label extends string, ...infer Rest extends Term]
    ? Label extends Once
      ? CountTerm<Rest, Inputs, Once, Twice | Label>
      : CountTerm<Rest, Inputs, Once | Label, Twice>
    : CountHelper<Inputs, Once, Twice>;

/** The labels of a union in ASCII order. Few labels (the usual case) stop the walk early. */
type InOrder<Labels extends string, Letters extends readonly string[] = Alphabet, Ordered extends Term = []> = [
  Labels,
] extends [never]
  ? Ordered
  : Letters extends readonly [infer Letter extends string, ...infer Rest extends readonly string[]]
    ? Letter extends Labels
      ? InOrder<Exclude<Labels, Letter>, Rest, [...Ordered, Letter]>
      : InOrder<Labels, Rest, Ordered>
    : Ordered;
